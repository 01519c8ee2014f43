# SPDX-License-Identifier: GPL-2.0
# Streams that end after the hand-over was built. test_pram holds saves,
# then in the next kernel loads, just before they end until the kernel
# kexecs; its reboot notifier lets them go after PRAM's has left their
# nodes out of the hand-over, and waits for them. A save committed or a
# load kept then must fail with ENODEV (both reported success), a save
# abandoned or a load closed then must not take its node off the list a
# second time, and none of those nodes may reach the next kernel; the
# nodes saved beside them arrive intact. The next kernel prints what the
# kernel before said of them at kexec.
#
# vm: about a stream that ends after the hand-over was built fails with ENODEV
# vm: order 84
# vm: stages 3
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0
# vm: expect-console PRAM: node 'held' is still being saved at kexec: dropped
# vm: expect-console PRAM: node 'held' ended after the hand-over was built: not handed over
# vm: expect-console test_pram: held save 'held' ended after the hand-over was built: -ENODEV
# vm: expect-console test_pram: held save 'heldbytes' ended after the hand-over was built: -ENODEV
# vm: expect-console test_pram: held save 'gone' ended after the hand-over was built: -ECANCELED
# vm: expect-console test_pram: held streams ended after the hand-over was built: 3
# vm: expect-console PRAM: node 'kept2' is still being loaded at kexec: dropped
# vm: expect-console test_pram: held verify 'kept2' ended after the hand-over was built: ok
# vm: expect-console PRAM: node 'kept3' ended after the hand-over was built: not handed over
# vm: expect-console test_pram: held cancel 'kept3' ended after the hand-over was built: -ENODEV
# vm: expect-console test_pram: held streams ended after the hand-over was built: 2

. /lib/pram.sh

MIB=$((1 << 20))

# hold COMMAND...: start a test_pram command that stays held until kexec.
hold() {
	echo "$*" > "$TP_CONTROL" 2>/dev/null &
}

# held_by_now N: test_pram says N streams are held, within 20 s.
held_by_now() {
	local i
	for i in $(seq 40); do
		[ "$(dmesg | grep -c 'is held until the kernel kexecs')" -ge "$1" ] && return 0
		sleep 0.5
	done
	return 1
}

run_stage() {
	case "$1" in
	1)
		ktap_plan 4
		tp_check save kept page 21 $MIB
		tp_check save kept2 page 22 $MIB
		tp_check save kept3 byte 27 100000
		hold save held page 23 $MIB hold
		hold save heldbytes byte 24 100000 hold
		hold save gone page 25 $MIB hold-discard
		ktap_check "three streams are held" held_by_now 3
		kexec_stage 2 "pram=$(cat /sys/kernel/pram)"
		;;
	2)
		ktap_plan 10
		check_reserved
		tp_check verify kept page 21 $MIB
		for n in held heldbytes gone; do
			ktap_check "the previous kernel's report says $n was still being saved" \
				dmesg_has "PRAM: at kexec the previous kernel said: PRAM: node '$n' is still being saved at kexec: dropped\$"
		done
		ktap_check "the save committed after the hand-over is not here" \
			tp_fails "No such file" verify held page 23 $MIB
		ktap_check "nor the byte stream committed then" \
			tp_fails "No such file" verify heldbytes byte 24 100000
		ktap_check "nor the save abandoned then" \
			tp_fails "No such file" verify gone page 25 $MIB
		tp_check save again page 26 $MIB
		hold verify kept2 page 22 $MIB hold
		hold verify kept3 byte 27 100000 hold-cancel
		ktap_check "two loads are held" held_by_now 2
		kexec_stage 3 "pram=$(cat /sys/kernel/pram)"
		;;
	3)
		ktap_plan 5
		check_reserved
		tp_check verify again page 26 $MIB
		ktap_check "the previous kernel's report says kept2 was still being loaded" \
			dmesg_has "PRAM: at kexec the previous kernel said: PRAM: node 'kept2' is still being loaded at kexec: dropped\$"
		ktap_check "the node being loaded at kexec is not here" \
			tp_fails "No such file" verify kept2 page 22 $MIB
		ktap_check "nor the node kept after the hand-over was built" \
			tp_fails "No such file" verify kept3 byte 27 100000
		;;
	*)
		ktap_fail "no stage $1"
		;;
	esac
}
