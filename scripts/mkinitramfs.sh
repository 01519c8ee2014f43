#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Pack the test initramfs: busybox, Debian's kexec with its libraries,
# the kernel to kexec into, the guest init and tests with the kernel's
# ktap_helpers.sh, static helpers.
#
#   mkinitramfs.sh OUTPUT.cpio
set -euo pipefail
source "$(dirname "$0")/lib.sh"

out=${1:?usage: mkinitramfs.sh OUTPUT.cpio}
kernel=$OUT/arch/x86/boot/bzImage
ktap_helpers=$SRC/tools/testing/selftests/kselftest/ktap_helpers.sh
[ -f "$kernel" ] || die "no kernel at $kernel: run scripts/build.sh"
[ -f "$ktap_helpers" ] || die "no $ktap_helpers, which guest/harness.sh sources"

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,lib,proc,sys,dev,tmp,mnt,tests}
# mktemp made the root 0700: unprivileged test users must get through it.
chmod 0755 "$root"
chmod 1777 "$root/tmp"

cp /bin/busybox "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
cp /usr/sbin/kexec "$root/sbin/kexec"
# Debian's kexec is dynamically linked (libc and Xen libraries).
for lib in $(ldd /usr/sbin/kexec | grep -o '/[^ ]*'); do
	mkdir -p "$root$(dirname "$lib")"
	cp -L "$lib" "$root$lib"
done
cp "$kernel" "$root/kernel"
install -m 0755 "$TOP/guest/init" "$root/init"
cp "$ktap_helpers" "$root/lib/ktap_helpers.sh"
cp "$TOP/guest/harness.sh" "$root/lib/harness.sh"
cp "$TOP/guest/lib-pram.sh" "$root/lib/pram.sh"
cp "$TOP"/guest/tests/*.sh "$root/tests/"
# The series' kexec helper, as users would run it.
if [ -f "$SRC/tools/mm/pram-kexec.sh" ]; then
	install -m 0755 "$SRC/tools/mm/pram-kexec.sh" "$root/bin/pram-kexec.sh"
fi

# Static helpers and selftests built by scripts/build-guest.sh, if any.
if [ -d "$ARTIFACTS/guest-bin" ]; then
	cp -a "$ARTIFACTS/guest-bin/." "$root/bin/"
fi

(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) > "$out"
say "initramfs: $out ($(du -k "$out" | cut -f1) KiB)"
