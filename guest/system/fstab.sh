# SPDX-License-Identifier: GPL-2.0
# Debian system test: a tmpfs listed in /etc/fstab with pram=fstab, on a
# Debian 12 system with systemd. systemd's unmount on 'systemctl kexec'
# saves it, its mount at the next boot restores it; kexec-tools' own
# loader, with PRAM's hook, gives the next kernel the right pram=; a save
# that fails during shutdown is in the journal of the next boot, and the
# kexec still happens; a restore that fails at boot (size= too small)
# does not stop the boot, which reaches multi-user.target with the tree
# kept, and a later mount with room restores it.
# shellcheck shell=bash
# vm: about Debian: an fstab pram= tmpfs across systemctl kexec; a failed save is in the journal
# vm: system
# vm: stages 4
# vm: qemu --mem 1G --timeout 900 --root debian
# vm: qemu --append kunit.enable=0 --append ignore_loglevel
# vm: expect-console tmpfs: pram=fstab: nothing saved under this name, starting empty
# vm: expect-console tmpfs: pram=fstab: restored [0-9]+ inodes
# vm: expect-console tmpfs: pram=fstab: dropped the data of a save that was cut short
# vm: expect-console tmpfs: pram=fstab: the saved tree needs .* it is kept for a mount with larger ones

TREE=/srv/pram
MANIFEST=/var/lib/pram-systest/fstab.manifest

# manifest: every name under $TREE with its type, mode, owner, size, link
# count and symlink target, then the contents' digests.
# tree_written: the manifest has the unprivileged user's file, with its
# second name.
tree_written() {
	grep -qx './user/big f 644 1000:1000 3145728 2 ' "$MANIFEST"
}

# one_inode A B: two names of one inode.
one_inode() {
	[ "$(stat -c %i "$1")" = "$(stat -c %i "$2")" ]
}

manifest() {
	(cd "$TREE" && find . -printf '%p %y %m %U:%G %s %n %l\n' | LC_ALL=C sort &&
		find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
}

# The tree an unprivileged user writes: files of several sizes, a deep
# directory, a symlink, a hard link.
write_tree() {
	mkdir -m 0755 "$TREE/user"
	chown 1000:1000 "$TREE/user"
	setpriv --reuid=1000 --regid=1000 --clear-groups sh -eu -c '
		cd /srv/pram/user
		head -c 3145728 /dev/urandom > big
		head -c 12345 /dev/urandom > odd
		: > empty
		mkdir -p a/b/c/d/e/f/g/h
		echo deep > a/b/c/d/e/f/g/h/file
		ln -s a/b/c/d/e/f/g/h/file link
		ln big big.hardlink
		chmod 0600 odd
	'
}

no_failed_units() {
	local failed
	failed=$(systemctl --failed --plain --no-legend | awk '{print $1}' | tr '\n' ' ')
	[ -z "$failed" ] || diag "failed units: $failed"
	[ -z "$failed" ]
}

pram_mounted() {
	findmnt -n -o FSTYPE,OPTIONS "$TREE" | grep -qE '^tmpfs .*pram=fstab'
}

# kexec_tools_append: the command line kexec-tools' kexec-load would give
# the next kernel: /etc/default/kexec, then /etc/default/kexec.d/*.
kexec_tools_append() {
	sh -c '. /etc/default/kexec
	       for f in $(run-parts --list /etc/default/kexec.d); do . "$f"; done
	       echo "$APPEND"'
}

# kexec_tools_load: kexec-tools' own /etc/init.d/kexec-load, run as
# systemd stops it on a reboot, in a mount namespace where systemctl
# says a reboot is queued; it sources /etc/default/kexec.d/pram and loads
# the kernel with kexec -l.
kexec_tools_load() {
	unshare -m sh -c "mount --bind $LIB/reboot-queued /usr/bin/systemctl &&
		SYSTEMCTL_SKIP_REDIRECT=1 /etc/init.d/kexec-load stop" &&
		[ "$(cat /sys/kernel/kexec_loaded)" = 1 ]
}

# one_current_pram CMDLINE: CMDLINE names this kernel's super block once.
one_current_pram() {
	local pfn
	pfn=$(cat /sys/kernel/pram)
	diag "kexec-tools would pass: $1"
	[ "$(echo "$1" | tr ' ' '\n' | grep -c '^pram=')" = 1 ] &&
		echo " $1 " | grep -q " pram=$pfn "
}

# The hook with an APPEND that gives init a word: pram= must stay before
# the "--", or the kernel passes it to init and the tree is lost.
hook_keeps_init_words() {
	local out
	out=$(sh -c 'APPEND="quiet -- single"; . /etc/default/kexec.d/pram; echo "$APPEND"')
	diag "the hook made of APPEND='quiet -- single': $out"
	[ "$out" = "quiet pram=$(cat /sys/kernel/pram) -- single" ]
}

stage_save() {
	ktap_plan 7
	ktap_check "the system booted with no failed unit" no_failed_units
	ktap_check "fstab mounted $TREE with pram=fstab" pram_mounted
	ktap_check "an unprivileged user writes a tree into it" write_tree
	manifest > "$MANIFEST"
	ktap_check "the manifest lists the user's file and its two names" tree_written
	ktap_check "the kernel package's kernel is loaded with pram-kexec" \
		pram-kexec "/boot/vmlinuz-$(uname -r)"
	ktap_check "kexec-tools' hook gives the next kernel this pram=" \
		one_current_pram "$(kexec_tools_append)"
	ktap_check "kexec-tools' hook puts pram= before init's words" \
		hook_keeps_init_words
	system_kexec
}

stage_restore() {
	ktap_plan 8
	ktap_check "the system booted with no failed unit" no_failed_units
	ktap_check "the journal of the boot before has the save at unmount" \
		journal_has -1 'pram=fstab: saved [0-9]+ inodes'
	ktap_check "fstab mounted $TREE with pram=fstab" pram_mounted
	if pram_mounted && manifest | cmp -s - "$MANIFEST"; then
		ktap_ok "the tree is back as it was: $(wc -l < "$MANIFEST") lines of manifest identical"
	else
		diag "$(manifest | diff "$MANIFEST" - | head -n 10)"
		ktap_fail "the tree is back as it was"
	fi
	ktap_check "the hard link is still one inode" one_inode "$TREE/user/big" "$TREE/user/big.hardlink"
	# The next save is made to fail: a node already has its data's name.
	ktap_check "a node takes the name the tree's data will need" \
		sh -c 'echo "save tmpfs:fstab:data page 1 4096" > /sys/kernel/debug/test_pram/control'
	ktap_check "kexec-tools' hook gives the next kernel this pram=" \
		one_current_pram "$(kexec_tools_append)"
	# This time kexec-tools loads the next kernel, as its kexec-load does
	# at shutdown (with PRAM's hook), then systemd runs it. kexec-load
	# itself loads only when a reboot.target job is queued, and a reboot
	# under systemd 252 never kexecs: Debian's README.Debian says to
	# load a kernel and use 'systemctl kexec'.
	cat /sys/kernel/pram > "$STATE/fstab.pfn"
	ktap_check "kexec-tools' kexec-load loads the kernel /etc/default/kexec names" kexec_tools_load
	system_kexec
}

stage_failed_save() {
	ktap_plan 9
	ktap_check "the system booted with no failed unit" no_failed_units
	ktap_check "kexec-load gave this kernel the pram= of the one before, once" \
		test "$(grep -o ' pram=[^ ]*' /proc/cmdline | tr -d ' ')" = "pram=$(cat "$STATE/fstab.pfn")"
	ktap_check "the journal of the boot before says the save failed, and why" \
		journal_has -1 'pram=fstab: cannot save \(-EEXIST\); nothing was saved'
	ktap_check "fstab mounted $TREE with pram=fstab" pram_mounted
	ktap_check "$TREE starts empty" test -z "$(ls -A "$TREE")"
	ktap_check "an unprivileged user writes a tree into it again" write_tree
	manifest > "$MANIFEST"
	# The next boot's mount gets too little room for the tree.
	ktap_check "fstab gives the next boot's mount size=1M" \
		sed -i 's/pram=fstab,size=256M/pram=fstab,size=1M/' /etc/fstab
	ktap_check "which is the fstab line" grep -q 'pram=fstab,size=1M,' /etc/fstab
	ktap_check "the kernel package's kernel is loaded with kexec -s --reuse-cmdline" \
		kexec -s -l "/boot/vmlinuz-$(uname -r)" --reuse-cmdline
	system_kexec
}

# The restore fails: the boot goes on, and the tree waits for a mount.
stage_failed_restore() {
	ktap_plan 8
	ktap_check "the boot reached multi-user.target" systemctl is-active -q multi-user.target
	ktap_check "only the mount of $TREE failed" \
		test "$(systemctl --failed --plain --no-legend | awk '{print $1}' | tr '\n' ' ')" = "srv-pram.mount "
	ktap_check "the journal says the tree needs more room and is kept" \
		journal_has 0 'pram=fstab: the saved tree needs .* it is kept for a mount with larger ones'
	ktap_check "$TREE is not mounted" sh -c "! findmnt -n $TREE"
	ktap_check "the tree's nodes are listed as handed over" \
		grep -q '^tmpfs:fstab:data pages [0-9]* [0-9]* handed-over' /sys/kernel/debug/pram/nodes
	sed -i 's/pram=fstab,size=1M/pram=fstab,size=256M/' /etc/fstab
	systemctl daemon-reload
	ktap_check "with room in fstab, mount $TREE restores it" mount "$TREE"
	if manifest | cmp -s - "$MANIFEST"; then
		ktap_ok "the tree is back as it was: $(wc -l < "$MANIFEST") lines of manifest identical"
	else
		diag "$(manifest | diff "$MANIFEST" - | head -n 10)"
		ktap_fail "the tree is back as it was"
	fi
	ktap_check "the hard link is still one inode" one_inode "$TREE/user/big" "$TREE/user/big.hardlink"
}

run_stage() {
	case "$1" in
	1) stage_save ;;
	2) stage_restore ;;
	3) stage_failed_save ;;
	4) stage_failed_restore ;;
	*) ktap_plan 1; ktap_fail "fstab has no stage $1" ;;
	esac
}
