# SPDX-License-Identifier: GPL-2.0
# The kexec-segment hazard: preserved data fills the top of free memory,
# where kexec_file_load() places the next kernel's segments, and most of
# the rest. The host checks that pages were moved out of the segments;
# this checks that every byte arrived.
# KASLR stays on. The next kernel is loaded first (/bin/kexecfile logs
# where its segments go), and once 'top' is saved, test_pram's "where"
# says which of its pages PRAM keeps in place: some must lie in the
# segments. A first kernel whose image or early reservations fill the
# segments (KASLR put one at pfn 0x1dc00-0x1ea0f in 1 full run) leaves
# 'top' none there, since PRAM copies pages out of banned regions: then
# the host boots the test again, up to three boots.
#
# vm: about data at the top of memory, where kexec puts the next kernel, is moved and arrives intact
# vm: order 40
# vm: stages 2
# vm: qemu --mem 512M --smp 2 --timeout 300 --append kunit.enable=0 --append movablecore=96M
# vm: expect-console PRAM: moved [0-9]+ pages out of the next kernel's way

. /lib/pram.sh

# Page-aligned bytes of free memory, leaving HEADROOM MiB.
free_bytes() {
	awk -v h="$1" '/^MemAvailable:/ { printf "%d\n", int(($2 - h * 1024) / 4) * 4096 }' /proc/meminfo
}

run_stage() {
	case "$1" in
	1)
		local bytes top room
		# Both sizes first: the next kernel's command line holds them.
		# 'top': 64 MiB, or what ZONE_MOVABLE has free less 2 MiB. The
		# initramfs and the page cache take a varying share of the
		# 96 MiB zone, and a larger movablecore= leaves kexec -s -l too
		# little memory below it.
		top=$(top_bytes)
		if [ "${top:-0}" -lt $((32 << 20)) ]; then
			relayout "ZONE_MOVABLE has less than 34 MiB free: $(grep -A 1 'zone *Movable' /proc/zoneinfo | tr -s ' \n' ' ')"
		fi
		# 'fill': the rest but for 'small', 'top', the next kernel and
		# an initramfs as large as this one (packed into /tmp, then
		# kexec's copy of both), and the pages moved out of the
		# segments.
		bytes=$(free_bytes $((48 + 2 * $(du -s -x -m / | cut -f1) + (top >> 20) + 1)))
		if ! load_logged 2 "pram=$(cat /sys/kernel/pram)" "harness.top=$top" \
			"harness.fill=$bytes"; then
			ktap_plan 1
			ktap_fail "the next kernel is loaded: $(cat /tmp/load.err)"
			harness_end
		fi
		ktap_plan 4
		tp_check save small byte 7 $((1 << 20))
		tp_check save top page 9 "$top" top
		room=$(kept_in_segments)
		if [ "$room" = 0 ]; then
			relayout "no page 'top' keeps in place ($(head -n 1 "$TP_WHERE")) lies in the next kernel's segments ($(ranges_text /tmp/segments)); this kernel's image: $(grep 'Kernel code' /proc/iomem | tr -s ' ')"
		fi
		ktap_ok "the next kernel's segments ($(ranges_text /tmp/segments)) cover $room pages 'top' keeps in place"
		tp_check save fill page 8 "$bytes"
		exec_stage 2
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
