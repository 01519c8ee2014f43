# SPDX-License-Identifier: GPL-2.0
# A rollback to a kernel that cannot read a tree's format must keep the
# tree for the way back. Stage 1 writes trees in format 2
# (shmem_pram.version=2, from the harness patch in patches/harness/, as a
# newer kernel would) and saves one at unmount. Stage 2, a kernel that
# reads only format 1, must fail the mount naming both formats, keep the
# tree, list it as handed over, and hand it over again. Stage 3 reads
# format 2 again and must restore the tree, every file byte for byte.
#
# vm: about a kernel that cannot read a tree's format keeps it for a kernel that can
# vm: order 101
# vm: stages 3
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0 --append shmem_pram.version=2
# vm: expect-console tmpfs: pram=rb: the saved tree is in format 2; this kernel reads 1

. /lib/pram.sh

# tree_sum: one checksum of every file under /rb, names and bytes.
tree_sum() {
	(cd /rb && find . -type f | sort | xargs md5sum) | md5sum | cut -d' ' -f1
}

run_stage() {
	case "$1" in
	1)
		local i sum
		ktap_plan 2
		mkdir -p /rb/d
		ktap_check "mount pram=rb" mount -t tmpfs -o pram=rb none /rb
		for i in 1 2 3 4; do
			dd if=/dev/urandom of=/rb/d/f$i bs=64K count=$((i * 4)) 2>/dev/null
		done
		echo small > /rb/s
		sum=$(tree_sum)
		ktap_check "umount saves rb in format 2" umount /rb
		kexec_stage 2 shmem_pram.version=1 "harness.sum=$sum"
		;;
	2)
		ktap_plan 4
		mkdir -p /rb
		ktap_check "mount pram=rb fails in a kernel that reads format 1" \
			sh -c '! mount -t tmpfs -o pram=rb none /rb'
		ktap_check "saying it keeps the tree" \
			dmesg_has "pram=rb: cannot restore the saved tree (-EPROTONOSUPPORT): this kernel does not read its format; mount it in one that does; it is kept for another mount"
		ktap_check "both nodes of the tree are still listed" sh -c \
			'[ "$(grep -Ec "^tmpfs:rb(:data)? .* (handed-over|checking) " /sys/kernel/debug/pram/nodes)" = 2 ]'
		ktap_check "/rb is empty, not mounted" sh -c '! grep -q " /rb " /proc/mounts'
		kexec_stage 3 shmem_pram.version=2
		;;
	3)
		ktap_plan 2
		mkdir -p /rb
		ktap_check "mount pram=rb restores the tree in a kernel that reads format 2" \
			mount -t tmpfs -o pram=rb none /rb
		ktap_check "every file, byte for byte" \
			test "$(tree_sum)" = "$(cmdline_value harness.sum)"
		;;
	esac
}
