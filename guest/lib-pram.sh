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
