# SPDX-License-Identifier: GPL-2.0
# KUnit runs at boot in both kernels; the host parses the console log of
# each with kunit.py. The guest only carries the run across one kexec.
# initramfs_async=0: unpacking the initramfs in the background prints
# "Freeing initrd memory" in the middle of KUnit's output, which kunit.py
# then cannot parse.
#
# vm: about the KUnit suites in both kernels of a kexec
# vm: order 10
# vm: stages 2
# vm: qemu --mem 512M --smp 2 --append initramfs_async=0
# vm: kunit

run_stage() {
	case "$1" in
	1)
		ktap_plan 1
		ktap_check "KUnit ran before init" sh -c 'dmesg | grep -q "# Totals:"'
		kexec_stage 2
		;;
	2)
		ktap_plan 1
		ktap_check "KUnit ran in the kexec'd kernel" sh -c 'dmesg | grep -q "# Totals:"'
		;;
	esac
}
