#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The Debian system of the system tests: a raw ext4 image, root=/dev/vda.
#
#   system-image.sh DEB
#
# Two layers, each cached in build/system/:
#   rootfs-<key>.tar  Debian 12 minbase with systemd, udev, kexec-tools,
#                     criu and procps, from mmdebstrap, with the apt
#                     sources of this machine (or PRAM_APT_SOURCES, a
#                     sources.list); <key> hashes the package list and the
#                     sources, so a new list builds a new tarball and an
#                     unchanged one is never downloaded again.
#   debian.img        the tarball, the kernel package DEB installed with
#                     dpkg -i, the series' PRAM tools installed as an
#                     operator would, and the guest side of the tests
#                     (guest/system/); made again when any of these changes.
# The tests never write to debian.img: each run boots a copy-on-write
# overlay of it (scripts/vm.sh --root). Prints the image's path last.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

deb=${1:?usage: system-image.sh DEB}

DIR=$BUILD/system
SUITE=bookworm
PACKAGES=systemd,systemd-sysv,udev,kexec-tools,criu,procps
IMAGE_SIZE=2G
mkdir -p "$DIR"

# Where the apt sources come from, for messages.
SOURCES_FROM=${PRAM_APT_SOURCES:-"this machine's apt configuration (/etc/apt/sources.list, /etc/apt/sources.list.d/)"}

# apt_sources: the Debian archive's sources of $SUITE (and its -updates,
# -security) in one-line format, from PRAM_APT_SOURCES if set (a file in
# either of apt's formats), else from this machine's own apt
# configuration: the image is made from the archive the machine installs
# from. Only entries of the Debian archive are kept: a URI whose path ends
# in /debian or /debian-security, as every mirror of it has, and the main
# component. A third-party repository for the same suite, or a CD-ROM, is
# not the image's business.
apt_sources() {
	local files=() f
	if [ -n "${PRAM_APT_SOURCES:-}" ]; then
		[ -f "$PRAM_APT_SOURCES" ] || die "PRAM_APT_SOURCES=$PRAM_APT_SOURCES is not a file"
		files=("$PRAM_APT_SOURCES")
	else
		files=(/etc/apt/sources.list /etc/apt/sources.list.d/*.list
		       /etc/apt/sources.list.d/*.sources)
	fi
	for f in "${files[@]}"; do
		[ -f "$f" ] || continue
		if [[ $f == *.sources ]] || grep -qiE '^(Types|URIs):' "$f"; then
			deb822_to_lines < "$f"
		else
			grep -E '^[[:space:]]*deb[[:space:]]' "$f" || true
		fi
	done | awk -v suite="$SUITE" '
		# The URI is the first word after "deb" and its [options].
		{
			line = $0; sub(/^[[:space:]]*deb[[:space:]]+/, "", line)
			if (line ~ /^\[/) sub(/^\[[^]]*\][[:space:]]*/, "", line)
			split(line, w, /[[:space:]]+/)
			uri = w[1]; sub(/\/+$/, "", uri)
			main = 0
			for (i = 3; i in w; i++)
				main = main || w[i] == "main"
		}
		main && uri ~ /\/debian(-security)?$/ && w[2] ~ ("^" suite "(-updates|-security)?$")' | sort -u
}

# deb822_to_lines: the "Types: deb" stanzas of a .sources file on stdin
# as one-line entries, one per URI and suite; a field may go on over
# lines that begin with white space; "Enabled: no" leaves a stanza out.
deb822_to_lines() {
	awk '
	function flush(   i, j, nu, ns, u, su, opt) {
		if (f["types"] ~ /(^| )deb( |$)/ && f["enabled"] !~ /^(no|false)$/) {
			nu = split(f["uris"], u, " "); ns = split(f["suites"], su, " ")
			opt = f["signed-by"] == "" ? "" : "[signed-by=" f["signed-by"] "] "
			for (i = 1; i <= nu; i++)
				for (j = 1; j <= ns; j++)
					print "deb " opt u[i] " " su[j] " " f["components"]
		}
		delete f; key = ""
	}
	/^#/ { next }
	/^[[:space:]]*$/ { flush(); next }
	/^[[:space:]]/ {
		# A folded line: more of the last field (a Signed-By key
		# block is not a path; it is left out).
		if (key != "" && key != "signed-by")
			f[key] = f[key] " " $0
		next
	}
	{
		key = tolower($1); sub(/:$/, "", key); $1 = ""; sub(/^ +/, "")
		f[key] = $0
		if (key == "enabled")
			f[key] = tolower($0)
		if (key == "signed-by") {
			# Several keyrings: commas in the one-line format.
			gsub(/[[:space:]]+/, ",", f[key])
			if (f[key] !~ /^\//)
				f[key] = ""
		}
	}
	END { flush() }' | tr -s ' '
}

mapfile -t SOURCES < <(apt_sources)
[ ${#SOURCES[@]} -gt 0 ] ||
	die "no Debian archive source for $SUITE in $SOURCES_FROM: set PRAM_APT_SOURCES to a sources.list that has one"

# --- Layer 1: the Debian root file system. ---

MMDEBSTRAP=(mmdebstrap --quiet --variant=minbase --include="$PACKAGES" --format=tar)
key=$(printf '%s\n' "$SUITE" "${MMDEBSTRAP[@]}" "${SOURCES[@]}" | sha256sum | cut -c1-12)
rootfs=$DIR/rootfs-$key.tar
if [ -f "$rootfs" ]; then
	say "Debian root file system: cached ($(basename "$rootfs"))"
else
	say "Debian root file system: mmdebstrap $SUITE minbase + $PACKAGES, from ${#SOURCES[@]} apt sources"
	start=$SECONDS
	rm -f "$DIR"/rootfs-*.tar "$rootfs.tmp"
	"${MMDEBSTRAP[@]}" "$SUITE" "$rootfs.tmp" "${SOURCES[@]}" ||
		die "mmdebstrap failed with these apt sources:
$(printf '  %s\n' "${SOURCES[@]}")
(from $SOURCES_FROM; set PRAM_APT_SOURCES to a file with others)"
	mv "$rootfs.tmp" "$rootfs"
	say "Debian root file system built in $((SECONDS - start)) s: $(du -m "$rootfs" | cut -f1) MiB"
fi

# --- Layer 2: the image. ---

[ -f "$deb" ] || die "no kernel package $deb: run scripts/kernel-deb.sh"

kver=$(dpkg-deb -f "$deb" Package | sed 's/^linux-image-//')
inputs=("$rootfs" "$deb" "$TOP"/guest/system/* "$TOP/guest/harness.sh"
	"$SRC/tools/mm/pram-kexec.sh"
	"$TOP/tools/pram-kexec-tools.sh"
	"$SRC/tools/testing/selftests/kselftest/ktap_helpers.sh" "$0")
stamp=$(sha256sum "${inputs[@]}" | sha256sum | cut -c1-16)
image=$DIR/debian.img
if [ -f "$image" ] && [ -f "$DIR/vmlinuz" ] &&
   [ "$(cat "$image.stamp" 2>/dev/null)" = "$stamp" ]; then
	say "Debian image: up to date ($image, kernel $kver)"
	echo "$image"
	exit 0
fi

say "Debian image: $(basename "$rootfs") + $(basename "$deb") + guest/system"
start=$SECONDS
root=$DIR/root
rm -rf "$root" "$image" "$image.stamp"
mkdir -p "$root"
tar -C "$root" -xf "$rootfs"

# The kernel, as an operator installs a package.
cp "$deb" "$root/tmp/"
chroot "$root" dpkg -i "/tmp/$(basename "$deb")" >/dev/null ||
	die "dpkg -i $(basename "$deb") failed in the image"
rm "$root/tmp/$(basename "$deb")"
[ -f "$root/boot/vmlinuz-$kver" ] || die "the package installed no /boot/vmlinuz-$kver"
# QEMU boots the kernel the package installed (scripts/vm.sh --root).
cp "$root/boot/vmlinuz-$kver" "$DIR/vmlinuz"

# PRAM's tools where an operator would put them: the loader, and the
# kexec-tools hook that gives the kernel kexec-load loads the current pram=.
install -m 755 "$SRC/tools/mm/pram-kexec.sh" "$root/usr/local/sbin/pram-kexec"
install -m 644 "$TOP/tools/pram-kexec-tools.sh" "$root/etc/default/kexec.d/pram"
cat > "$root/etc/default/kexec" <<EOF
# kexec-tools: load this kernel at reboot (see /etc/default/kexec.d/pram).
LOAD_KEXEC=true
KERNEL_IMAGE="/boot/vmlinuz-$kver"
INITRD=""
APPEND=""
USE_GRUB_CONFIG=false
EOF

# A system that boots the same way every time: a fixed machine id (no
# first-boot setup), a persistent journal, no timers, no login prompt.
echo "pram-system" > "$root/etc/hostname"
echo 5fd1f63bd6d84dbc9a63e5dbbd7a4ef1 > "$root/etc/machine-id"
mkdir -p "$root/var/log/journal"
cat > "$root/etc/fstab" <<'EOF'
/dev/vda	/		ext4	rw,errors=remount-ro	0 0
tmpfs		/srv/pram	tmpfs	pram=fstab,size=256M,mode=1777,nofail	0 0
tmpfs		/srv/criu	tmpfs	pram=criu,size=320M,nofail	0 0
EOF
mkdir -p "$root/srv/pram" "$root/srv/criu"
for unit in serial-getty@.service getty@.service getty-static.service apt-daily.timer \
	    apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer \
	    systemd-tmpfiles-clean.timer; do
	ln -sf /dev/null "$root/etc/systemd/system/$unit"
done

# The guest side of the tests: a unit that runs the current stage of the
# test named on the kernel command line, once the system is up.
lib=$root/usr/local/lib/pram-systest
mkdir -p "$lib"
install -m 644 "$SRC/tools/testing/selftests/kselftest/ktap_helpers.sh" "$lib/"
install -m 644 "$TOP"/guest/system/*.sh "$lib/"
install -m 644 "$TOP/guest/harness.sh" "$lib/harness-core.sh"
install -m 755 "$TOP/guest/system/run" "$TOP/guest/system/reboot-queued" \
	"$TOP/guest/system/pram-counter" "$lib/"
# Static: the host's C library may be newer than the image's.
gcc -O2 -Wall -Werror -static -o "$lib/counter" "$TOP/guest/system/counter.c"
install -m 644 "$TOP/guest/system/pram-systest.service" \
	"$TOP/guest/system/pram-counter.service" "$root/etc/systemd/system/"
ln -sf ../pram-systest.service "$root/etc/systemd/system/multi-user.target.wants/"

truncate -s "$IMAGE_SIZE" "$image.tmp"
mkfs.ext4 -q -F -L pram-system -d "$root" "$image.tmp" || die "mkfs.ext4 -d failed"
rm -rf "$root"
mv "$image.tmp" "$image"
echo "$stamp" > "$image.stamp"
say "Debian image made in $((SECONDS - start)) s: $image ($(du -m "$image" | cut -f1) MiB used of $IMAGE_SIZE), kernel $kver"
echo "$image"
