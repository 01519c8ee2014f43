# SPDX-License-Identifier: GPL-2.0
# Plain kexec_load (kexec -l, without -s): kexec-tools picks the segment
# destinations in user space. Preserved data at the top of memory and in
# most of the rest must still arrive intact, moved out of the way where
# a segment lands on it. A segment over the super block, which cannot
# move, is refused when it is loaded.
# KASLR stays on. 'top' is what ZONE_MOVABLE has free less 2 MiB, at
# most 64 MiB: a first kernel that KASLR put in the zone leaves less (a
# fixed 64 MiB failed with ENOMEM in 1 CI run). Before anything is saved,
# kexec -d -l shows where kexec-tools puts the segments; once 'top' is
# saved, test_pram's "where" says which of its pages PRAM keeps in place,
# and some must lie in the segments (PRAM copies pages out of banned
# regions, such as this kernel's image). Otherwise the host boots the
# test again, up to three boots. The same kexec -l, with the same files
# and command line, loads the next kernel after the saves, and must put
# the segments in the same places.
#
# vm: about kexec_load: segments over preserved data move it; a segment over the super block is refused
# vm: order 70
# vm: stages 2
# vm: qemu --mem 512M --smp 2 --timeout 300 --append kunit.enable=0 --append movablecore=96M
# vm: expect-console PRAM: moved [0-9]+ pages out of the next kernel's way

. /lib/pram.sh

# kexecseg_says ADDR WORD: kexec_load() of a segment at ADDR answers WORD.
kexecseg_says() {
	[ "$(/bin/kexecseg "$1")" = "$2" ]
}

# load_l CMDLINE: kexec -d -l the next kernel with CMDLINE and this
# initramfs, packed again, the segments kexec-tools chose into
# /tmp/segments; its output is in /tmp/kexec.log. The packed initramfs
# goes once loaded: its pages would lie where 'top' is to be.
load_l() {
	local status=0
	pack_initrd
	kexec -d -l /kernel --initrd=/tmp/initrd.cpio --append="$1" > /tmp/kexec.log 2>&1 ||
		status=$?
	rm -f /tmp/initrd.cpio
	[ $status = 0 ] && kexec_d_segments /tmp/kexec.log > /tmp/segments && [ -s /tmp/segments ]
}

run_stage() {
	case "$1" in
	1)
		local sb top cmdline room
		sb=$(printf '%x' $((0x$(cat /sys/kernel/pram) << 12)))
		top=$(top_bytes)
		if [ "${top:-0}" -lt $((32 << 20)) ]; then
			relayout "ZONE_MOVABLE has less than 34 MiB free: $(grep -A 1 'zone *Movable' /proc/zoneinfo | tr -s ' \n' ' ')"
		fi
		cmdline=$(next_cmdline 2 "pram=$(cat /sys/kernel/pram)" "harness.top=$top")
		if ! load_l "$cmdline"; then
			ktap_plan 1
			ktap_fail "kexec -l (kexec_load) loads the next kernel: $(grep -v -E '^(segment|nr_segments)' /tmp/kexec.log | tail -n 2 | tr '\n' ' ')"
			harness_end
		fi
		kexec -u
		ktap_plan 6
		ktap_check "kexec_load() refuses a segment over the super block with EADDRNOTAVAIL" \
			kexecseg_says "$sb" EADDRNOTAVAIL
		ktap_check "and says so in the kernel log" \
			dmesg_has "segment \[mem 0x$sb-0x[0-9a-f]*\] overlaps the PRAM super block"
		ktap_check "a segment on the page above is loaded, and unloaded" \
			sh -c "[ \"\$(/bin/kexecseg $(printf '%x' $((0x$sb + 4096))))\" = ok ] && /bin/kexecseg -u"
		tp_check save top page 21 "$top" top
		room=$(kept_in_segments)
		if [ "$room" = 0 ]; then
			relayout "no page 'top' keeps in place ($(head -n 1 "$TP_WHERE")) lies in kexec-tools' segments ($(ranges_text /tmp/segments)); this kernel's image: $(grep 'Kernel code' /proc/iomem | tr -s ' ')"
		fi
		tp_check save bytes byte 22 $((3 << 20))
		cp /tmp/segments /tmp/segments.before
		if load_l "$cmdline" && cmp -s /tmp/segments /tmp/segments.before; then
			ktap_ok "kexec -l (kexec_load) loads the next kernel, its segments ($(ranges_text /tmp/segments)) over $room pages of 'top'"
		else
			ktap_fail "kexec -l (kexec_load) loads the next kernel where it did before the saves: $(ranges_text /tmp/segments.before), now $(ranges_text /tmp/segments)"
		fi
		echo "# harness: kexec into stage 2" >&3
		exec 3>&-
		sync
		kexec -e
		echo "not ok 99 kexec -e returned" >/dev/ttyS1
		harness_end
		;;
	2)
		ktap_plan 3
		check_reserved
		tp_check verify top page 21 "$(cmdline_value harness.top)" top
		tp_check verify bytes byte 22 $((3 << 20))
		;;
	esac
}
