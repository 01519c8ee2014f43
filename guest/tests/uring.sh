# SPDX-License-Identifier: GPL-2.0
# An io_uring fixed buffer over a tmpfs file pins its pages for DMA, even
# once the file is unmapped and closed. A save copies such pages, saying
# so: a device may still write the originals, and the next kernel must get
# the bytes as they were when saved. guest/uringpin.c saves the tree while
# the buffer is registered, then writes the buffer through io_uring after
# the save; the next kernel must find the bytes of before.
#
# vm: about an io_uring fixed buffer (a DMA pin) is copied at save; what the device writes after it does not arrive
# vm: order 86
# vm: stages 2
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0
# vm: expect-console tmpfs: pram=ring: 256 pages that may be pinned for DMA were copied, as they were when saved

. /lib/pram.sh

run_stage() {
	case "$1" in
	1)
		ktap_plan 1
		mkdir -p /ring /src
		mount -t tmpfs -o pram=ring none /ring
		mount -t tmpfs none /src
		dd if=/dev/urandom of=/ring/pinned bs=1M count=1 2>/dev/null
		cp /ring/pinned /ring/copy
		head -c 1048576 /dev/zero | tr '\0' '\253' > /src/pattern
		md5sum /ring/pinned | cut -d' ' -f1 > /tmp/sum
		ktap_check "uringpin: every step as expected" \
			sh -c "/bin/uringpin /ring /src > /tmp/uringpin.out 2>&1"
		sed 's/^/# /' /tmp/uringpin.out >&3
		kexec_stage 2 "pram=$(cat /sys/kernel/pram)" "harness.sum=$(cat /tmp/sum)"
		;;
	2)
		ktap_plan 2
		mkdir -p /ring
		ktap_check "mount pram=ring restores the tree" \
			mount -t tmpfs -o pram=ring none /ring
		ktap_check "DIR/pinned holds the bytes it held when saved, not what the device wrote later" \
			sh -c "[ \"\$(md5sum /ring/pinned | cut -d' ' -f1)\" = $(cmdline_value harness.sum) ] &&
				cmp /ring/pinned /ring/copy"
		;;
	esac
}
