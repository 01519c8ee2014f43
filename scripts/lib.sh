# SPDX-License-Identifier: GPL-2.0
# Shared settings and helpers for the PRAM scripts. Source it; do not run it.
# shellcheck shell=bash disable=SC2034 # the settings are for the sourcing scripts

# Physical path: the kernel's Makefile takes the realpath of the tree, and
# ccache's base_dir must be a prefix of the paths the compiler sees.
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
BUILD=${PRAM_BUILD:-$TOP/build}
SRC=$BUILD/linux		# git tree: base commit + one commit per patch
OUT=$BUILD/obj			# kernel objects (O=), kept between runs
ARTIFACTS=$BUILD/artifacts	# initramfs, logs, results
BASE_TAG=pram-base		# the pristine Debian source in $SRC
SOURCE_TARBALL=/usr/src/linux-source-6.12.tar.xz
SOURCE_PACKAGE=linux-source-6.12
# The Debian version the series was last rebased on. A newer 6.12.y is
# used with a warning; see scripts/deps.sh.
PINNED_VERSION=6.12.117-1~deb12u1

export CCACHE_DIR=${CCACHE_DIR:-/var/cache/pram-ccache}
# Share the cache between clones at different paths: absolute paths under
# $TOP (the kernel passes $SRC absolute, since O= is outside it) are hashed
# relative to the compiler's directory, and that directory itself is not
# hashed when the objects carry debug info.
export CCACHE_BASEDIR=$TOP CCACHE_NOHASHDIR=true
export KBUILD_BUILD_USER=pram KBUILD_BUILD_HOST=pram
export KBUILD_BUILD_TIMESTAMP='2024-01-01 00:00:00 UTC'
export GIT_AUTHOR_NAME=${GIT_AUTHOR_NAME:-PRAM developers}
export GIT_AUTHOR_EMAIL=${GIT_AUTHOR_EMAIL:-pram-devel@lists.linux.dev}
export GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL

JOBS=${JOBS:-$(nproc)}

say()  { printf '[%(%H:%M:%S)T] %s\n' -1 "$*"; }
die()  { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# need_root: the demo, the suite and the benchmark install packages with
# apt-get, keep their compiler cache in $CCACHE_DIR and build the Debian
# image in a chroot.
need_root() {
	[ "$(id -u)" = 0 ] ||
		die "$(basename "$0") must run as root: it installs packages with apt-get, keeps its compiler cache in $CCACHE_DIR and builds a Debian image in a chroot"
}

# What no kernel log of a run may show.
# PRAM's own: a kernel image landed on preserved memory.
KERNEL_TROUBLE='Kernel panic|Oops|BUG:|WARNING:|Call Trace:|general protection fault|overlaps preserved memory'

# --- Counting: test.sh, bench.sh and demo.sh count test points alike. ---

passed=0 failed=0 skipped=0
failures=()

pass() { passed=$((passed + 1)); echo "PASS: $*"; }
fail() { failed=$((failed + 1)); failures+=("$*"); echo "FAIL: $*"; }
# fail_n N MESSAGE: N failures under one message (N >= 1).
fail_n() { failed=$((failed + $1 - 1)); shift; fail "$@"; }
skip() { skipped=$((skipped + 1)); echo "SKIP: $*"; }

# summary: every failure, then "N passed, N failed, N skipped"; false if
# anything failed, or if nothing passed: a run that tested nothing is not
# a green one.
summary() {
	local f
	[ "$passed" != 0 ] || [ "$failed" != 0 ] || fail "no test point passed: nothing was tested"
	for f in "${failures[@]}"; do
		echo "  failed: $f"
	done
	echo "$passed passed, $failed failed, $skipped skipped"
	[ "$failed" = 0 ]
}

# --- The kernel tree: build/linux must be exactly patches/. ---

# The patch-ids of the commits on top of the base, and of patches/series.
tree_patch_ids() {
	git -C "$SRC" format-patch --stdout "$BASE_TAG..HEAD" |
		git -C "$SRC" patch-id --stable | cut -d' ' -f1
}
series_patch_ids() {
	local p
	series_files | while read -r p; do
		cat "$TOP/patches/$p"
	done | git -C "$SRC" patch-id --stable | cut -d' ' -f1
}

# series_files: the patches build/linux is made of, relative to patches/:
# those of patches/series (the series; a cover letter, 0000-*, is not
# applied), then those of patches/harness/series (what only test kernels
# carry), if there is one.
series_files() {
	local p
	while read -r p; do
		case "$p" in ''|'#'*|0000-*) continue ;; esac
		echo "$p"
	done < "$TOP/patches/series"
	[ -f "$TOP/patches/harness/series" ] || return 0
	while read -r p; do
		case "$p" in ''|'#'*) continue ;; esac
		echo "harness/$p"
	done < "$TOP/patches/harness/series"
}

# tree_state: the commit build/linux is at and what is changed on top,
# tracked or not, for stamps that tell whether a build is up to date.
tree_state() {
	git -C "$SRC" rev-parse HEAD
	git -C "$SRC" diff --binary HEAD | sha256sum
	git -C "$SRC" ls-files -z --others --exclude-standard |
		(cd "$SRC" && xargs -0 -r sha256sum) | sha256sum
}

# bzimage_sizes FILE: the size of a bzImage file and the memory its kernel
# needs to boot (init_size in the setup header, at offset 0x260).
bzimage_sizes() {
	local init
	init=$(od -An -t u4 -j $((0x260)) -N 4 "$1" | tr -d ' ')
	echo "file $(($(stat -c %s "$1") >> 10)) KiB, init_size $((init >> 10)) KiB"
}

# update_disk: the update test's second kernel (scripts/build.sh --variant
# update) as a raw disk image, $ARTIFACTS/kernel-update.img, which the guest
# reads from /dev/vda: kept out of the initramfs every test shares, where
# it would take memory the tests that fill memory count on.
update_disk() {
	local kernel=$OUT-update/arch/x86/boot/bzImage img=$ARTIFACTS/kernel-update.img
	[ -f "$kernel" ] || die "no $kernel: run scripts/build.sh --variant update"
	mkdir -p "$ARTIFACTS"
	cp "$kernel" "$img"
	truncate -s %512 "$img"
}

# sync_tree: materialise build/linux if it is missing or its commits are
# not patches/ (the old HEAD stays on branch pram-previous); refuse a tree
# with uncommitted changes, which no test should build by accident.
sync_tree() {
	if [ ! -d "$SRC/.git" ]; then
		"$TOP/scripts/series.sh" materialise
		return
	fi
	local dirty
	dirty=$(git -C "$SRC" status --porcelain --untracked-files=no)
	[ -z "$dirty" ] ||
		die "$SRC has uncommitted changes, which are not in patches/:
$(echo "$dirty" | head -n 5)
Commit them there and run 'scripts/series.sh export', or discard them."
	git -C "$SRC" rev-parse -q --verify "$BASE_TAG" >/dev/null ||
		die "$SRC has no tag $BASE_TAG: remove it and run scripts/series.sh materialise"
	if [ "$(tree_patch_ids)" = "$(series_patch_ids)" ]; then
		say "using $SRC: its commits are patches/ ($(git -C "$SRC" log -1 --format=%s))"
		return
	fi
	git -C "$SRC" branch -f pram-previous HEAD
	say "$SRC differs from patches/: materialising again (its old HEAD is branch pram-previous)"
	"$TOP/scripts/series.sh" materialise
}

# Everything a VM run needs: packages, the tree, the kernel, the initramfs.
prepare_vm_run() {
	need_root
	"$TOP/scripts/deps.sh"
	sync_tree
	"$TOP/scripts/build.sh" --quiet
	"$TOP/scripts/build-guest.sh"
	mkdir -p "$ARTIFACTS"
	"$TOP/scripts/mkinitramfs.sh" "$ARTIFACTS/initramfs.cpio"
}

# --- Guest test headers: "# vm: KEY VALUE" lines, see guest/tests/README. ---

VM_KEYS='about order stages qemu expect-console reject-console kunit manual system crash'

# vm_header FILE KEY: the value of each "# vm: KEY" line of FILE, one a line.
vm_header() {
	sed -n -E "s/^# vm: $2( |\$)//p" "$1"
}

# vm_has FILE KEY: FILE has a "# vm: KEY" line.
vm_has() {
	grep -q -E "^# vm: $2( |\$)" "$1"
}

# vm_header_check FILE: die naming the line of any malformed header entry.
vm_header_check() {
	local file=$1 line key value n=0
	while IFS= read -r line; do
		n=$((n + 1))
		[[ $line =~ ^#[[:space:]]*vm: ]] || continue
		[[ $line =~ ^"# vm: "([a-z-]+)(" "(.*))?$ ]] ||
			die "$file:$n: '$line' is not '# vm: KEY [VALUE]'"
		key=${BASH_REMATCH[1]} value=${BASH_REMATCH[3]}
		case "$key" in
		order|stages)
			[[ $value =~ ^[1-9][0-9]*$ ]] ||
				die "$file:$n: '# vm: $key' takes a positive number, not '$value'" ;;
		about|qemu|expect-console|reject-console|manual)
			[ -n "$value" ] || die "$file:$n: '# vm: $key' needs a value" ;;
		kunit|system|crash)
			[ -z "$value" ] || die "$file:$n: '# vm: $key' takes no value" ;;
		*)
			die "$file:$n: unknown key '$key' (known: $VM_KEYS)" ;;
		esac
	done < "$file"
	vm_has "$file" about || die "$file: every test says what it checks in one '# vm: about' line"
	for key in about order stages; do
		[ "$(vm_header "$file" "$key" | wc -l)" -le 1 ] ||
			die "$file: more than one '# vm: $key'"
	done
	if vm_has "$file" manual || vm_has "$file" system; then
		if vm_has "$file" order; then
			die "$file: a '# vm: manual' or '# vm: system' test has no '# vm: order'"
		fi
	elif ! vm_has "$file" order || ! vm_has "$file" stages; then
		die "$file: a suite test declares '# vm: order' and '# vm: stages' (or '# vm: manual WHO')"
	fi
}

# vm_suite: the suite's test names, by their "# vm: order", after checking
# every header in guest/tests.
vm_suite() {
	local f
	for f in "$TOP"/guest/tests/*.sh; do
		vm_header_check "$f"
		vm_has "$f" manual || echo "$(vm_header "$f" order) $(basename "$f" .sh)"
	done | sort -n -k1,1 -k2,2 | cut -d' ' -f2
}

# --- One VM run: boot it, then judge it. ---

# run_vm NAME TEST_FILE [VM_OPTION...]: boot the guest test TEST_FILE with
# the QEMU options of its header, then VM_OPTIONs, into $ARTIFACTS/NAME.
# vm.sh leaves its exit status there; judge_vm_run reads it.
run_vm() {
	local name=$1 file=$2 opts
	shift 2
	vm_header_check "$file"
	read -r -a opts <<< "$(vm_header "$file" qemu | tr '\n' ' ')"
	say "vm run $name: ${file#"$TOP"/} ${opts[*]} $*"
	"$TOP/scripts/vm.sh" "$name" "$(basename "$file" .sh)" "${opts[@]}" "$@" || true
}

# Split a console log into one file per kernel: $1.kernel1, $1.kernel2...
split_kernels() {
	awk -v base="$1" '
		BEGIN { n = 1; out = base ".kernel1" }
		{ print > out }
		/kexec_core: Starting new kernel/ { close(out); n++; out = base ".kernel" n }
	' "$1"
}

# judge_qemu NAME DIR: vm.sh's exit status; 124 is a timeout.
judge_qemu() {
	local name=$1 dir=$2 status
	if [ ! -f "$dir/status" ]; then
		fail "$name: vm.sh left no exit status in $dir (it failed before QEMU ran)"
		return
	fi
	status=$(cat "$dir/status")
	case "$status" in
	0) ;;
	124) fail "$name: QEMU timed out (last report: $(grep -a '^# harness:' "$dir/results.log" | tail -n 1))" ;;
	*) fail "$name: QEMU failed with status $status: $(tail -n 1 "$dir/qemu.log" 2>/dev/null)" ;;
	esac
}

# without_crash LOG: LOG less what a kernel prints from the crash the test
# triggers with sysrq to its "Starting crashdump kernel": the panic and
# its trace, which the crash kernel then follows.
without_crash() {
	awk '/sysrq: Trigger a crash/ { skip = 1 }
	     !skip { print }
	     /Starting crashdump kernel/ { skip = 0 }' "$1"
}

# judge_console NAME LOG [crash]: nothing in any kernel log that no test
# should print, in LOG or in the logs of earlier boots of the run (LOG's
# *.tryN, see vm.sh); with "crash", less the one crash the test triggers.
judge_console() {
	local name=$1 log=$2 bad f
	if [ ! -s "$log" ]; then
		fail "$name: no kernel log in $log"
		return
	fi
	if [ "${3:-}" = crash ]; then
		bad=$(for f in "$log" "${log%.log}".try*.log; do
			[ -f "$f" ] && without_crash "$f"
		done | grep -a -n -E "$KERNEL_TROUBLE" | head -n 5 || true)
	else
		bad=$(grep -a -n -E "$KERNEL_TROUBLE" "$log" "${log%.log}".try*.log 2>/dev/null | head -n 5 || true)
	fi
	if [ -n "$bad" ]; then
		fail "$name: kernel log shows a crash or warning:"
		echo "    ${bad//$'\n'/$'\n'    }"
	else
		pass "$name: no panic, Oops, BUG or WARNING in any kernel log"
	fi
}

# judge_ktap NAME TEST STAGES LOG: count the guest's KTAP test points, and
# check that every stage started, the last finished, and none bailed out.
judge_ktap() {
	local name=$1 test=$2 stages=$3 log=$4 line s planned reported
	[ -f "$log" ] || : > "$log"
	while IFS= read -r line; do
		case "$line" in
		"not ok "*) fail "$name: $line" ;;
		"ok "*"# SKIP"*) skip "$name: $line" ;;
		"ok "*) pass "$name: $line" ;;
		esac
	done < <(tr -d '\r' < "$log")
	# A stage that bailed out reports fewer points than it planned.
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

# judge_kunit NAME LOG: the KUnit output of every kernel of the run, parsed
# by the kernel's kunit.py.
judge_kunit() {
	local name=$1 log=$2 k out summary status p f n=0
	[ -s "$log" ] || return 0	# judge_console failed the run already
	split_kernels "$log"
	for k in "$log".kernel*; do
		case $k in *.kunit | *.ktap) continue ;; esac
		n=$((n + 1))
		if ! grep -aq 'KTAP version\|TAP version' "$k"; then
			fail "$name: kernel $n printed no KUnit results"
			continue
		fi
		# Only the KTAP lines, which KUnit indents below the top level:
		# a driver's line printed between a suite's
		# "KTAP version" and its "# Subtest:" made kunit.py report a
		# crash (seen in 1 run). Panics are judge_console's.
		grep -aE '^(\[[ 0-9.]+\] )?( |KTAP version|TAP version|#|[0-9]+\.\.[0-9]+|ok |not ok )' \
			"$k" > "$k.ktap" || true
		# No __pycache__ in the kernel tree.
		out=$(PYTHONDONTWRITEBYTECODE=1 python3 "$SRC/tools/testing/kunit/kunit.py" parse "$k.ktap" 2>&1) &&
			status=0 || status=$?
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

# judge_vm_run NAME TEST_FILE DIR [STAGES]: judge the run vm.sh left in DIR
# (status, console.log: every kernel; results.log: the guest's KTAP) as the
# header of TEST_FILE declares, counting with pass/fail/skip. STAGES stands
# for "# vm: stages" when the run's length depends on its parameters.
judge_vm_run() {
	local name=$1 file=$2 dir=$3 stages=${4:-} test re
	test=$(basename "$file" .sh)
	vm_header_check "$file"
	[ -n "$stages" ] || stages=$(vm_header "$file" stages)
	[ -n "$stages" ] || die "judge_vm_run $name: $file declares no '# vm: stages' and none was given"
	judge_qemu "$name" "$dir"
	if vm_has "$file" crash; then
		judge_console "$name" "$dir/console.log" crash
	else
		judge_console "$name" "$dir/console.log"
	fi
	judge_ktap "$name" "$test" "$stages" "$dir/results.log"
	while IFS= read -r re; do
		[ -n "$re" ] || continue
		if grep -aqE "$re" "$dir/console.log" 2>/dev/null; then
			pass "$name: kernel log shows '$re'"
		else
			fail "$name: kernel log lacks '$re'"
		fi
	done < <(vm_header "$file" expect-console)
	while IFS= read -r re; do
		[ -n "$re" ] || continue
		bad=$(grep -a -m 1 -E "$re" "$dir/console.log" 2>/dev/null || true)
		if [ -z "$bad" ]; then
			pass "$name: no kernel log line matches '$re'"
		else
			fail "$name: a kernel log line matches '$re': $bad"
		fi
	done < <(vm_header "$file" reject-console)
	if vm_has "$file" kunit; then
		judge_kunit "$name" "$dir/console.log"
	fi
}
