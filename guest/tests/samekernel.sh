# SPDX-License-Identifier: GPL-2.0
# Saving and restoring a tmpfs within one kernel: unmount saves it, the
# next mount restores it, through the same folios.
#
# vm: about unmount saves a tmpfs and the next mount in the same kernel restores it
# vm: order 80
# vm: stages 1
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0

. /lib/pram.sh

run_stage() {
	local before after
	ktap_plan 9
	mkdir -p /t
	mount -t tmpfs -o pram=same,huge=always none /t
	benchtool fill /t $((24 << 20)) 6
	echo hello > /t/small
	exec 4>/t/small
	ktap_check "pram_save is refused with EBUSY while a file is open for writing" \
		sh -c '! mount -o remount,pram_save /t 2>/tmp/err &&
		       grep -q "Device or resource busy" /tmp/err'
	ktap_check "and nothing was saved" sh -c '! dmesg | grep -q "pram=same: saved"'
	exec 4>&-
	ktap_check "and the tree is still writable" sh -c 'echo more >> /t/small'
	before=$(cat /t/* | md5sum)
	# The root, six benchtool files and "small".
	ktap_check "unmount saves the tree" umount /t
	ktap_check "with all 8 inodes" dmesg_has "tmpfs: pram=same: saved 8 inodes"
	ktap_check "mount restores it in the same kernel" \
		mount -t tmpfs -o pram=same,huge=always none /t
	ktap_check "all 8 of them" dmesg_has "tmpfs: pram=same: restored 8 inodes"
	after=$(cat /t/* | md5sum)
	ktap_check "with the same content" test "$before" = "$after"
	ktap_check "and it can be saved again" mount -o remount,pram_save /t
}
