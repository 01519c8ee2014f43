#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The PRAM test suite: install dependencies, bring build/linux to
# patches/, checkpatch every patch, run the kernel's userspace memblock
# suite, build the kernels, boot every guest test in QEMU across kexec and
# judge its logs, run the series' own selftests/pram/vmtest.sh, the Debian
# system tests and the benchmark in smoke mode. Ends with "N passed,
# N failed, N skipped" and exits non-zero if anything failed.
#
#   test.sh [TEST...]     run only the named tests (default: all)
#   test.sh --list        every test: what it checks [what it needs built]
#
# The VM tests are guest/tests/*.sh; each declares its stages, QEMU options
# and expected console lines in "# vm:" header lines, documented in
# guest/tests/README. The Debian system tests are guest/system/*.sh: they
# boot a Debian 12 image with the kernel installed from its package
# (kernel-deb.sh, system-image.sh). The other steps that can be named are
# checkpatch, memblock, model, vmtest and bench. A named test builds only what it
# needs: the test kernel and the initramfs for a VM test, the update kernel
# only for a test that boots it, the package and the Debian image only for
# a system test.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

start=$SECONDS
suite=$(vm_suite)
mapfile -t vm_tests <<< "$suite"
system_tests=(fstab criu service)
steps=(checkpatch memblock model vmtest bench)
names=("${vm_tests[@]}" "${system_tests[@]}" "${steps[@]}")

# test_file NAME: the guest script of a VM or system test.
test_file() {
	if [ -f "$TOP/guest/tests/$1.sh" ]; then
		echo "$TOP/guest/tests/$1.sh"
	else
		echo "$TOP/guest/system/$1.sh"
	fi
}

# test_needs NAME: what NAME builds before it runs, in the order built.
test_needs() {
	local file
	case "$1" in
	checkpatch) echo "build/linux" ;;
	memblock) echo "build/linux" ;;
	model) echo "build/linux" ;;
	vmtest) echo "test kernel" ;;
	bench) echo "test kernel, initramfs" ;;
	*)
		file=$(test_file "$1")
		if vm_has "$file" system; then
			echo "update kernel, its package, Debian image"
		elif vm_header "$file" qemu | grep -qE -- '--kernel update|kernel-update\.img'; then
			echo "test kernel, initramfs, update kernel"
		else
			echo "test kernel, initramfs"
		fi ;;
	esac
}

# test_about NAME: what NAME checks, in one line.
test_about() {
	case "$1" in
	checkpatch) echo "checkpatch.pl --strict on every patch of patches/series" ;;
	memblock) echo "the kernel's userspace memblock suite (tools/testing/memblock) on the series' memblock.c" ;;
	model) echo "model/: the series' extent writer, take-over checks and reservation walk, built in userspace, agree on 1 GiB of contiguous and of scattered pages" ;;
	vmtest) echo "the series' own tools/testing/selftests/pram/vmtest.sh" ;;
	bench) echo "scripts/bench.sh --smoke: the benchmark runs and reports (no speed judged)" ;;
	*) vm_header "$(test_file "$1")" about ;;
	esac
}

if [ "${1:-}" = --list ]; then
	[ $# = 1 ] || die "--list takes no test names"
	for name in "${names[@]}"; do
		printf '%-11s %s [%s]\n' "$name" "$(test_about "$name")" "$(test_needs "$name")"
	done
	exit 0
fi

# Every name given must be a test: a typo must not pass as an empty run.
for arg; do
	printf '%s\n' "${names[@]}" | grep -qxF -- "$arg" ||
		die "no test named '$arg'; 'scripts/test.sh --list' lists them: ${names[*]}"
done
selected=("$@")

# wanted NAME: NAME was named, or nothing was.
wanted() {
	[ ${#selected[@]} = 0 ] || printf '%s\n' "${selected[@]}" | grep -qxF -- "$1"
}

# needed WHAT: a wanted test needs WHAT built first.
needed() {
	local name
	for name in "${names[@]}"; do
		wanted "$name" || continue
		test_needs "$name" | grep -qF -- "$1" && return 0
	done
	return 1
}

# The kernel's userspace memblock suite: mm/memblock.c of the series against
# the simulator's stubs. With -v each check prints "ok N ..."; a failed check
# prints "not ok N ..." and aborts on its assert(); AddressSanitizer and
# UBSan errors end it too. Built in place, then cleaned.
run_memblock_suite() {
	local dir=$SRC/tools/testing/memblock log=$ARTIFACTS/memblock.log
	local status=0 before
	say "memblock: building and running tools/testing/memblock (log: ${log#"$TOP"/})"
	before=$(git -C "$SRC" status --porcelain -- "$dir")
	make -s -C "$dir" clean >/dev/null
	if ! make -C "$dir" -j"$JOBS" > "$log" 2>&1; then
		fail "memblock: tools/testing/memblock does not build: $(grep -a -m 1 -E 'error|undefined reference' "$log")"
	else
		# The braces keep bash's "Aborted" out of the output: the log says it.
		{ (cd "$dir" && ./main -v) >> "$log" 2>&1; } 2>/dev/null || status=$?
		if [ $status = 0 ]; then
			pass "memblock: tools/testing/memblock: $(grep -a -c '^ok ' "$log") checks passed"
		else
			# stdout is lost when a check aborts; its assertion names it.
			fail "memblock: tools/testing/memblock exited with status $status:" \
				"$(grep -a -m 2 -E '^not ok|Assertion|ERROR: (Address|Undefined)|runtime error' "$log" | tr '\n' ' ')"
		fi
	fi
	make -s -C "$dir" clean >/dev/null
	[ "$(git -C "$SRC" status --porcelain -- "$dir")" = "$before" ] ||
		fail "memblock: building the suite left files in $dir (git status)"
}

# The userspace model (model/): the extent writer, the take-over's checks
# and its reservation walk, compiled from build/linux, must agree on a
# hand-over of 1 GiB in each layout: pram-model exits non-zero when the
# check refuses what the writer wrote, a node is not kept, or the walk
# and the record see different runs. One line of figures each.
run_model() {
	local log=$ARTIFACTS/model.log layout line
	say "model: building and running model/pram-model (log: ${log#"$TOP"/})"
	if ! make -s -C "$TOP/model" KSRC="$SRC" > "$log" 2>&1; then
		fail "model: model/ does not build: $(grep -a -m 1 -E 'error|undefined reference' "$log")"
		return
	fi
	for layout in contiguous scattered; do
		if line=$("$TOP/model/pram-model" "$layout" 1 2>> "$log"); then
			echo "$line" >> "$log"
			pass "model: 1 GiB $layout: the check keeps what the writer wrote ($line)"
		else
			fail "model: 1 GiB $layout: $(tail -n 1 "$log")"
		fi
	done
}

# The series' own QEMU run of its selftests, once it has one. Counted from
# the final KTAP "# Totals: pass:N fail:N ... skip:N" line, or, when it
# prints none, as one test point from its exit status (4: skipped).
run_selftest_vmtest() {
	local vmtest=$SRC/tools/testing/selftests/pram/vmtest.sh
	local log=$ARTIFACTS/vmtest.log status=0 totals p f s
	if [ ! -f "$vmtest" ]; then
		skip "vmtest: the series has no tools/testing/selftests/pram/vmtest.sh"
		return
	fi
	say "vmtest: tools/testing/selftests/pram/vmtest.sh (log: ${log#"$TOP"/})"
	"$vmtest" -k "$OUT/arch/x86/boot/bzImage" -o "$ARTIFACTS/vmtest" > "$log" 2>&1 || status=$?
	totals=$(sed -n 's/^# Totals: pass:\([0-9]*\) fail:\([0-9]*\).* skip:\([0-9]*\).*/\1 \2 \3/p' "$log" | tail -n 1)
	if [ -z "$totals" ]; then
		case $status in
		0) pass "vmtest: vmtest.sh passed (no '# Totals:' line)" ;;
		4) skip "vmtest: vmtest.sh skipped: $(tail -n 1 "$log")" ;;
		*) fail "vmtest: vmtest.sh exited with status $status and no '# Totals:' line: $(tail -n 1 "$log")" ;;
		esac
		return
	fi
	read -r p f s <<< "$totals"
	if [ $((p + f + s)) = 0 ]; then
		fail "vmtest: vmtest.sh reported no test point ('# Totals: pass:0 fail:0 ... skip:0')"
		return
	fi
	passed=$((passed + p)) skipped=$((skipped + s))
	echo "PASS: vmtest: $p passed, $s skipped"
	if [ "$f" != 0 ]; then
		fail_n "$f" "vmtest: $f failed: $(grep -a -m 3 '^not ok' "$log" | tr '\n' ' ')"
	elif [ $status != 0 ]; then
		fail "vmtest: vmtest.sh exited with status $status although its totals show no failure"
	fi
}

need_root
say "dependencies"
"$TOP/scripts/deps.sh"
say "kernel tree"
sync_tree
mkdir -p "$ARTIFACTS"

if wanted checkpatch; then
	say "checkpatch --strict on every patch"
	checked=0
	while read -r line; do
		case "$line" in
		checkpatch:\ ok*) pass "${line#checkpatch: ok   }: checkpatch --strict" ;;
		checkpatch:\ FAIL*) fail "${line#checkpatch: FAIL }: checkpatch --strict" ;;
		*) continue ;;
		esac
		checked=$((checked + 1))
	done < <("$TOP/scripts/series.sh" checkpatch 2>&1 || true)
	in_series=$(grep -cvE '^(#|$|0000-)' "$TOP/patches/series")
	[ "$checked" = "$in_series" ] ||
		fail "checkpatch: $checked of the $in_series patches in patches/series were checked (scripts/series.sh checkpatch)"
fi

if wanted memblock; then
	run_memblock_suite
fi

if wanted model; then
	run_model
fi

if needed "test kernel"; then
	say "test kernel"
	"$TOP/scripts/build.sh" || die "the kernel does not build"
fi
if needed "update kernel"; then
	say "update kernel (config/update.config)"
	"$TOP/scripts/build.sh" --quiet --variant update ||
		die "the next kernel of the update test (config/update.config) does not build"
	update_disk
fi
if needed initramfs; then
	say "guest programs and initramfs"
	"$TOP/scripts/build-guest.sh"
	"$TOP/scripts/mkinitramfs.sh" "$ARTIFACTS/initramfs.cpio"
fi

for name in "${vm_tests[@]}"; do
	wanted "$name" || continue
	run_vm "$name" "$TOP/guest/tests/$name.sh"
	judge_vm_run "$name" "$TOP/guest/tests/$name.sh" "$ARTIFACTS/$name"
done
if wanted vmtest; then
	run_selftest_vmtest
fi

# The Debian system tests: the kernel as a package, installed into a
# Debian 12 image, booted with systemd.
wanted_system=()
for name in "${system_tests[@]}"; do
	wanted "$name" && wanted_system+=("$name")
done
if [ ${#wanted_system[@]} -gt 0 ]; then
	say "Debian system: kernel package and image"
	# Its progress on stderr, the package's path on stdout, last. Not
	# tee /dev/stderr: opening it again truncates a log that stderr is
	# redirected to, and the run's first part was lost that way.
	if ! deb=$("$TOP/scripts/kernel-deb.sh" | tee >(cat >&2) | tail -n 1); then
		fail_n ${#wanted_system[@]} "system: the update kernel's package does not build (scripts/kernel-deb.sh)"
	elif ! "$TOP/scripts/system-image.sh" "$deb"; then
		fail_n ${#wanted_system[@]} "system: the Debian image cannot be made (scripts/system-image.sh)"
	else
		for name in "${wanted_system[@]}"; do
			run_vm "$name" "$TOP/guest/system/$name.sh"
			judge_vm_run "$name" "$TOP/guest/system/$name.sh" "$ARTIFACTS/$name"
		done
	fi
fi

# The benchmark in smoke mode, so that it keeps working; no speed is judged.
if wanted bench; then
	say "benchmark, smoke mode (log: ${ARTIFACTS#"$TOP"/}/bench-smoke.log)"
	if "$TOP/scripts/bench.sh" --smoke > "$ARTIFACTS/bench-smoke.log" 2>&1; then
		pass "bench: scripts/bench.sh --smoke runs and reports"
	else
		fail "bench: scripts/bench.sh --smoke failed: $(grep -a 'ERROR' "$ARTIFACTS/bench-smoke.log" | tail -n 1)"
	fi
fi

echo
echo "=== summary ($((SECONDS - start)) s; logs in ${ARTIFACTS#"$TOP"/}/) ==="
summary
