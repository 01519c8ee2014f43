#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The whole PRAM test suite: install dependencies, materialise the series,
# check and build it, then boot every guest test in QEMU across kexec and
# judge the logs. Ends with "N passed, N failed" and exits non-zero if
# anything failed.
#
#   test.sh [TEST...]     run only the named VM tests (default: all)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# name  guest-test  stages  qemu options
VM_TESTS=(
	"kunit     kunit      2 --mem 512M --smp 2"
	"kexec     kexec      2 --mem 512M --smp 2 --append kunit.enable=0"
	"handover  handover   2 --mem 512M --smp 2 --append kunit.enable=0"
	"fill      fill       2 --mem 512M --smp 2 --append kunit.enable=0 --append movablecore=96M"
	"scale     scale      3 --mem 1G   --smp 2 --append kunit.enable=0"
	"free      free       2 --mem 512M --smp 2 --append kunit.enable=0"
	"kexecload kexecload  2 --mem 512M --smp 2 --append kunit.enable=0 --append movablecore=96M"
	"samekernel samekernel 1 --mem 512M --smp 2 --append kunit.enable=0"
	"bootparams bootparams 2 --mem 512M --smp 2 --append kunit.enable=0"
	"tmpfs     tmpfs      2 --mem 1G   --smp 2 --timeout 300 --append kunit.enable=0"
)

# What a test's kernel logs must show beyond its own KTAP: the fill test
# only proves something if kexec segments really landed on preserved pages.
declare -A CONSOLE_EXPECT=(
	[fill]="PRAM: moved [0-9]+ pages out of the next kernel's way"
)

passed=0 failed=0 skipped=0
failures=()

pass() { passed=$((passed + 1)); echo "PASS: $*"; }
fail() { failed=$((failed + 1)); failures+=("$*"); echo "FAIL: $*"; }
# fail_n N MESSAGE: N failures under one message (N >= 1).
fail_n() { failed=$((failed + $1 - 1)); shift; fail "$@"; }
skip() { skipped=$((skipped + 1)); echo "SKIP: $*"; }

# Split a console log into one file per kernel: $1.kernel1, $1.kernel2...
split_kernels() {
	awk -v base="$1" '
		BEGIN { n = 1; out = base ".kernel1" }
		{ print > out }
		/kexec_core: Starting new kernel/ { close(out); n++; out = base ".kernel" n }
	' "$1"
}

# Fail on anything in a kernel log that no test should ever print.
judge_console() {
	local name=$1 log=$2 bad
	bad=$(grep -a -n -E "$KERNEL_TROUBLE" "$log" | head -n 5 || true)
	if [ -n "$bad" ]; then
		fail "$name: kernel log shows a crash or warning:"
		echo "$bad" | sed 's/^/    /'
	else
		pass "$name: no panic, Oops, BUG or WARNING in any kernel log"
	fi
}

# Parse the KUnit output of every kernel in the run with kunit.py.
judge_kunit() {
	local name=$1 log=$2 k out summary p f n=0
	split_kernels "$log"
	for k in "$log".kernel*; do
		n=$((n + 1))
		if ! grep -aq 'KTAP version\|TAP version' "$k"; then
			fail "$name: kernel $n printed no KUnit results"
			continue
		fi
		out=$(python3 "$SRC/tools/testing/kunit/kunit.py" parse "$k" 2>&1) && status=0 || status=$?
		echo "$out" > "$k.kunit"
		summary=$(echo "$out" | sed 's/\x1b\[[0-9;]*m//g' | grep -o 'Ran [0-9]* tests.*' | tail -n 1)
		p=$(echo "$summary" | grep -o 'passed: [0-9]*' | grep -o '[0-9]*' || echo 0)
		f=$(echo "$summary" | grep -o -E '(failed|crashed|errors): [0-9]*' | grep -o '[0-9]*' | paste -sd+ | bc || echo 0)
		f=${f:-0}
		passed=$((passed + ${p:-0}))
		if [ "$status" != 0 ] || [ "$f" != 0 ] || [ "${p:-0}" = 0 ]; then
			fail_n "$((f > 0 ? f : 1))" "$name: KUnit in kernel $n: ${summary:-no summary}"
			echo "$out" | sed 's/\x1b\[[0-9;]*m//g' |
				grep -E 'FAILED|Expected|not ok|CRASHED' | head -n 10 | sed 's/^/    /'
		else
			echo "PASS: $name: KUnit in kernel $n: $summary"
		fi
	done
}

# Count the guest's KTAP test points and check every stage reported.
judge_results() {
	local name=$1 test=$2 stages=$3 log=$4 line s
	[ -f "$log" ] || : > "$log"
	while IFS= read -r line; do
		case "$line" in
		"not ok "*) fail "$name: $line" ;;
		"ok "*"# SKIP"*) skip "$name: $line" ;;
		"ok "*) pass "$name: $line" ;;
		esac
	done < <(tr -d '\r' < "$log")
	# A test that bailed out reports fewer points than it planned.
	local planned reported
	planned=$(tr -d '\r' < "$log" | sed -n 's/^1\.\.\([0-9]*\).*/\1/p' | paste -sd+ | bc)
	reported=$(tr -d '\r' < "$log" | grep -c -E '^(not )?ok ' || true)
	if [ "${reported:-0}" -lt "${planned:-0}" ]; then
		fail "$name: $planned test points planned, only $reported reported"
	fi
	for s in $(seq 1 "$stages"); do
		grep -aq "^# harness: $test stage $s start" "$log" ||
			fail "$name: stage $s never started"
	done
	grep -aq "^# harness: $test stage $stages done" "$log" ||
		fail "$name: stage $stages never finished"
}

run_vm_test() {
	local name=$1 test=$2 stages=$3 opts=()
	shift 3
	opts=("$@")
	say "vm test $name: $test, $stages stages"
	local status=0
	"$TOP/scripts/vm.sh" "$name" "$test" "${opts[@]}" || status=$?
	local dir=$ARTIFACTS/$name
	case $status in
	0) ;;
	124) fail "$name: QEMU timed out (last report: $(grep -a '^# harness:' "$dir/results.log" | tail -n 1))" ;;
	*) fail "$name: QEMU failed with status $status" ;;
	esac
	judge_console "$name" "$dir/console.log"
	judge_results "$name" "$test" "$stages" "$dir/results.log"
	if [ -n "${CONSOLE_EXPECT[$name]:-}" ]; then
		if grep -aqE "${CONSOLE_EXPECT[$name]}" "$dir/console.log"; then
			pass "$name: kernel log shows '${CONSOLE_EXPECT[$name]}'"
		else
			fail "$name: kernel log lacks '${CONSOLE_EXPECT[$name]}'"
		fi
	fi
	if [ "$test" = kunit ]; then
		judge_kunit "$name" "$dir/console.log"
	fi
}

start=$SECONDS
"$TOP/scripts/deps.sh"
if [ ! -d "$SRC/.git" ]; then
	"$TOP/scripts/series.sh" materialise
else
	say "using the existing tree in $SRC ($(git -C "$SRC" log -1 --format=%s))"
fi

say "checkpatch --strict on every patch"
while read -r line; do
	case "$line" in
	checkpatch:\ ok*) pass "${line#checkpatch: ok   }: checkpatch --strict" ;;
	checkpatch:\ FAIL*) fail "${line#checkpatch: FAIL }: checkpatch --strict" ;;
	esac
done < <("$TOP/scripts/series.sh" checkpatch 2>&1 || true)

"$TOP/scripts/build.sh" || die "the kernel does not build"
mkdir -p "$ARTIFACTS"
"$TOP/scripts/build-guest.sh"
"$TOP/scripts/mkinitramfs.sh" "$ARTIFACTS/initramfs.cpio"

for t in "${VM_TESTS[@]}"; do
	read -r name test stages opts <<< "$t"
	if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qx "$name"; then
		continue
	fi
	# shellcheck disable=SC2086 # opts is a word list by design
	run_vm_test "$name" "$test" "$stages" $opts
done

# The benchmark in smoke mode, so that it keeps working; no speed is judged.
if [ $# = 0 ] || printf '%s\n' "$@" | grep -qx bench; then
	say "benchmark, smoke mode"
	if "$TOP/scripts/bench.sh" --smoke > "$ARTIFACTS/bench-smoke.log" 2>&1; then
		pass "bench: scripts/bench.sh --smoke runs and reports"
	else
		fail "bench: scripts/bench.sh --smoke failed: $(grep -a 'ERROR' "$ARTIFACTS/bench-smoke.log" | tail -n 1)"
	fi
fi

echo
echo "=== summary ($((SECONDS - start)) s; logs in ${ARTIFACTS#"$TOP"/}/) ==="
for f in "${failures[@]}"; do
	echo "  failed: $f"
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
