#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what building and testing PRAM needs, from Debian's archive.
# Idempotent: a second run only checks.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# liburcu-dev is for tools/testing/memblock, which builds with
# -fsanitize=address,undefined: gcc brings libasan and libubsan. The
# Debian system tests package the kernel (dpkg-dev, debhelper and what
# 'make bindeb-pkg' declares it needs: kmod, rsync), build a Debian root
# file system (mmdebstrap) into an ext4 image (e2fsprogs) and run it
# through a copy-on-write overlay (qemu-utils).
PACKAGES=(
	gcc make bc flex bison libelf-dev libssl-dev cpio xz-utils perl python3
	python3-ply python3-git ccache qemu-system-x86 kexec-tools busybox-static
	gnuplot-nox liburcu-dev dpkg-dev debhelper kmod rsync mmdebstrap e2fsprogs
	qemu-utils
)

missing=()
for p in "${PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
have_source=0
dpkg-query -W -f='${Status}' "$SOURCE_PACKAGE" 2>/dev/null | grep -q 'ok installed' &&
	have_source=1

if [ ${#missing[@]} -gt 0 ] || [ $have_source = 0 ]; then
	[ "$(id -u)" = 0 ] || die "not root: cannot install ${missing[*]} $SOURCE_PACKAGE (run as root, or install them)"
	say "apt-get update"
	apt-get update -qq || die "apt-get update failed"
	if [ ${#missing[@]} -gt 0 ]; then
		# kexec-tools would otherwise set this machine up to load a
		# kernel with kexec at every reboot.
		echo 'kexec-tools kexec-tools/load_kexec boolean false' | debconf-set-selections
		say "installing ${missing[*]}"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			"${missing[@]}" >/dev/null || die "apt-get install ${missing[*]} failed"
	fi
	if [ $have_source = 0 ]; then
		# Prefer the version the series was rebased on; Debian drops old
		# versions from its archive, so fall back to the current one.
		if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			"$SOURCE_PACKAGE=$PINNED_VERSION" >/dev/null 2>&1; then
			:
		else
			echo "WARNING: $SOURCE_PACKAGE=$PINNED_VERSION is not available; using the current version" >&2
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
				"$SOURCE_PACKAGE" >/dev/null || die "apt-get install $SOURCE_PACKAGE failed"
		fi
	fi
fi

version=$(dpkg-query -W -f='${Version}' "$SOURCE_PACKAGE")
[ "$version" = "$PINNED_VERSION" ] ||
	echo "WARNING: $SOURCE_PACKAGE is $version; the series was last rebased on $PINNED_VERSION" >&2
say "dependencies ready; kernel source: $SOURCE_PACKAGE $version"
