#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Edit the PRAM series like a kernel tree.
#
#   series.sh materialise   build/linux := Debian source + patches/ as commits
#   series.sh export        patches/ := the commits on top of the base
#   series.sh checkpatch    scripts/checkpatch.pl --strict on every patch
#   series.sh bisect        build the kernel after each patch in turn
#
# patches/ is the source of truth; build/ is scratch space.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

materialise() {
	[ -f "$SOURCE_TARBALL" ] || die "$SOURCE_TARBALL missing: run scripts/deps.sh"
	if [ -d "$SRC/.git" ]; then
		if [ -n "$(git -C "$SRC" status --porcelain --untracked-files=no)" ]; then
			die "$SRC has uncommitted changes; commit or export them first"
		fi
		say "reusing the base commit in $SRC"
		git -C "$SRC" checkout -q -B pram "$BASE_TAG"
	else
		say "extracting $SOURCE_TARBALL"
		mkdir -p "$BUILD"
		rm -rf "$SRC.tmp"
		mkdir "$SRC.tmp"
		tar -xJf "$SOURCE_TARBALL" -C "$SRC.tmp" --strip-components=1
		say "committing the pristine source as the base"
		# Debian's packaging appends "/*" and "!/debian/" to the top-level
		# .gitignore, which hides every new file from 'git add'. Drop
		# those two lines in the base so the tree behaves like upstream.
		sed -i -e '/^\/\*$/d' -e '/^!\/debian\/$/d' "$SRC.tmp/.gitignore"
		git -C "$SRC.tmp" init -q -b pram
		# Commits made by hand in the tree carry the project's identity.
		git -C "$SRC.tmp" config user.name "$GIT_AUTHOR_NAME"
		git -C "$SRC.tmp" config user.email "$GIT_AUTHOR_EMAIL"
		git -C "$SRC.tmp" add -f -A
		GIT_AUTHOR_DATE='2024-01-01T00:00:00Z' \
		GIT_COMMITTER_DATE='2024-01-01T00:00:00Z' \
			git -C "$SRC.tmp" commit -q -m "Debian $(debian_version) source" \
				-m "Top-level .gitignore: Debian's ignore-everything lines dropped."
		git -C "$SRC.tmp" tag "$BASE_TAG"
		mv "$SRC.tmp" "$SRC"
	fi
	local p n=0
	while read -r p; do
		case "$p" in ''|'#'*) continue ;; esac
		git -C "$SRC" am -q --keep-cr "$TOP/patches/$p" ||
			die "patches/$p does not apply; fix it in $SRC (git am --show-current-patch)"
		n=$((n + 1))
	done < "$TOP/patches/series"
	say "$SRC: base + $n patches on branch pram"
}

debian_version() {
	dpkg-query -W -f='${Version}' "$SOURCE_PACKAGE" 2>/dev/null || echo unknown
}

export_series() {
	[ -d "$SRC/.git" ] || die "no tree in $SRC: run '$0 materialise' first"
	local tmp
	tmp=$(mktemp -d)
	# --zero-commit and --no-signature keep the output free of per-run noise.
	git -C "$SRC" format-patch -q --zero-commit --no-signature \
		--no-numbered -o "$tmp" "$BASE_TAG..HEAD"
	rm -f "$TOP"/patches/*.patch
	: > "$TOP/patches/series"
	local f
	for f in "$tmp"/*.patch; do
		[ -e "$f" ] || continue
		mv "$f" "$TOP/patches/"
		basename "$f" >> "$TOP/patches/series"
	done
	rmdir "$tmp"
	say "exported $(wc -l < "$TOP/patches/series") patches to patches/"
}

# The checkpatch message types a patch may carry, from
# patches/checkpatch-exceptions: "PATCH TYPE[,TYPE] reason", one per line.
checkpatch_ignores() {
	local file=$TOP/patches/checkpatch-exceptions
	[ -f "$file" ] || return 0
	awk -v p="$1" '$1 == p { print "--ignore", $2 }' "$file"
}

checkpatch() {
	[ -d "$SRC" ] || die "no tree in $SRC: run '$0 materialise' first"
	local p bad=0 ignores
	while read -r p; do
		case "$p" in ''|'#'*) continue ;; esac
		ignores=$(checkpatch_ignores "$p")
		# checkpatch runs scripts/spdxcheck.py, which needs Debian's
		# python3-ply and python3-git: prefer the system python3.
		# shellcheck disable=SC2086 # ignores is a word list
		if (cd "$SRC" && PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict --quiet \
		      --no-summary $ignores "$TOP/patches/$p"); then
			echo "checkpatch: ok   $p"
		else
			echo "checkpatch: FAIL $p"
			bad=1
		fi
	done < "$TOP/patches/series"
	return $bad
}

bisect() {
	[ -d "$SRC/.git" ] || die "no tree in $SRC: run '$0 materialise' first"
	local head commits c n=0
	head=$(git -C "$SRC" rev-parse HEAD)
	commits=$(git -C "$SRC" rev-list --reverse "$BASE_TAG..$head")
	for c in $commits; do
		n=$((n + 1))
		say "bisect: building after patch $n: $(git -C "$SRC" log -1 --format=%s "$c")"
		git -C "$SRC" checkout -q "$c"
		if ! "$TOP/scripts/build.sh" --quiet --no-verify; then
			git -C "$SRC" checkout -q pram
			die "the tree does not build after patch $n ($c)"
		fi
	done
	git -C "$SRC" checkout -q pram
	say "bisect: all $n patches build"
}

case "${1:-}" in
materialise|materialize) materialise ;;
export) export_series ;;
checkpatch) checkpatch ;;
bisect) bisect ;;
*) echo "usage: $0 materialise|export|checkpatch|bisect" >&2; exit 2 ;;
esac
