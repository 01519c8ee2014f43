# SPDX-License-Identifier: GPL-2.0
# Plain kexec_load (kexec -l, without -s): kexec-tools picks the segment
# destinations in user space. Preserved data at the top of memory and in
# most of the rest must still arrive intact, moved out of the way where
# a segment lands on it. A segment over the super block, which cannot
# move, is refused when it is loaded.
# nokaslr: 'top' must lie at the top of ZONE_MOVABLE, where kexec-tools
# puts the segments. A first kernel that KASLR put there leaves too few
# free pages for 'top' (ENOMEM, seen in 1 CI run) or none under the
# segments to move.
#
# vm: about kexec_load: segments over preserved data move it; a segment over the super block is refused
# vm: order 70
# vm: stages 2
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0 --append movablecore=96M
# vm: qemu --append nokaslr
# vm: expect-console PRAM: moved [0-9]+ pages out of the next kernel's way

. /lib/pram.sh

SIZE=$((64 << 20))

# kexecseg_says ADDR WORD: kexec_load() of a segment at ADDR answers WORD.
kexecseg_says() {
	[ "$(/bin/kexecseg "$1")" = "$2" ]
}

run_stage() {
	case "$1" in
	1)
		local sb
		sb=$(printf '%x' $((0x$(cat /sys/kernel/pram) << 12)))
		ktap_plan 6
		ktap_check "kexec_load() refuses a segment over the super block with EADDRNOTAVAIL" \
			kexecseg_says "$sb" EADDRNOTAVAIL
		ktap_check "and says so in the kernel log" \
			dmesg_has "segment \[mem 0x$sb-0x[0-9a-f]*\] overlaps the PRAM super block"
		ktap_check "a segment on the page above is loaded, and unloaded" \
			sh -c "[ \"\$(/bin/kexecseg $(printf '%x' $((0x$sb + 4096))))\" = ok ] && /bin/kexecseg -u"
		tp_check save top page 21 $SIZE top
		tp_check save bytes byte 22 $((3 << 20))
		pack_initrd
		ktap_check "kexec -l (kexec_load) loads the next kernel" \
			kexec -l /kernel --initrd=/tmp/initrd.cpio \
				--append="$(next_cmdline 2 "pram=$(cat /sys/kernel/pram)")"
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
