#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the static programs the guest runs: the PRAM selftests from the
# materialised tree and the harness helpers in guest/*.c.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

bin=$ARTIFACTS/guest-bin
rm -rf "$bin"
mkdir -p "$bin"

for c in "$TOP"/guest/*.c; do
	[ -e "$c" ] || continue
	gcc -static -O2 -Wall -Werror -o "$bin/$(basename "$c" .c)" "$c" ||
		die "cannot build guest helper $c"
done

selftests=$SRC/tools/testing/selftests/pram
if [ -d "$selftests" ]; then
	mkdir -p "$bin/pram-selftests"
	make -s -C "$selftests" OUTPUT="$bin/pram-selftests" LDFLAGS=-static >/dev/null ||
		die "cannot build the PRAM selftests"
fi
say "guest programs: $(ls "$bin" | tr '\n' ' ')"
