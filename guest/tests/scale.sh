# SPDX-License-Identifier: GPL-2.0
# Scale: 64 MiB and then 256 MiB of scattered 4 KiB pages (every other
# page), handed over in maps of 64 pages rather than an extent per page,
# which the decompressor must read too (physical KASLR stays on), and
# reserved by the next kernel a map's span at a time, the pages between
# included, while those fit in a quarter of the RAM the hand-over leaves
# free: 64 MiB fits whole in this 1 GiB guest, 256 MiB does not. The
# pages between are given back at take-over. The reservation times go to
# the results as diagnostics; they are reported, not judged.
# Where the pairs of pages land is the layout's: a saved page in a banned
# region is copied by PRAM, and copies may touch. test_pram says how many
# it had copied (its "where" file); the bound on extents allows for each,
# and for each metadata page, rather than for a fixed share.
# The copies must stay a tenth of the pages at most: more, and the
# layout tested is no longer the scattered one.
#
# vm: about 256 MiB of scattered pages handed over in maps, read by the decompressor too, reserved a map's span at a time
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

# expect_copies_few BYTES: the copies are few (a tenth of the pages at
# most), or the layout tested is not the scattered one.
expect_copies_few() {
	local copies data=$(($1 / 4096))
	copies=$(copied)
	diag "${copies:-an unknown number of} of $data pages copied when saved"
	[ -n "$copies" ] && [ "$copies" -le $((data / 10)) ]
}

# RAM_PAGES: this guest's 1 GiB; the kernel's RAM is no more.
RAM_PAGES=262144

# expect_spans BYTES WHOLE: the maps were reserved over their spans while
# the pages between fitted in a quarter of the RAM the data leaves free;
# all of them if WHOLE is 1 (one run per extent then), else until the
# budget ran out (more runs than extents, the budget all but spent: a
# map has at most 63 pages between). Every page between is given back.
expect_spans() {
	local pages runs data=$(($1 / 4096)) gaps given extents budget
	read -r pages runs _ < /tmp/reserved
	gaps=$(reserved_gaps)
	given=$(dmesg | sed -n 's/.*PRAM: gave back \([0-9]*\) pages.*/\1/p')
	extents=$(handover_extents)
	budget=$(((RAM_PAGES - data) / 4))
	diag "$runs runs for ${extents:-no} extents; $gaps pages between reserved (budget at most $budget); $pages reserved; ${given:-none} given back"
	[ -n "$extents" ] && [ "$gaps" -le "$budget" ] &&
		[ "$((pages - gaps))" -ge "$data" ] && [ "${given:-0}" -ge "$gaps" ] || return 1
	if [ "$2" = 1 ]; then
		[ "$runs" -eq "$extents" ] && [ "$gaps" -ge $((data / 2)) ]
	else
		[ "$runs" -gt "$extents" ] && [ "$gaps" -ge $((budget * 9 / 10)) ]
	fi
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
	pages=$((pages - $(reserved_gaps)))
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
		ktap_plan 6
		check_reserved
		ktap_check "the 64 MiB of scattered pages were saved in place" \
			expect_copies_few $SMALL
		ktap_check "the 64 MiB of scattered pages came in maps" \
			expect_maps $SMALL
		ktap_check "every map was reserved whole, the pages between given back" \
			expect_spans $SMALL 1
		reservation_diag 64M
		tp_check verify small page 64 $SMALL scatter
		tp_check save large page 256 $LARGE scatter
		kexec_stage 3 "pram=$(cat /sys/kernel/pram)" "harness.copied=$(tp_copied large)"
		;;
	3)
		ktap_plan 5
		check_reserved
		ktap_check "the 256 MiB of scattered pages were saved in place" \
			expect_copies_few $LARGE
		ktap_check "the 256 MiB of scattered pages came in maps" \
			expect_maps $LARGE
		ktap_check "maps were reserved whole within the budget, the rest run by run" \
			expect_spans $LARGE 0
		reservation_diag 256M
		tp_check verify large page 256 $LARGE scatter
		;;
	esac
}
