# SPDX-License-Identifier: GPL-2.0
# The kernel's own shmem selftests, memfd_test (memfd sealing, sharing,
# the memfd_noexec sysctl) and tmpfs/bug-link-o-tmpfile, pass in a kernel
# with PRAM while it holds a saved tmpfs tree, and again once the tree is
# restored in the same kernel, which must give back the bytes it saved.
# The update kernel: memfd_test needs /proc/sys (PROC_SYSCTL), which the
# test kernel leaves out.
#
# vm: about the kernel's memfd and tmpfs selftests pass beside a saved and a restored tree
# vm: order 105
# vm: stages 1
# vm: qemu --kernel update --mem 512M --smp 2 --append kunit.enable=0
# vm: expect-console tmpfs: pram=keep: restored [0-9]+ inodes

. /lib/pram.sh

SELFTESTS=/bin/shmem-selftests

# selftest NAME: a test point from the selftest's exit status; its output
# goes into the KTAP as comments.
selftest() {
	local status=0
	"$SELFTESTS/$1" > "/tmp/$1.out" 2>&1 || status=$?
	sed 's/^/# /' "/tmp/$1.out" >&3
	if [ $status = 0 ]; then
		ktap_ok "selftest $1${2:+ $2}"
	else
		ktap_fail "selftest $1${2:+ $2}: exit status $status"
	fi
}

run_stage() {
	local sum
	ktap_plan 8
	mkdir -p /keep
	mount -t tmpfs -o pram=keep none /keep
	dd if=/dev/urandom of=/keep/file bs=1M count=8 2>/dev/null
	sum=$(md5sum /keep/file | cut -d' ' -f1)
	ktap_check "umount saves a tree" umount /keep
	selftest memfd_test "(a tree saved)"
	ktap_check "memfd_test ran to its end" grep -q "memfd: DONE" /tmp/memfd_test.out
	selftest bug-link-o-tmpfile "(a tree saved)"
	ktap_check "the tree is restored, its file intact" \
		sh -c "mount -t tmpfs -o pram=keep none /keep &&
			[ \"\$(md5sum /keep/file | cut -d' ' -f1)\" = $sum ]"
	selftest memfd_test "(the tree restored)"
	ktap_check "memfd_test ran to its end" grep -q "memfd: DONE" /tmp/memfd_test.out
	selftest bug-link-o-tmpfile "(the tree restored)"
}
