# SPDX-License-Identifier: GPL-2.0
# A tree's data is checked behind its mount. Two files of 1 MiB of small
# pages, 'x' and 'y' bytes, eight groups of 64 folios; the kexec flips a
# bit of the first folio (the damage knob of the harness patches). The
# next kernel checks each group 200 ms slowly (pram.check_delay_us), so
# that the mount must return long before the check ends; a read must
# still wait for its group and never see the flipped bit: the first
# group, 256 KiB of /a, reads as zeroes and is named in the log (by the
# inode number the restore kept), the rest comes back. An unmount while
# the check runs saves the tree under the same name, and the next mount
# finds it as read.
#
# vm: about a mount returns before its data is checked; reads wait for their group
# vm: order 90
# vm: stages 2
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0
# vm: expect-console PRAM: node 'tmpfs:bh:data': data of entries 0-63, from pfn 0x[0-9a-f]+ \(order 0\), fails its checksum
# vm: expect-console tmpfs: pram=bh: bytes 0-262143 of inode [0-9]+ fail their checksum: they read as zeroes
# vm: expect-console PRAM: checked the data of node 'tmpfs:bh:data' \(512 pages\) behind its load in [0-9]+ ms: groups damaged: 1

. /lib/pram.sh

MIB=1048576
GROUP=262144

# bytes N CHAR: N bytes of CHAR.
bytes() {
	head -c "$1" /dev/zero | tr '\0' "$2"
}

behind_checked() {
	dmesg_has "checked the data of node 'tmpfs:bh:data'"
}

run_stage() {
	case "$1" in
	1)
		ktap_plan 3
		mkdir -p /b
		ktap_check "mount pram=bh" mount -t tmpfs -o pram=bh none /b
		mkdir /b/sub
		bytes $MIB x > /b/a
		bytes $MIB y > /b/sub/c
		ktap_check "the kexec is to flip a bit of the data's first folio" \
			sh -c 'echo "tmpfs:bh:data data" > /sys/kernel/debug/pram/damage'
		ktap_check "umount saves it" umount /b
		kexec_stage 2 "pram=$(cat /sys/kernel/pram)" pram.check_delay_us=200000
		;;
	2)
		ktap_plan 9
		bytes $GROUP '\0' > /tmp/a
		bytes $((MIB - GROUP)) x >> /tmp/a
		bytes $MIB y > /tmp/c
		mkdir -p /b
		ktap_check "mount pram=bh restores the tree" \
			mount -t tmpfs -o pram=bh none /b
		ino=$(stat -c %i /b/a)
		if behind_checked; then
			ktap_fail "the mount returns before its data is checked: $(dmesg | grep 'behind its load')"
		else
			ktap_ok "the mount returns before its data is checked"
		fi
		ktap_check "/a waits for its groups: the damaged one reads as zeroes, the rest intact" \
			cmp /b/a /tmp/a
		if behind_checked; then
			ktap_fail "the check still runs once /a is read: $(dmesg | grep 'behind its load')"
		else
			ktap_ok "the check still runs once /a is read"
		fi
		ktap_check "umount while the check runs saves the tree again" umount /b
		ktap_check "the data was checked behind the mount" behind_checked
		named=$(dmesg | grep -o 'bytes [0-9-]* of inode [0-9]* fail' | tr '\n' ' ')
		if [ "$named" = "bytes 0-262143 of inode $ino fail " ]; then
			ktap_ok "the log names the damaged bytes of /a, and nothing else"
		else
			ktap_fail "the log names the damaged bytes of /a, and nothing else: $named"
		fi
		ktap_check "mount pram=bh again" mount -t tmpfs -o pram=bh none /b
		ktap_check "both files come back as they were read" \
			sh -c 'cmp /b/a /tmp/a && cmp /b/sub/c /tmp/c'
		;;
	esac
}
