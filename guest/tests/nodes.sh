# SPDX-License-Identifier: GPL-2.0
# What PRAM holds, seen and freed by name: /sys/kernel/debug/pram/nodes
# lists every node with its kind, pages, MiB, state and data, and
# /sys/kernel/debug/pram/free frees one node, or a whole tmpfs tree, by
# name, all or nothing. Stage 1 saves a node and a tree and reads the
# list; stage 2 reads it again for what was handed over, frees by name
# what it may and is refused what it may not, and kexecs; stage 3 gets
# only what was not freed.
#
# vm: about the list of preserved nodes, and freeing a node or a tree by name
# vm: order 61
# vm: stages 3
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0

. /lib/pram.sh

MIB=$((1 << 20))
NODES=/sys/kernel/debug/pram/nodes
FREE=/sys/kernel/debug/pram/free

# listed NAME REST: the list has the line "NAME REST", whole.
listed() {
	grep -qx "$1 $2" $NODES
}

# not_listed NAME: no line of the list is node NAME.
not_listed() {
	! grep -q "^$1 " $NODES
}

# free_fails NAME MESSAGE: freeing NAME fails with MESSAGE.
free_fails() {
	! echo "$1" 2>/tmp/free.err > $FREE && grep -q "$2" /tmp/free.err
}

# hold COMMAND...: a test_pram command that stays held until kexec.
hold() {
	echo "$*" > "$TP_CONTROL" 2>/dev/null &
}

run_stage() {
	case "$1" in
	1)
		ktap_plan 8
		tp_check save keep page 31 $MIB
		tp_check save gone byte 32 100000
		save_random_tree tr 2
		diag "$(cat $NODES)"
		ktap_check "the list begins with its header" \
			test "$(head -n 1 $NODES)" = "# name kind pages MiB state data"
		ktap_check "keep: pages, 256 of them, 1 MiB, saved here" listed keep "pages 256 1 saved -"
		ktap_check "gone: bytes, 25 pages, 1 MiB rounded up" listed gone "bytes 25 1 saved -"
		ktap_check "the tree's data node: 512 pages, 2 MiB" listed tmpfs:tr:data "pages 512 2 saved -"
		ktap_check "and its description node, named after the tree" \
			grep -q "^tmpfs:tr bytes [0-9]* 1 saved -\$" $NODES
		kexec_stage 2
		;;
	2)
		ktap_plan 17
		diag "$(cat $NODES)"
		ktap_check "keep was handed over, its data checked or not yet" \
			grep -Eq "^keep pages 256 1 (handed-over|checking) (un)?checked\$" $NODES
		ktap_check "and the tree" \
			grep -Eq "^tmpfs:tr:data pages 512 2 (handed-over|checking) (un)?checked\$" $NODES
		tp_check save fresh page 33 $MIB
		ktap_check "a node saved in this boot is listed as saved" listed fresh "pages 256 1 saved -"
		tp_check save busy page 34 $MIB
		hold verify busy page 34 $MIB hold
		ktap_check "a node being loaded is listed as loading" \
			sh -c "for i in \$(seq 40); do grep -q '^busy pages 256 1 loading ' $NODES && exit 0; sleep 0.5; done; exit 1"
		ktap_check "freeing it fails with EBUSY" free_fails busy "Device or resource busy"
		ktap_check "and the log says why" dmesg_has "PRAM: node 'busy' is loading: not freed, nor anything under 'busy'"
		ktap_check "a name no node has fails with ENOENT" free_fails nosuch "No such file"
		ktap_check "a part of a name is not a name: ENOENT" free_fails tmpfs:t "No such file"
		ktap_check "an empty name fails with EINVAL" free_fails "" "Invalid argument"
		ktap_check "echo tmpfs:tr frees the whole tree" sh -c "echo tmpfs:tr > $FREE"
		ktap_check "the log says what it freed" \
			dmesg_has "PRAM: freed 2 nodes under 'tmpfs:tr', [0-9]* pages ([0-9]* MiB), on request"
		ktap_check "neither of its nodes is listed" sh -c "! grep -q '^tmpfs:tr:' $NODES"
		ktap_check "echo gone frees one node handed over" sh -c "echo gone > $FREE"
		ktap_check "echo fresh frees one node saved here" sh -c "echo fresh > $FREE"
		ktap_check "gone and fresh are not listed" sh -c "! grep -Eq '^(gone|fresh) ' $NODES"
		ktap_check "keep is still there" grep -q "^keep pages 256 1 " $NODES
		kexec_stage 3
		;;
	3)
		ktap_plan 7
		diag "$(cat $NODES)"
		ktap_check "only keep is listed" sh -c "[ \"\$(grep -vc '^#' $NODES)\" = 1 ] && grep -q '^keep ' $NODES"
		tp_check verify keep page 31 $MIB
		ktap_check "and once loaded, nothing is" sh -c "[ \"\$(grep -vc '^#' $NODES)\" = 0 ]"
		ktap_check "gone was not handed over" tp_fails "No such file" verify gone byte 32 100000
		ktap_check "nor fresh" tp_fails "No such file" verify fresh page 33 $MIB
		mkdir -p /tr
		ktap_check "mount pram=tr" mount -t tmpfs -o pram=tr none /tr
		ktap_check "finds the tree freed: nothing saved under its name" \
			dmesg_has "tmpfs: pram=tr: nothing saved under this name"
		;;
	esac
}
