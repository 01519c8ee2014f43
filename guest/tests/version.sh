# SPDX-License-Identifier: GPL-2.0
# Hand-overs the next kernel must refuse whole, written by the damage file
# on the way into kexec with the checksums computed again: one whose super
# block says format version 2 (a version this kernel does not know), and
# one whose first map of scattered pages no longer begins with a preserved
# page. Each time the next kernel must say why, boot with PRAM empty, and
# hand over its own nodes, scattered pages in maps among them, byte for
# byte at the next kexec. The decompressor reads the same extents with the
# same check and turns physical KASLR off when they do not hold up (the
# judge checks that it says so), and must never fail the judge's checks
# for the rest. The damage file comes from the harness patch
# (patches/harness/), applied to test kernels only.
#
# vm: about a hand-over in an unknown format version, or with a broken map, is refused whole
# vm: order 91
# vm: stages 4
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0 --append earlyprintk=serial,ttyS0
# vm: expect-console PRAM: damage: node 'old': version
# vm: expect-console PRAM: cannot read the preserved extents; physical KASLR disabled
# vm: expect-console PRAM: preserved memory is inconsistent: format version 2, this kernel reads 1
# vm: expect-console PRAM: damage: node 'mapped': map
# vm: expect-console PRAM: preserved memory is inconsistent: map 0x[0-9a-f]+:0x[0-9a-f]*[02468ace] does not begin with its first page

. /lib/pram.sh

DAMAGE=/sys/kernel/debug/pram/damage
MIB4=$((4 << 20))

# refused WHAT NODE SEED: the hand-over was refused for WHAT, PRAM started
# empty, and node NODE of it is not there.
refused() {
	ktap_check "the hand-over is refused: $1" \
		dmesg_has "PRAM: preserved memory is inconsistent: $1"
	ktap_check "and PRAM starts empty" dmesg_has "PRAM: booting with PRAM empty"
	ktap_check "node $2 of the refused hand-over is not there" \
		tp_fails "No such file" verify "$2" page "$3" $MIB4 scatter
}

run_stage() {
	case "$1" in
	1)
		ktap_plan 2
		tp_check save old page 3 $MIB4 scatter
		ktap_check "damage old: version" sh -c "echo 'old version' > $DAMAGE"
		kexec_stage 2 "pram=$(cat /sys/kernel/pram)"
		;;
	2)
		ktap_plan 5
		refused "format version 2, this kernel reads 1" old 3
		tp_check save mapped page 4 $MIB4 scatter
		ktap_check "damage mapped: map" sh -c "echo 'mapped map' > $DAMAGE"
		kexec_stage 3 "pram=$(cat /sys/kernel/pram)"
		;;
	3)
		ktap_plan 4
		refused "map 0x" mapped 4
		tp_check save new page 5 $MIB4 scatter
		kexec_stage 4 "pram=$(cat /sys/kernel/pram)"
		;;
	4)
		ktap_plan 2
		check_reserved
		tp_check verify new page 5 $MIB4 scatter
		;;
	esac
}
