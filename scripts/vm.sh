#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the test kernel in QEMU (TCG) and run one guest test, across as
# many kexec stages as it takes.
#
#   vm.sh NAME TEST [--mem SIZE] [--smp N] [--timeout SECONDS]
#         [--append ARGS]... [--disk IMAGE] [--kernel VARIANT] [--root IMAGE]
#         [--dimm SIZE]
#
# --append adds to the kernel command line, and may be repeated; --disk
# attaches a raw image as a virtio disk (/dev/vda in the guest); a relative
# IMAGE is in build/artifacts. --dimm plugs a memory DIMM of SIZE MiB in
# at boot, outside the firmware's memory map: the kernel adds it through
# ACPI memory hot-plug. --kernel boots the kernel that
# 'build.sh --variant VARIANT' built. --root boots a system instead of the
# initramfs: build/system/IMAGE.img, a raw ext4 image made by
# system-image.sh, is the root file system (/dev/vda) through a
# copy-on-write overlay in the run's directory, so that every run starts
# from the same system, and the kernel is the one its package installed
# there (build/system/vmlinuz).
# Writes $ARTIFACTS/NAME/console.log (ttyS0: every kernel of the run),
# results.log (ttyS1: the guest's KTAP) and status (the exit status, for
# judge_vm_run in lib.sh). Exit status: QEMU's, or 124 when the run timed
# out, after naming the last stage that reported.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

name=${1:?usage: vm.sh NAME TEST [options]}
test=${2:?usage: vm.sh NAME TEST [options]}
shift 2
mem=512M smp=2 timeout=180 append='' disk=() variant='' root= dimm=()
while [ $# -gt 0 ]; do
	case "$1" in
	--mem) mem=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--append) append="${append:+$append }$2"; shift 2 ;;
	--disk)
		# A relative IMAGE is in $ARTIFACTS, where test.sh puts them.
		image=$2
		[ "${image#/}" != "$image" ] || image=$ARTIFACTS/$image
		[ -f "$image" ] || die "no disk image $image"
		disk=(-drive "file=$image,if=virtio,format=raw,cache=none"); shift 2 ;;
	--kernel) variant=-$2; shift 2 ;;
	--root) root=$BUILD/system/$2.img; variant=; shift 2 ;;
	--dimm)
		[[ $2 =~ ^[0-9]+$ ]] || die "--dimm $2: expected a size in MiB"
		[[ $mem =~ ^[0-9]+M$ ]] || die "--dimm needs --mem in MiB first, not $mem"
		dimm=(-object "memory-backend-ram,id=dimm0,size=$2M"
		      -device "pc-dimm,id=dimm0,memdev=dimm0")
		mem="$mem,slots=1,maxmem=$((${mem%M} + $2))M"; shift 2 ;;
	*) die "unknown option $1" ;;
	esac
done

kernel=$OUT$variant/arch/x86/boot/bzImage
[ -z "$root" ] || kernel=$BUILD/system/vmlinuz
initrd=$ARTIFACTS/initramfs.cpio
dir=$ARTIFACTS/$name
# First, so that a run that cannot start leaves no old results behind.
rm -rf "$dir"
mkdir -p "$dir"
[ -f "$kernel" ] || die "no kernel $kernel: run scripts/build.sh${variant:+ --variant ${variant#-}}"

# panic=-1 and -no-reboot: a panic, like the final 'reboot -f', ends QEMU.
cmdline="console=ttyS0 panic=-1 oops=panic harness.test=$test harness.stage=1 $append"
boot=(-initrd "$initrd")
if [ -n "$root" ]; then
	[ -f "$root" ] || die "no system image $root: run scripts/system-image.sh"
	qemu-img create -q -f qcow2 -F raw -b "$root" "$dir/root.qcow2" ||
		die "cannot make an overlay of $root"
	# First, so that it is /dev/vda whatever --disk adds.
	disk=(-drive "file=$dir/root.qcow2,if=virtio,format=qcow2" "${disk[@]}")
	cmdline="$cmdline root=/dev/vda rw"
	boot=()
else
	[ -f "$initrd" ] || die "no initramfs: run scripts/mkinitramfs.sh $initrd"
fi
echo "$cmdline" > "$dir/cmdline"

bios=()
[ -f /usr/share/qemu/qboot.rom ] && bios=(-bios /usr/share/qemu/qboot.rom)

# run_qemu CMDLINE: one boot of the run, from the first stage.
run_qemu() {
	timeout --kill-after=5 "$timeout" \
		qemu-system-x86_64 -accel tcg -cpu max -m "$mem" -smp "$smp" \
			"${bios[@]}" "${disk[@]}" "${dimm[@]}" -nodefaults -nographic -no-reboot \
			-serial "file:$dir/console.log" -serial "file:$dir/results.log" \
			-kernel "$kernel" "${boot[@]}" -append "$1" \
			</dev/null >"$dir/qemu.log" 2>&1
}

# A first stage that finds no layout for its test this boot ends with
# "# harness: relayout" (relayout in guest/lib-pram.sh): boot it again,
# harness.try=N telling the guest which boot it is, up to 3 boots. The
# earlier boots' logs stay beside the last as *.tryN.
status=0 try=1
while :; do
	status=0
	run_qemu "$cmdline harness.try=$try" || status=$?
	[ $status = 0 ] && [ $try -lt 3 ] &&
		[ "$(tr -d '\r' < "$dir/results.log" | grep -a '^# harness: ' | tail -n 1)" = "# harness: relayout" ] ||
		break
	for log in console results qemu; do
		mv "$dir/$log.log" "$dir/$log.try$try.log"
	done
	echo "vm: $name: the guest found no layout for its test in boot $try; booting again" >&2
	try=$((try + 1))
done
[ $status != 137 ] || status=124	# killed after the timeout
echo "$status" > "$dir/status"
if [ $status = 124 ]; then
	last=$(grep -a '^# harness: ' "$dir/results.log" | tail -n 1 || true)
	echo "vm: $name timed out after ${timeout}s; last report: ${last:-none}" >&2
elif [ $status != 0 ]; then
	echo "vm: $name: QEMU exited with status $status: $(tail -n 3 "$dir/qemu.log")" >&2
fi
exit $status
