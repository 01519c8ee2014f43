# SPDX-License-Identifier: GPL-2.0
# A kernel loaded for kexec without this kernel's pram= takes nothing
# over. The kernel must say so when kexec_file_load() loads it, whether
# the pram= is missing, stale or after "--", and at kexec, where the
# nodes are lost; a load with the right pram= says nothing, and after
# kexec_load() the kernel says what the command line must carry.
# Stage 1 saves a tree, loads five times, and kexecs with the last load,
# which lacks pram=: the next kernel must find nothing.
#
# vm: about a kexec load without this kernel's pram= is named at load and at kexec, and nothing arrives
# vm: order 26
# vm: stages 2
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0
# vm: expect-console PRAM: handing over 2 nodes \([0-9]+ MiB\) to a kernel whose command line has no pram=: they are lost
# vm: reject-console PRAM: super block lists

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

run_stage() {
	local token base
	case "$1" in
	1)
		ktap_plan 11
		save_random_tree t 8
		token=$(cat /sys/kernel/pram)
		base=$(next_cmdline 2)
		pack_initrd
		ktap_check "a load with pram=$token says nothing" load_s 0 "$base pram=$token"
		ktap_check "a load without pram= is named" load_s 1 "$base"
		ktap_check "with the saved nodes and how to fix it" \
			dmesg_has "PRAM: the kernel just loaded has no pram=: the 2 nodes ([0-9]* MiB) saved so far, and any saved later, will be lost; add pram=$token\$"
		ktap_check "a load with a stale pram= is named" load_s 1 "$base pram=1"
		ktap_check "as not this kernel's" dmesg_has "has a pram= that is not this kernel's: the 2 nodes"
		ktap_check "a load with pram= after -- is named" load_s 1 "$base -- single pram=$token"
		ktap_check "as passed to init" dmesg_has 'has pram= only after "--", where the kernel passes it to init'
		ktap_check "kexec -l (kexec_load) loads it" \
			kexec -l /kernel --initrd=/tmp/initrd.cpio --append="$base pram=$token"
		ktap_check "and the kernel says what its command line must carry" \
			dmesg_has "PRAM: a kernel loaded with kexec_load gets the hand-over only if its command line carries pram=$token before"
		kexec -s -l /kernel --initrd=/tmp/initrd.cpio --append="$base"
		exec_stage 2
		;;
	2)
		ktap_plan 3
		ktap_check "the kernel took nothing over" sh -c '! dmesg | grep -q "PRAM: super block"'
		mkdir -p /t
		ktap_check "mount pram=t" mount -t tmpfs -o pram=t none /t
		ktap_check "finds nothing saved under its name" \
			dmesg_has "tmpfs: pram=t: nothing saved under this name"
		;;
	esac
}
