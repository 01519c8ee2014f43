#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build an installable Debian package of the patched kernel with
# 'make bindeb-pkg'.
#
#   kernel-deb.sh                  the kernel of the Debian system tests,
#                                  the update test's next kernel:
#                                  tinyconfig + base, pram and update
#                                  fragments (build.sh --variant update)
#   kernel-deb.sh --config FILE    FILE, a distribution's configuration
#                                  such as /boot/config-$(uname -r), with
#                                  PRAM and its tmpfs support turned on
#
# The packages land in build/deb/NAME/ (NAME: update, or config for
# --config); the newest linux-image package's path is printed last.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

config=
while [ $# -gt 0 ]; do
	case "$1" in
	--config) config=${2:?--config needs a file}; shift ;;
	*) die "unknown option $1" ;;
	esac
	shift
done

make_kernel() {
	make -C "$SRC" O="$obj" -s "$@"
}

# The package is of patches/, never of a stale or missing tree.
"$TOP/scripts/deps.sh" >&2
sync_tree >&2

if [ -z "$config" ]; then
	name=update obj=$OUT-update
	"$TOP/scripts/build.sh" --quiet --variant update
else
	[ -r "$config" ] || die "cannot read $config"
	name=config obj=$OUT-config
	mkdir -p "$obj"
	cp "$config" "$obj/.config"
	# Debian's configuration names the certificates of Debian's own build,
	# which are not in the source; without them the kernel trusts only
	# the keys it is built with, as any locally built kernel does.
	"$SRC/scripts/config" --file "$obj/.config" \
		--enable PRAM --enable TMPFS_PRAM --enable KEXEC_FILE \
		--set-str SYSTEM_TRUSTED_KEYS '' --set-str SYSTEM_REVOCATION_KEYS ''
	make_kernel olddefconfig
	for opt in CONFIG_PRAM CONFIG_TMPFS_PRAM; do
		grep -qx "$opt=y" "$obj/.config" ||
			die "$opt is not set after olddefconfig: $(grep -E "^(# )?${opt}[= ]" "$obj/.config" || echo absent)"
	done
fi

# dpkg-buildpackage writes the packages next to the object directory.
dest=$BUILD/deb/$name
# Up to date when the tree, the configuration and this script are as they
# were when the package was made.
stamp=$({ tree_state; sha256sum "$obj/.config" "$0"; } | sha256sum | cut -c1-16)
# image_packages: the linux-image packages in $dest, without -dbg.
image_packages() {
	local f
	for f in "$dest"/linux-image-*.deb; do
		case "$f" in *-dbg_*) ;; *) [ -f "$f" ] && echo "$f" ;; esac
	done
}
if [ "$(cat "$dest.stamp" 2>/dev/null)" = "$stamp" ]; then
	mapfile -t images < <(image_packages)
	if [ ${#images[@]} = 1 ]; then
		say "package up to date: ${images[0]}"
		echo "${images[0]}"
		exit 0
	fi
fi
rm -rf "$dest.stamp" "$dest" "$dest.log" "$BUILD"/*.deb "$BUILD"/*.buildinfo "$BUILD"/*.changes
mkdir -p "$dest"
say "packaging $(make_kernel kernelrelease) with $JOBS jobs (make bindeb-pkg)"
start=$SECONDS
# No linux-headers package, nothing here builds modules out of tree; no
# debug package, which a distribution's DEBUG_INFO makes gigabytes.
make_kernel -j"$JOBS" CC="ccache gcc" \
	DEB_BUILD_PROFILES="pkg.linux-upstream.nokernelheaders pkg.linux-upstream.nokerneldbg" \
	bindeb-pkg > "$dest.log" 2>&1 ||
	die "make bindeb-pkg failed: $(tail -n 5 "$dest.log") (log: $dest.log)"
mv "$BUILD"/*.deb "$BUILD"/*.buildinfo "$BUILD"/*.changes "$dest/"
mapfile -t images < <(image_packages)
[ ${#images[@]} = 1 ] || die "expected one linux-image package in $dest, found ${#images[@]}"
echo "$stamp" > "$dest.stamp"
say "packaged in $((SECONDS - start)) s: $(cd "$dest" && echo ./*.deb)"
echo "${images[0]}"
