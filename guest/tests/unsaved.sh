# SPDX-License-Identifier: GPL-2.0
# A tree still mounted and not saved when the kernel kexecs goes with that
# kernel: the kernel must name it when the next kernel is loaded, and
# again at kexec, and only it. A tree saved with
# pram_save and still mounted is not named, and comes back; one saved and
# then freed through /sys/kernel/pram is named. The next kernel prints
# what the kernel before said at kexec.
#
# vm: about a tree mounted and not saved is named at kexec load and at kexec; a saved one is not, and comes back
# vm: order 82
# vm: stages 2
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0
# vm: expect-console tmpfs: pram=live: mounted and not saved at kexec: its files are lost
# vm: expect-console tmpfs: pram=freed: mounted and not saved at kexec: its files are lost
# vm: reject-console tmpfs: pram=kept: mounted and not saved

. /lib/pram.sh

run_stage() {
	case "$1" in
	1)
		ktap_plan 10
		mkdir -p /live /kept /freed
		# Saved, then its copy freed: as good as not saved.
		ktap_check "mount pram=freed" mount -t tmpfs -o pram=freed none /freed
		echo freed > /freed/file
		ktap_check "remount,pram_save saves freed" mount -o remount,pram_save /freed
		ktap_check "echo 0 > /sys/kernel/pram frees its copy" \
			sh -c 'echo 0 > /sys/kernel/pram'
		ktap_check "mount pram=live" mount -t tmpfs -o pram=live none /live
		echo live > /live/file
		ktap_check "mount pram=kept" mount -t tmpfs -o pram=kept none /kept
		echo kept > /kept/file
		ktap_check "remount,pram_save saves kept" mount -o remount,pram_save /kept
		ktap_check "and says so" sh -c 'dmesg | grep -Eq "tmpfs: pram=kept: saved [0-9]+ inodes"'
		pack_initrd
		kexec -s -l /kernel --initrd=/tmp/initrd.cpio \
			--append="$(next_cmdline 2 "pram=$(cat /sys/kernel/pram)")"
		ktap_check "loading the next kernel names live" \
			dmesg_has "tmpfs: pram=live: mounted and not saved yet: unmount it or remount it with pram_save before kexec -e"
		ktap_check "and freed, whose saved copy is gone" \
			dmesg_has "tmpfs: pram=freed: mounted and not saved yet"
		ktap_check "and not kept" sh -c '! dmesg | grep -q "tmpfs: pram=kept: mounted and not saved"'
		exec_stage 2
		;;
	2)
		ktap_plan 6
		ktap_check "the previous kernel's report names live" \
			dmesg_has "PRAM: at kexec the previous kernel said: tmpfs: pram=live: mounted and not saved at kexec: its files are lost\$"
		ktap_check "and freed" \
			dmesg_has "PRAM: at kexec the previous kernel said: tmpfs: pram=freed: mounted and not saved at kexec"
		ktap_check "and not kept" sh -c '! dmesg | grep -q "said: tmpfs: pram=kept"'
		mkdir -p /live /kept
		mount -t tmpfs -o pram=kept none /kept
		ktap_check "kept comes back" grep -qx kept /kept/file
		mount -t tmpfs -o pram=live none /live
		ktap_check "live does not" test ! -e /live/file
		ktap_check "its mount says nothing was saved under its name" \
			dmesg_has "tmpfs: pram=live: nothing saved under this name"
		;;
	esac
}
