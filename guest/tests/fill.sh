# SPDX-License-Identifier: GPL-2.0
# The kexec-segment hazard: preserved data fills the top of free memory,
# where kexec_file_load() places the next kernel's segments, and most of
# the rest. The host checks that pages were moved out of the segments;
# this checks that every byte arrived.
# nokaslr: 'top' must lie at the top of ZONE_MOVABLE, where the segments
# go. A first kernel that KASLR put there (pfn 0x1dc00-0x1ea0f in 1 full
# run) leaves the segments over its own old image, with nothing to move.
#
# vm: about data at the top of memory, where kexec puts the next kernel, is moved and arrives intact
# vm: order 40
# vm: stages 2
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0 --append movablecore=96M
# vm: qemu --append nokaslr
# vm: expect-console PRAM: moved [0-9]+ pages out of the next kernel's way

. /lib/pram.sh

# Page-aligned bytes of free memory, leaving HEADROOM MiB.
free_bytes() {
	awk -v h="$1" '/^MemAvailable:/ { printf "%d\n", int(($2 - h * 1024) / 4) * 4096 }' /proc/meminfo
}

# Bytes for the 'top' node: 64 MiB, or what ZONE_MOVABLE has free less
# 2 MiB, in whole MiB. The initramfs and the page cache take a varying
# share of the 96 MiB zone, and a larger movablecore= leaves kexec -s -l
# too little memory below it.
top_bytes() {
	awk '$1 == "Node" { zone = $4 }
	     zone == "Movable" && $1 == "pages" && $2 == "free" {
		mib = int($3 / 256) - 2
		print (mib < 64 ? mib : 64) * 1048576; exit }' /proc/zoneinfo
}

run_stage() {
	case "$1" in
	1)
		local bytes top
		ktap_plan 3
		tp_check save small byte 7 $((1 << 20))
		top=$(top_bytes)
		if [ "${top:-0}" -lt $((32 << 20)) ]; then
			ktap_fail "ZONE_MOVABLE has less than 34 MiB free"
			grep -A 3 'zone *Movable' /proc/zoneinfo | sed 's/^/# /' >&3
			harness_end
		fi
		tp_check save top page 9 "$top" top
		# The next kernel, its initramfs (packed into /tmp: as large as
		# this one), kexec's copy of both and the pages moved out of the
		# segments need room too.
		bytes=$(free_bytes $((48 + 2 * $(du -s -x -m / | cut -f1))))
		tp_check save fill page 8 "$bytes"
		kexec_stage 2 "pram=$(cat /sys/kernel/pram) harness.top=$top harness.fill=$bytes"
		;;
	2)
		ktap_plan 4
		check_reserved
		tp_check verify small byte 7 $((1 << 20))
		tp_check verify top page 9 "$(cmdline_value harness.top)" top
		tp_check verify fill page 8 "$(cmdline_value harness.fill)"
		;;
	esac
}
