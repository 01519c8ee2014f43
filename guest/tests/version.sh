# SPDX-License-Identifier: GPL-2.0
# A hand-over in another format version: the damage file writes version 1
# (the format before maps and 6-byte entries) into the super block, with
# its checksum computed again, on the way into kexec. The next kernel must
# refuse the whole hand-over by its version, in the decompressor and in
# the kernel proper, boot with PRAM empty, and hand over in its own
# version at the next kexec, byte for byte.
#
# vm: order 91
# vm: stages 3
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0 --append earlyprintk=serial,ttyS0
# vm: expect-console PRAM: damage: node 'old': version
# vm: expect-console PRAM: cannot read the preserved extents; physical KASLR disabled
# vm: expect-console PRAM: preserved memory is inconsistent: format version 1, this kernel reads [0-9]+

. /lib/pram.sh

DAMAGE=/sys/kernel/debug/pram/damage

run_stage() {
	case "$1" in
	1)
		ktap_plan 2
		tp_check save old page 3 $((4 << 20))
		ktap_check "damage old: version" sh -c "echo 'old version' > $DAMAGE"
		kexec_stage 2 "pram=$(cat /sys/kernel/pram)"
		;;
	2)
		ktap_plan 4
		ktap_check "the version is refused by number" \
			dmesg_has "PRAM: preserved memory is inconsistent: format version 1, this kernel reads"
		ktap_check "and PRAM starts empty" dmesg_has "PRAM: booting with PRAM empty"
		ktap_check "the node of the refused hand-over is not there" \
			tp_fails "No such file" verify old page 3 $((4 << 20))
		tp_check save new page 4 $((4 << 20))
		kexec_stage 3 "pram=$(cat /sys/kernel/pram)"
		;;
	3)
		ktap_plan 2
		check_reserved
		tp_check verify new page 4 $((4 << 20))
		;;
	esac
}
