# SPDX-License-Identifier: GPL-2.0
# A tmpfs mounted with pram=NAME survives kexec: the kselftest
# tools/testing/selftests/pram/pram_tmpfs builds and saves trees in the
# first kernel and checks their digests in the second, with kmemleak on:
# the restores it makes fail on purpose must leak nothing.
#
# vm: about the pram_tmpfs kselftest: trees users can make, and failures, across kexec
# vm: order 100
# vm: stages 2
# vm: qemu --mem 1G --smp 2 --timeout 300 --append kunit.enable=0

. /lib/pram.sh

PRAM_TMPFS=/bin/pram-selftests/pram_tmpfs

# run_selftest ARGS...: its KTAP is this stage's document.
run_selftest() {
	local status=0
	"$PRAM_TMPFS" "$@" >&3 2>&1 || status=$?
	if [ $status != 0 ]; then
		echo "not ok 99 pram_tmpfs $1 exited with status $status" >&3
		dmesg | grep -a -E 'tmpfs|PRAM' | tail -n 10 | sed 's/^/# /' >&3
	fi
}

KMEMLEAK=/sys/kernel/debug/kmemleak

# check_leaks: a test point: kmemleak finds nothing unreferenced that was
# allocated since the last clear. It reports only objects older than 5 s.
check_leaks() {
	local n
	sleep 6
	echo scan > "$KMEMLEAK" && echo scan > "$KMEMLEAK"
	n=$(grep -c "unreferenced object" "$KMEMLEAK")
	if [ "$n" = 0 ]; then
		echo "ok 97 kmemleak: no leak in the restores, failed or not" >&3
	else
		echo "not ok 97 kmemleak: $n unreferenced objects" >&3
		head -n 40 "$KMEMLEAK" | sed 's/^/# /' >&3
	fi
}

run_stage() {
	case "$1" in
	1)
		run_selftest save /tmp/digests
		if dmesg | grep -q -E 'tmpfs: pram=delta: cannot save \((-12|-ENOMEM)\)'; then
			echo "ok 98 a save failed for lack of memory inside PRAM" >&3
		else
			echo "not ok 98 no save failed for lack of memory inside PRAM" >&3
		fi
		kexec_stage 2 "pram=$(cat /sys/kernel/pram)" kmemleak=on \
			"harness.digests=$(tr ' ' , < /tmp/digests)"
		;;
	2)
		# What boot left unreferenced is not this test's.
		echo scan > "$KMEMLEAK" && echo clear > "$KMEMLEAK"
		# shellcheck disable=SC2046 # one argument per digest
		run_selftest restore $(cmdline_value harness.digests | tr , ' ')
		check_leaks
		;;
	esac
}
