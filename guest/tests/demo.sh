# SPDX-License-Identifier: GPL-2.0
# The demo: save data in PRAM, kexec, find it again. Tells the story on
# ttyS1 as "# demo:" lines, which scripts/demo.sh prints.

. /lib/pram.sh

say_demo() {
	echo "# demo: $*" >&3
}

uptime_s() {
	cut -d' ' -f1 /proc/uptime
}

# The time test_pram took for its last command, from the kernel log.
last_us() {
	dmesg | grep -o 'ok in [0-9]* us' | tail -n 1 | grep -o '[0-9]*'
}

DEMO_NODES="notes:byte:11:$((3 << 20)),dataset:page:12:$((96 << 20))"

run_stage() {
	case "$1" in
	1)
		ktap_plan 3
		say_demo "kernel 1: $(uname -r), up $(uptime_s) s, $(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo) MiB of RAM"
		say_demo "memory this kernel reserved while booting is banned from holding preserved data:"
		dmesg | grep -E 'PRAM: ( *[0-9]+:|Total)' | sed 's/^\[[^]]*\] /    /' |
			while read -r l; do say_demo "    $l"; done
		say_demo "saving two nodes: 3 MiB of bytes, and 96 MiB of pages by reference"
		for_each_node "$DEMO_NODES" tp_check save
		say_demo "    'notes' saved in $(dmesg | grep "save 'notes'" | grep -o '[0-9]* us'), 'dataset' in $(last_us) us"
		ktap_check "/sys/kernel/pram names the super block" test -s /sys/kernel/pram
		say_demo "kexec -s -l /kernel --append=\"... pram=$(cat /sys/kernel/pram) nokaslr\"; kexec -e   (at uptime $(uptime_s) s)"
		kexec_stage 2 "pram=$(cat /sys/kernel/pram) nokaslr"
		;;
	2)
		ktap_plan 3
		say_demo "kernel 2: up $(uptime_s) s after kexec -e handed over"
		dmesg | grep -E 'PRAM: (examining|super block|[0-9]+ pages reserved|restored)' |
			sed 's/^\[[^]]*\] /    /' | while read -r l; do say_demo "    $l"; done
		for_each_node "$DEMO_NODES" tp_check verify
		say_demo "every byte of both nodes is identical; 'dataset' loaded and checked in $(last_us) us"
		check_reserved
		;;
	esac
}
