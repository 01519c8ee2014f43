# SPDX-License-Identifier: GPL-2.0
# Memory added after boot: QEMU plugs a 256 MiB DIMM in outside the
# firmware's memory map, the kernel adds it through ACPI memory hot-plug
# and onlines it movable. kexec_file_load() gives the next kernel the
# memory map this kernel booted with, where the DIMM is a hole. 'top'
# saves the highest free pages of ZONE_MOVABLE, the DIMM's: PRAM must
# copy every one of them into boot RAM when it saves them, like banned
# pages, and the next kernel must get the node back byte for byte.
#
# vm: about pages in memory added after boot are copied into boot RAM at save, and kept
# vm: order 73
# vm: stages 2
# vm: qemu --mem 512M --dimm 256 --smp 2 --timeout 300 --append kunit.enable=0 --append memhp_default_state=online_movable

. /lib/pram.sh

# none_kept_above PFN: test_pram's "where" lists no kept page of 'top' at
# or above PFN.
none_kept_above() {
	where_runs | awk -v p="$1" '$2 >= p { n++ } END { exit n > 0 }'
}

run_stage() {
	case "$1" in
	1)
		local top copied
		ktap_plan 4
		ktap_check "the DIMM's memory was added: $(grep ' : System RAM' /proc/iomem | tr -s ' \n' ' ')" \
			grep -q '^ *1[0-9a-f]\{8\}-[0-9a-f]* : System RAM' /proc/iomem
		top=$(top_bytes 64)
		tp_check save top page 61 "$top" top
		copied=$(tp_copied top)
		diag "'top': $((top >> 12)) pages, ${copied:-?} copied when saved"
		ktap_check "every page of 'top' in the DIMM was copied into boot RAM" \
			none_kept_above $((0x100000))
		ktap_check "so PRAM copied at least 'top''s pages (${copied:-none})" \
			[ "${copied:-0}" -ge $((top >> 12)) ]
		kexec_stage 2 "harness.top=$top"
		;;
	2)
		local top
		top=$(cmdline_value harness.top)
		ktap_plan 2
		tp_check verify top page 61 "$top" top
		ktap_check "the summary drops nothing" \
			dmesg_has "PRAM: restored 1 nodes, 0 dropped or lost"
		;;
	esac
}
