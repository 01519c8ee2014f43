# SPDX-License-Identifier: GPL-2.0
# Plain kexec: the first kernel loads the next one with kexec-tools
# (kexec -s), the second reports that it booted with the new command line.
#
# vm: about plain kexec -s: the next kernel boots with the new command line
# vm: order 20
# vm: stages 2
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0

run_stage() {
	case "$1" in
	1)
		ktap_plan 1
		ktap_check "first kernel runs stage 1" grep -q harness.stage=1 /proc/cmdline
		kexec_stage 2 harness.marker=kexec-ok
		;;
	2)
		ktap_plan 2
		ktap_check "second kernel runs stage 2" grep -q harness.stage=2 /proc/cmdline
		ktap_check "second kernel got the command line passed to kexec" \
			grep -q harness.marker=kexec-ok /proc/cmdline
		;;
	esac
}
