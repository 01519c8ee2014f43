# SPDX-License-Identifier: GPL-2.0
# An io_uring fixed buffer over a tmpfs file pins its pages for DMA, even
# once the file is unmapped and closed: a save must refuse the tree while
# the buffer is registered, naming the file and the offset, and keep it
# writable; once it is unregistered the save goes through and the bytes
# arrive in the next kernel (guest/uringpin.c).
#
# vm: about an io_uring fixed buffer (a DMA pin) makes the save fail, naming the file
# vm: order 86
# vm: stages 2
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0
# vm: expect-console tmpfs: inode [0-9]+: the page at offset 0 may be pinned for DMA \(an io_uring fixed buffer\?\): it cannot be saved
# vm: expect-console tmpfs: pram=ring: cannot save \(-EBUSY\); nothing was saved

. /lib/pram.sh

run_stage() {
	case "$1" in
	1)
		ktap_plan 1
		mkdir -p /ring
		mount -t tmpfs -o pram=ring none /ring
		dd if=/dev/urandom of=/ring/pinned bs=1M count=1 2>/dev/null
		cp /ring/pinned /ring/copy
		md5sum /ring/pinned | cut -d' ' -f1 > /tmp/sum
		ktap_check "uringpin: every step as expected" \
			sh -c "/bin/uringpin /ring > /tmp/uringpin.out 2>&1"
		sed 's/^/# /' /tmp/uringpin.out >&3
		kexec_stage 2 "pram=$(cat /sys/kernel/pram)" "harness.sum=$(cat /tmp/sum)"
		;;
	2)
		ktap_plan 2
		mkdir -p /ring
		ktap_check "mount pram=ring restores the tree" \
			mount -t tmpfs -o pram=ring none /ring
		ktap_check "DIR/pinned holds the bytes it held before the kexec" \
			sh -c "[ \"\$(md5sum /ring/pinned | cut -d' ' -f1)\" = $(cmdline_value harness.sum) ] &&
				cmp /ring/pinned /ring/copy"
		;;
	esac
}
