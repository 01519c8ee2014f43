# SPDX-License-Identifier: GPL-2.0
# The benchmark's boot-time side: how long the next kernel takes to
# reserve preserved memory, against how much and how scattered it is, and
# how much metadata PRAM spends per preserved GiB. One layout per kexec:
#   contiguous  test_pram page stream, order-0 and order-2 folios
#   scattered   test_pram page stream of every other page
#   huge        a tmpfs with huge=always, saved on unmount
# Reported as "# bench: METRIC LAYOUT MIB REP VALUE".
#
# vm: about benchmark: the next kernel's reservation time and metadata against layout and size
# vm: manual scripts/bench.sh, which gives the stages and QEMU options

. /lib/pram.sh

SIZES=$(cmdline_value bench.sizes | tr , ' ')	# MiB
REPS=$(cmdline_value bench.reps)
LAYOUTS="contiguous scattered huge"

report() {
	echo "# bench: $*" >&3
}

nr_words() {
	echo $#
}

# combo N: "LAYOUT MIB REP" of the Nth preserved layout, from 0.
combo() {
	local n=$1 nsizes nlayouts
	nsizes=$(nr_words $SIZES)
	nlayouts=$(nr_words $LAYOUTS)
	set -- $LAYOUTS
	shift $((n / nsizes % nlayouts))
	local layout=$1
	set -- $SIZES
	shift $((n % nsizes))
	echo "$layout $1 $((n / nsizes / nlayouts + 1))"
}

save_layout() {
	local layout=$1 mib=$2
	case "$layout" in
	contiguous) tp save r page 1 $((mib << 20)) ;;
	scattered) tp save r page 1 $((mib << 20)) scatter ;;
	huge)
		mkdir -p /h
		mount -t tmpfs -o pram=rh,huge=always none /h &&
			benchtool fill /h $((mib << 20)) 1 && umount /h
		;;
	esac
}

run_stage() {
	local stage=$1 total pages extents us cycles layout mib rep gaps
	total=$(($(nr_words $SIZES) * $(nr_words $LAYOUTS) * REPS))
	ktap_plan 1
	if [ "$stage" -gt 1 ]; then
		# shellcheck disable=SC2046 # three words
		set -- $(combo $((stage - 2)))
		layout=$1 mib=$2 rep=$3
		# shellcheck disable=SC2046 # four words
		set -- $(reserved_numbers)
		pages=${1:-0} extents=${2:-0} us=${3:-0} cycles=${4:-0}
		# sched_clock may tick in jiffies this early under TCG: the
		# cycle count is what the report uses.
		report "reserve_us $layout $mib $rep $us"
		report "reserve_kcycles $layout $mib $rep $((cycles / 1000))"
		report "runs $layout $mib $rep $extents"
		cycles=$(recorded_cycles)
		report "record_kcycles $layout $mib $rep $((${cycles:-0} / 1000))"
		extents=$(handover_extents)
		report "extents $layout $mib $rep ${extents:-0}"
		gaps=$(reserved_gaps)
		report "gap_pages $layout $mib $rep $gaps"
		report "meta_pages $layout $mib $rep $((pages - gaps - (mib << 8)))"
		echo 0 > /sys/kernel/pram
	fi
	if [ "$stage" -le "$total" ]; then
		# shellcheck disable=SC2046 # three words
		set -- $(combo $((stage - 1)))
		layout=$1 mib=$2
		if ! save_layout "$layout" "$mib"; then
			ktap_fail "save $layout $mib MiB: $(cat /tmp/tp.err 2>/dev/null)"
			return
		fi
	fi
	ktap_ok "reservation stage $stage of $((total + 1))"
	[ "$stage" -le "$total" ] && kexec_stage $((stage + 1)) "pram=$(cat /sys/kernel/pram)"
}
