# SPDX-License-Identifier: GPL-2.0
# Fuzzing the hand-over in real kexecs: ten rounds of 100 nodes, each
# changed at random on the way into kexec by /sys/kernel/debug/pram/damage
# ("fz* fuzz": one of sixteen kinds of change to its header or first link
# page, most with the checksum computed again, so that the checks behind
# it are what must catch them), next to one node left alone. In the next
# kernel: no crash (judged on the console), the intact node identical,
# every fuzzed node either identical or refused cleanly (gone, a failed
# data checksum, the wrong type) but never served with other data, and
# every node not restored accounted for by a line of the log.
#
# vm: about 1000 random changes to the hand-over: no crash, no wrong data, every loss named
# vm: order 88
# vm: stages 11
# vm: qemu --mem 512M --smp 2 --timeout 600 --append kunit.enable=0
# vm: expect-console PRAM: damage: 100 nodes fuzzed

. /lib/pram.sh

NODES=100
BYTES=$((32 << 10))

# The next kernel's account of the NODES + 1 nodes handed over: restored,
# or dropped or lost, each named by a line of the log (the first 32; one
# line counts the others) or lost after a broken node chain, which one
# line counts; the summary counts them all. Lines are told apart by name and
# reason, not by name alone: a fuzzed name can become another node's, and
# then two nodes not restored share it.
check_accounting() {
	local restored lost named more chain
	restored=$(dmesg | sed -n 's/.*PRAM: restored \([0-9]*\) nodes, [0-9]* dropped or lost.*/\1/p')
	lost=$(dmesg | sed -n 's/.*PRAM: restored [0-9]* nodes, \([0-9]*\) dropped or lost.*/\1/p')
	named=$(dmesg | sed -n -E "s/.*PRAM: (node '.*' (lost|dropped):.*)/\1/p" | sort -u | wc -l)
	more=$(dmesg | sed -n 's/.*PRAM: \([0-9]*\) more nodes dropped or lost, not named.*/\1/p')
	chain=$(dmesg | sed -n 's/.*the \([0-9]*\) nodes from there on are lost.*/\1/p')
	diag "restored: ${restored:-?}; not restored: ${lost:-?}, of which named: $named, counted past the first 32: ${more:-0}; lost with a broken chain: ${chain:-0}"
	# The summary counts the nodes past a broken chain among the lost.
	[ -n "$lost" ] && [ $((named + ${more:-0} + ${chain:-0})) -ge "$lost" ] &&
		[ $((restored + lost)) = $((NODES + 1)) ]
}

# verify_round SEED: verify what the previous kernel saved with SEED.
verify_round() {
	local seed=$1 i same=0 gone=0 refused=0 wrong=0 err
	# First, while the boot's lines are still in the small log buffer:
	# each verify below logs a line.
	ktap_check "every node not restored is named in the log" check_accounting
	tp_check verify intact page $((seed * 1000 + 999)) $BYTES
	for i in $(seq 0 $((NODES - 1))); do
		# Its own seed: another node's data must not pass for its own.
		if tp verify "fz$i" page $((seed * 1000 + i)) $BYTES; then
			same=$((same + 1))
			continue
		fi
		err=$(cat /tmp/tp.err)
		case "$err" in
		*"No such file"*) gone=$((gone + 1)) ;;
		*"Bad message"*|*"Invalid argument"*) refused=$((refused + 1)) ;;
		*) wrong=$((wrong + 1)); diag "fz$i: $err" ;;
		esac
	done
	diag "fuzzed nodes: $same identical, $gone not restored, $refused refused at load, $wrong otherwise"
	ktap_check "no fuzzed node served other data or failed otherwise ($wrong)" [ $wrong = 0 ]
	ktap_check "the fuzzing changed something ($same of $NODES identical)" [ $same -lt $NODES ]
}

save_round() {
	local seed=$1 i
	ktap_check "what is left of the last round is freed" sh -c 'echo 0 > /sys/kernel/pram'
	tp_check save intact page $((seed * 1000 + 999)) $BYTES
	for i in $(seq 0 $((NODES - 1))); do
		tp save "fz$i" page $((seed * 1000 + i)) $BYTES || ktap_fail "save fz$i: $(cat /tmp/tp.err)"
	done
	ktap_check "fuzz the $NODES nodes at kexec" sh -c 'echo "fz* fuzz" > /sys/kernel/debug/pram/damage'
}

run_stage() {
	local stage=$1
	if [ "$stage" = 1 ]; then
		ktap_plan 3
	elif [ "$stage" = 11 ]; then
		ktap_plan 4
	else
		ktap_plan 7
	fi
	[ "$stage" = 1 ] || verify_round $((stage - 1))
	if [ "$stage" -lt 11 ]; then
		save_round "$stage"
		kexec_stage $((stage + 1)) "pram=$(cat /sys/kernel/pram)"
	fi
}
