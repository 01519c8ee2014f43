# SPDX-License-Identifier: GPL-2.0
# A loader that forgets pram=, or passes the previous boot's (what
# kexec --reuse-cmdline copies), must not lose the hand-over:
# kexec_file_load() puts this kernel's pram= on the command line itself
# and leaves out any other before "--". kexec_load() keeps its command
# line out of the kernel's reach, so there the kernel says what the line
# must carry, at load and at kexec.
# Stage 1 saves a tree and kexecs with kexec -s --reuse-cmdline, with no
# pram= anywhere; stage 2 must get the tree and kexec the same way, now
# with its own stale pram= in the reused line; stage 3 must get the tree
# again, and kexecs with kexec_load without pram=, so stage 4 finds
# nothing, and the previous kernel has said so.
#
# vm: about kexec_file_load carries the hand-over whatever the command line says; a kexec_load without pram= is named
# vm: order 26
# vm: stages 4
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0
# vm: expect-console PRAM: handing over 2 nodes \([0-9]+ MiB\) to a kernel loaded with kexec_load: they are lost unless its command line carries pram=[0-9a-f]+

. /lib/pram.sh

# load_s WARNINGS CMDLINE: kexec -s -l the next kernel with CMDLINE; the
# number of lines PRAM logs meanwhile must be WARNINGS.
load_s() {
	local want=$1 before after
	before=$(dmesg | grep -c "PRAM: ")
	kexec -s -l /kernel --initrd=/tmp/initrd.cpio --append="$2" || return 1
	after=$(dmesg | grep -c "PRAM: ")
	[ $((after - before)) = "$want" ]
}

# only_pram PFN: the command line this kernel booted with has one pram=,
# PFN's, first.
only_pram() {
	diag "booted with: $(cat /proc/cmdline)"
	[ "$(grep -o 'pram=[^ ]*' /proc/cmdline)" = "pram=$1" ] &&
		grep -q "^pram=$1 " /proc/cmdline
}

# reuse_stage STAGE: load this kernel again as kexec --reuse-cmdline does,
# with the harness's words for STAGE and no pram= of our own, and kexec.
reuse_stage() {
	local sum
	sum=$(md5sum < /t/data)
	pack_initrd
	if ! kexec -s -l /kernel --initrd=/tmp/initrd.cpio --reuse-cmdline \
		--append="harness.stage=$1 harness.prev=$(cat /sys/kernel/pram) harness.sum=${sum%% *}"; then
		ktap_fail "kexec -s -l --reuse-cmdline loads the next kernel"
		harness_end
	fi
}

# got_tree: tree t came back, every byte as it was saved.
got_tree() {
	local sum
	mkdir -p /t
	mount -t tmpfs -o pram=t none /t || return 1
	sum=$(md5sum < /t/data)
	[ "${sum%% *}" = "$(cmdline_value harness.sum)" ]
}

run_stage() {
	local token base
	case "$1" in
	1)
		ktap_plan 9
		save_random_tree t 8
		token=$(cat /sys/kernel/pram)
		base=$(next_cmdline 2)
		pack_initrd
		ktap_check "a kexec -s load without pram= gets one line from PRAM" \
			load_s 1 "$base"
		ktap_check "which says it carries the hand-over and what it holds" \
			dmesg_has "PRAM: the kernel just loaded gets the hand-over, pram=$token: 2 nodes ([0-9]* MiB) saved so far\$"
		ktap_check "a load with another pram=, and ours after --, gets two" \
			load_s 2 "$base pram=1 -- single pram=$token"
		ktap_check "the other pram= is named as replaced" \
			dmesg_has "PRAM: the command line of the kernel being loaded names 1 other hand-over: replaced by pram=$token\$"
		ktap_check "kexec -l (kexec_load) loads it" \
			kexec -l /kernel --initrd=/tmp/initrd.cpio --append="$base"
		ktap_check "and the kernel says what its command line must carry" \
			dmesg_has "PRAM: a kernel loaded with kexec_load gets the hand-over only if its command line carries pram=$token before"
		reuse_stage 2
		ktap_check "a line without pram= is loaded with kexec -s --reuse-cmdline" \
			dmesg_has "PRAM: the kernel just loaded gets the hand-over, pram=$token: 2 nodes"
		exec_stage 2
		;;
	2)
		ktap_plan 6
		ktap_check "the kernel booted with the previous kernel's pram=, once, first" \
			only_pram "$(cmdline_value harness.prev)"
		ktap_check "mount pram=t gets the tree, every byte" got_tree
		ktap_check "remount,pram_save saves t again" mount -o remount,pram_save /t
		token=$(cat /sys/kernel/pram)
		ktap_check "this kernel's pram= ($token) is not the one it booted with" \
			test "pram=$token" != "pram=$(cmdline_value harness.prev)"
		reuse_stage 3
		ktap_check "kexec -s --reuse-cmdline replaces the stale pram=" \
			dmesg_has "PRAM: the command line of the kernel being loaded names 1 other hand-over: replaced by pram=$token\$"
		ktap_check "and the kernel just loaded gets the hand-over" \
			dmesg_has "PRAM: the kernel just loaded gets the hand-over, pram=$token: 2 nodes"
		exec_stage 3
		;;
	3)
		ktap_plan 4
		ktap_check "the kernel booted with the previous kernel's pram=, once, first" \
			only_pram "$(cmdline_value harness.prev)"
		ktap_check "mount pram=t gets the tree again, every byte" got_tree
		ktap_check "remount,pram_save saves t again" mount -o remount,pram_save /t
		pack_initrd
		ktap_check "kexec -l (kexec_load) without pram= loads the next kernel" \
			kexec -l /kernel --initrd=/tmp/initrd.cpio --append="$(next_cmdline 4)"
		exec_stage 4
		;;
	4)
		ktap_plan 3
		ktap_check "the kernel took nothing over" sh -c '! dmesg | grep -q "PRAM: super block"'
		mkdir -p /t
		ktap_check "mount pram=t" mount -t tmpfs -o pram=t none /t
		ktap_check "finds nothing saved under this name" \
			dmesg_has "tmpfs: pram=t: nothing saved under this name"
		;;
	esac
}
