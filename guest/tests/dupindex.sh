# SPDX-License-Identifier: GPL-2.0
# A damaged tree: the saving kernel says that a file's second folio goes
# where its first does (shmem_pram.damage=index, from the harness patch in
# patches/harness/, applied to test kernels only). The next kernel must
# refuse the mount with EIO, drop the tree and say so, rather than keep it
# for a mount that would fail the same way; the next mount of the name
# starts empty, and the name saves and restores again.
#
# vm: about a tree with two folios at one index is dropped, not kept
# vm: order 86
# vm: stages 2
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0 --append shmem_pram.damage=index
# vm: expect-console tmpfs: pram=dup: cannot restore the saved tree \(-EIO\): it is damaged; it is dropped
# vm: reject-console pram=dup: .*it is kept for another mount

. /lib/pram.sh

run_stage() {
	case "$1" in
	1)
		ktap_plan 2
		mkdir -p /d
		ktap_check "mount pram=dup" mount -t tmpfs -o pram=dup none /d
		dd if=/dev/urandom of=/d/file bs=4096 count=64 2>/dev/null
		ktap_check "umount saves it" umount /d
		kexec_stage 2 "pram=$(cat /sys/kernel/pram)"
		;;
	2)
		ktap_plan 5
		check_reserved
		mkdir -p /d
		ktap_check "mount pram=dup fails with EIO" \
			sh -c '! mount -t tmpfs -o pram=dup none /d 2>/tmp/mount.err &&
				grep -q "Input/output error" /tmp/mount.err'
		ktap_check "the tree is dropped: no node of it is left" \
			sh -c '! grep -q "tmpfs:dup:" /sys/kernel/debug/pram/nodes'
		ktap_check "the next mount of the name starts empty" \
			sh -c 'mount -t tmpfs -o pram=dup none /d && [ -z "$(ls -A /d)" ]'
		echo again > /d/file
		ktap_check "and the name saves and restores again" \
			sh -c 'umount /d && mount -t tmpfs -o pram=dup none /d &&
				[ "$(cat /d/file)" = again ]'
		;;
	esac
}
