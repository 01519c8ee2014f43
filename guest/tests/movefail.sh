# SPDX-License-Identifier: GPL-2.0
# Fail per node at kexec: a node that must be moved out of the next
# kernel's kexec segments, when the page to move it to cannot be had, is
# left out alone; the others are handed over. guest/kexecfail starts the
# loaded kernel, as kexec -e does, with the first page allocation made
# under PRAM's reboot notifier failing (fail_page_alloc, fail-nth).
# KASLR stays on. The next kernel is loaded first (/bin/kexecfile logs
# where its segments go), and once 'top' is saved, test_pram's "where"
# says which of its pages PRAM keeps in place: some must lie in the
# segments, so that the first allocation under the notifier is a move of
# 'top'. A first kernel whose image or early reservations fill the
# segments (seen in 1 full run) leaves 'top' none there, since PRAM
# copies pages out of banned regions: then the host boots the test
# again, up to three boots.
#
# vm: about a node that cannot be moved out of the kexec segments is left out alone
# vm: order 45
# vm: stages 2
# vm: qemu --mem 512M --smp 2 --timeout 300 --append kunit.enable=0 --append movablecore=128M
# vm: expect-console PRAM: node 'top' not handed over: it cannot be moved out of the kexec segments \(-ENOMEM\)

. /lib/pram.sh

run_stage() {
	case "$1" in
	1)
		local top room
		top=$(top_bytes)
		if [ "${top:-0}" -lt $((32 << 20)) ]; then
			relayout "ZONE_MOVABLE has less than 34 MiB free: $(grep -A 1 'zone *Movable' /proc/zoneinfo | tr -s ' \n' ' ')"
		fi
		if ! load_logged 2 "pram=$(cat /sys/kernel/pram)" "harness.top=$top"; then
			ktap_plan 1
			ktap_fail "kexec_file_load loads the next kernel: $(cat /tmp/load.err)"
			harness_end
		fi
		ktap_plan 3
		# Saved first, so moved first: the failure lands on it.
		tp_check save top page 9 "$top" top
		room=$(kept_in_segments)
		if [ "$room" = 0 ]; then
			relayout "no page 'top' keeps in place ($(head -n 1 "$TP_WHERE")) lies in the next kernel's segments ($(ranges_text /tmp/segments)); this kernel's image: $(grep 'Kernel code' /proc/iomem | tr -s ' ')"
		fi
		ktap_ok "the next kernel's segments ($(ranges_text /tmp/segments)) cover $room pages 'top' keeps in place"
		tp_check save keep byte 7 $((1 << 20))
		echo "# harness: kexec into stage 2, failing a move" >&3
		exec 3>&-
		/bin/kexecfail pram_reboot
		echo "not ok 99 kexecfail returned" >/dev/ttyS1
		harness_end
		;;
	2)
		ktap_plan 3
		ktap_check "the other node was handed over and restored" \
			dmesg_has "PRAM: restored 1 nodes, 0 dropped or lost"
		tp_check verify keep byte 7 $((1 << 20))
		ktap_check "the node that could not be moved is gone" \
			tp_fails "No such file" verify top page 9 "$(cmdline_value harness.top)" top
		;;
	esac
}
