# SPDX-License-Identifier: GPL-2.0
# A pram= from an earlier boot names a hand-over that was consumed: the
# kernel that took it over marks its super block taken, and a kernel
# booted with that stale pram= must refuse it by name, reserve nothing,
# say which hand-over was current and what it lost, and never bring the
# old trees back. Stage 1 saves tree a and kexecs with its pram=; stage 2
# restores a, saves b, and kexecs with stage 1's pram= again, as a loader
# that keeps an old command line does (with kexec_load: kexec_file_load
# would put the current pram= in its place); stage 3 must find neither
# tree.
#
# vm: about a stale pram= (a hand-over already taken over) is refused by name, reserves nothing, and restores nothing old
# vm: order 92
# vm: stages 3
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0
# vm: expect-console PRAM: handing over 2 nodes \([0-9]+ MiB\) to a kernel loaded with kexec_load: they are lost unless its command line carries pram=[0-9a-f]+

. /lib/pram.sh

run_stage() {
	local old cur
	case "$1" in
	1)
		ktap_plan 2
		save_random_tree a 4
		old=$(cat /sys/kernel/pram)
		kexec_stage 2 "pram=$old" "harness.stale=$old"
		;;
	2)
		ktap_plan 5
		old=$(cmdline_value harness.stale)
		mkdir -p /a
		ktap_check "mount pram=a restores a" mount -t tmpfs -o pram=a none /a
		ktap_check "and its data" test "$(stat -c %s /a/data)" = 4194304
		save_random_tree b 8
		cur=$(cat /sys/kernel/pram)
		ktap_check "this kernel's super block ($cur) is not the one it took over ($old)" \
			test "$cur" != "$old"
		kexec_load_stage 3 "pram=$old" "harness.cur=$cur"
		;;
	3)
		ktap_plan 7
		old=$(cmdline_value harness.stale)
		cur=$(cmdline_value harness.cur)
		ktap_check "pram=$old is refused as stale, naming the boot that took it over" \
			dmesg_has "PRAM: pram=$old is stale: that hand-over, of generation 1, was taken over by the boot of generation 2"
		ktap_check "the current hand-over, pram=$cur, is named with what it lost" \
			dmesg_has "PRAM: the hand-over of that boot, pram=$cur, was not passed: its 2 nodes ([0-9]* MiB) are lost; nothing reserved"
		ktap_check "nothing is reserved" sh -c '! dmesg | grep -q "PRAM: .* pages reserved"'
		ktap_check "nothing of the old hand-over is listed" sh -c '! dmesg | grep -q "PRAM: super block lists"'
		mkdir -p /a /b
		mount -t tmpfs -o pram=a none /a
		ktap_check "a does not come back from the consumed hand-over" test ! -e /a/data
		mount -t tmpfs -o pram=b none /b
		ktap_check "b, not passed, is not there either" test ! -e /b/data
		ktap_check "and the mounts say so" sh -c \
			'[ "$(dmesg | grep -c "nothing saved under this name")" = 2 ]'
		;;
	esac
}
