# SPDX-License-Identifier: GPL-2.0
# A page with a memory error must not be preserved: PRAM and the next
# kernel read preserved pages with plain loads, which on real hardware
# is a machine check. Stage 1 gives a page of one file of a tree a
# memory error (madvise(MADV_HWPOISON)); pram_save must refuse the tree
# naming that file and why, and the unmount save must leave that file
# out, by name, and keep the rest. Stage 2 must restore the rest byte
# for byte, without the file, and list it in /.pram-lost.
# A page can also get its error after the save: tree 'c' is saved with
# remount,pram_save, then a page of it is poisoned through a read-only
# mapping. The kexec must leave the tree's data out, saying why, and the
# next kernel must name it when the tree is mounted, and drop it.
#
# vm: about a page with a memory error is never preserved; the file that has it is left out by name
# vm: order 89
# vm: stages 2
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0
# vm: expect-console PRAM: node 'tmpfs:c:data' not handed over: a page of it has a memory error \(-EHWPOISON\)

. /lib/pram.sh

# banned_pages: how many pages the banned regions of this boot hold, where
# PRAM keeps a copy of a saved page rather than the page itself.
banned_pages() {
	banned_ranges | awk '{ n += $2 - $1 + 1 } END { print n + 0 }'
}

# unbanned_offset FILE: the offset of the first page of FILE that lies
# outside the banned regions, where PRAM keeps a saved page in place;
# nothing if there is none.
unbanned_offset() {
	banned_ranges > /tmp/banned || return 0
	/bin/poison "$1" pfns > /tmp/pfns || return 0
	awk 'NR == FNR { first[NR] = $1; last[NR] = $2; n = NR; next }
	     { for (i = 1; i <= n; i++) if (first[i] <= $2 + 0 && $2 + 0 <= last[i]) next
	       print $1; exit }' /tmp/banned /tmp/pfns
}

run_stage() {
	local sum off pages
	case "$1" in
	1)
		ktap_plan 10
		mkdir -p /hw
		ktap_check "mount pram=hw" mount -t tmpfs -o pram=hw none /hw
		# good gets the number /.pram-lost would get if the restore
		# numbered it before giving the files their own.
		: > /hw/gone
		dd if=/dev/urandom of=/hw/good bs=64K count=16 2>/dev/null
		rm /hw/gone
		dd if=/dev/urandom of=/hw/bad bs=64K count=4 2>/dev/null
		sum=$(md5sum < /hw/good)
		ktap_check "a page of /hw/bad gets a memory error" /bin/poison /hw/bad 8192
		ktap_check "remount,pram_save fails" sh -c '! mount -o remount,pram_save /hw'
		ktap_check "naming the file and the memory error" \
			dmesg_has "tmpfs: pram=hw: cannot save /bad.a page of it has a memory error (-EHWPOISON)"
		ktap_check "umount saves the tree" umount /hw
		ktap_check "without that file, said so" \
			dmesg_has "tmpfs: pram=hw: names left out, with everything under them: 1"
		ktap_check "and no page with a memory error is preserved" \
			sh -c '! dmesg | grep -q "PRAM: .*HWPOISON"'
		# /c/f has more pages than the banned regions hold, so at
		# least one of them lies outside, wherever the boot put things.
		pages=$(($(banned_pages) + 256))
		mkdir -p /c
		ktap_check "mount pram=c" mount -t tmpfs -o pram=c none /c
		dd if=/dev/urandom of=/c/f bs=4K count="$pages" 2>/dev/null
		ktap_check "remount,pram_save saves c ($pages pages)" mount -o remount,pram_save /c
		off=$(unbanned_offset /c/f)
		if [ -z "$off" ]; then
			ktap_fail "a page of the saved /c/f that PRAM keeps in place: none of its $pages pages lies outside the banned regions"
		else
			ktap_check "a page of the saved /c/f that PRAM keeps in place (offset $off) gets a memory error" \
				/bin/poison /c/f "$off"
		fi
		kexec_stage 2 "harness.sum=${sum%% *}"
		;;
	2)
		ktap_plan 8
		ktap_check "the previous kernel's report names c's data" \
			dmesg_has "PRAM: at kexec the previous kernel said: PRAM: node 'tmpfs:c:data' not handed over: a page of it has a memory error"
		mkdir -p /c
		ktap_check "mount pram=c fails" sh -c '! mount -t tmpfs -o pram=c none /c'
		ktap_check "saying its data was not handed over, and dropping it" \
			dmesg_has "pram=c: cannot restore the saved tree (-ENODATA): its data is gone, left out at kexec or dropped at take-over; it is dropped"
		mkdir -p /hw
		ktap_check "mount pram=hw restores the tree" mount -t tmpfs -o pram=hw none /hw
		sum=$(md5sum < /hw/good)
		ktap_check "the good file, every byte" test "${sum%% *}" = "$(cmdline_value harness.sum)"
		ktap_check "not the file with the memory error" test ! -e /hw/bad
		ktap_check "which /.pram-lost lists, with why" \
			grep -qx "$(printf '/bad\ta page of it has a memory error (-EHWPOISON)')" /hw/.pram-lost
		ktap_check "/.pram-lost has a number of its own ($(stat -c %i /hw/.pram-lost), good $(stat -c %i /hw/good))" \
			test "$(stat -c %i /hw/.pram-lost)" != "$(stat -c %i /hw/good)"
		;;
	esac
}
