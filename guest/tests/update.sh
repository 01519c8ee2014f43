# SPDX-License-Identifier: GPL-2.0
# A kernel update and back: the test kernel hands a tmpfs holding 70% of
# RAM to a different kernel (scripts/build.sh --variant update: 32 MiB
# larger in memory, other early allocations, release "-update"), which
# hands it back; both boot with KASLR. The way there is the 2013 flow as
# its users typed it: mount -o pram=NAME, fill, umount, kexec -s -l with
# --append="$(cat /proc/cmdline) pram=$(cat /sys/kernel/pram)", kexec -e,
# mount again; the harness only adds its stage number. The way back loads
# the next kernel before the save, as the admin guide advises. Every byte
# is compared in each kernel, and the memory the loaded kernel holds is
# reported. With earlyprintk the decompressor's warnings reach the
# console, where the harness fails the run if it could not read the other
# kernel's extents, or found no room, and skipped KASLR.
#
# vm: about a tmpfs of 70% of RAM to a different kernel and back, every byte compared
# vm: order 120
# vm: stages 3
# vm: qemu --mem 1G --smp 2 --timeout 900 --append kunit.enable=0
# vm: qemu --append earlyprintk=serial,ttyS0 --disk kernel-update.img
# vm: expect-console bootconsole \[earlyser0\] enabled
# vm: reject-console PRAM: cannot read the preserved extents|Physical KASLR disabled

. /lib/pram.sh

UPDATE_FILES=32

# The kernel this stage expects: "update" or "test".
update_is() {
	case "$(uname -r)" in
	*-update*) [ "$1" = update ] ;;
	*) [ "$1" = test ] ;;
	esac
}

mem_free_kib() {
	awk '/^MemFree:/ { print $2 }' /proc/meminfo
}

# The 2013 flow's kexec -s -l, with the harness's stage number and EXTRA
# appended; says how much memory the loaded kernel holds.
update_load() {
	local kernel=$1 stage=$2 extra=${3:-} before
	pack_initrd
	before=$(mem_free_kib)
	if ! kexec -s -l "$kernel" --initrd=/tmp/initrd.cpio \
		--append="$(cat /proc/cmdline) pram=$(cat /sys/kernel/pram) harness.stage=$stage $extra"; then
		ktap_fail "kexec -s -l $kernel"
		harness_end
	fi
	diag "kexec -s -l of $kernel ($(($(stat -c %s "$kernel") >> 10)) KiB) and its initrd ($(($(stat -c %s /tmp/initrd.cpio) >> 10)) KiB) holds $(((before - $(mem_free_kib)) >> 10)) MiB"
}

update_exec() {
	echo "# harness: kexec -e into stage $1" >&3
	exec 3>&-
	sync
	kexec -e
	echo "not ok 99 kexec -e returned" >/dev/ttyS1
	harness_end
}

# Stages 2 and 3: take the tree over in kernel $1 and check it; with a
# next kernel $2, load it before the tree is saved again, as the admin
# guide advises, and kexec into it.
update_take_over() {
	local kind=$1 next=${2:-} bytes
	bytes=$(cmdline_value harness.bytes)
	ktap_plan 7
	diag "$(dmesg | grep -o 'PRAM: kernel image .*' || echo 'no landing line')"
	ktap_check "this is the $kind kernel ($(uname -r))" update_is "$kind"
	ktap_check "it landed clear of preserved memory" \
		dmesg_has "PRAM: kernel image \[mem 0x[0-9a-f]*-0x[0-9a-f]*\] clear of preserved memory"
	ktap_check "both nodes of the tmpfs were restored and nothing was dropped" \
		dmesg_has "PRAM: restored 2 nodes, 0 dropped or lost"
	ktap_check "mount -t tmpfs -o pram=update restores the tree" \
		mount -t tmpfs -o pram=update,size=90% none /mnt
	ktap_check "with all $((UPDATE_FILES + 1)) inodes and $((bytes >> 12)) pages" \
		dmesg_has "tmpfs: pram=update: restored $((UPDATE_FILES + 1)) inodes, $((bytes >> 12)) pages"
	check_bytes /mnt "$bytes" $UPDATE_FILES " in $(uname -r)"
	[ -z "$next" ] || update_load "$next" 3
	ktap_check "umount saves it again" umount /mnt
	[ -z "$next" ] || update_exec 3
}

run_stage() {
	case "$1" in
	1)
		local bytes
		bytes=$(share_of_ram 70 $UPDATE_FILES)
		ktap_plan 5
		# The harness leaves /kernel-update out of the next initrd.
		ktap_check "the next kernel of the update is read from /dev/vda" \
			dd if=/dev/vda of=/kernel-update bs=64k
		ktap_check "mount -t tmpfs -o pram=update" \
			mount -t tmpfs -o pram=update,size=90% none /mnt
		ktap_check "$((bytes >> 20)) MiB written to it" \
			/bin/benchtool fill /mnt "$bytes" $UPDATE_FILES
		check_bytes /mnt "$bytes" $UPDATE_FILES " in $(uname -r)"
		ktap_check "umount saves it" umount /mnt
		# The 2013 flow copies the command line, and the size with it.
		update_load /kernel-update 2 "harness.bytes=$bytes"
		update_exec 2
		;;
	2)
		update_take_over update /kernel
		;;
	3)
		update_take_over test
		;;
	esac
}
