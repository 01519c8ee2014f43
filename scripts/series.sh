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
# patches/ is the source of truth; build/ is scratch space. patches/series
# is the series; patches/harness/series, if there is one, what only test
# kernels carry on top of it: commits whose subject begins "harness: ".
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
		git -C "$SRC" am -q --keep-cr "$TOP/patches/$p" ||
			die "patches/$p does not apply; fix it in $SRC (git am --show-current-patch)"
		n=$((n + 1))
	done < <(series_files)
	say "$SRC: base + $n patches on branch pram"
}

debian_version() {
	dpkg-query -W -f='${Version}' "$SOURCE_PACKAGE" 2>/dev/null || echo unknown
}

# The last commit of the series proper: harness commits come after it.
series_end() {
	local c end=$BASE_TAG harness=0
	for c in $(git -C "$SRC" rev-list --reverse "$BASE_TAG..HEAD"); do
		case "$(git -C "$SRC" log -1 --format=%s "$c")" in
		harness:*) harness=1 ;;
		*)
			[ $harness = 0 ] ||
				die "commit $c follows a harness commit but is not one: harness commits go last"
			end=$c
			;;
		esac
	done
	git -C "$SRC" rev-parse "$end^{commit}"
}

# write_patches RANGE DIR: format-patch RANGE into DIR, and DIR/series.
write_patches() {
	local tmp f
	tmp=$(mktemp -d)
	# --zero-commit, --no-signature and a fixed abbreviation keep the
	# output free of per-run noise.
	git -C "$SRC" -c core.abbrev=9 format-patch -q --zero-commit --no-signature \
		--no-numbered -o "$tmp" "$1"
	mkdir -p "$2"
	: > "$2/series"
	[ ! -f "$2/0000-cover-letter.patch" ] || echo 0000-cover-letter.patch >> "$2/series"
	for f in "$tmp"/*.patch; do
		[ -e "$f" ] || continue
		mv "$f" "$2/"
		basename "$f" >> "$2/series"
	done
	rmdir "$tmp"
}

export_series() {
	[ -d "$SRC/.git" ] || die "no tree in $SRC: run '$0 materialise' first"
	local end
	end=$(series_end)
	# The cover letter is written by hand: it stays.
	find "$TOP/patches" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' \
		! -name 0000-cover-letter.patch -delete
	rm -rf "$TOP/patches/harness"
	write_patches "$BASE_TAG..$end" "$TOP/patches"
	if [ "$end" != "$(git -C "$SRC" rev-parse HEAD)" ]; then
		write_patches "$end..HEAD" "$TOP/patches/harness"
		say "exported $(grep -vc '^0000-' "$TOP/patches/series") patches to patches/, $(wc -l < "$TOP/patches/harness/series") to patches/harness/"
	else
		say "exported $(grep -vc '^0000-' "$TOP/patches/series") patches to patches/"
	fi
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
		case "$p" in ''|'#'*|0000-*) continue ;; esac
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
	local end commits c n=0
	# The series proper: harness commits are for test kernels only.
	end=$(series_end)
	commits=$(git -C "$SRC" rev-list --reverse "$BASE_TAG..$end")
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
