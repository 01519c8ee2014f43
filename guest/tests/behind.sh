# SPDX-License-Identifier: GPL-2.0
# A tree's data is checked behind its mount. Two files of 1 MiB of small
# pages, 'x' and 'y' bytes, eight groups of 64 folios; the kexec flips a
# bit of the first folio (the damage knob of the harness patches). The
# next kernel checks each group 400 ms slowly (pram.check_delay_us), so
# that the mount must return long before the check ends; a read must
# still wait for its group and never see the flipped bit: the first
# group, 256 KiB of /a, reads as zeroes and is named in the log (by the
# inode number the restore kept), the rest comes back. An unmount while
# the check runs saves the tree under the same name, and the next mount
# finds it as read. A second tree, one file of 2 MiB, gets a bit of its
# last folio flipped: the background check finds its first seven groups
# good and the last one bad; the check behind its mount must skip the
# seven and still refuse the eighth.
#
# vm: about a mount returns before its data is checked; reads wait for their group
# vm: order 90
# vm: stages 2
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0
# vm: expect-console PRAM: node 'tmpfs:bh:data': data of entries 0-63, from pfn 0x[0-9a-f]+ \(order 0\), fails its checksum
# vm: expect-console tmpfs: pram=bh: bytes 0-262143 of inode [0-9]+ fail their checksum: they read as zeroes
# vm: expect-console PRAM: checked the data of node 'tmpfs:bh:data' \(512 pages\) behind its load in [0-9]+ ms, skipping 0 groups checked before: groups damaged: 1
# vm: expect-console PRAM: checked the data of node 'tmpfs:bt:data' \(512 pages\) behind its load in [0-9]+ ms, skipping 7 groups checked before: groups damaged: 1

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

# The background check goes through bt's data, finds its last group bad,
# and keeps its record of the seven before: the check behind the mount
# must skip those and refuse the last.
check_tail() {
	local _
	bytes $((2 * MIB - GROUP)) z > /tmp/d
	bytes $GROUP '\0' >> /tmp/d
	for _ in $(seq 100); do
		dmesg_has "node 'tmpfs:bt:data': data of entries 448-511" && break
		sleep 0.1
	done
	ktap_check "the background check finds bt's last group bad" \
		dmesg_has "node 'tmpfs:bt:data': data of entries 448-511"
	mkdir -p /t
	ktap_check "mount pram=bt restores the tree" mount -t tmpfs -o pram=bt none /t
	ktap_check "/t/d: its last group reads as zeroes, the rest intact" cmp /t/d /tmp/d
	if dmesg_has "bytes 1835008-2097151 of inode $(stat -c %i /t/d) fail"; then
		ktap_ok "the log names the last 256 KiB of /t/d"
	else
		ktap_fail "the log names the last 256 KiB of /t/d: $(dmesg | grep 'pram=bt')"
	fi
}

run_stage() {
	case "$1" in
	1)
		ktap_plan 6
		mkdir -p /b /t
		ktap_check "mount pram=bh" mount -t tmpfs -o pram=bh none /b
		mkdir /b/sub
		bytes $MIB x > /b/a
		bytes $MIB y > /b/sub/c
		ktap_check "mount pram=bt" mount -t tmpfs -o pram=bt none /t
		bytes $((2 * MIB)) z > /t/d
		ktap_check "the kexec is to flip a bit of bh's first folio" \
			sh -c 'echo "tmpfs:bh:data data" > /sys/kernel/debug/pram/damage'
		ktap_check "and of bt's last folio" \
			sh -c 'echo "tmpfs:bt:data tail" > /sys/kernel/debug/pram/damage'
		ktap_check "umount saves bh" umount /b
		ktap_check "umount saves bt" umount /t
		kexec_stage 2 "pram=$(cat /sys/kernel/pram)" pram.check_delay_us=400000
		;;
	2)
		ktap_plan 13
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
		check_tail
		;;
	esac
}
