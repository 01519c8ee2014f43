# SPDX-License-Identifier: GPL-2.0
# Helpers for guest test scripts. KTAP goes to fd 3 (ttyS1).

ktap_n=0

# cmdline_value NAME: the value of the last NAME= on the command line.
cmdline_value() {
	local w v=
	for w in $(cat /proc/cmdline); do
		case "$w" in "$1="*) v=${w#*=} ;; esac
	done
	echo "$v"
}

# ktap_plan COUNT: each stage is one KTAP document.
ktap_plan() {
	echo "KTAP version 1" >&3
	echo "1..$1" >&3
}

ktap_ok() {
	ktap_n=$((ktap_n + 1))
	echo "ok $ktap_n $*" >&3
}

ktap_fail() {
	ktap_n=$((ktap_n + 1))
	echo "not ok $ktap_n $*" >&3
}

ktap_skip() {
	ktap_n=$((ktap_n + 1))
	echo "ok $ktap_n $1 # SKIP $2" >&3
}

# ktap_check DESCRIPTION COMMAND...: one test point from a command's status.
ktap_check() {
	local what=$1
	shift
	if "$@"; then
		ktap_ok "$what"
	else
		ktap_fail "$what"
	fi
}

diag() {
	echo "# $*" >&3
}

harness_end() {
	exec 3>&-
	sync
	reboot -f
	sleep 10
}

# Repack this initramfs so the next kernel gets the same one.
pack_initrd() {
	(cd / && find . -xdev ! -path ./initrd.cpio | cpio -o -H newc 2>/dev/null) > /tmp/initrd.cpio
}

# next_cmdline STAGE [EXTRA...]: this kernel's command line for stage STAGE,
# with any old pram= replaced by EXTRA.
next_cmdline() {
	local stage=$1 w out=
	shift
	for w in $(cat /proc/cmdline); do
		case "$w" in
		harness.stage=*|pram=*) ;;
		*) out="$out $w" ;;
		esac
	done
	echo "${out# } harness.stage=$stage $*"
}

# kexec_stage STAGE [EXTRA...]: load this kernel with kexec_file_load
# (kexec -s, as users run it) and start it at stage STAGE.
kexec_stage() {
	local stage=$1
	shift
	pack_initrd
	if ! kexec -s -l /kernel --initrd=/tmp/initrd.cpio \
		--append="$(next_cmdline "$stage" "$@")"; then
		ktap_fail "kexec -s -l loads the next kernel"
		harness_end
	fi
	echo "# harness: kexec into stage $stage" >&3
	echo "# harness: kexec -e at uptime $(cut -d' ' -f1 /proc/uptime)" >&3
	exec 3>&-
	sync
	kexec -e
	echo "not ok 99 kexec -e returned" >/dev/ttyS1
	harness_end
}
