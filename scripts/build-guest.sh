#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the static programs the guest runs: the PRAM selftests from the
# materialised tree and the harness helpers in guest/*.c.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

bin=$ARTIFACTS/guest-bin
# Up to date when neither the tree nor guest/*.c changed since the last
# build: a run of one test then costs no compiler run.
stamp=$({ tree_state; sha256sum "$TOP"/guest/*.c "$0"; } | sha256sum | cut -c1-16)
if [ -d "$bin" ] && [ "$(cat "$bin.stamp" 2>/dev/null)" = "$stamp" ]; then
	say "guest programs: up to date"
	exit 0
fi
rm -rf "$bin" "$bin.stamp"
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
# The kernel's own shmem selftests (the shmem test), against the series'
# uapi headers, which Debian 12's linux-libc-dev predates.
hdr=$ARTIFACTS/uapi
rm -rf "$hdr"
make -s -C "$SRC" O="$ARTIFACTS/uapi-obj" ARCH=x86_64 headers_install \
	INSTALL_HDR_PATH="$hdr" || die "cannot install the uapi headers"
mkdir -p "$bin/shmem-selftests"
for t in memfd/memfd_test tmpfs/bug-link-o-tmpfile; do
	make -s -C "$SRC/tools/testing/selftests/${t%/*}" OUTPUT="$bin/shmem-selftests" \
		KHDR_INCLUDES="-isystem $hdr/include" LDFLAGS=-static \
		"$bin/shmem-selftests/${t#*/}" >/dev/null ||
		die "cannot build the selftest tools/testing/selftests/$t"
done
echo "$stamp" > "$bin.stamp"
say "guest programs: $(ls "$bin" | tr '\n' ' ')"
