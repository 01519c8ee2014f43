# SPDX-License-Identifier: GPL-2.0
# A restored tree keeps what knows its files apart: inode numbers, the
# generations an NFS file handle holds, birth times. Stage 1 makes a
# small tree, notes each name's inode number and birth time, and takes a
# file handle of each file, as an NFS server would; stage 2 must see the
# same numbers and times, open each file by its old handle and read it,
# and give a new file a number no restored inode has.
#
# vm: about a restored tree keeps inode numbers, generations (NFS file handles) and birth times
# vm: order 56
# vm: stages 2
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0

. /lib/pram.sh

NAMES="a d d/b d/c"

# identity NAME: the inode number and birth time of /id/NAME, with a
# dash between (command line words).
identity() {
	echo "$(stat -c %i "/id/$1")-$(/bin/fhandle btime "/id/$1")"
}

# key NAME: NAME as a command line key.
key() {
	echo "$1" | tr / _
}

run_stage() {
	local n args= ino
	case "$1" in
	1)
		ktap_plan 5
		mkdir -p /id
		ktap_check "mount pram=id" mount -t tmpfs -o pram=id none /id
		# A gap in the numbers, and a name made after others are gone.
		mkdir /id/d
		echo alpha > /id/a
		for n in 1 2 3; do : > "/id/gone$n"; done
		echo bravo > /id/d/b
		rm /id/gone*
		echo charlie > /id/d/c
		for n in $NAMES; do
			args="$args harness.id_$(key "$n")=$(identity "$n")"
		done
		for n in a d/b d/c; do
			args="$args harness.fh_$(key "$n")=$(/bin/fhandle get "/id/$n")"
		done
		diag "$args"
		ktap_check "every name has a number and a birth time" \
			test "$(echo "$args" | tr ' ' '\n' | grep -cE '^harness.id_[a-z_]+=[0-9]+-[0-9]+\.[0-9]{9}$')" = 4
		ktap_check "every file has a handle" test "$(echo "$args" | grep -o 'fh_[a-z_]*=[0-9]*:[0-9a-f]*' | wc -l)" = 3
		ktap_check "the three files and the directory differ in number" \
			test "$(for n in $NAMES; do stat -c %i "/id/$n"; done | sort -u | wc -l)" = 4
		ktap_check "umount saves the tree" umount /id
		# shellcheck disable=SC2086 # one word per name
		kexec_stage 2 $args
		;;
	2)
		ktap_plan 9
		mkdir -p /id
		ktap_check "mount pram=id restores the tree" mount -t tmpfs -o pram=id none /id
		for n in $NAMES; do
			ktap_check "/id/$n has its number and birth time" \
				test "$(identity "$n")" = "$(cmdline_value "harness.id_$(key "$n")")"
		done
		ktap_check "a handle of /id/a from before the kexec opens it" \
			test "$(/bin/fhandle cat /id "$(cmdline_value harness.fh_a)")" = alpha
		ktap_check "and one of /id/d/b" \
			test "$(/bin/fhandle cat /id "$(cmdline_value harness.fh_d_b)")" = bravo
		ktap_check "and one of /id/d/c" \
			test "$(/bin/fhandle cat /id "$(cmdline_value harness.fh_d_c)")" = charlie
		# As many new files as the restore made inodes: a numbering
		# that went on from there would give them restored numbers.
		for n in 1 2 3 4 5; do : > "/id/new$n"; done
		ino=$(stat -c %i /id/new* | tr '\n' ' ')
		ktap_check "new files get numbers no restored inode has ($ino)" \
			sh -c "! for n in $NAMES; do stat -c %i /id/\$n; done | grep -qxE '$(echo $ino | tr ' ' '|')'"
		;;
	esac
}
