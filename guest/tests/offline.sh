# SPDX-License-Identifier: GPL-2.0
# Memory going offline. A preserved page cannot move: its pfn is in the
# hand-over. Offlining a memory block that holds one must fail at once
# with EBUSY, naming the node, and leave the saved tree as it was; once
# the tree is writable again (its saved copy dropped), the same block
# goes offline, its pages migrated. The saved tree then arrives intact.
# A tmpfs file fills ZONE_MOVABLE (movablecore=), where page cache goes
# first; the block used is the highest one of the zone that goes offline
# with nothing preserved, since early boot allocations, which are not
# movable, fill the top of memory.
# KASLR stays on. The file is as large as the zone's free memory, and
# 16 MiB more, so that no block of the zone that went offline before is
# left without a page of it. A block that holds part of the kernel's
# image cannot go offline, nor can the top block, where early boot
# allocates: the zone has three blocks so that KASLR, which puts the
# image anywhere, still leaves one that can. If none can, the stage runs
# again in a new kernel, up to three boots.
#
# vm: about offlining memory that holds preserved pages fails at once with EBUSY
# vm: order 72
# vm: stages 2
# vm: qemu --mem 1G --smp 2 --timeout 300 --append kunit.enable=0 --append movablecore=384M
# vm: expect-console PRAM: memory \[mem 0x[0-9a-f]+-0x[0-9a-f]+\] stays online: node 'tmpfs:off:data' preserves pages there

. /lib/pram.sh

MEMORY=/sys/devices/system/memory

# set_state BLOCK STATE: write STATE to the block's state file. Offlining
# a block whose pages cannot move retries until a signal: the write fails
# after 30 s then.
set_state() {
	local status=0
	timeout 30 sh -c "echo $2 > $MEMORY/memory$1/state" 2>/tmp/state.err || status=$?
	[ ! -s /tmp/state.err ] || diag "echo $2 > memory$1/state: $(cat /tmp/state.err)"
	return $status
}

state_is() {
	[ "$(cat "$MEMORY/memory$1/state")" = "$2" ]
}

# cycle BLOCK: BLOCK goes offline and back online, in ZONE_MOVABLE.
cycle() {
	set_state "$1" offline && state_is "$1" offline &&
		set_state "$1" online_movable && state_is "$1" online
}

# movable_block: the highest block of ZONE_MOVABLE that can go offline.
movable_block() {
	local n
	for n in $(ls -d "$MEMORY"/memory* | sed 's/.*memory//' | sort -rn); do
		grep -q Movable "$MEMORY/memory$n/valid_zones" || break
		if cycle "$n" 2>/dev/null; then
			echo "$n"
			return
		fi
	done
	return 1
}

# refused BLOCK NODE: offlining BLOCK fails with EBUSY in under 10 s,
# naming NODE, and BLOCK stays online.
refused() {
	local start end
	start=$(cut -d' ' -f1 /proc/uptime)
	! set_state "$1" offline && grep -q "busy" /tmp/state.err &&
		end=$(cut -d' ' -f1 /proc/uptime) &&
		[ "$(echo "$start $end" | awk '{ print ($2 - $1 < 10) }')" = 1 ] &&
		state_is "$1" online &&
		dmesg_has "stays online: node '$2' preserves pages there"
}

sum_is() {
	[ "$(md5sum /off/file | cut -d' ' -f1)" = "$1" ]
}

run_stage() {
	local block sum mib
	case "$1" in
	1)
		block=$(movable_block) || block=
		if [ -z "$block" ]; then
			relayout "no block of ZONE_MOVABLE goes offline with nothing preserved; this kernel's image: $(grep 'Kernel code' /proc/iomem | tr -s ' ')"
		fi
		ktap_plan 8
		ktap_ok "a block of ZONE_MOVABLE goes offline and online with nothing preserved: $block"
		mkdir -p /off
		mount -t tmpfs -o pram=off none /off
		# All of ZONE_MOVABLE's free memory and more: page cache fills
		# the zone first, so every block of it holds part of the file.
		mib=$(($(movable_free_pages) / 256 + 16))
		diag "a file of $mib MiB for ZONE_MOVABLE's $(movable_free_pages) free pages"
		dd if=/dev/urandom of=/off/file bs=1M count=$mib 2>/dev/null
		sum=$(md5sum /off/file | cut -d' ' -f1)
		ktap_check "remount,pram_save saves the tree" mount -o remount,pram_save /off
		ktap_check "offlining block $block, which holds the saved tree, fails at once with EBUSY" \
			refused "$block" tmpfs:off:data
		ktap_check "the saved tree is unchanged" sum_is "$sum"
		ktap_check "remount,rw drops the saved copy" mount -o remount,rw /off
		ktap_check "then block $block goes offline, its pages migrated, and online again" \
			cycle "$block"
		ktap_check "the tree is unchanged" sum_is "$sum"
		ktap_check "remount,pram_save saves it again" mount -o remount,pram_save /off
		kexec_stage 2 "pram=$(cat /sys/kernel/pram)" "harness.sum=$sum"
		;;
	2)
		ktap_plan 3
		check_reserved
		mkdir -p /off
		ktap_check "mount pram=off restores the tree" mount -t tmpfs -o pram=off none /off
		ktap_check "the file holds the bytes it held before the kexec" \
			sum_is "$(cmdline_value harness.sum)"
		;;
	esac
}
