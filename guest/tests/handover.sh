# SPDX-License-Identifier: GPL-2.0
# Hand-over: the first kernel saves byte and page streams of random sizes
# and content through test_pram, the second reserves them at boot and
# verifies every byte.
#
# vm: about byte and page streams of random sizes arrive byte for byte
# vm: order 30
# vm: stages 2
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0

. /lib/pram.sh

run_stage() {
	case "$1" in
	1)
		local seed nodes n
		seed=$(random_seed)
		diag "seed $seed"
		# name:type:seed:bytes[:scatter]; byte streams up to 4 MiB,
		# page streams up to 24 MiB, one of them scattered.
		nodes=$(awk -v s="$seed" 'BEGIN {
			srand(s)
			printf "tiny:byte:%d:8", s + 1
			for (i = 0; i < 2; i++)
				printf ",bytes%d:byte:%d:%d", i, s + 2 + i, 8 * int(1 + rand() * 524288)
			for (i = 0; i < 2; i++)
				printf ",pages%d:page:%d:%d", i, s + 4 + i, 4096 * int(1 + rand() * 6144)
			printf ",scattered:page:%d:%d:scatter", s + 6, 4096 * int(1 + rand() * 2048)
		}')
		n=$(echo "$nodes" | tr , '\n' | wc -l)
		ktap_plan $((n + 3))
		check_banned_table
		for_each_node "$nodes" tp_check save
		ktap_check "a duplicate node name is refused" tp_fails "File exists" \
			save tiny byte 1 8
		ktap_check "/sys/kernel/pram holds the super block pfn" \
			grep -q '^[0-9a-f]*[1-9a-f][0-9a-f]*$' /sys/kernel/pram
		kexec_stage 2 "pram=$(cat /sys/kernel/pram) harness.nodes=$nodes"
		;;
	2)
		local nodes n
		nodes=$(cmdline_value harness.nodes)
		n=$(echo "$nodes" | tr , '\n' | wc -l)
		ktap_plan $((n + 4))
		check_reserved
		check_banned_table
		ktap_check "all $n nodes were restored" \
			dmesg_has "PRAM: restored $n nodes"
		for_each_node "$nodes" tp_check verify
		ktap_check "a node is gone once loaded" tp_fails "No such file" \
			verify tiny byte 1 8
		;;
	esac
}
