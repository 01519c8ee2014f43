# SPDX-License-Identifier: GPL-2.0
# Debian system test: a real service under systemd keeps its running
# state across a kernel update. pram-counter.service (the example the
# admin guide describes) runs counter.c's process tree in a pram= tmpfs;
# 'systemctl kexec' stops it, and its ExecStop= dumps the tree with criu
# into the tmpfs before the tmpfs is unmounted and saved. In the next
# kernel the unit starts at boot, restores the tree from there, and the
# tree must go on under the unit: active, its main PID the restored
# root, in the unit's cgroup, counting on from where it stopped with its
# memory intact.
# shellcheck shell=bash
# vm: about Debian: a systemd service dumped by CRIU at systemctl kexec goes on under its unit after it
# vm: system
# vm: stages 2
# vm: qemu --mem 1G --timeout 900 --root debian
# vm: qemu --append kunit.enable=0 --append ignore_loglevel
# vm: expect-console tmpfs: pram=criu: restored [0-9]+ inodes

LIB=/usr/local/lib/pram-systest
UNIT=pram-counter.service
DIR=/srv/criu/service

tick() {
	grep -a '^tick ' "$DIR/out.log" | tail -n 1 | cut -d' ' -f2
}

main_pid() {
	systemctl show -p MainPID --value "$UNIT"
}

# counting_on FROM: out.log counts 1, 2, 3... with nothing lost or
# repeated, at least 5 ticks past FROM.
counting_on() {
	local ticks n
	ticks=$(grep -a '^tick ' "$DIR/out.log" | cut -d' ' -f2)
	n=${ticks##*$'\n'}
	diag "dumped at tick $1, now at tick ${n:-none}"
	[ -n "$n" ] && [ "$n" -ge $(($1 + 5)) ] && [ "$ticks" = "$(seq 1 "$n")" ]
}

# memory_intact PID: the root sums its memory again on SIGUSR1.
memory_intact() {
	local want _
	want=$("$LIB/counter" sum)
	rm -f "$DIR/memory"
	kill -USR1 "$1" || return 1
	for _ in $(seq 1 100); do
		[ -s "$DIR/memory" ] && break
		sleep 0.2
	done
	grep -qx "memory ok $want" "$DIR/memory"
}

stage_start() {
	ktap_plan 4
	ktap_check "systemctl enable --now $UNIT" systemctl enable --now "$UNIT"
	sleep 3
	ktap_check "the unit is active" systemctl is-active -q "$UNIT"
	ktap_check "its tree counts" test "$(tick)" -ge 10
	ktap_check "the next kernel is loaded with kexec -s --reuse-cmdline" \
		kexec -s -l "/boot/vmlinuz-$(uname -r)" --reuse-cmdline
	system_kexec
}

stage_restored() {
	local pid dumped
	ktap_plan 9
	dumped=$(cat "$DIR/dumped-at" 2>/dev/null)
	ktap_check "the unit's stop dumped the tree, at tick ${dumped:-?}" test -n "$dumped"
	ktap_check "and the journal of the boot before says so" \
		sh -c "journalctl -q -b -1 -o cat -u $UNIT | grep -q '^pram-counter: dumped the tree at tick $dumped\$'"
	ktap_check "the unit restored the tree at boot" \
		sh -c "journalctl -q -b 0 -o cat -u $UNIT | grep -q '^pram-counter: restored the tree dumped before the kexec'"
	ktap_check "the unit is active" systemctl is-active -q "$UNIT"
	pid=$(main_pid)
	ktap_check "its main PID ($pid) is the restored root" test "$pid" = "$(cat /run/pram-counter.pid)"
	ktap_check "which is PID 1 of its namespace" \
		test "$(awk '/^NSpid:/ { print $NF }' "/proc/$pid/status")" = 1
	ktap_check "in the unit's cgroup" grep -q "/$UNIT\$" "/proc/$pid/cgroup"
	sleep 2
	ktap_check "the tree counts on from tick ${dumped:-?}" counting_on "${dumped:-0}"
	ktap_check "its memory is intact" memory_intact "$pid"
	systemctl disable --now "$UNIT" >/dev/null 2>&1 || true
}

run_stage() {
	case "$1" in
	1) stage_start ;;
	2) stage_restored ;;
	*) ktap_plan 1; ktap_fail "service has no stage $1" ;;
	esac
}
