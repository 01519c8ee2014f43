# SPDX-License-Identifier: GPL-2.0
# PRAM's allocator gives up: with every page above 1 MiB banned, the page
# allocator has nothing PRAM may keep. PRAM parks what it is handed, stops
# after as many folios as the banned regions hold, gives the parked memory
# back and disables saving for the boot, without calling the OOM killer
# and without hanging the boot.
#
# vm: about with every page above 1 MiB banned, saving gives up cleanly: no OOM kill, no hang
# vm: order 47
# vm: stages 1
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0 --append pram_banned=1M-4G
# vm: expect-console PRAM: cannot prepare the hand-over \(-ENOMEM\): saving disabled
# vm: reject-console invoked oom-killer|Out of memory|blocked for more than

. /lib/pram.sh

# MemAvailable, in MiB.
available_mib() {
	awk '/^MemAvailable:/ { print int($2 / 1024) }' /proc/meminfo
}

run_stage() {
	local avail total
	ktap_plan 3
	ktap_check "saving fails cleanly with ENODEV" \
		tp_fails "No such device" save small byte 7 $((1 << 20))
	# What PRAM parked went back to the page allocator when it gave up.
	avail=$(available_mib)
	total=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)
	diag "MemAvailable: $avail MiB of $total"
	# PRAM parks all it can before it gives up: kept, that is nearly all.
	ktap_check "the memory is available ($avail MiB, at least $((total * 3 / 4)))" \
		[ "$avail" -ge $((total * 3 / 4)) ]
	mkdir -p /t
	ktap_check "250 MiB can be written to a tmpfs" \
		sh -c 'mount -t tmpfs -o size=90% none /t &&
		       dd if=/dev/zero of=/t/f bs=1M count=250 status=none && umount /t'
}
