# SPDX-License-Identifier: GPL-2.0
# KASLR across a chain of kexecs: a tmpfs holding 70% of RAM is saved and
# restored through 30 kexecs, each next kernel placed at random. Every boot
# must keep every node and say where its image landed relative to the
# preserved pages; the last one reads back every byte, which a collision
# anywhere in the chain would have damaged. The landing addresses must
# vary, or the chain tested nothing. KASLR picks from 512 MiB up, hence
# 1 GiB. Data checksums are off: the bytes are compared instead. With
# earlyprintk the decompressor's warnings reach the console, where the
# harness fails the run on "PRAM: cannot read the preserved extents" or
# "Physical KASLR disabled": the fallbacks that keep a kernel where kexec
# put it. bootparams shows that such a warning does reach the console.
#
# The tmpfs must come back whole in every kernel: the mount's own count of
# inodes and pages is checked.
#
# vm: about 70% of RAM through 30 kexecs, each next kernel placed by KASLR, every byte compared
# vm: order 110
# vm: stages 31
# vm: qemu --mem 1G --smp 2 --timeout 1500 --append kunit.enable=0 --append pram.checksum=0
# vm: qemu --append earlyprintk=serial,ttyS0
# vm: expect-console bootconsole \[earlyser0\] enabled
# vm: reject-console PRAM: cannot read the preserved extents|Physical KASLR disabled
# vm: expect-console PRAM: kernel image \[mem 0x[0-9a-f]+-0x[0-9a-f]+\] clear of preserved memory

. /lib/pram.sh

KASLR_STAGES=31
KASLR_FILES=48

kaslr_mount() {
	mkdir -p /k
	mount -t tmpfs -o "pram=kaslr,size=90%" none /k
}

# The physical address this kernel's image landed at.
kaslr_landing() {
	dmesg | sed -n 's/.*PRAM: kernel image \[mem \(0x[0-9a-f]*\)-.*/\1/p'
}

kaslr_next() {
	local stage=$1 bytes=$2 landed=$3
	ktap_check "the tmpfs is saved at unmount" umount /k
	[ "$stage" -lt $KASLR_STAGES ] || return 0
	kexec_stage $((stage + 1)) "pram=$(cat /sys/kernel/pram)" \
		"harness.bytes=$bytes harness.landed=$landed"
}

run_stage() {
	local stage=$1 bytes landed line
	if [ "$stage" = 1 ]; then
		ktap_plan 3
		bytes=$(share_of_ram 70 $KASLR_FILES)
		diag "preserving $((bytes >> 20)) MiB of $(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo) MiB"
		ktap_check "a tmpfs with pram=kaslr mounts" kaslr_mount
		ktap_check "$((bytes >> 20)) MiB written to it" \
			/bin/benchtool fill /k "$bytes" $KASLR_FILES
		kaslr_next 1 "$bytes" ""
		return
	fi

	bytes=$(cmdline_value harness.bytes)
	landed=$(cmdline_value harness.landed)
	ktap_plan $(( stage == KASLR_STAGES ? 7 : 5 ))
	line=$(dmesg | grep -o 'PRAM: kernel image .*' || true)
	diag "stage $stage: ${line:-no landing line}"
	ktap_check "this kernel says where it landed, clear of preserved memory" \
		dmesg_has "PRAM: kernel image \[mem 0x[0-9a-f]*-0x[0-9a-f]*\] clear of preserved memory"
	ktap_check "both nodes of the tmpfs were restored and nothing was dropped" \
		dmesg_has "PRAM: restored 2 nodes, 0 dropped or lost"
	ktap_check "the tmpfs comes back" kaslr_mount
	ktap_check "with all $((KASLR_FILES + 1)) inodes and $((bytes >> 12)) pages" \
		dmesg_has "tmpfs: pram=kaslr: restored $((KASLR_FILES + 1)) inodes, $((bytes >> 12)) pages"
	landed="${landed:+$landed,}$(kaslr_landing)"
	if [ "$stage" = $KASLR_STAGES ]; then
		local distinct
		check_bytes /k "$bytes" $KASLR_FILES
		distinct=$(echo "$landed" | tr , '\n' | sort -u | grep -c .)
		diag "landing addresses: $landed"
		ktap_check "KASLR placed the $((KASLR_STAGES - 1)) kernels at $distinct different addresses (at least 10)" \
			[ "$distinct" -ge 10 ]
	fi
	kaslr_next "$stage" "$bytes" "$landed"
}
