# SPDX-License-Identifier: GPL-2.0
# The background check of restored data, at its two bad moments. A tree
# of 3584 MiB is saved with checksums. The next kernel runs on one CPU,
# with the check slowed to over forty seconds (pram.check_delay_us, from
# the harness patches: xxh64 checks the tree in about two), and kexecs
# again as soon as the kernel after it is loaded: the check must stop
# part-way and the node must be handed over whole. The kernel after that
# mounts the tree while its node is being checked, each group 200 us
# slower, three seconds added to the two or three it takes: the
# background check must let go of the node, the mount must return before
# the data is checked behind it, every byte must come back, the reads
# waiting for their groups, and the check behind the mount must skip the
# groups the background check found good and find every other one good.
# Nothing here aims at a place: what the two points need is time, a
# check still running, and each says so when it was over too soon. The
# one count, [12] nodes checked, is the tree's nodes wherever they lie.
#
# vm: about the background data check stops part-way at kexec, and lets a mount have the node
# vm: order 89
# vm: stages 3
# vm: qemu --mem 5G --smp 2 --timeout 900 --append kunit.enable=0
# vm: expect-console PRAM: stopped checking node 'tmpfs:big:data' part-way: it is checked again before it is loaded
# vm: expect-console PRAM: checked the data of [12] restored nodes \([0-9]+ pages\) in [0-9]+ ms: 0 damaged
# vm: expect-console PRAM: left node 'tmpfs:big:data' to its loader [0-9]+ ms in, part-way: it checks the rest behind the load
# vm: expect-console PRAM: checked the data of node 'tmpfs:big:data' \(917504 pages\) behind its load in [0-9]+ ms, skipping [1-9][0-9]* groups checked before: groups damaged: 0
# vm: reject-console fails its checksum

. /lib/pram.sh

BYTES=$((3584 << 20))
FILES=16

checked() {
	dmesg_has "PRAM: checked the data of"
}

checked_behind() {
	dmesg_has "PRAM: checked the data of node 'tmpfs:big:data'"
}

run_stage() {
	case "$1" in
	1)
		ktap_plan 2
		mkdir -p /big
		mount -t tmpfs -o pram=big,size=4g none /big
		ktap_check "3584 MiB written" /bin/benchtool fill /big $BYTES $FILES
		ktap_check "the tree is saved at unmount" umount /big
		kexec_stage 2 "pram=$(cat /sys/kernel/pram)" nosmp pram.check_delay_us=3000
		;;
	2)
		ktap_plan 2
		# The next kernel loaded first, then straight into it. Packing
		# and loading share the one CPU with the check and take seconds:
		# with 1536 MiB and the load after the test point, one full run
		# saw the check end 0.2 s before kexec -e. The last stage needs
		# neither a kernel nor the other tests' programs.
		pack_initrd ./kernel ./bin/kexecseg ./bin/kexecfail ./bin/kexecfile \
			./bin/pram-selftests/pram_tmpfs
		ktap_check "kexec -s -l loads the next kernel" \
			kexec -s -l /kernel --initrd=/tmp/initrd.cpio \
				--append="$(next_cmdline 3 "pram=$(cat /sys/kernel/pram)" pram.check_delay_us=200)"
		if checked; then
			ktap_fail "the background check is still running at kexec: $(dmesg | grep 'PRAM: checked')"
		else
			ktap_ok "the background check is still running at kexec"
		fi
		exec_stage 3
		;;
	3)
		ktap_plan 5
		if checked; then
			ktap_fail "the mount comes while the data is being checked: $(dmesg | grep 'PRAM: checked')"
		else
			ktap_ok "the mount comes while the data is being checked"
		fi
		mkdir -p /big
		ktap_check "mount pram=big restores the tree" mount -t tmpfs -o pram=big,size=4g none /big
		if checked_behind; then
			ktap_fail "the mount returned before its data was checked: $(dmesg | grep 'behind its load')"
		else
			ktap_ok "the mount returned before its data was checked"
		fi
		check_bytes /big $BYTES $FILES
		# The last group is unlocked just before the line is logged.
		for _ in $(seq 50); do
			checked_behind && break
			sleep 0.1
		done
		ktap_check "the data was checked behind the mount" checked_behind
		;;
	esac
}
