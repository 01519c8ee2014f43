# SPDX-License-Identifier: GPL-2.0
# A next kernel with less memory: booted with mem= below ZONE_MOVABLE,
# where 'top' keeps its data, and with a memmap= that takes the page of
# the super block away from its RAM. mem= and memmap= change what the
# kernel uses, not what the previous kernel preserved: the hand-over is
# still read (the super block from RAM this kernel does not use), 'small',
# whose pages lie below mem=, comes back byte for byte, and 'top' alone is
# dropped, named with the reason, and what it held below mem= is given
# back. Before, a metadata page outside this kernel's RAM refused the
# whole hand-over. KASLR stays on.
#
# vm: about a next kernel with mem= and a memmap= over the super block restores what fits, drops the rest by name
# vm: order 76
# vm: stages 2
# vm: qemu --mem 1G --smp 2 --timeout 300 --append kunit.enable=0 --append movablecore=256M
# vm: expect-console PRAM: node 'top' dropped: [0-9]+ of its [0-9]+ pages \([0-9]+ MiB\) are not RAM in this kernel \(mem=, memmap= or another memory map\)
# vm: reject-console PRAM: booting with PRAM empty

. /lib/pram.sh

# top_above PFN: 'top' keeps pages at or above PFN (test_pram's "where").
top_above() {
	where_runs | awk -v s="$1" '$2 >= s { n++ } END { exit !n }'
}

# movable_start_pfn: the first pfn of ZONE_MOVABLE.
movable_start_pfn() {
	awk '$1 == "Node" { zone = $4 }
	     zone == "Movable" && $1 == "start_pfn:" { print $2; exit }' /proc/zoneinfo
}

run_stage() {
	case "$1" in
	1)
		local top start mem sb
		top=$(top_bytes 128)
		start=$(movable_start_pfn)
		if [ "${top:-0}" -lt $((32 << 20)) ] || [ -z "$start" ]; then
			relayout "ZONE_MOVABLE has less than 34 MiB free for 'top': $(grep -A 1 'zone *Movable' /proc/zoneinfo | tr -s ' \n' ' ')"
		fi
		ktap_plan 4
		tp_check save small byte 41 $((4 << 20))
		tp_check save top page 42 "$top" top
		# Everything of 'top' lies in ZONE_MOVABLE, and nothing else
		# does: PRAM's metadata and the byte stream's pages are not
		# movable. mem= ends where the zone starts.
		mem=$((start >> 8))
		sb=$(cat /sys/kernel/pram)
		ktap_check "the super block lies below mem=${mem}M" [ $((0x$sb)) -lt "$start" ]
		ktap_check "'top' keeps pages above mem=${mem}M" top_above "$start"
		kexec_stage 2 "mem=${mem}M" "memmap=4K\$0x${sb}000" "harness.mem=$mem" \
			"harness.top=$top"
		;;
	2)
		local mem top total given
		mem=$(cmdline_value harness.mem)
		top=$(cmdline_value harness.top)
		ktap_plan 7
		total=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)
		ktap_check "this kernel has at most mem=${mem}M (MemTotal ${total} MiB)" \
			[ "$total" -le "$mem" ]
		ktap_check "the hand-over is read, the super block outside this kernel's RAM" \
			dmesg_has "PRAM: super block lists 2 nodes"
		tp_check verify small byte 41 $((4 << 20))
		ktap_check "'top' cannot be loaded" \
			tp_fails "No such file" verify top page 42 "$top" top
		ktap_check "the summary counts 'top'" \
			dmesg_has "PRAM: restored 1 nodes, 1 dropped or lost"
		given=$(dmesg | sed -n 's/.*PRAM: 1 nodes dropped, 0 lost; gave back \([0-9]*\) pages.*/\1/p')
		diag "given back: ${given:-none}"
		ktap_check "what 'top' held below mem= is given back" [ "${given:-0}" -ge 1 ]
		ktap_check "PRAM is not left empty" sh -c '! dmesg | grep -q "inconsistent"'
		;;
	esac
}
