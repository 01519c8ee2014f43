# SPDX-License-Identifier: GPL-2.0
# Fail per node at kexec: a node that must be moved out of the next
# kernel's kexec segments, when the page to move it to cannot be had, is
# left out alone; the others are handed over. guest/kexecfail starts the
# loaded kernel, as kexec -e does, with the first page allocation made
# under PRAM's reboot notifier failing (fail_page_alloc, fail-nth).
# nokaslr: 'top' must lie at the top of ZONE_MOVABLE, where the segments
# go. A first kernel that KASLR put there bans those pages, the save
# copies them elsewhere and nothing is left to move (seen in 1 full run).
#
# vm: about a node that cannot be moved out of the kexec segments is left out alone
# vm: order 45
# vm: stages 2
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0 --append movablecore=128M
# vm: qemu --append nokaslr
# vm: expect-console PRAM: node 'top' not handed over: it cannot be moved out of the kexec segments \(-ENOMEM\)

. /lib/pram.sh

run_stage() {
	case "$1" in
	1)
		ktap_plan 3
		# Saved first, so moved first: the failure lands on it.
		tp_check save top page 9 $((64 << 20)) top
		tp_check save keep byte 7 $((1 << 20))
		pack_initrd
		ktap_check "kexec -s -l loads the next kernel" \
			kexec -s -l /kernel --initrd=/tmp/initrd.cpio \
				--append="$(next_cmdline 2 "pram=$(cat /sys/kernel/pram)")"
		echo "# harness: kexec into stage 2, failing a move" >&3
		exec 3>&-
		/bin/kexecfail pram_reboot
		echo "not ok 99 kexecfail returned" >/dev/ttyS1
		harness_end
		;;
	2)
		ktap_plan 3
		ktap_check "the other node was handed over and restored" \
			dmesg_has "PRAM: restored 1 nodes, 0 dropped or lost"
		tp_check verify keep byte 7 $((1 << 20))
		ktap_check "the node that could not be moved is gone" \
			tp_fails "No such file" verify top page 9 $((64 << 20)) top
		;;
	esac
}
