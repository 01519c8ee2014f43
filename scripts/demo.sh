#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The demo: build the kernel with PRAM, boot it in QEMU, save data in
# PRAM, kexec into the next kernel and show that the data arrived.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

prepare_vm_run

say "booting the demo (logs in ${ARTIFACTS#"$TOP"/}/demo/)"
status=0
"$TOP/scripts/vm.sh" demo demo --mem 512M --append kunit.enable=0 || status=$?
results=$ARTIFACTS/demo/results.log

echo
sed -n 's/^# demo: //p' "$results"
echo
if [ $status != 0 ] || grep -aq '^not ok' "$results" ||
   ! grep -aq '^# harness: demo stage 2 done' "$results"; then
	grep -a '^not ok' "$results" || true
	die "the demo failed (QEMU status $status); see $ARTIFACTS/demo/console.log"
fi
say "demo done: the data survived the kexec"
