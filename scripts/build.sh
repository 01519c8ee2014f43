#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the test kernel from build/linux into build/obj:
# tinyconfig + config/base.config + config/pram.config, verified, then
# bzImage with ccache.
#
#   build.sh [--quiet] [--no-verify] [--variant NAME]
#
# --no-verify skips the fragment check (used by 'series.sh bisect', where
# early patches do not define every PRAM symbol yet).
# --variant NAME adds config/NAME.config and builds into build/obj-NAME:
# the "update" variant is the next kernel of a kernel update, one that
# differs from the test kernel.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

quiet=0 verify=1 variant=
while [ $# -gt 0 ]; do
	case "$1" in
	--quiet) quiet=1 ;;
	--no-verify) verify=0 ;;
	--variant) variant=${2:?--variant needs a name}; shift ;;
	*) die "unknown option $1" ;;
	esac
	shift
done

FRAGMENTS=("$TOP/config/base.config" "$TOP/config/pram.config")
if [ -n "$variant" ]; then
	[ -f "$TOP/config/$variant.config" ] || die "no config/$variant.config"
	FRAGMENTS+=("$TOP/config/$variant.config")
	OUT=$OUT-$variant
fi

[ -f "$SRC/Makefile" ] || die "no kernel tree in $SRC: run scripts/series.sh materialise"
mkdir -p "$OUT" "$CCACHE_DIR"

make_kernel() {
	if [ $quiet = 1 ]; then
		make -C "$SRC" O="$OUT" -s "$@" >/dev/null
	else
		make -C "$SRC" O="$OUT" -s "$@"
	fi
}

# Every CONFIG_FOO=val line of the fragments must be in the final .config:
# Kconfig silently drops options whose dependencies are not met.
verify_config() {
	local frag line missing=0
	for frag in "${FRAGMENTS[@]}"; do
		while read -r line; do
			case "$line" in CONFIG_*) ;; *) continue ;; esac
			if ! grep -qxF "$line" "$OUT/.config"; then
				echo "config: $line (from ${frag#"$TOP"/}) was dropped;" \
				     "now: $(grep -E "^(# )?${line%%=*}[= ]" "$OUT/.config" || echo 'absent')" >&2
				missing=1
			fi
		done < "$frag"
	done
	[ $missing = 0 ] || die "kernel configuration is missing requested options"
}

# Up to date when the tree, the fragments and this script are as they were
# at the last successful build: configuring and a no-op make would cost
# half a minute.
stamp=$({ tree_state; sha256sum "${FRAGMENTS[@]}" "$0"; echo "$verify"; } | sha256sum | cut -c1-16)
if [ -f "$OUT/arch/x86/boot/bzImage" ] && [ "$(cat "$OUT/.pram-stamp" 2>/dev/null)" = "$stamp" ]; then
	say "kernel up to date: $OUT/arch/x86/boot/bzImage"
	exit 0
fi
rm -f "$OUT/.pram-stamp"

say "configuring: tinyconfig + ${FRAGMENTS[*]##*/}"
make_kernel tinyconfig
"$SRC/scripts/kconfig/merge_config.sh" -m -O "$OUT" "$OUT/.config" "${FRAGMENTS[@]}" >/dev/null
make_kernel olddefconfig
[ $verify = 0 ] || verify_config

say "building bzImage with $JOBS jobs (ccache in $CCACHE_DIR)"
start=$SECONDS
make_kernel -j"$JOBS" CC="ccache gcc" bzImage
echo "$stamp" > "$OUT/.pram-stamp"
say "built $(make -C "$SRC" O="$OUT" -s kernelrelease) in $((SECONDS - start)) s: $OUT/arch/x86/boot/bzImage ($(bzimage_sizes "$OUT/arch/x86/boot/bzImage"))"
