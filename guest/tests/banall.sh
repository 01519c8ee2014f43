# SPDX-License-Identifier: GPL-2.0
# PRAM's allocator gives up: with every page above 1 MiB banned, the page
# allocator has nothing PRAM may keep. PRAM parks what it is handed, stops
# after as many folios as the banned regions hold, gives the parked memory
# back and disables saving for the boot, without calling the OOM killer
# and without hanging the boot.
# pram_banned=1M-4G bans every page only if RAM ends below 4 GiB and the
# kernel reserves the first MiB early (x86 does, and memblock's record
# bans what it reserves): the test checks that every page of System RAM
# in /proc/iomem is banned rather than assume it. What it expects to be
# available again is measured against what the boot uses, not the size
# of the machine.
#
# vm: about with every page above 1 MiB banned, saving gives up cleanly: no OOM kill, no hang
# vm: order 47
# vm: stages 1
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0 --append pram_banned=1M-4G
# vm: expect-console PRAM: cannot prepare the hand-over \(-ENOMEM\): saving disabled
# vm: reject-console invoked oom-killer|Out of memory|blocked for more than

. /lib/pram.sh

# meminfo_mib FIELD: a /proc/meminfo field, in MiB.
meminfo_mib() {
	awk -v f="$1:" '$1 == f { print int($2 / 1024) }' /proc/meminfo
}

# unbanned_ram: the System RAM of /proc/iomem that no banned region
# covers, "FIRST-LAST" pfn ranges in hexadecimal; nothing if all is banned.
unbanned_ram() {
	banned_ranges > /tmp/banned || { echo "the banned regions are not in the kernel log"; return; }
	sed -n 's/^\([0-9a-f]*\)-\([0-9a-f]*\) : System RAM$/0x\1 0x\2/p' /proc/iomem |
		awk 'BEGIN { n = 0 }
		     FILENAME == "/tmp/banned" { a[n] = $1; b[n++] = $2; next }
		     {
			# The banned table is sorted and its ranges never touch.
			p = int(($1 + 0) / 4096); last = int(($2 + 0) / 4096)
			for (i = 0; i < n && p <= last; i++)
				if (a[i] <= p && p <= b[i])
					p = b[i] + 1
				else if (a[i] > p) {
					printf "%x-%x ", p, (a[i] - 1 < last ? a[i] - 1 : last)
					p = a[i] <= last ? b[i] + 1 : last + 1
				}
			if (p <= last)
				printf "%x-%x ", p, last
		     }' /tmp/banned -
}

run_stage() {
	local avail total shmem want left
	ktap_plan 4
	left=$(unbanned_ram)
	ktap_check "every page of System RAM is banned${left:+: not pfn $left}" [ -z "$left" ]
	ktap_check "saving fails cleanly with ENODEV" \
		tp_fails "No such device" save small byte 7 $((1 << 20))
	# What PRAM parked went back to the page allocator when it gave up.
	avail=$(meminfo_mib MemAvailable)
	total=$(meminfo_mib MemTotal)
	shmem=$(meminfo_mib Shmem)
	diag "MemAvailable: $avail MiB of $total, $shmem in tmpfs (the initramfs)"
	# PRAM parks all it can before it gives up: kept, that is nearly all
	# of what the initramfs and the kernel leave.
	want=$(((total - shmem) * 3 / 4))
	ktap_check "the memory is available ($avail MiB, at least $want)" [ "$avail" -ge "$want" ]
	mkdir -p /t
	ktap_check "$((avail / 2)) MiB, half of it, can be written to a tmpfs" \
		sh -c "mount -t tmpfs -o size=90% none /t &&
		       dd if=/dev/zero of=/t/f bs=1M count=$((avail / 2)) status=none && umount /t"
}
