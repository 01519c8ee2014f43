# SPDX-License-Identifier: GPL-2.0
# Any user can fill a tree with hard-linked files; saving it must stay
# linear in them. One tmpfs gets 50000, then 100000, then 200000 files
# with two names each (mklinks), saved after each step (remount,rw in
# between drops the saved copy): the save time per inode, from the log,
# must not grow by more than 2x from the smallest tree to the largest
# (a fixed table of 1024 chains grows 4x). The next kernel gets the
# 200000 files, each still one inode with two names.
#
# vm: about saving a tree is linear in its hard-linked files (50000 to 200000); they come back as links
# vm: order 102
# vm: stages 2
# vm: qemu --mem 1G --smp 2 --timeout 900 --append kunit.enable=0

. /lib/pram.sh

# save_per_inode: save /hl and print its "saved N inodes in X us" as
# nanoseconds per inode.
save_per_inode() {
	mount -o remount,pram_save /hl || return 1
	dmesg | sed -n 's/.*tmpfs: pram=hl: saved \([0-9]*\) inodes in \([0-9]*\) us$/\1 \2/p' |
		tail -n 1 | awk '{ printf "%d\n", $2 * 1000 / $1 }'
}

# grow FIRST COUNT: make the tree writable and add COUNT linked files.
grow() {
	mount -o remount,rw /hl && /bin/mklinks /hl "$1" "$2"
}

run_stage() {
	local t50 t100 t200 max min
	case "$1" in
	1)
		ktap_plan 7
		mkdir -p /hl
		ktap_check "mount pram=hl with no inode limit" \
			mount -t tmpfs -o pram=hl,nr_inodes=0 none /hl
		ktap_check "50000 files with two names each" /bin/mklinks /hl 0 50000
		t50=$(save_per_inode)
		ktap_check "100000" grow 50000 50000
		t100=$(save_per_inode)
		ktap_check "200000" grow 100000 100000
		t200=$(save_per_inode)
		diag "save time per inode: $t50 ns at 50000 files, $t100 ns at 100000, $t200 ns at 200000"
		ktap_check "each save is logged" test -n "$t50" -a -n "$t100" -a -n "$t200"
		max=$(printf '%s\n' "$t50" "$t100" "$t200" | sort -n | tail -n 1)
		min=$(printf '%s\n' "$t50" "$t100" "$t200" | sort -n | head -n 1)
		ktap_check "the time per inode grows less than 2x ($min to $max ns)" \
			test "$max" -le $((2 * min))
		ktap_check "the last save counts every inode" \
			dmesg_has "tmpfs: pram=hl: saved 200001 inodes in"
		ktap_check "the tree is saved as the next kernel will get it" \
			test "$(find /hl -type f | wc -l)" = 400000
		kexec_stage 2
		;;
	2)
		ktap_plan 4
		mkdir -p /hl
		ktap_check "mount pram=hl restores the tree" \
			mount -t tmpfs -o pram=hl,nr_inodes=0 none /hl
		ktap_check "with its 400000 names" test "$(find /hl -type f | wc -l)" = 400000
		ktap_check "the first file is one inode with two names" \
			test "$(stat -c '%i %h' /hl/f0)" = "$(stat -c '%i %h' /hl/l0)" -a "$(stat -c %h /hl/f0)" = 2
		ktap_check "and the last" \
			test "$(stat -c '%i %h' /hl/f199999)" = "$(stat -c '%i %h' /hl/l199999)" -a "$(stat -c %h /hl/l199999)" = 2
		;;
	esac
}
