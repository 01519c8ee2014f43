# SPDX-License-Identifier: GPL-2.0
# A save cut short by a kexec: the tree's data node was committed and
# handed over, its description was not. Mounting the name must start an
# empty tree, drop the orphan and say so; saving under the name must work
# again (it failed with EEXIST for good while the orphan stayed).
#
# vm: about a data node whose tree description was never saved is dropped, by name
# vm: order 85
# vm: stages 2
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0
# vm: expect-console tmpfs: pram=orph: dropped the data of a save that was cut short

. /lib/pram.sh

run_stage() {
	case "$1" in
	1)
		ktap_plan 1
		# What tmpfs's save commits first, under the name it uses.
		tp_check save tmpfs:orph:data page 5 $((4 << 20))
		kexec_stage 2 "pram=$(cat /sys/kernel/pram)"
		;;
	2)
		ktap_plan 5
		check_reserved
		mkdir -p /o
		ktap_check "mount pram=orph starts an empty tree" \
			sh -c 'mount -t tmpfs -o pram=orph none /o && [ -z "$(ls -A /o)" ]'
		# Loading a node removes it: only if it is there, which it must not be.
		ktap_check "the orphan is gone once the name is mounted" \
			tp_fails "No such file or directory" verify tmpfs:orph:data page 5 $((4 << 20))
		echo kept > /o/file
		# It fails with EEXIST while the orphan holds the data node's name.
		ktap_check "pram_save of the new tree succeeds" mount -o remount,pram_save /o
		ktap_check "and the tree comes back" \
			sh -c 'umount /o && mount -t tmpfs -o pram=orph none /o && [ "$(cat /o/file)" = kept ]'
		;;
	esac
}
