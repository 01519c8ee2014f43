# SPDX-License-Identifier: GPL-2.0
# Plain kexec_load (kexec -l, without -s): kexec-tools picks the segment
# destinations in user space. Preserved data at the top of memory and in
# most of the rest must still arrive intact, moved out of the way where
# a segment lands on it.
#
# vm: order 70
# vm: stages 2
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0 --append movablecore=96M

. /lib/pram.sh

SIZE=$((64 << 20))

run_stage() {
	case "$1" in
	1)
		ktap_plan 3
		tp_check save top page 21 $SIZE top
		tp_check save bytes byte 22 $((3 << 20))
		pack_initrd
		ktap_check "kexec -l (kexec_load) loads the next kernel" \
			kexec -l /kernel --initrd=/tmp/initrd.cpio \
				--append="$(next_cmdline 2 "pram=$(cat /sys/kernel/pram) nokaslr")"
		echo "# harness: kexec into stage 2" >&3
		exec 3>&-
		sync
		kexec -e
		;;
	2)
		ktap_plan 3
		check_reserved
		tp_check verify top page 21 $SIZE top
		tp_check verify bytes byte 22 $((3 << 20))
		;;
	esac
}
