# SPDX-License-Identifier: GPL-2.0
# Shared settings for the PRAM scripts. Source it; do not run it.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${PRAM_BUILD:-$TOP/build}
SRC=$BUILD/linux		# git tree: base commit + one commit per patch
OUT=$BUILD/obj			# kernel objects (O=), kept between runs
ARTIFACTS=$BUILD/artifacts	# initramfs, logs, results
SOURCE_TARBALL=/usr/src/linux-source-6.12.tar.xz
SOURCE_PACKAGE=linux-source-6.12
# The Debian version the series was last rebased on. A newer 6.12.y is
# used with a warning; see scripts/deps.sh.
PINNED_VERSION=6.12.117-1~deb12u1

export CCACHE_DIR=${CCACHE_DIR:-/var/cache/pram-ccache}
export KBUILD_BUILD_USER=pram KBUILD_BUILD_HOST=pram
export KBUILD_BUILD_TIMESTAMP='2024-01-01 00:00:00 UTC'
export GIT_AUTHOR_NAME=${GIT_AUTHOR_NAME:-PRAM developers}
export GIT_AUTHOR_EMAIL=${GIT_AUTHOR_EMAIL:-pram-devel@lists.linux.dev}
export GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL

JOBS=${JOBS:-$(nproc)}

say()  { printf '[%(%H:%M:%S)T] %s\n' -1 "$*"; }
die()  { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# What no kernel log of a run may show.
KERNEL_TROUBLE='Kernel panic|Oops|BUG:|WARNING:|Call Trace:|general protection fault'

# Everything a VM run needs: packages, the tree, the kernel, the initramfs.
prepare_vm_run() {
	"$TOP/scripts/deps.sh"
	[ -d "$SRC/.git" ] || "$TOP/scripts/series.sh" materialise
	"$TOP/scripts/build.sh" --quiet
	"$TOP/scripts/build-guest.sh"
	mkdir -p "$ARTIFACTS"
	"$TOP/scripts/mkinitramfs.sh" "$ARTIFACTS/initramfs.cpio"
}
