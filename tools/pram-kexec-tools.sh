# SPDX-License-Identifier: GPL-2.0
#
# PRAM's hook for kexec-tools' kexec-load (Debian and its derivatives).
# Install it as /etc/default/kexec.d/pram. kexec-load sources every file
# there after /etc/default/kexec and before it loads the kernel it names;
# this one gives that kernel this kernel's PRAM super block: APPEND, or
# this kernel's command line when APPEND is empty (as kexec-load itself
# does), without a pram= left from the boot before, then pram=<pfn>,
# before any "--": the words after it are init's.
# Where PRAM did not start here (/sys/kernel/pram is 0), the next kernel
# gets no pram=: there is nothing for it to take over. kexec-load's
# USE_GRUB_CONFIG=true replaces APPEND after this hook, losing pram=; the
# hook says so.
#
# Sourced by /bin/sh, not run: it sets APPEND and nothing else.

if [ -r /sys/kernel/pram ]; then
	pram_pfn=$(cat /sys/kernel/pram)
	pram_append=
	pram_init=
	# Words, not globs: a boot parameter may hold a '*' or a '?'. The
	# words after a bare "--" are init's: they stay last.
	set -f
	for pram_arg in ${APPEND:-$(cat /proc/cmdline)}; do
		if [ -n "$pram_init" ]; then
			pram_init="$pram_init $pram_arg"
			continue
		fi
		case "$pram_arg" in
		--) pram_init=-- ;;
		pram=*) ;;
		*) pram_append="$pram_append $pram_arg" ;;
		esac
	done
	set +f
	[ "$pram_pfn" = 0 ] || pram_append="$pram_append pram=$pram_pfn"
	APPEND="${pram_append# }${pram_init:+ $pram_init}"
	unset pram_pfn pram_append pram_arg pram_init
	# kexec-load reads GRUB's command line after this hook has run.
	if [ "${USE_GRUB_CONFIG:-}" = true ]; then
		echo "pram: USE_GRUB_CONFIG=true in /etc/default/kexec:" \
		     "the next kernel gets GRUB's command line, without pram=" >&2
	fi
fi
