# SPDX-License-Identifier: GPL-2.0
# tools/mm/pram-kexec.sh, as the admin guide has users run it: two kexecs
# through it, a tree kept across both. The command line carries a boot
# parameter with a '*', and the script runs in a directory holding a file
# that the '*' would match: the next kernel must get the parameter as it
# was. Each kexec must hand over exactly one pram=, the new one. The first
# kexec gives init a word after "--"; the second must keep that word
# init's and put its pram= before the "--", or the kernel never sees it.
# Before that, with a tree of 40 MiB mounted and not saved, the script
# must refuse a kernel that would not fit in what PRAM leaves of RAM
# (PRAM_KEXEC_MIN_FREE set past it), say so with the numbers, counting
# the tree, and load nothing. The tree's names must keep the order
# readdir gives them across both kexecs.
#
# vm: about tools/mm/pram-kexec.sh: two kexecs, one pram= each, the command line kept as it was
# vm: order 25
# vm: stages 3
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0 --append harness.glob=*

. /lib/pram.sh

# names_in_order: the names in /p as readdir gives them (find does not
# sort; busybox's ls has no -f).
names_in_order() {
	find /p -mindepth 1 -maxdepth 1 | sed 's|.*/||' | tr '\n' ' ' | sed 's/ $//'
}

# The values of KEY= on this kernel's command line, one per line.
cmdline_all() {
	tr ' ' '\n' < /proc/cmdline | sed -n "s/^$1=//p"
}

# load_next STAGE [WORD...]: pram-kexec.sh from a directory where
# "harness.glob=*" matches a file, with WORDs after the harness's own.
load_next() {
	local stage=$1
	shift
	pack_initrd
	mkdir -p /tmp/glob
	touch /tmp/glob/harness.glob=expanded
	ktap_check "pram-kexec.sh loads the next kernel" \
		sh -c "cd /tmp/glob && pram-kexec.sh /kernel /tmp/initrd.cpio -- harness.stage=$stage harness.pram=$(cat /sys/kernel/pram) $*"
	echo "# harness: kexec -e into stage $stage" >&3
	exec 3>&-
	sync
	kexec -e
	echo "not ok 99 kexec -e returned" >/dev/ttyS1
	harness_end
}

# The command line's words: pram= before the only "--", harness.initword
# after it.
pram_before_init_word() {
	diag "command line: $(cat /proc/cmdline)"
	tr ' ' '\n' < /proc/cmdline | awk '
		$0 == "--" { dashes++; next }
		/^pram=/ && !dashes { pram++ }
		$0 == "harness.initword" && dashes { word++ }
		END { exit !(dashes == 1 && pram == 1 && word == 1) }'
}

run_stage() {
	local order
	case "$1" in
	1)
		ktap_plan 9
		mkdir -p /p
		ktap_check "a tmpfs with pram=glob mounts" \
			mount -t tmpfs -o pram=glob none /p
		echo "written in stage 1" > /p/file
		for n in zulu alpha mike bravo; do : > "/p/$n"; done
		ktap_check "readdir lists the five names" \
			test "$(names_in_order | tr ' ' '\n' | sort | tr '\n' ' ')" = "alpha bravo file mike zulu "
		order=$(names_in_order | tr ' ' ,)
		ktap_check "umount saves it" umount /p
		ktap_check "a tree of 40 MiB, mounted with pram= and not saved yet" \
			sh -c 'mkdir -p /big && mount -t tmpfs -o pram=big none /big &&
			       dd if=/dev/zero of=/big/data bs=1M count=40 2>/dev/null'
		pack_initrd
		ktap_check "pram-kexec.sh refuses a kernel that needs more than RAM less PRAM" \
			sh -c '! PRAM_KEXEC_MIN_FREE=100000 pram-kexec.sh /kernel /tmp/initrd.cpio 2>/tmp/fit.err'
		diag "$(cat /tmp/fit.err)"
		ktap_check "and says why, with the numbers" grep -Eq \
			"^pram-kexec.sh: the next kernel would not fit: [0-9]+ MiB of RAM, [0-9]+ MiB preserved, leave [0-9]+ MiB; it needs [0-9]+ MiB \(its image, the initrd and PRAM_KEXEC_MIN_FREE=100000 MiB\); not loaded\$" /tmp/fit.err
		ktap_check "counting the tree not saved yet among what PRAM keeps" \
			test "$(sed -n 's/.* RAM, \([0-9]*\) MiB preserved.*/\1/p' /tmp/fit.err)" -ge 40
		ktap_check "and nothing is loaded" test "$(cat /sys/kernel/kexec_loaded)" = 0
		rm /big/data
		ktap_check "the tree, emptied, is saved at unmount" umount /big
		load_next 2 "harness.order=$order" -- harness.initword
		;;
	2|3)
		ktap_plan $(($1 == 2 ? 10 : 8))
		ktap_check "the '*' of a boot parameter reached this kernel unexpanded" \
			test "$(cmdline_all harness.glob)" = "*"
		ktap_check "exactly one pram= on the command line" \
			test "$(cmdline_all pram | wc -l)" = 1
		ktap_check "it is the one the previous kernel handed over" \
			test "$(cmdline_all pram)" = "$(cmdline_value harness.pram)"
		ktap_check "pram= comes before the one '--', and init's word after it" \
			pram_before_init_word
		ktap_check "init got its word" \
			sh -c "tr '\\0' ' ' < /proc/1/cmdline | grep -qw harness.initword"
		mkdir -p /p
		ktap_check "mount -o pram=glob restores the tree" \
			mount -t tmpfs -o pram=glob none /p
		ktap_check "with its file" \
			grep -qx "written in stage 1" /p/file
		ktap_check "readdir lists its names in the order it did before kexec" \
			test "$(names_in_order | tr ' ' ,)" = "$(cmdline_value harness.order)"
		if [ "$1" = 2 ]; then
			ktap_check "umount saves it again" umount /p
			load_next 3
		fi
		;;
	esac
}
