# SPDX-License-Identifier: GPL-2.0
# Crash kernels and PRAM. A kernel booted with crashkernel= after a
# hand-over must still get its crash reservation, and the tree; a crash
# kernel (kdump) loaded with this kernel's pram= must ignore it, reserve
# nothing and say so: it runs in its own reserved memory to save the
# crashed kernel's as it is. Stage 1 saves a tree and kexecs with
# crashkernel=; stage 2 checks both, saves the tree again, loads a crash
# kernel with kexec -s -p and the current pram=, and crashes on purpose;
# stage 3 is the crash kernel.
#
# vm: about a kernel booted with crashkernel= gets its reservation; a crash kernel ignores pram=
# vm: order 27
# vm: stages 3
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0
# vm: crash
# vm: expect-console Kernel panic - not syncing: sysrq triggered crash
# vm: expect-console PRAM: crash kernel: pram=[0-9a-f]+ ignored, preserved memory left alone

. /lib/pram.sh

CRASH_SIZE=$((96 << 20))

run_stage() {
	local sum
	case "$1" in
	1)
		ktap_plan 2
		save_random_tree t 16
		sum=$(md5sum < /t/data)
		kexec_stage 2 "crashkernel=96M" "harness.sum=${sum%% *}"
		;;
	2)
		ktap_plan 9
		ktap_check "the kernel got its crash reservation of 96 MiB" \
			test "$(cat /sys/kernel/kexec_crash_size)" = $CRASH_SIZE
		ktap_check "and the log says where" dmesg_has "crashkernel reserved: 0x"
		mkdir -p /t
		ktap_check "mount pram=t restores the tree" mount -t tmpfs -o pram=t none /t
		sum=$(md5sum < /t/data)
		ktap_check "every byte of it" test "${sum%% *}" = "$(cmdline_value harness.sum)"
		ktap_check "remount,pram_save saves it again" mount -o remount,pram_save /t
		pack_initrd
		ktap_check "kexec -s -p loads a crash kernel with this kernel's pram=" \
			kexec -s -p /kernel --initrd=/tmp/initrd.cpio \
			--append="$(next_cmdline 3) pram=$(cat /sys/kernel/pram) nr_cpus=1 reset_devices"
		ktap_check "its command line is left as it was: no PRAM line at load" \
			sh -c '! dmesg | grep -q "PRAM: the kernel just loaded"'
		ktap_check "the crash kernel is loaded" test "$(cat /sys/kernel/kexec_crash_loaded)" = 1
		ktap_check "sysrq is on" sh -c 'echo 1 > /proc/sys/kernel/sysrq'
		echo "# harness: crashing into stage 3" >&3
		exec 3>&-
		sync
		echo c > /proc/sysrq-trigger
		;;
	3)
		ktap_plan 4
		ktap_check "this is the crash kernel: /proc/vmcore" test -e /proc/vmcore
		ktap_check "it says it ignores pram= and leaves preserved memory alone" \
			dmesg_has "PRAM: crash kernel: pram=[0-9a-f]* ignored, preserved memory left alone"
		ktap_check "it reserves nothing" sh -c '! dmesg | grep -q "PRAM: .* pages reserved"'
		ktap_check "and examines nothing" sh -c '! dmesg | grep -q "PRAM: examining persistent memory"'
		;;
	esac
}
