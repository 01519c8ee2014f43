# SPDX-License-Identifier: GPL-2.0
# Freeing from userspace: what the previous kernel preserved and nobody
# loads goes back to the allocator with "echo 0 > /sys/kernel/pram".
#
# vm: about echo 0 > /sys/kernel/pram gives back what nobody loads
# vm: order 60
# vm: stages 2
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0

. /lib/pram.sh

SIZE=$((64 << 20))

mem_free_kb() {
	awk '/^MemFree:/ { print $2 }' /proc/meminfo
}

# write_fails VALUE MESSAGE: writing VALUE to /sys/kernel/pram fails so.
write_fails() {
	! echo "$1" 2>/tmp/w.err > /sys/kernel/pram && grep -q "$2" /tmp/w.err
}

run_stage() {
	case "$1" in
	1)
		ktap_plan 2
		tp_check save unused page 3 $SIZE
		tp_check save unused-bytes byte 4 $((1 << 20))
		kexec_stage 2 "pram=$(cat /sys/kernel/pram)"
		;;
	2)
		local before after
		ktap_plan 7
		check_reserved
		ktap_check "writing 1 is refused with EINVAL" write_fails 1 "Invalid argument"
		ktap_check "writing a word is refused with EINVAL" write_fails free "Invalid argument"
		before=$(mem_free_kb)
		ktap_check "writing 0 succeeds" sh -c 'echo 0 > /sys/kernel/pram'
		after=$(mem_free_kb)
		diag "MemFree $before kB before, $after kB after"
		ktap_check "the kernel freed both nodes' $(((SIZE + (1 << 20)) / 4096)) pages" \
			dmesg_has "PRAM: freed 2 nodes holding $(((SIZE + (1 << 20)) / 4096)) pages, on request"
		# Freed pages wait on per-CPU lists that MemFree does not count,
		# and some are in use again by the time it is read: a margin.
		ktap_check "MemFree rose by the 65 MiB preserved, within 8 MiB" \
			test $((after - before)) -ge $(((SIZE + (1 << 20)) / 1024 - 8192))
		ktap_check "the freed node is gone" tp_fails "No such file" \
			verify unused page 3 $SIZE
		;;
	esac
}
