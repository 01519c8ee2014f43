# SPDX-License-Identifier: GPL-2.0
# The benchmark's guest side: tmpfs trees kept by PRAM against the same
# data copied in RAM and through ext4 on a virtio disk, across kexec.
# Every figure is measured here, in the guest, and reported as
#   # bench: METRIC CONFIG MIB REP VALUE
# for scripts/bench.sh to gather. Nothing is judged on speed.
#
# Stages 1 to EMPTY kexec with nothing preserved, for the downtime's
# baseline; then stages alternate between preparing a repetition (fill,
# copy, save) and measuring it after kexec (restore, read back), for small
# pages and huge=always in turn.
#
# vm: about benchmark: tmpfs kept by PRAM against cp -a in RAM and ext4 on a disk, across kexec
# vm: manual scripts/bench.sh, which gives the stages and QEMU options

. /lib/pram.sh

SIZES=$(cmdline_value bench.sizes | tr , ' ')	# MiB
REPS=$(cmdline_value bench.reps)
NOCSUM=$(cmdline_value bench.nocsum)		# the size also saved without checksums
FILES=16
EMPTY=3		# boots with nothing preserved: scripts/bench.sh counts them too

now_us() {
	echo $(($(benchtool now) / 1000))
}

report() {
	echo "# bench: $*" >&3
}

# timed METRIC CONFIG MIB REP COMMAND...: run COMMAND, report its time.
timed() {
	local metric=$1 config=$2 mib=$3 rep=$4 t0 t1
	shift 4
	t0=$(now_us)
	"$@" || { ktap_fail "$metric $config $mib MiB: $*"; return 1; }
	t1=$(now_us)
	report "$metric $config $mib $rep $((t1 - t0))"
}

# The configuration of the repetition a stage prepares or measures.
config_of() {
	[ $(($1 % 2)) = 0 ] && echo small || echo huge
}

huge_opt() {
	[ "$1" = huge ] && echo ",huge=always" || echo ""
}

sync_disk() {
	sync && echo 3 > /proc/sys/vm/drop_caches
}

prepare() {
	local config=$1 rep=$2 mib opt
	opt=$(huge_opt "$config")
	mkdir -p /b /copy
	for mib in $SIZES; do
		mkdir -p "/b/$mib"
		mount -t tmpfs -o "pram=b$mib$opt,size=$((mib * 2))m" none "/b/$mib"
		benchtool fill "/b/$mib" $((mib << 20)) $FILES
		# The memcpy bound: the same tree copied inside RAM.
		mount -t tmpfs -o "size=$((mib * 2))m$opt" none /copy
		timed ram_copy "$config" "$mib" "$rep" cp -a "/b/$mib/." /copy/
		umount /copy
		# The disk alternative: copy to ext4, and sync.
		rm -rf "/disk/$mib"
		sync_disk
		timed disk_save "$config" "$mib" "$rep" sh -c "cp -a /b/$mib /disk/$mib && sync"
		timed pram_save "$config" "$mib" "$rep" mount -o remount,pram_save "/b/$mib"
	done
	if [ "$config" = small ] && [ -n "$NOCSUM" ]; then
		set_checksum 0
		mkdir -p /b/nocsum
		mount -t tmpfs -o "pram=nocsum,size=$((NOCSUM * 2))m" none /b/nocsum
		benchtool fill /b/nocsum $((NOCSUM << 20)) $FILES
		timed pram_save nocsum "$NOCSUM" "$rep" mount -o remount,pram_save /b/nocsum
		set_checksum 1
	fi
}

# set_checksum 0|1: pram.checksum for nodes saved from now on; a benchmark
# that cannot switch it would measure the wrong thing, so it stops.
set_checksum() {
	if ! echo "$1" > /sys/module/pram/parameters/checksum; then
		ktap_fail "pram.checksum can be set to $1"
		harness_end
	fi
}

measure() {
	local config=$1 rep=$2 mib opt restore=0 t0 t1 line
	opt=$(huge_opt "$config")
	report "userspace_at $config 0 $rep $(awk '{ printf "%d", $1 * 1000000 }' /proc/uptime)"
	line=$(reserved_numbers || true)
	[ -n "$line" ] && report "reserve $config 0 $rep $(echo "$line" | awk '{ print $3 }')"
	for mib in $SIZES; do
		t0=$(now_us)
		mount -t tmpfs -o "pram=b$mib$opt,size=$((mib * 2))m" none "/b/$mib" ||
			ktap_fail "mount pram=b$mib"
		t1=$(now_us)
		report "pram_restore $config $mib $rep $((t1 - t0))"
		restore=$((restore + t1 - t0))
		timed pram_read "$config" "$mib" "$rep" benchtool readall "/b/$mib" >/dev/null
		timed disk_read "$config" "$mib" "$rep" benchtool readall "/disk/$mib" >/dev/null
	done
	report "restore_all $config 0 $rep $restore"
	if [ "$config" = small ] && [ -n "$NOCSUM" ]; then
		timed pram_restore nocsum "$NOCSUM" "$rep" \
			mount -t tmpfs -o "pram=nocsum,size=$((NOCSUM * 2))m" none /b/nocsum
		umount /b/nocsum
	fi
	# Make room for the next repetition: unmounting saves again, so
	# free what that saved.
	for mib in $SIZES; do
		umount "/b/$mib"
	done
	echo 0 > /sys/kernel/pram
}

# What a checksum costs under this emulator, in ns per 4 KiB page: crc32c
# table-driven and with the SSE4.2 instruction, and xxh64, PRAM's; the
# CPUs that share the work; and what copying a page costs, to set PRAM's
# costs per page against.
report_crc32c() {
	local crc
	crc=$(benchtool crc32c 64) || { ktap_fail "benchtool crc32c"; return; }
	# "sw NS hw NS xxh64 NS"
	set -- $crc
	report "crc32c_sw guest 0 1 $2"
	report "crc32c_hw guest 0 1 $4"
	report "xxh64 guest 0 1 $6"
	report "cpus guest 0 1 $(nproc)"
	crc=$(benchtool copy 64) || { ktap_fail "benchtool copy"; return; }
	report "page_copy guest 0 1 $crc"
}

run_stage() {
	# s: the stage counted from the last boot with nothing preserved, 1
	local stage=$1 last=$((EMPTY + 1 + 2 * REPS)) s=$(($1 - EMPTY + 1))
	mkdir -p /disk
	mount -t ext4 /dev/vda /disk || { ktap_plan 1; ktap_fail "mount the benchmark disk"; return; }
	ktap_plan 1
	if [ "$stage" -ge 2 ] && [ "$stage" -le $((EMPTY + 1)) ]; then
		report "userspace_at empty 0 $((stage - 1)) $(awk '{ printf "%d", $1 * 1000000 }' /proc/uptime)"
	fi
	if [ "$s" -gt 2 ]; then
		measure "$(config_of $((s - 1)))" $(((s - 1) / 2))
	elif [ "$s" = 2 ]; then
		report_crc32c
	fi
	if [ "$stage" -lt "$last" ] && [ "$s" -ge 2 ]; then
		prepare "$(config_of "$s")" $((s / 2))
	fi
	ktap_ok "benchmark stage $stage of $last"
	umount /disk
	[ "$stage" -lt "$last" ] && kexec_stage $((stage + 1)) "pram=$(cat /sys/kernel/pram)"
}
