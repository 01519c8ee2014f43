# SPDX-License-Identifier: GPL-2.0
# Fail per node: the next kernel boots with a memmap= that takes 1 MiB in
# the middle of one node's data away from RAM, as a different firmware map
# or a new reservation would. Only that node is dropped, by name; the
# others are restored and read back byte for byte.
#
# vm: order 75
# vm: stages 2
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0 --append movablecore=96M
# vm: expect-console PRAM: node 'top' dropped: [0-9]+ of its [0-9]+ pages lie in memory this kernel uses

. /lib/pram.sh

TOP_SIZE=$((64 << 20))
# 1 MiB inside the 64 MiB "top" takes from the top of a 512 MiB machine,
# below where kexec_file_load() puts the next kernel and its initrd.
HOLE=0x1d000000

run_stage() {
	case "$1" in
	1)
		ktap_plan 3
		tp_check save top page 21 $TOP_SIZE top
		tp_check save keep byte 22 $((3 << 20))
		tp_check save keep2 page 23 $((8 << 20))
		kexec_stage 2 "pram=$(cat /sys/kernel/pram)" "memmap=1M\$$HOLE"
		;;
	2)
		ktap_plan 6
		ktap_check "the hole is reserved, not RAM, in this kernel" \
			grep -q '^ *1d000000-1d0fffff : Reserved' /proc/iomem
		ktap_check "only the node in the hole was dropped" \
			dmesg_has "PRAM: restored 2 nodes, 1 dropped or lost"
		ktap_check "the other nodes were not touched" \
			sh -c "! dmesg | grep -E \"node '(keep|keep2)'\""
		tp_check verify keep byte 22 $((3 << 20))
		tp_check verify keep2 page 23 $((8 << 20))
		ktap_check "the dropped node cannot be loaded" tp_fails "No such file" \
			verify top page 21 $TOP_SIZE top
		;;
	esac
}
