# SPDX-License-Identifier: GPL-2.0
# Debian system test: CRIU across a kernel update. Two copies of the same
# process tree (counter.c: the root of a PID namespace and its child, 64
# MiB of anonymous memory, a pipe, a file written at its position, a tick
# every 100 ms) are dumped with criu, one into a tmpfs mounted with
# pram=criu from /etc/fstab, one onto the ext4 root disk; 'systemctl
# kexec'; both are restored with 'criu restore -d' and must go on from
# where they stopped. The time of every step, for both, is in the
# diagnostics. harness.break=dump on the command line removes the
# restored PRAM dump before the restore, to see the test fail.
# shellcheck shell=bash
# vm: about Debian: a process tree dumped by CRIU into a pram= tmpfs goes on after systemctl kexec
# vm: system
# vm: stages 2
# vm: qemu --mem 1G --timeout 900 --root debian
# vm: qemu --append kunit.enable=0 --append ignore_loglevel
# vm: expect-console tmpfs: pram=criu: restored [0-9]+ inodes

LIB=/usr/local/lib/pram-systest
STATE=/var/lib/pram-systest
PRAM_DIR=/srv/criu/tree
DISK_DIR=/var/lib/criu-disk/tree

# ms COMMAND...: run COMMAND; print how long it took, in ms, to fd 4.
ms() {
	local t0 t1 status=0
	t0=$(date +%s%N)
	"$@" || status=$?
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000)) >&4
	return $status
}

# timed NAME COMMAND...: run COMMAND, keep its time as $STATE/NAME.ms.
timed() {
	local name=$1
	shift
	ms "$@" 4> "$STATE/$name.ms"
}

# criu_log_says LOG: why criu failed, from its log.
criu_log_says() {
	local line
	if [ ! -f "$1" ]; then
		diag "criu left no log $1"
		return
	fi
	while IFS= read -r line; do
		diag "$line"
	done < <(grep -a -E 'Error|Warn' "$1" | head -n 8; tail -n 3 "$1")
}

criu_check() {
	local out line status=0
	out=$(criu check 2>&1) || status=$?
	while IFS= read -r line; do
		diag "criu check: $line"
	done <<< "$out"
	[ $status = 0 ] && echo "$out" | grep -q "Looks good"
}

last_tick() {
	grep -a '^tick ' "$1/out.log" | tail -n 1 | cut -d' ' -f2
}

# start_tree DIR: a fresh tree working in DIR; its root's PID in DIR.pid.
start_tree() {
	rm -rf "$1"
	mkdir -p "$1"
	"$LIB/counter" start "$1" > "$1.pid" 3>&-
}

dump_tree() {
	local dir=$1
	mkdir -p "$dir/dump"
	criu dump -t "$(cat "$dir.pid")" -D "$dir/dump" -o dump.log -v4 ||
		{ criu_log_says "$dir/dump/dump.log"; return 1; }
	last_tick "$dir" > "$dir.dumped"
	diag "dumped $dir at tick $(cat "$dir.dumped"): $(du -sm "$dir/dump" | cut -f1) MiB of images"
	[ "$dir" != "$PRAM_DIR" ] ||
		demo "criu dumped the counting process tree into the pram=criu tmpfs at tick $(cat "$dir.dumped") ($(du -sm "$dir/dump" | cut -f1) MiB of images); the kernel now kexecs into the next one"
}

restore_tree() {
	local dir=$1
	criu restore -d -D "$dir/dump" -o restore.log -v4 --pidfile "$dir.restored" ||
		{ criu_log_says "$dir/dump/restore.log"; return 1; }
}

# ticks_continue DIR: out.log and ticks count 1, 2, 3... with nothing lost
# or repeated, well past the tick the dump stopped at.
ticks_continue() {
	local dir=$1 n dumped ticks
	dumped=$(cat "$dir.dumped")
	# One read: the tree goes on writing while this looks.
	ticks=$(grep -a '^tick ' "$dir/out.log" | cut -d' ' -f2)
	n=${ticks##*$'\n'}
	diag "$dir: dumped at tick $dumped, now at tick ${n:-none}"
	[ "$dir" != "$PRAM_DIR" ] ||
		demo "in the next kernel, criu restored the tree from the same tmpfs: it went on counting from tick $dumped and is now at tick ${n:-none}"
	[ -n "$n" ] && [ "$n" -ge $((dumped + 5)) ] || return 1
	if [ "$ticks" != "$(seq 1 "$n")" ]; then
		diag "$dir/out.log does not count 1..$n: $(grep -a -v '^tick \|^started' "$dir/out.log" | head -n 2)"
		return 1
	fi
	# The file written at its position: 9 bytes a tick, in order, no hole.
	if [ "$(head -c $((9 * n)) "$dir/ticks")" != "$(seq -f '%08g' 1 "$n")" ]; then
		diag "$dir/ticks does not hold 1..$n at their positions"
		return 1
	fi
}

# memory_intact DIR: the root sums its memory again on SIGUSR1.
memory_intact() {
	local dir=$1 want _
	want=$("$LIB/counter" sum)
	rm -f "$dir/memory"
	kill -USR1 "$(cat "$dir.restored")" || return 1
	for _ in $(seq 1 100); do
		[ -s "$dir/memory" ] && break
		sleep 0.2
	done
	diag "$dir: $(cat "$dir/memory" 2>/dev/null || echo 'no memory report'), want $want"
	grep -qx "memory ok $want" "$dir/memory" || return 1
	[ "$dir" != "$PRAM_DIR" ] ||
		demo "its 64 MiB of memory sums to $want, as it did before the update"
}

# same_tree DIR: the restored root is PID 1 of its namespace, with a child.
same_tree() {
	local pid nspid
	pid=$(cat "$1.restored")
	nspid=$(awk '/^NSpid:/ { print $NF }' "/proc/$pid/status")
	[ "$nspid" = 1 ] && [ -n "$(cat "/proc/$pid/task/$pid/children")" ]
}

stage_dump() {
	ktap_plan 7
	ktap_check "criu check accepts this kernel" criu_check
	mountpoint -q /srv/criu || { ktap_fail "fstab mounted /srv/criu"; return; }
	ktap_check "the tree starts in PRAM's tmpfs" start_tree "$PRAM_DIR"
	ktap_check "the tree starts on the ext4 disk" start_tree "$DISK_DIR"
	sleep 3
	ktap_check "criu dumps the tree into PRAM's tmpfs" timed pram-dump dump_tree "$PRAM_DIR"
	ktap_check "criu dumps the tree onto the disk" timed disk-dump dump_tree "$DISK_DIR"
	timed disk-sync sync
	ktap_check "both trees are gone after the dump" \
		sh -c "! kill -0 $(cat "$PRAM_DIR.pid") 2>/dev/null && ! kill -0 $(cat "$DISK_DIR.pid") 2>/dev/null"
	ktap_check "the kernel package's kernel is loaded with pram-kexec" \
		pram-kexec "/boot/vmlinuz-$(uname -r)"
	system_kexec
}

stage_restore() {
	local how
	ktap_plan 10
	# Also the first run of criu in this kernel, which learns what the
	# kernel can do and keeps it for the next runs: not in their times.
	ktap_check "criu check accepts the next kernel" criu_check
	ktap_check "criu's images came back in PRAM's tmpfs" test -s "$PRAM_DIR/dump/inventory.img"
	if [ "$(cmdline_value harness.break)" = dump ]; then
		diag "harness.break=dump: removing the restored PRAM dump"
		rm -rf "$PRAM_DIR/dump"
	fi
	for how in pram disk; do
		local dir=$PRAM_DIR
		[ $how = pram ] || dir=$DISK_DIR
		if ! timed "$how-restore" restore_tree "$dir"; then
			ktap_fail "criu restores the tree dumped to $how"
			ktap_fail "the $how tree's counter, pipe and file position go on # restore failed"
			ktap_fail "the $how tree's memory is intact # restore failed"
			ktap_fail "the $how tree is a PID namespace with its child # restore failed"
			continue
		fi
		ktap_ok "criu restores the tree dumped to $how"
		sleep 2
		ktap_check "the $how tree's counter, pipe and file position go on" ticks_continue "$dir"
		ktap_check "the $how tree's memory is intact" memory_intact "$dir"
		ktap_check "the $how tree is a PID namespace with its child" same_tree "$dir"
		kill -9 "$(cat "$dir.restored")" 2>/dev/null
	done
	diag "times in ms: dump to PRAM $(cat $STATE/pram-dump.ms), to disk $(cat $STATE/disk-dump.ms) + sync $(cat $STATE/disk-sync.ms); restore from PRAM $(cat $STATE/pram-restore.ms 2>/dev/null), from disk $(cat $STATE/disk-restore.ms 2>/dev/null)"
	diag "$(journalctl -q -b -1 -k -o cat | grep -a 'pram=criu: saved' | tail -n 1) (previous boot)"
	diag "$(journalctl -q -b 0 -k -o cat | grep -a 'pram=criu: restored' | tail -n 1)"
}

run_stage() {
	case "$1" in
	1) stage_dump ;;
	2) stage_restore ;;
	*) ktap_plan 1; ktap_fail "criu has no stage $1" ;;
	esac
}
