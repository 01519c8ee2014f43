# SPDX-License-Identifier: GPL-2.0
# Fail per node: the next kernel boots with a memmap= that takes 1 MiB in
# the middle of one node's data away from RAM, as a different firmware map
# or a new reservation would. Only that node is dropped, by name; the
# others are restored and read back byte for byte. The drop must be the
# hole's: 256 pages of order-0 'top' in 1 MiB. A node that lists one
# page twice, as a buggy user could make it, is left out of the hand-over
# alone.
# The hole is computed, not assumed: 1 MiB that 'top' still holds when
# the next kernel starts. test_pram's "where" file gives the pages PRAM
# kept in place ('top' pages in a banned region, such as this kernel's
# image, are copied elsewhere at save), and the next kernel's segments,
# which /bin/kexecfile has the kernel log, are left out: PRAM moves what
# lies there at kexec. The next kernel is loaded once to see where its
# segments go, then with the hole on a command line of the same length,
# so in the same places, checked again. KASLR stays on.
#
# vm: about a next kernel without 1 MiB of one node's memory drops that node alone, by name
# vm: order 75
# vm: stages 2
# vm: qemu --mem 512M --smp 2 --timeout 300 --append kunit.enable=0 --append movablecore=128M
# vm: expect-console PRAM: node 'top' dropped: 256 of its [0-9]+ pages \([0-9]+ MiB\) are not RAM in this kernel
# vm: expect-console PRAM: node 'dup' not handed over: a page of it is preserved twice

. /lib/pram.sh

# collide_hole: the first pfn of the highest 1 MiB-aligned MiB of 'top'
# that test_pram's "where" lists as kept in place and no segment of the
# loaded kernel (/tmp/segments) meets; nothing if there is none.
collide_hole() {
	[ "$(sed -n 's/^# \([^ ]*\) .*/\1/p' "$TP_WHERE")" = top ] || return 0
	where_runs > /tmp/top.runs
	awk 'BEGIN { n = 0 }
	     FILENAME == "/tmp/segments" { first[n] = $1; last[n++] = $2; next }
	     {
		for (b = int(($2 + 1) / 256) * 256 - 256; b >= $1; b -= 256) {
			clear = 1
			for (i = 0; i < n; i++)
				if (first[i] <= b + 255 && b <= last[i])
					clear = 0
			if (clear && b > best)
				best = b
		}
	     }
	     END { if (best) print best }' /tmp/segments /tmp/top.runs
}

# clear_of_segments PFN: no segment of the loaded kernel meets the MiB at PFN.
clear_of_segments() {
	awk -v a="$1" '$1 <= a + 255 && a + 0 <= $2 { bad = 1 } END { exit bad }' /tmp/segments
}

run_stage() {
	case "$1" in
	1)
		local top hole addr
		top=$(top_bytes)
		if [ "${top:-0}" -lt $((32 << 20)) ]; then
			relayout "ZONE_MOVABLE has less than 34 MiB free for 'top': $(grep -A 1 'zone *Movable' /proc/zoneinfo | tr -s ' \n' ' ')"
		fi
		# Where the segments go, with a command line as long as the
		# final one: the hole's address has a fixed width.
		if ! load_logged 2 "pram=$(cat /sys/kernel/pram)" "memmap=1M\$0x00000000" \
			harness.hole=0x00000000; then
			ktap_plan 1
			ktap_fail "the next kernel is loaded: $(cat /tmp/load.err)"
			harness_end
		fi
		ktap_plan 5
		tp_check save top page 21 "$top" top
		tp_check save keep byte 22 $((3 << 20))
		tp_check save keep2 page 23 $((8 << 20))
		tp_check save dup page 24 $((1 << 20)) twice
		hole=$(collide_hole)
		if [ -z "$hole" ]; then
			ktap_fail "a MiB of 'top' ($(head -n 1 "$TP_WHERE"), $(wc -l < /tmp/top.runs) runs) outside the next kernel's segments ($(ranges_text /tmp/segments))"
			harness_end
		fi
		addr=$(printf '0x%08x' $((hole << 12)))
		if ! load_logged 2 "pram=$(cat /sys/kernel/pram)" "memmap=1M\$$addr" \
			"harness.hole=$addr"; then
			ktap_fail "the next kernel is loaded: $(cat /tmp/load.err)"
			harness_end
		fi
		diag "the next kernel's segments: $(ranges_text /tmp/segments)"
		ktap_check "the hole, mem $addr+1M, lies in 'top' and the next kernel's segments stay clear of it" \
			clear_of_segments "$hole"
		exec_stage 2
		;;
	2)
		local hole
		hole=$(printf '%08x' "$(cmdline_value harness.hole)")
		ktap_plan 8
		ktap_check "the hole is reserved, not RAM, in this kernel" \
			grep -q "^ *$hole-$(printf '%08x' $((0x$hole + (1 << 20) - 1))) : Reserved" /proc/iomem
		if dmesg_has "PRAM: restored 2 nodes, 1 dropped or lost"; then
			ktap_ok "only the node in the hole was dropped"
		else
			ktap_fail "only the node in the hole was dropped"
			dmesg | grep -a -E "PRAM: (node|restored)" | sed 's/^/# /' >&3
		fi
		# The hole held 'top' alone, whole: it drops 256 pages.
		ktap_check "'top' was dropped for the 256 pages of the hole" \
			dmesg_has "PRAM: node 'top' dropped: 256 of its"
		ktap_check "the other nodes were not touched" \
			sh -c "! dmesg | grep -E \"node '(keep|keep2)'\""
		tp_check verify keep byte 22 $((3 << 20))
		tp_check verify keep2 page 23 $((8 << 20))
		ktap_check "the dropped node cannot be loaded" tp_fails "No such file" \
			verify top page 21 $((64 << 20)) top
		ktap_check "the node with a page saved twice was not handed over" \
			tp_fails "No such file" verify dup page 24 $((1 << 20))
		;;
	esac
}
