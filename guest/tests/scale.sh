# SPDX-License-Identifier: GPL-2.0
# Scale: 64 MiB and then 256 MiB of scattered 4 KiB pages (every other
# page), reserved by the next kernel. The reservation times go to the
# results as diagnostics; they are reported, not judged.
#
# vm: order 50
# vm: stages 3
# vm: qemu --mem 1G --smp 2 --append kunit.enable=0

. /lib/pram.sh

SMALL=$((64 << 20))
LARGE=$((256 << 20))

# reservation_diag LABEL: the numbers check_reserved left behind.
reservation_diag() {
	[ -f /tmp/reserved ] || return 0
	read -r pages extents us cycles < /tmp/reserved
	diag "reservation $1: $pages pages in $extents extents in $us us, $cycles cycles"
}

# expect_scattered BYTES: all the pages arrived, and nearly every data page
# is an extent of its own. A metadata page may touch a data page and share
# its extent, so allow for a tenth of them doing so.
expect_scattered() {
	local pages extents us cycles data=$(($1 / 4096))
	read -r pages extents us cycles < /tmp/reserved
	[ "$pages" -ge "$data" ] && [ "$extents" -ge $((data * 9 / 10)) ]
}

run_stage() {
	case "$1" in
	1)
		ktap_plan 1
		tp_check save small page 64 $SMALL scatter
		kexec_stage 2 "pram=$(cat /sys/kernel/pram)"
		;;
	2)
		ktap_plan 4
		check_reserved
		ktap_check "the 64 MiB of scattered pages are as many extents" \
			expect_scattered $SMALL
		reservation_diag 64M
		tp_check verify small page 64 $SMALL scatter
		tp_check save large page 256 $LARGE scatter
		kexec_stage 3 "pram=$(cat /sys/kernel/pram)"
		;;
	3)
		ktap_plan 3
		check_reserved
		ktap_check "the 256 MiB of scattered pages are as many extents" \
			expect_scattered $LARGE
		reservation_diag 256M
		tp_check verify large page 256 $LARGE scatter
		;;
	esac
}
