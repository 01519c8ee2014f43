# SPDX-License-Identifier: GPL-2.0
# Fail per node: the next kernel boots with a memmap= that takes 1 MiB in
# the middle of one node's data away from RAM, as a different firmware map
# or a new reservation would. Only that node is dropped, by name; the
# others are restored and read back byte for byte. The drop must be the
# hole's: 256 pages of order-0 'top' in 1 MiB. A node that lists one
# page twice, as a buggy user could make it, is left out of the hand-over
# alone.
#
# vm: about a next kernel without 1 MiB of one node's memory drops that node alone, by name
# vm: order 75
# vm: stages 2
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0 --append movablecore=128M
# vm: expect-console PRAM: node 'top' dropped: 256 of its [0-9]+ pages are in use or not RAM in this kernel
# vm: expect-console PRAM: node 'dup' not handed over: a page of it is preserved twice

. /lib/pram.sh

TOP_SIZE=$((64 << 20))

# 1 MiB inside the 64 MiB "top" takes from the top of a 512 MiB machine,
# below where kexec_file_load() puts the next kernel and its initrd, and
# away from where KASLR put this kernel, which "top" cannot take.
collide_hole() {
	local hole start end
	start=$((0x$(sed -n 's/^ *\([0-9a-f]*\)-.* : Kernel code$/\1/p' /proc/iomem)))
	end=$((0x$(sed -n 's/^ *[0-9a-f]*-\([0-9a-f]*\) : Kernel bss$/\1/p' /proc/iomem)))
	for hole in 0x1d000000 0x1c400000; do
		if [ $((hole + (1 << 20))) -le "$start" ] || [ $((hole)) -ge "$end" ]; then
			echo "$hole"
			return
		fi
	done
}

run_stage() {
	case "$1" in
	1)
		local hole
		hole=$(collide_hole)
		ktap_plan 4
		if [ -z "$hole" ]; then
			ktap_fail "a hole clear of this kernel's image: $(grep Kernel /proc/iomem | tr '\n' ' ')"
			return
		fi
		diag "the next kernel loses [mem $hole+1M]"
		tp_check save top page 21 $TOP_SIZE top
		tp_check save keep byte 22 $((3 << 20))
		tp_check save keep2 page 23 $((8 << 20))
		tp_check save dup page 24 $((1 << 20)) twice
		kexec_stage 2 "pram=$(cat /sys/kernel/pram)" "memmap=1M\$$hole" \
			"harness.hole=$hole"
		;;
	2)
		local hole
		hole=$(printf '%x' "$(cmdline_value harness.hole)")
		ktap_plan 7
		ktap_check "the hole is reserved, not RAM, in this kernel" \
			grep -q "^ *$hole-$(printf '%x' $((0x$hole + (1 << 20) - 1))) : Reserved" /proc/iomem
		ktap_check "only the node in the hole was dropped" \
			dmesg_has "PRAM: restored 2 nodes, 1 dropped or lost"
		ktap_check "the other nodes were not touched" \
			sh -c "! dmesg | grep -E \"node '(keep|keep2)'\""
		tp_check verify keep byte 22 $((3 << 20))
		tp_check verify keep2 page 23 $((8 << 20))
		ktap_check "the dropped node cannot be loaded" tp_fails "No such file" \
			verify top page 21 $TOP_SIZE top
		ktap_check "the node with a page saved twice was not handed over" \
			tp_fails "No such file" verify dup page 24 $((1 << 20))
		;;
	esac
}
