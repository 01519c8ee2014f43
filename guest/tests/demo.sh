# SPDX-License-Identifier: GPL-2.0
# The demo, as a user lives it: files in a tmpfs mounted with pram=,
# saved, a kexec into the next kernel, the same files there. The story
# goes to ttyS1 as "# demo:" lines, which scripts/demo.sh prints.
#
# vm: about the demo: a tmpfs tree saved, kexec, the same tree in the next kernel
# vm: manual scripts/demo.sh
# vm: stages 2
# vm: qemu --mem 512M --append kunit.enable=0

. /lib/pram.sh

MNT=/srv/cache

say_demo() {
	echo "# demo: $*" >&3
}

# A listing of every name: mode, owner, size, link count, mtime, the
# checksum of a file, the target of a symlink, and, for hard links, the
# first name of the same inode (inode numbers differ across kernels).
# What must look the same after.
manifest() {
	(cd "$MNT" && find . | sort | while read -r f; do
		line=$(stat -c '%i %n %A %u:%g %s %h %y' "$f")
		if [ -L "$f" ]; then
			line="$line -> $(readlink "$f")"
		elif [ -f "$f" ]; then
			line="$line $(md5sum < "$f" | cut -c1-32)"
		fi
		echo "$line"
	done) | awk '{ if (!($1 in first)) first[$1] = $2; $1 = "=" first[$1]; print }'
}

# us_of PATTERN: the microseconds in the last kernel message matching it.
us_of() {
	dmesg | grep "$1" | tail -n 1 | grep -o '[0-9]* us' | grep -o '[0-9]*'
}

run_stage() {
	case "$1" in
	1)
		ktap_plan 3
		say_demo "kernel 1 ($(uname -r)) is up; $(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo) MiB of RAM"
		say_demo "\$ mount -t tmpfs -o pram=cache,huge=always none $MNT"
		mkdir -p "$MNT"
		ktap_check "mount a tmpfs with pram=cache" \
			mount -t tmpfs -o pram=cache,huge=always,noatime none "$MNT"
		say_demo "filling it: a database-like cache of 192 MiB, logs, a symlink and a hard link"
		mkdir -p "$MNT/db/tables" "$MNT/log"
		for i in 1 2 3; do
			dd if=/dev/urandom of="$MNT/db/tables/t$i.dat" bs=1M count=64 2>/dev/null
		done
		dmesg | tail -n 20 > "$MNT/log/boot.log"
		echo "saved by kernel 1 at uptime $(cut -d' ' -f1 /proc/uptime) s" > "$MNT/README"
		ln -s tables/t1.dat "$MNT/db/current"
		ln "$MNT/README" "$MNT/log/README"
		manifest > /tmp/manifest
		say_demo "$(wc -l < /tmp/manifest) names; manifest md5 $(md5sum < /tmp/manifest | cut -c1-32)"
		say_demo "memory this kernel reserved while booting is banned from holding preserved data:"
		dmesg | grep -E 'PRAM: ( *[0-9]+:|Total)' | sed 's/^\[[^]]*\] PRAM: */    /' |
			while read -r l; do say_demo "    $l"; done
		say_demo "\$ mount -o remount,pram_save $MNT"
		ktap_check "remount,pram_save" mount -o remount,pram_save "$MNT"
		say_demo "    saved in $(us_of 'pram=cache: saved') us (file pages by reference, not copied)"
		say_demo "\$ pram-kexec.sh /kernel /tmp/initrd.cpio; kexec -e     (pram=$(cat /sys/kernel/pram))"
		pack_initrd
		ktap_check "pram-kexec.sh loads the next kernel" \
			pram-kexec.sh /kernel /tmp/initrd.cpio -- harness.stage=2 \
				"harness.manifest=$(md5sum < /tmp/manifest | cut -c1-32)"
		echo "# harness: kexec into stage 2" >&3
		exec 3>&-
		sync
		kexec -e
		;;
	2)
		local want got
		ktap_plan 3
		say_demo "kernel 2 reached user space $(cut -d' ' -f1 /proc/uptime) s after it started"
		dmesg | grep -E 'PRAM: ([0-9]+ pages reserved|restored)' |
			sed 's/^\[[^]]*\] PRAM: */    /' | while read -r l; do say_demo "    $l"; done
		say_demo "\$ mount -t tmpfs -o pram=cache,huge=always none $MNT"
		mkdir -p "$MNT"
		ktap_check "mount pram=cache again" \
			mount -t tmpfs -o pram=cache,huge=always,noatime none "$MNT"
		say_demo "    restored in $(us_of 'pram=cache: restored') us"
		want=$(cmdline_value harness.manifest)
		got=$(manifest | md5sum | cut -c1-32)
		ktap_check "every name, mode, owner, size, time, byte, symlink target and hard link is the same" \
			test "$got" = "$want"
		say_demo "manifest md5 $got, kernel 1 had $want"
		say_demo "$(cat "$MNT/README"); ls -l $MNT/db:"
		ls -l "$MNT/db" | while read -r l; do say_demo "    $l"; done
		ktap_check "the files are writable again" touch "$MNT/db/used-by-kernel-2"
		;;
	esac
}
