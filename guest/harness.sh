# SPDX-License-Identifier: GPL-2.0
# Helpers for guest test scripts, on top of the kernel's
# tools/testing/selftests/kselftest/ktap_helpers.sh. That file prints on
# stdout; here the guest's KTAP goes to fd 3 (ttyS1), apart from whatever
# the commands a test runs print. Each stage is one KTAP document.
# ktap_helpers.sh echoes descriptions unquoted: runs of spaces collapse,
# and glob characters would expand, so keep them out of descriptions.

. "${KTAP_HELPERS:-/lib/ktap_helpers.sh}"

# ktap_plan COUNT: this stage's header and plan.
ktap_plan() { ktap_print_header; ktap_set_plan "$1"; } >&3
ktap_ok() { ktap_test_pass "$*"; } >&3
ktap_fail() { ktap_test_fail "$*"; } >&3
diag() { ktap_print_msg "$@"; } >&3

# ktap_check DESCRIPTION COMMAND...: one test point from a command's status.
# Not ktap_test_result, which runs its command as an unquoted $@: that
# splits arguments such as the script of sh -c, and would send the
# command's output into the KTAP.
ktap_check() {
	local what=$1
	shift
	if "$@"; then
		ktap_ok "$what"
	else
		ktap_fail "$what"
	fi
}

# cmdline_value NAME: the value of the last NAME= on the command line.
cmdline_value() {
	local w v=
	for w in $(cat /proc/cmdline); do
		case "$w" in "$1="*) v=${w#*=} ;; esac
	done
	echo "$v"
}

harness_end() {
	exec 3>&-
	sync
	reboot -f
	sleep 10
}

# pack_initrd [PATH...]: repack this initramfs so the next kernel gets the
# same one, less the update test's second kernel, which only its first
# boot needs, and less the PATHs (./bin/kexecseg, say) a last stage does
# not need.
pack_initrd() {
	local path not=
	for path in ./initrd.cpio ./kernel-update "$@"; do
		not="$not ! -path $path"
	done
	# shellcheck disable=SC2086 # $not is find's arguments
	(cd / && find . -xdev $not | cpio -o -H newc 2>/dev/null) > /tmp/initrd.cpio
}

# next_cmdline STAGE [EXTRA...]: this kernel's command line for stage STAGE,
# with any old pram= dropped, and any KEY=VALUE of EXTRA replacing the old
# value of KEY, so that a chain of kexecs does not grow it.
next_cmdline() {
	local stage=$1 w out= keys=" pram harness.stage "
	shift
	for w in $*; do
		keys="$keys${w%%=*} "
	done
	for w in $(cat /proc/cmdline); do
		case "$keys" in
		*" ${w%%=*} "*) ;;
		*) out="$out $w" ;;
		esac
	done
	echo "${out# } harness.stage=$stage $*"
}

# load_stage HOW STAGE [EXTRA...]: load this kernel for stage STAGE with
# kexec HOW (-s -l or -l) and start it.
load_stage() {
	local how=$1 stage=$2
	shift 2
	pack_initrd
	# shellcheck disable=SC2086 # $how is kexec's options
	if ! kexec $how /kernel --initrd=/tmp/initrd.cpio \
		--append="$(next_cmdline "$stage" "$@")"; then
		ktap_fail "kexec $how loads the next kernel"
		harness_end
	fi
	exec_stage "$stage"
}

# kexec_stage STAGE [EXTRA...]: load this kernel with kexec_file_load
# (kexec -s, as users run it), which puts this kernel's pram= on the
# command line, and start it at stage STAGE.
kexec_stage() { load_stage "-s -l" "$@"; }

# kexec_load_stage STAGE [EXTRA...]: the same with kexec_load (kexec -l),
# whose command line the kernel does not read: for a test that gives the
# next kernel a pram= of its own.
kexec_load_stage() { load_stage -l "$@"; }

# exec_stage STAGE: start the kernel loaded for stage STAGE.
exec_stage() {
	echo "# harness: kexec into stage $1" >&3
	echo "# harness: kexec -e at uptime $(cut -d' ' -f1 /proc/uptime)" >&3
	exec 3>&-
	sync
	kexec -e
	echo "not ok 99 kexec -e returned" >/dev/ttyS1
	harness_end
}
