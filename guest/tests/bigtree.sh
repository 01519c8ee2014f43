# SPDX-License-Identifier: GPL-2.0
# Scale: a tmpfs of 4 KiB pages kept across kexec at several sizes, up to
# most of a 16 GiB guest, every byte compared after each kexec. Each
# phase is timed, for the benchmark to report per GiB:
#   save      remount,pram_save, in the guest
#   finalize  building the hand-over at kexec: the previous kernel's own
#             figure, which the next kernel prints ("built the hand-over"),
#             with the bitmap and extent pages it needed
#   reserve   the next kernel's reservation, from its log
#   check     the check of the data checksums, from its log: behind the
#             mount, with what the background check did of the data
#             before it let go of it if the mount came while it was on
#             it; else the background check's
#   restore   the mount that takes the tree over, in the guest
# Stage 1 fills and saves the first size; each later stage restores and
# verifies the previous size, frees it, and fills and saves the next.
#
# vm: about a tmpfs of 4 KiB pages at 1, 4 and 12 GiB across kexec, every byte compared, each phase timed
# vm: manual scripts/bench.sh, which gives the sizes, the stages and 16 GiB

. /lib/pram.sh

SIZES=$(cmdline_value bench.scale | tr , ' ')	# GiB
FILE_MIB=64

report() {
	echo "# bench: $*" >&3
}

now_us() {
	echo $(($(benchtool now) / 1000))
}

# size_at N: the Nth size, counting from 1; empty past the last.
size_at() {
	echo $SIZES | awk -v n="$1" '{ print $n }'
}

files_of() {
	echo $(($1 * 1024 / FILE_MIB))
}

mount_tree() {
	mkdir -p /t
	mount -t tmpfs -o "pram=big,size=$(($1 + 1))g" none /t
}

# fill_and_save GIB: a tree of GIB GiB in 64 MiB files, saved; its save
# time reported.
fill_and_save() {
	local gib=$1 t0 t1
	if ! mount_tree "$gib"; then
		ktap_fail "mount a tmpfs of $gib GiB with pram=big"
		return 1
	fi
	if ! benchtool fill /t $((gib << 30)) "$(files_of "$gib")"; then
		ktap_fail "fill $gib GiB: $(free -m | tr -s ' \n' ' ')"
		return 1
	fi
	t0=$(now_us)
	if ! mount -o remount,pram_save /t; then
		ktap_fail "save $gib GiB"
		return 1
	fi
	t1=$(now_us)
	report "scale_save small $gib 1 $((t1 - t0))"
	ktap_ok "fill and save $gib GiB"
}

# log_number PATTERN FIELD: field FIELD of the kernel log's line that
# matches PATTERN (an extended regex), counting from the pattern's end.
log_number() {
	dmesg | sed -nE "s/.*$1//p" | head -n 1 | awk -v f="$2" '{ print $f }'
}

# report_check GIB: how long the data's check took: behind the mount, and
# in the background before it let go of the data, if there was a check
# behind the mount; else in the background. Once every byte was read back, a
# check behind the mount has unlocked its last group, and logs its time
# right after.
report_check() {
	local v= w _
	for _ in $(seq 10); do
		v=$(log_number "checked the data of node 'tmpfs:big:data' \\([0-9]+ pages\\) behind its load in " 1)
		[ -n "$v" ] && break
		sleep 0.1
	done
	if [ -n "$v" ]; then
		w=$(log_number "left node 'tmpfs:big:data' to its loader " 1)
		v=$((v + ${w:-0}))
	else
		v=$(log_number 'checked the data of [0-9]+ restored nodes \([0-9]+ pages\) in ' 1)
	fi
	if [ -n "$v" ]; then
		report "scale_check small $1 1 $((v * 1000))"
	fi
}

# restore_and_verify GIB: the tree back, every byte compared, its phases
# reported; then freed.
restore_and_verify() {
	local gib=$1 t0 t1 v
	v=$(log_number 'built the hand-over in ' 1)
	[ -n "$v" ] && report "scale_finalize small $gib 1 $v"
	v=$(log_number 'built the hand-over in [0-9]+ us, with a bitmap of ' 1)
	[ -n "$v" ] && report "scale_bitmap_kib small $gib 1 $v"
	v=$(log_number 'with a bitmap of [0-9]+ KiB and ' 1)
	[ -n "$v" ] && report "scale_extent_pages small $gib 1 $v"
	v=$(reserved_numbers | awk '{ print $3 }')
	[ -n "$v" ] && report "scale_reserve small $gib 1 $v"
	v=$(log_number 'recorded [0-9]+ nodes, every page checked against the runs, in ' 1)
	[ -n "$v" ] && report "scale_record small $gib 1 $v"
	t0=$(now_us)
	if ! mount_tree "$gib"; then
		ktap_fail "mount pram=big ($gib GiB) in the next kernel"
		dmesg | grep -a PRAM | sed 's/^/# /' >&3
		return 1
	fi
	t1=$(now_us)
	report "scale_restore small $gib 1 $((t1 - t0))"
	if benchtool verify /t $((gib << 30)) "$(files_of "$gib")"; then
		ktap_ok "every byte of $gib GiB came back"
	else
		ktap_fail "every byte of $gib GiB came back"
	fi
	report_check "$gib"
	umount /t
	echo 0 > /sys/kernel/pram
}

run_stage() {
	local stage=$1 last gib next
	last=$(($(echo $SIZES | wc -w) + 1))
	gib=$(size_at $((stage - 1)))
	next=$(size_at "$stage")
	ktap_plan $(( (stage > 1) + (stage < last) ))
	[ "$stage" -gt 1 ] && restore_and_verify "$gib"
	if [ "$stage" -lt "$last" ]; then
		fill_and_save "$next" || harness_end
		kexec_stage $((stage + 1)) "pram=$(cat /sys/kernel/pram)"
	fi
}
