# SPDX-License-Identifier: GPL-2.0
# What a kexec hands over depends on where each tree stands, not on what
# was once saved. lcc: saved, then freed with echo 0 > /sys/kernel/pram
# (first: that frees every saved node), still mounted at kexec: nothing
# is handed over. lca: saved, made writable again (which must drop the
# saved copy), changed, still mounted at kexec: nothing. lcb: saved,
# writable, changed, saved again: the second version arrives. The next
# kernel must restore exactly lcb's two nodes.
#
# vm: about a kexec hands over what each tree is now: freed, made writable, saved twice
# vm: order 86
# vm: stages 2
# vm: qemu --mem 512M --smp 2 --append kunit.enable=0
# vm: expect-console tmpfs: pram=lca: writable again, saved copy dropped
# vm: expect-console PRAM: restored 2 nodes, 0 dropped or lost

. /lib/pram.sh

# tree NAME: mount pram=NAME on /NAME.
tree() {
	mkdir -p "/$1" && mount -t tmpfs -o "pram=$1" none "/$1"
}

save() {
	mount -o remount,pram_save "/$1"
}

writable() {
	mount -o remount,rw "/$1"
}

lca_steps() {
	tree lca && echo v1 > /lca/f && save lca && writable lca && echo v2 > /lca/f
}

lcc_steps() {
	tree lcc && echo v1 > /lcc/f && save lcc && echo 0 > /sys/kernel/pram
}

lcb_steps() {
	tree lcb && echo v1 > /lcb/f && save lcb && writable lcb &&
		echo v2 > /lcb/f && save lcb
}

# empty NAME: pram=NAME mounts with nothing in it.
empty() {
	tree "$1" && [ -z "$(ls -A "/$1")" ]
}

run_stage() {
	case "$1" in
	1)
		ktap_plan 4
		ktap_check "lcc: saved, then freed with echo 0" lcc_steps
		ktap_check "lca: saved, made writable, changed" lca_steps
		# Loading a node removes it: only if it is there, which it must not be.
		ktap_check "lca's saved copy is gone" \
			tp_fails "No such file or directory" verify tmpfs:lca byte 0 8
		ktap_check "lcb: saved, made writable, changed, saved again" lcb_steps
		kexec_stage 2 "pram=$(cat /sys/kernel/pram)"
		;;
	2)
		ktap_plan 4
		check_reserved
		ktap_check "lca arrives empty" empty lca
		ktap_check "lcc arrives empty" empty lcc
		ktap_check "lcb arrives as saved the second time" \
			sh -c 'mkdir -p /lcb && mount -t tmpfs -o pram=lcb none /lcb && [ "$(cat /lcb/f)" = v2 ]'
		;;
	esac
}
