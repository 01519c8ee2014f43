# SPDX-License-Identifier: GPL-2.0
# Scale: 64 MiB and then 256 MiB of scattered 4 KiB pages (every other
# page), reserved by the next kernel, and handed over in maps of 64 pages
# rather than an extent per page, which the decompressor must read too
# (physical KASLR stays on). The reservation times go to the results as
# diagnostics; they are reported, not judged.
#
# vm: about 256 MiB of scattered pages handed over in maps, read by the decompressor too
# vm: order 50
# vm: stages 3
# vm: qemu --mem 1G --smp 2 --append kunit.enable=0 --append earlyprintk=serial,ttyS0
# vm: reject-console PRAM: cannot read the preserved extents|Physical KASLR disabled

. /lib/pram.sh

SMALL=$((64 << 20))
LARGE=$((256 << 20))

# reservation_diag LABEL: the numbers check_reserved left behind.
reservation_diag() {
	[ -f /tmp/reserved ] || return 0
	read -r pages runs us cycles < /tmp/reserved
	diag "reservation $1: $pages pages in $runs runs in $us us, $cycles cycles"
}

# expect_scattered BYTES: all the pages arrived, and nearly every data page
# is a run of its own. A metadata page may touch a data page and share its
# run, so allow for a tenth of them doing so.
expect_scattered() {
	local pages runs us cycles data=$(($1 / 4096))
	read -r pages runs us cycles < /tmp/reserved
	[ "$pages" -ge "$data" ] && [ "$runs" -ge $((data * 9 / 10)) ]
}

# expect_maps BYTES: the super block lists at most one extent per 24 data
# pages. A map of 64 pages holds 32 of them; metadata pages among them end
# a map early now and then.
expect_maps() {
	local extents data=$(($1 / 4096))
	extents=$(handover_extents)
	diag "the super block lists ${extents:-no} extents for $data scattered pages"
	[ -n "$extents" ] && [ "$extents" -le $((data / 24)) ]
}

run_stage() {
	case "$1" in
	1)
		ktap_plan 1
		tp_check save small page 64 $SMALL scatter
		kexec_stage 2 "pram=$(cat /sys/kernel/pram)"
		;;
	2)
		ktap_plan 5
		check_reserved
		ktap_check "the 64 MiB of scattered pages are as many runs" \
			expect_scattered $SMALL
		ktap_check "the 64 MiB of scattered pages came in maps" \
			expect_maps $SMALL
		reservation_diag 64M
		tp_check verify small page 64 $SMALL scatter
		tp_check save large page 256 $LARGE scatter
		kexec_stage 3 "pram=$(cat /sys/kernel/pram)"
		;;
	3)
		ktap_plan 4
		check_reserved
		ktap_check "the 256 MiB of scattered pages are as many runs" \
			expect_scattered $LARGE
		ktap_check "the 256 MiB of scattered pages came in maps" \
			expect_maps $LARGE
		reservation_diag 256M
		tp_check verify large page 256 $LARGE scatter
		;;
	esac
}
