#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The demo: build the kernel with PRAM, boot it in QEMU, save data in
# PRAM, kexec into the next kernel and show that the data arrived.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

prepare_vm_run

demo=$TOP/guest/tests/demo.sh
say "booting the demo (logs in ${ARTIFACTS#"$TOP"/}/demo/)"
run_vm demo "$demo"

echo
sed -n 's/^# demo: //p' "$ARTIFACTS/demo/results.log" 2>/dev/null || true
echo
judge_vm_run demo "$demo" "$ARTIFACTS/demo"
summary || die "the demo failed: ${failures[0]}; see $ARTIFACTS/demo/"
say "demo done: the data survived the kexec"
