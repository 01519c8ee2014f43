#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The PRAM benchmark: what keeping a tmpfs over kexec costs and saves,
# against copying it in RAM and through ext4 on a virtio disk, plus the
# boot-time reservation and metadata costs, and each phase's time per GiB
# up to 12 GiB in a 16 GiB guest. Every
# time is taken in the guest; results are ratios within one run.
#
#   bench.sh [--smoke]
#
# Writes build/artifacts/bench/{results.csv,results.json,summary.txt,
# bench.png}. --smoke runs tiny sizes once, to keep the benchmark working;
# it measures nothing worth reading.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

smoke=0
for arg; do
	case "$arg" in
	--smoke) smoke=1 ;;
	*) die "unknown option $arg (usage: bench.sh [--smoke])" ;;
	esac
done

if [ $smoke = 1 ]; then
	sizes=16 reps=1 nocsum=16 res_sizes=8,16 res_reps=1 mem=1G disk_mb=256
	scale=1 scale_mem=2G model_sizes=1
else
	sizes=64,256,512,1024 reps=3 nocsum=256 res_sizes=32,64,128 res_reps=3 mem=5G disk_mb=2800
	scale=1,4,12 scale_mem=16G model_sizes="64 256 1024"
fi

prepare_vm_run

out=$ARTIFACTS/bench
rm -rf "$out"
mkdir -p "$out"

say "benchmark disk: ${disk_mb} MiB ext4 image, QEMU cache=none"
truncate -s "${disk_mb}M" "$out/disk.img"
mkfs.ext4 -q -F "$out/disk.img" || die "mkfs.ext4 failed on $out/disk.img"

# run_bench NAME TEST STAGES VM_OPTION...: one VM run of guest/tests/TEST.sh,
# judged like every test run; stop at its first failure.
run_bench() {
	local name=$1 file=$TOP/guest/tests/$2.sh stages=$3
	shift 3
	run_vm "$name" "$file" "$@"
	judge_vm_run "$name" "$file" "$ARTIFACTS/$name" "$stages"
	[ "$failed" = 0 ] ||
		die "benchmark run $name failed: ${failures[0]}; see $ARTIFACTS/$name/"
}

# Three boots with nothing preserved (EMPTY in the guest), then a pair per
# repetition.
run_bench bench-main bench $((4 + 2 * reps)) --mem "$mem" --timeout 5400 \
	--disk "$out/disk.img" \
	--append "kunit.enable=0 bench.sizes=$sizes bench.reps=$reps bench.nocsum=$nocsum"
nres=$(( $(echo "$res_sizes" | tr , '\n' | wc -l) * 3 * res_reps + 1 ))
run_bench bench-reserve bench-reserve $nres --mem 1G --timeout 3600 \
	--append "kunit.enable=0 bench.sizes=$res_sizes bench.reps=$res_reps"
# Scale: one tree at each size of $scale GiB in turn, every byte compared.
run_bench bench-scale bigtree $(( $(echo "$scale" | tr , '\n' | wc -l) + 1 )) \
	--mem "$scale_mem" --timeout 3600 \
	--append "kunit.enable=0 bench.scale=$scale"

summary

# The userspace model of the format code (model/), at sizes no guest here
# has: natively, after the guests, so that nothing else runs beside it.
make -s -C "$TOP/model" KSRC="$SRC" || die "model/ does not build against $SRC"
: > "$out/model.log"
for layout in contiguous scattered; do
	for gib in $model_sizes; do
		say "model: $layout, $gib GiB"
		"$TOP/model/pram-model" "$layout" "$gib" >> "$out/model.log" ||
			die "pram-model $layout $gib failed"
	done
done

# What a checksum costs natively, beside what the guest measured under
# TCG: the same program, run on this machine.
crc=$("$ARTIFACTS/guest-bin/benchtool" crc32c 64) || die "benchtool crc32c failed on the host"
read -r _ sw _ hw _ xx <<< "$crc"
printf '# bench: crc32c_sw host 0 1 %s\n# bench: crc32c_hw host 0 1 %s\n# bench: xxh64 host 0 1 %s\n' \
	"$sw" "$hw" "$xx" > "$out/host.log"

# The data checksums' implementation: the xxh64 of lib/xxhash.c.
grep -q '^CONFIG_XXHASH=y' "$OUT/.config" || die "no CONFIG_XXHASH in $OUT/.config"
report_opts=(--impl "xxh64 of lib/xxhash.c")
[ $smoke = 0 ] || report_opts+=(--smoke)
python3 "$TOP/scripts/bench-report.py" "$ARTIFACTS" "$out" "${report_opts[@]}"
if command -v gnuplot >/dev/null; then
	gnuplot "$out/bench.gp" || die "gnuplot failed"
fi
echo
cat "$out/summary.txt"
say "results: ${out#"$TOP"/}/{results.csv,results.json,summary.txt,bench.png}"
