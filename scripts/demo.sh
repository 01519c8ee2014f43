#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The demo: build the kernel with PRAM, boot it in QEMU, save data in
# PRAM, kexec into the next kernel and show that the data arrived. Then
# the same on a real Debian 12 system: the kernel installed from its
# package, a process tree that keeps counting while criu carries it
# across the kernel update in a pram= tmpfs.
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
say "chapter 1 done: the data survived the kexec"

say "chapter 2: a Debian 12 system; the kernel package and the image (cached after the first run)"
deb=$("$TOP/scripts/kernel-deb.sh" | tail -n 1)
"$TOP/scripts/system-image.sh" "$deb" >/dev/null
criu=$TOP/guest/system/criu.sh
say "booting Debian, counting, criu dump, systemctl kexec, criu restore (logs in ${ARTIFACTS#"$TOP"/}/demo-criu/)"
run_vm demo-criu "$criu"
echo
sed -n 's/^# demo: //p' "$ARTIFACTS/demo-criu/results.log" 2>/dev/null || true
echo
judge_vm_run demo-criu "$criu" "$ARTIFACTS/demo-criu"
summary || die "the demo failed: ${failures[0]}; see $ARTIFACTS/demo-criu/"
say "demo done: the data and the running processes survived the kernel update"
