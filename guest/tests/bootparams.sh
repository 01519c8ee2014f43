# SPDX-License-Identifier: GPL-2.0
# Bad boot parameters (passed with kexec_load, which leaves the command
# line alone): a pram= that points at no super block boots with
# PRAM empty and says why; a malformed pram_banned= range is named; the
# good ranges before it are banned; pram.checksum= is PRAM's parameter;
# PRAM still works. The decompressor, which reads pram= too, warns on the
# console (earlyprintk) that it cannot read what is not there and leaves
# the kernel where kexec put it: that is the warning kaslr and update
# reject, seen to reach the console.
#
# vm: about a pram= with no super block, a malformed pram_banned=, pram.checksum= are handled
# vm: order 90
# vm: stages 2
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0 --append earlyprintk=serial,ttyS0
# vm: expect-console PRAM: cannot read the preserved extents; physical KASLR disabled

. /lib/pram.sh

run_stage() {
	case "$1" in
	1)
		ktap_plan 1
		tp_check save lost byte 5 4096
		# A pfn with no super block, and a range list with a bad token.
		kexec_load_stage 2 "pram=1fff0 pram_banned=16M-32M,oops pram.checksum=0"
		;;
	2)
		ktap_plan 7
		ktap_check "a pram= without a super block is reported" \
			dmesg_has "preserved memory is inconsistent: no valid super block at pfn 0x1fff0"
		ktap_check "and PRAM starts empty" dmesg_has "PRAM: booting with PRAM empty"
		ktap_check "nothing of the previous kernel is there" tp_fails "No such file" \
			verify lost byte 5 4096
		ktap_check "the malformed pram_banned= token is named" \
			dmesg_has "pram_banned=: bad range 'oops'"
		ktap_check "the range before it is banned (pfn 0x1000-0x1fff)" banned_covers 4096 8191
		ktap_check "pram.checksum=0 is /sys/module/pram/parameters/checksum" \
			grep -qx N /sys/module/pram/parameters/checksum
		ktap_check "PRAM still saves" tp save again byte 6 4096
		;;
	esac
}

# banned_covers FIRST LAST: one banned region holds pfns FIRST..LAST.
banned_covers() {
	dmesg | sed -n 's/.*PRAM: *[0-9]*: pfn \(0x[0-9a-f]*\)-\(0x[0-9a-f]*\),.*/\1 \2/p' |
		while read -r a b; do
			[ $((a)) -le "$1" ] && [ $((b)) -ge "$2" ] && echo yes
		done | grep -q yes
}
