# SPDX-License-Identifier: GPL-2.0
# A damaged hand-over in a real kexec: /sys/kernel/debug/pram/damage
# (CONFIG_PRAM_HANDOVER_DAMAGE, from patches/harness/) damages nodes on
# the way into kexec, once their metadata is final: a link page that fails
# its checksum, and, with the checksum computed again so that the checks
# behind it must catch them, an entry outside the preserved memory, a link
# chain that loops and an entry that lists the first folio of the node
# before it ('twin'); and a folio whose data fails its checksum. The next
# kernel must boot, name each damaged node and why, lose both owners of
# the page listed twice (which one is right cannot be told), give back
# every page no restored node holds, and restore the intact node byte for
# byte.
#
# vm: about damaged hand-overs (checksum, entry, loop, page listed twice, data bit) drop only their nodes
# vm: order 87
# vm: stages 2
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0
# vm: expect-console PRAM: damage: node 'linkcsum': csum
# vm: expect-console PRAM: damage: node 'outside': outside
# vm: expect-console PRAM: damage: node 'loop': loop
# vm: expect-console PRAM: damage: node 'data': data
# vm: expect-console PRAM: damage: node 'dup': dup
# vm: expect-console PRAM: node 'linkcsum' lost: a link page is damaged or not preserved
# vm: expect-console PRAM: node 'outside' lost: an entry is invalid or not preserved
# vm: expect-console PRAM: node 'loop' lost: its link chain is longer than its header says
# vm: expect-console PRAM: node 'dup' lost: a page it lists is listed twice
# vm: expect-console PRAM: node 'twin' lost: a page it lists is listed again by a later node
# vm: expect-console PRAM: restored 2 nodes, 5 dropped or lost
# vm: expect-console PRAM: node 'data': data of entries 0-[0-9]+, from pfn 0x[0-9a-f]+ \(order [0-9]+\), fails its checksum
# vm: expect-console PRAM: node 'data' dropped: its data fails its checksums

. /lib/pram.sh

DAMAGE=/sys/kernel/debug/pram/damage

run_stage() {
	case "$1" in
	1)
		local node
		ktap_plan 12
		tp_check save intact page 1 $((2 << 20))
		# dup, saved right after twin, lists twin's first folio: the
		# same seed gives their first folios the same order.
		for node in twin dup linkcsum outside loop data; do
			tp_check save "$node" page 2 $((2 << 20))
		done
		ktap_check "damage linkcsum: csum" sh -c "echo 'linkcsum csum' > $DAMAGE"
		ktap_check "damage outside: outside" sh -c "echo 'outside outside' > $DAMAGE"
		ktap_check "damage loop: loop" sh -c "echo 'loop loop' > $DAMAGE"
		ktap_check "damage data: data" sh -c "echo 'data data' > $DAMAGE"
		ktap_check "damage dup: dup" sh -c "echo 'dup dup' > $DAMAGE"
		kexec_stage 2 "pram=$(cat /sys/kernel/pram)"
		;;
	2)
		local node
		ktap_plan 9
		check_reserved
		# No restored node holds a page of the five lost nodes, 512
		# pages of data each, wherever their walks stopped: every one
		# goes back to this kernel.
		ktap_check "the pages of the lost nodes are given back" sh -c \
			'n=$(dmesg | sed -n "s/.*PRAM: 0 nodes dropped, 5 lost; gave back \([0-9]*\) pages.*/\1/p")
			 echo "# given back: ${n:-none}" >&3; [ "${n:-0}" -ge 2560 ]'
		tp_check verify intact page 1 $((2 << 20))
		for node in twin dup linkcsum outside loop; do
			ktap_check "$node was not restored" \
				tp_fails "No such file or directory" verify "$node" page 2 $((2 << 20))
		done
		ktap_check "data fails its checksum when loaded" \
			tp_fails "Bad message" verify data page 2 $((2 << 20))
		;;
	esac
}
