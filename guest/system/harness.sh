# SPDX-License-Identifier: GPL-2.0
# Helpers for the Debian system tests: the initramfs tests' helpers
# (guest/harness.sh, installed as harness-core.sh), with the ends of a
# stage done the way the system does them, through systemd.
# shellcheck shell=bash

# shellcheck disable=SC2034 # read by harness-core.sh
KTAP_HELPERS=/usr/local/lib/pram-systest/ktap_helpers.sh
# shellcheck source=/dev/null
. /usr/local/lib/pram-systest/harness-core.sh

harness_end() {
	exec 3>&-
	sync
	systemctl poweroff
	sleep infinity
}

# wait_until_up: let the boot finish, then say how long it took and which
# units failed, if any (the tests check for those themselves).
wait_until_up() {
	local state
	state=$(systemctl is-system-running --wait 2>/dev/null)
	diag "system is $state; $(systemd-analyze time 2>/dev/null | head -n 1)"
}

# system_kexec: start the kernel that is loaded, with 'systemctl kexec',
# which stops every unit, unmounts every file system (saving each PRAM
# tmpfs) and runs 'kexec -e'. The stage ends here: systemd stops it.
system_kexec() {
	if [ "$(cat /sys/kernel/kexec_loaded)" != 1 ]; then
		ktap_fail "a kernel is loaded for systemctl kexec"
		harness_end
	fi
	echo "# harness: systemctl kexec at uptime $(cut -d' ' -f1 /proc/uptime)" >&3
	sync
	if ! systemctl kexec; then
		ktap_fail "systemctl kexec starts the shutdown"
		harness_end
	fi
	exec 3>&-
	sleep infinity
}

# demo TEXT: a line of the demo's story (scripts/demo.sh prints them).
demo() {
	echo "# demo: $*" >&3
}

# journal_has BOOT ERE: a message of boot BOOT (0: this one, -1: the
# one before) matches ERE.
journal_has() {
	journalctl -q -b "$1" -o cat | grep -E "$2" >/dev/null
}
