# SPDX-License-Identifier: GPL-2.0
# PRAM helpers for guest test scripts, on top of harness.sh.

TP_CONTROL=/sys/kernel/debug/test_pram/control

random_seed() {
	od -An -N2 -tu2 /dev/urandom | tr -d ' '
}

# share_of_ram PERCENT FILES: PERCENT of the memory this kernel manages, in
# bytes, rounded down to whole MiB per file for FILES files.
share_of_ram() {
	local kib
	kib=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
	echo $(( kib * $1 / 100 / 1024 / $2 * $2 * 1048576 ))
}

# check_bytes DIR BYTES FILES [WHERE]: a test point; benchtool reads back
# the BYTES it wrote into FILES files under DIR, every byte compared.
check_bytes() {
	local dir=$1 bytes=$2 files=$3 where=${4:-} err
	if err=$(/bin/benchtool verify "$dir" "$bytes" "$files" 2>&1); then
		ktap_ok "all $((bytes >> 20)) MiB read back intact$where"
	else
		ktap_fail "all $((bytes >> 20)) MiB read back intact$where: $err"
	fi
}

dmesg_has() {
	dmesg | grep -q -- "$1"
}

# tp COMMAND...: one test_pram command; its error is left in /tmp/tp.err.
tp() {
	echo "$*" 2>/tmp/tp.err > "$TP_CONTROL"
}

# tp_check save|verify NAME TYPE SEED BYTES [scatter]: a test point.
tp_check() {
	local op=$1 name=$2
	if tp "$@"; then
		ktap_ok "$op $name ($3, $5 bytes${6:+, $6})"
	else
		ktap_fail "$op $name ($3, $5 bytes${6:+, $6}): $(cat /tmp/tp.err)"
		dmesg | grep -a -E 'test_pram|PRAM' | tail -n 5 | sed 's/^/# /' >&3
	fi
}

# tp_fails MESSAGE COMMAND...: the command fails with MESSAGE.
tp_fails() {
	local msg=$1
	shift
	! tp "$@" && grep -q "$msg" /tmp/tp.err
}

# for_each_node NODES FUNCTION OP: FUNCTION OP NAME TYPE SEED BYTES [scatter]
# for every name:type:seed:bytes[:scatter] of the comma-separated NODES.
for_each_node() {
	local node
	for node in $(echo "$1" | tr , ' '); do
		# shellcheck disable=SC2046 # split the node into its fields
		"$2" "$3" $(echo "$node" | tr : ' ')
	done
}

check_banned_table() {
	ktap_check "the banned regions are in the kernel log" \
		sh -c 'dmesg | grep -q "PRAM: banned regions:" &&
		       dmesg | grep -q "PRAM: Total banned: [0-9]* pages in [0-9]* regions"'
}

# The kernel's report of the boot-time reservation, if there was one.
reserved_line() {
	dmesg | grep -o 'PRAM: [0-9]* pages reserved in [0-9]* runs in [0-9]* us ([0-9]* cycles)'
}

# The number of extents the super block of the previous kernel lists, or
# nothing.
handover_extents() {
	dmesg | sed -n 's/.*PRAM: super block lists [0-9]* nodes, [0-9]* pages in \([0-9]*\) extents on.*/\1/p'
}

# "PAGES RUNS MICROSECONDS CYCLES" of the reservation, or nothing: RUNS are
# the runs of contiguous pages the extents hold.
reserved_numbers() {
	reserved_line | tr -d '(' | awk '{ print $2, $6, $9, $11 }'
}

# The cycles this kernel took to record the nodes once it had reserved
# their pages, or nothing.
recorded_cycles() {
	dmesg | sed -n 's/.*PRAM: recorded [0-9]* nodes, .* in [0-9]* us (\([0-9]*\) cycles).*/\1/p'
}

# The pages this kernel reserved between the pages of maps it reserved
# whole, to give them back at take-over: 0 if none.
reserved_gaps() {
	local n
	n=$(dmesg | sed -n 's/.*PRAM: \([0-9]*\) of them lie between the pages of maps reserved whole.*/\1/p')
	echo "${n:-0}"
}

# Test point: this kernel reserved what the previous one preserved.
# Leaves "PAGES RUNS MICROSECONDS CYCLES" in /tmp/reserved.
check_reserved() {
	local line
	line=$(reserved_line)
	if [ -n "$line" ]; then
		reserved_numbers > /tmp/reserved
		ktap_ok "preserved memory reserved at boot: ${line#PRAM: }"
	else
		ktap_fail "preserved memory reserved at boot"
		dmesg | grep -a PRAM | sed 's/^/# /' >&3
	fi
}

# --- Layout: where this boot put things, for the tests that aim at a place
# (the next kernel's segments, a node's pages) or need one. Pfns are
# decimal; FIRST LAST ranges are inclusive. ---

# movable_free_pages: free pages of ZONE_MOVABLE now.
movable_free_pages() {
	awk '$1 == "Node" { zone = $4 }
	     zone == "Movable" && $1 == "pages" && $2 == "free" { print $3; exit }' /proc/zoneinfo
}

# top_bytes [MAX_MIB]: bytes for a 'top' node: what ZONE_MOVABLE has free
# less 2 MiB, at most MAX_MIB (64) MiB, in whole MiB. A kernel image that
# KASLR put in the zone, the initramfs and the page cache take a share of
# it that differs from boot to boot.
top_bytes() {
	local mib max=${1:-64}
	mib=$(($(movable_free_pages) / 256 - 2))
	[ "$mib" -le "$max" ] || mib=$max
	[ "$mib" -ge 0 ] || mib=0
	echo $((mib << 20))
}

# banned_ranges: the banned regions PRAM logged at boot, "FIRST LAST" a
# line; false if the log no longer holds the table.
banned_ranges() {
	dmesg | grep -q "PRAM: Total banned:" || return 1
	dmesg | sed -n 's/.*PRAM: *[0-9]*: pfn \(0x[0-9a-f]*\)-\(0x[0-9a-f]*\),.*/\1 \2/p' |
		awk '{ print $1 + 0, $2 + 0 }'
}

# load_logged STAGE [EXTRA...]: load this kernel for stage STAGE, as
# kexec_stage does (kexec_file_load), through /bin/kexecfile, which has
# the kernel log where it put each segment; leave the segments in
# /tmp/segments, "FIRST LAST" a line, and any error in /tmp/load.err. The
# packed initramfs goes once loaded: its pages would lie where the tests
# aim. Start it with exec_stage.
load_logged() {
	local stage=$1 out
	shift
	pack_initrd
	out=$(/bin/kexecfile /kernel /tmp/initrd.cpio "$(next_cmdline "$stage" "$@")")
	rm -f /tmp/initrd.cpio
	if [ "$out" != ok ]; then
		echo "kexec_file_load: $out" > /tmp/load.err
		return 1
	fi
	# The segments of the last load: the lines after its segment count.
	dmesg | awk '
		BEGIN { n = 0 }
		/kexec_file: nr_segments = / { n = 0 }
		/kexec_file: segment\[[0-9]+\]: / {
			mem = $0; sub(/.* mem=/, "", mem); sub(/ .*/, "", mem)
			len = $0; sub(/.* memsz=/, "", len); sub(/ .*/, "", len)
			first[n] = int((mem + 0) / 4096)
			last[n++] = int((mem + len - 1) / 4096)
		}
		END { for (i = 0; i < n; i++) print first[i], last[i] }' > /tmp/segments
	if [ ! -s /tmp/segments ]; then
		echo "the kernel logged no kexec segments" > /tmp/load.err
		return 1
	fi
}

# kexec_d_segments FILE: the segments "kexec -d -l" (kexec_load) printed
# into FILE, "FIRST LAST" a line.
kexec_d_segments() {
	awk '$1 ~ /^segment\[[0-9]+\]\.mem$/ { mem = $3 + 0 }
	     $1 ~ /^segment\[[0-9]+\]\.memsz$/ { print int(mem / 4096), int((mem + $3 - 1) / 4096) }' "$1"
}

# ranges_text FILE: the "FIRST LAST" ranges of FILE as pfn ranges, for a
# message.
ranges_text() {
	awk '{ printf "%s%x-%x", (NR > 1 ? ", " : "pfn "), $1, $2 }' "$1"
}

# TP_WHERE: where test_pram kept the pages of its last "top" or "scatter"
# node, if the module says (lib/test_pram.c, "where"): "# NAME KEPT COPIED",
# then "FIRST-LAST" runs of kept pages in hexadecimal.
TP_WHERE=/sys/kernel/debug/test_pram/where

# tp_copied NAME: the pages of node NAME that PRAM copied out of banned
# regions when test_pram saved it; nothing if the module does not say.
tp_copied() {
	[ -r "$TP_WHERE" ] && sed -n "s/^# $1 [0-9]* \([0-9]*\)\$/\1/p" "$TP_WHERE"
}

# where_runs: the runs of kept pages test_pram's "where" lists, "FIRST
# LAST" pfns a line.
where_runs() {
	sed -n 's/^\(0x[0-9a-f]*\)-\(0x[0-9a-f]*\)$/\1 \2/p' "$TP_WHERE" |
		awk '{ print $1 + 0, $2 + 0 }'
}

# kept_in_segments: the pages of the last 'top' or 'scatter' node that
# PRAM keeps in place (test_pram's "where") and the loaded kernel's
# segments (/tmp/segments) cover: the pages PRAM must move at kexec.
kept_in_segments() {
	where_runs |
		awk 'BEGIN { n = 0 }
		     FILENAME == "/tmp/segments" { first[n] = $1; last[n++] = $2; next }
		     {
			a = $1; b = $2
			for (i = 0; i < n; i++) {
				lo = a > first[i] ? a : first[i]
				hi = b < last[i] ? b : last[i]
				if (hi >= lo)
					pages += hi - lo + 1
			}
		     }
		     END { print pages + 0 }' /tmp/segments -
}

# LAYOUT_TRIES: boots a test may take to find the layout it needs.
LAYOUT_TRIES=3

# relayout WHY: this boot cannot give the test the layout it needs; WHY
# says what is missing. The host boots the test again from the start in a
# new QEMU (scripts/vm.sh), where KASLR and the early allocations put
# things elsewhere, up to LAYOUT_TRIES boots in all; then the test fails,
# saying what was missing. A kexec would not do: a kexec'd kernel tends
# to land where the last one was loaded. Only in stage 1, whose KTAP the
# host sets aside with the boot.
relayout() {
	local try
	try=$(cmdline_value harness.try)
	try=${try:-1}
	diag "layout, boot $try of $LAYOUT_TRIES: $1"
	if [ "$try" -ge "$LAYOUT_TRIES" ] || [ "$(cmdline_value harness.stage)" != 1 ]; then
		ktap_fail "a layout for the test in $try boots: $1"
		harness_end
	fi
	echo "# harness: relayout" >&3
	harness_end
}

# save_random_tree NAME MIB: two test points. Mount a tmpfs with pram=NAME
# at /NAME, write MIB MiB of random bytes to /NAME/data, and save it with
# remount,pram_save.
save_random_tree() {
	mkdir -p "/$1"
	ktap_check "mount pram=$1" mount -t tmpfs -o "pram=$1" none "/$1"
	dd if=/dev/urandom of="/$1/data" bs=1M count="$2" 2>/dev/null
	ktap_check "remount,pram_save saves $1" mount -o remount,pram_save "/$1"
}
