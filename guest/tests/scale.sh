# SPDX-License-Identifier: GPL-2.0
# Scale: 64 MiB and then 256 MiB of scattered 4 KiB pages (every other
# page), reserved by the next kernel, and handed over in maps of 64 pages
# rather than an extent per page, which the decompressor must read too
# (physical KASLR stays on). The reservation times go to the results as
# diagnostics; they are reported, not judged.
# Where the pairs of pages land is the layout's: a saved page in a banned
# region is copied by PRAM, and copies may touch. test_pram says how many
# it had copied (its "where" file); the bounds on runs and extents allow
# for each, and for each metadata page, rather than for a fixed share.
# The copies must stay a tenth of the pages at most: more, and the
# layout tested is no longer the scattered one.
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

# copied: the pages PRAM copied when the previous kernel saved the node
# (harness.copied, from test_pram's "where").
copied() {
	cmdline_value harness.copied
}

# expect_scattered BYTES: all the pages arrived, and every data page is a
# run of its own but where a page touches it. The saved pages never touch
# each other; a metadata page, or a copy PRAM made of a page in a banned
# region, may join two runs, and a copy leaves its original's run too.
# The copies are few (a tenth at most), or the layout tested is not the
# scattered one.
expect_scattered() {
	local pages runs us cycles data=$(($1 / 4096)) copies least
	read -r pages runs us cycles < /tmp/reserved
	copies=$(copied)
	least=$((data - (pages - data) - 2 * ${copies:-$data}))
	diag "$runs runs for $data scattered pages, $((pages - data)) metadata pages, ${copies:-an unknown number of} copies: at least $least"
	[ -n "$copies" ] && [ "$copies" -le $((data / 10)) ] &&
		[ "$pages" -ge "$data" ] && [ "$runs" -ge "$least" ]
}

# expect_maps BYTES: the super block lists at most one extent per 24 data
# pages kept in place. A map of 64 pages holds 32 of them; metadata pages
# among them end a map early now and then. A copy, or a metadata page,
# may take an extent of its own.
expect_maps() {
	local extents data=$(($1 / 4096)) copies most pages
	extents=$(handover_extents)
	copies=$(copied)
	read -r pages _ < /tmp/reserved
	most=$(((data - ${copies:-0}) / 24 + ${copies:-0} + pages - data))
	diag "the super block lists ${extents:-no} extents for $data scattered pages: at most $most"
	[ -n "$extents" ] && [ "$extents" -le "$most" ]
}

run_stage() {
	case "$1" in
	1)
		ktap_plan 1
		tp_check save small page 64 $SMALL scatter
		kexec_stage 2 "pram=$(cat /sys/kernel/pram)" "harness.copied=$(tp_copied small)"
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
		kexec_stage 3 "pram=$(cat /sys/kernel/pram)" "harness.copied=$(tp_copied large)"
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
