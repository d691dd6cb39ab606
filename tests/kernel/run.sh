#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# QEMU harness for xnic.ko.
#
#   tests/kernel/run.sh [PATTERN...]
#
# Builds the module (make module) against the installed Debian headers,
# the guest helpers (tests/kernel/guest/*.c) and BPF programs
# (tests/kernel/progs/*.bpf.c), packs an initramfs with busybox, iproute2's
# ip and tc, bpftool, ethtool (plus their shared libraries), boots
# /boot/vmlinuz-<ver> under TCG and runs tests/kernel/scenarios/*.sh (only
# those whose name contains one of the PATTERNs, if given).  Prints one
# line per check and "N passed, N failed[, N skipped]"; exits non-zero on a
# failed check, a boot failure or a timeout.
#
# Environment: KDIR (headers), XNIC_KO (use this module instead of
# building one), XNIC_JOBS (guests booted in parallel, default the number
# of CPUs, at most 2), XNIC_TIMEOUT (seconds for each guest run, default
# 600: one guest took 250 s on a loaded machine), XNIC_SCENARIO_TIMEOUT
# (seconds per scenario, default 90),
# XNIC_KEEP_LOG=1 (print the console log paths even on success),
# XNIC_DIFF_PROGS=0 (leave tests/progs/diff out of scenarios 70, 77, 78),
# XNIC_REPLAY_FRAMES (xnic-pktgen frames scenarios 77 and 78 replay,
# default 32), XNIC_OUT (work directory, default build/kernel: runs at
# the same time need different ones).
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
OUT=${XNIC_OUT:-$ROOT/build/kernel}
HERE=$ROOT/tests/kernel

KDIR=${KDIR:-$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1)}
KVER=${KDIR##*/linux-headers-}
KERNEL=/boot/vmlinuz-$KVER
MODDIR=/lib/modules/$KVER/kernel
TIMEOUT=${XNIC_TIMEOUT:-600}
SCEN_TIMEOUT=${XNIC_SCENARIO_TIMEOUT:-90}
t0=$(date +%s)

summary_and_exit() {
	echo "$1 passed, $2 failed${3:+, $3 skipped}"
	exit "$4"
}

skip_all() {
	echo "SKIP kernel: $1"
	summary_and_exit 0 0 1 0
}

fatal() {
	echo "FAIL kernel: $1"
	summary_and_exit 0 1 "" 1
}

[ -n "$KDIR" ] && [ -d "$KDIR" ] || skip_all "no kernel headers (make deps)"
[ -r "$KERNEL" ] || skip_all "no readable $KERNEL (make deps)"
for t in qemu-system-x86_64 cpio gzip gcc clang; do
	command -v $t >/dev/null || skip_all "$t not installed (make deps)"
done
# busybox-static's binary: the guest has no libc for a dynamic one.
BUSYBOX=/bin/busybox
[ -x $BUSYBOX ] || skip_all "no $BUSYBOX (busybox-static, make deps)"

mkdir -p "$OUT"

# --- the module -------------------------------------------------------
if [ -n "${XNIC_KO:-}" ]; then
	KO=$XNIC_KO
else
	if ! make --no-print-directory module KDIR="$KDIR" >"$OUT/module.log" 2>&1; then
		grep -E 'error|Error|ERROR' "$OUT/module.log" | head -n 20
		fatal "make module failed (log: $OUT/module.log)"
	fi
	KO=$ROOT/xnic.ko
fi
[ -f "$KO" ] || fatal "no module at $KO"
tb=$(date +%s)

# --- guest helpers and BPF programs -------------------------------------
CFLAGS_GUEST="-O2 -Wall -Wextra -Wno-unused-parameter -Werror -I$ROOT/driver"
for src in "$HERE"/guest/xnic-*.c; do
	bin=$OUT/$(basename "$src" .c)
	gcc $CFLAGS_GUEST -static -o "$bin" "$src" 2>"$OUT/guest-cc.log" ||
		{ cat "$OUT/guest-cc.log"; fatal "cannot build $src"; }
done
gcc $CFLAGS_GUEST -shared -fPIC -o "$OUT/link_xnic.so" "$HERE/guest/link_xnic.c" ||
	fatal "cannot build the ip plugin"
mkdir -p "$OUT/progs"
rm -f "$OUT"/progs/*
for src in "$HERE"/progs/*.bpf.c; do
	clang -target bpf -O2 -g -Wall -Werror \
		-I/usr/include/"$(uname -m)"-linux-gnu \
		-c "$src" -o "$OUT/progs/$(basename "$src" .c).o" ||
		fatal "cannot compile $src"
done

# The differential suite's programs too (tests/progs/diff), as diff_*.o,
# when `make bpf` built them: scenarios 70 and 77 run them all.
# XNIC_DIFF_PROGS=0 leaves them out.
if [ "${XNIC_DIFF_PROGS:-1}" = 1 ] &&
	make --no-print-directory -s bpf >"$OUT/bpf-build.log" 2>&1; then
	for o in build/bpf/tests/progs/diff/*.bpf.o; do
		[ -f "$o" ] && cp "$o" "$OUT/progs/diff_$(basename "$o")"
	done
fi

# Expected jited images: the host JIT's code words for each program, which
# the driver must report byte for byte (scenario 70).  Optional: without a
# host xnic-jit the guest skips those checks.
mkdir -p "$OUT/expected"
rm -f "$OUT"/expected/*
make --no-print-directory -s build/bin/xnic-jit >"$OUT/xnic-jit-build.log" 2>&1
if [ -x build/bin/xnic-jit ]; then
	for o in "$OUT"/progs/*.o; do
		build/bin/xnic-jit "$o" --code-only \
			-o "$OUT/expected/$(basename "$o" .bpf.o).bin" \
			>/dev/null 2>>"$OUT/xnic-jit-build.log" || true
	done
fi

# Expected results from the host kernel (scenarios 77 and 78): each XDP
# and TC program run by BPF_PROG_TEST_RUN (tests/kernel/host/
# xnic-replay-ref) over one frame set, in order on one loaded program (so
# map state evolves as it will on the chip): lib.sh's `frame 46` followed
# by a fixed-seed xnic-pktgen mix (IPv4/IPv6, TCP/UDP/ICMP, ARP,
# 802.1Q/802.1ad tags, frames cut short).  Frames under 14 bytes, which the
# NIC never sees, are left out.  Per program: /expected/<prog>.replay, one
# "IN_HEX RETVAL OUT_HEX [RETVAL OUT_HEX]..." line per frame (one pair per
# run: a redirected frame comes back into the program, up to the driver's
# nesting bound XNIC_MAX_NESTING, read from driver/xnic_datapath.c), and
# /expected/<prog>.maps, the final map contents (sorted).
# The guest runs the programs on a port whose ifindex is REPLAY_IFINDEX
# (the scenarios create it with that index), so the test runs pass that
# ifindex in their context (xdp_md.ingress_ifindex; __sk_buff ifindex and
# ingress_ifindex); the kernel wants a device with that ifindex in the
# caller's netns, so they run in a private one with a veth made there.
# Optional: without root BPF (or a netns) on the host the guest skips those
# checks, with the reason from /expected/replay.skip.
# XNIC_REPLAY_FRAMES (default 32) sets how many pktgen frames follow.
REPLAY_IFINDEX=77
# The frames of a pcap (Ethernet, little-endian header), as hex lines.
pcap_frames() {
	local hex off=48 len
	hex=$(od -An -v -tx1 "$1" | tr -d ' \n')
	while [ $off -lt ${#hex} ]; do
		len=${hex:off+16:8}
		len=$((16#${len:6:2}${len:4:2}${len:2:2}${len:0:2}))
		echo "${hex:off+32:len*2}"
		off=$((off + 32 + len * 2))
	done
}
replay_refs() {
	local nesting o name sec
	nesting=$(sed -n 's/^#define XNIC_MAX_NESTING[[:space:]]*\([0-9]*\).*/\1/p' \
		driver/xnic_datapath.c)
	[ -n "$nesting" ] || { echo "no XNIC_MAX_NESTING in driver/xnic_datapath.c"; return; }
	make --no-print-directory -s build/bin/xnic-pktgen >>"$OUT/xnic-jit-build.log" 2>&1
	[ -x build/bin/xnic-pktgen ] || { echo "xnic-pktgen did not build"; return; }
	mkdir -p "$OUT/host"
	gcc -O2 -Wall -Wextra -Werror -o "$OUT/host/xnic-replay-ref" \
		"$HERE/host/xnic-replay-ref.c" -lbpf -lelf -lz 2>>"$OUT/xnic-jit-build.log" ||
		{ echo "xnic-replay-ref did not build (libbpf-dev?)"; return; }
	build/bin/xnic-pktgen -n "${XNIC_REPLAY_FRAMES:-32}" --seed 77 --max 400 \
		--mix vlan=25,qinq=10,trunc=6 -o "$OUT/pktgen.pcap" >/dev/null ||
		{ echo "xnic-pktgen failed"; return; }
	f46=ffffffffffff02000000000188b5
	for ((i = 0; i < 46; i++)); do f46+=$(printf '%02x' $i); done
	{
		echo "$f46"
		pcap_frames "$OUT/pktgen.pcap"
	} | awk 'length($0) >= 28' >"$OUT/replay.frames"
	echo "$REPLAY_IFINDEX" >"$OUT/expected/replay.ifindex"
	echo "$nesting" >"$OUT/expected/replay.nesting"
	# One private netns for all programs; a program whose run fails
	# (no root BPF, a refused run after a redirect) just has no files.
	# shellcheck disable=SC2016
	unshare -n bash -c '
		ip link add xr_prog index "$1" type veth peer name xr_peer 2>/dev/null ||
			{ echo "cannot make a device with ifindex $1 in a private netns (unshare -n, veth)"; exit; }
		shift
		ref=$1 frames=$2 nesting=$3 ifx=$4 exp=$5
		shift 5
		for o in "$@"; do
			[ -f "$o" ] || continue
			name=$(basename "$o" .bpf.o)
			case $name in *xdp_*) sec=xdp ;; *) sec=tc ;; esac
			"$ref" "$o" $sec "$frames" "$nesting" "$ifx" \
				"$exp/$name.replay.tmp" "$exp/$name.maps.tmp" 2>>"$exp/../replay-ref.log" &&
				mv "$exp/$name.replay.tmp" "$exp/$name.replay" &&
				LC_ALL=C sort "$exp/$name.maps.tmp" >"$exp/$name.maps"
			rm -f "$exp/$name".*.tmp
		done
		[ -n "$(ls "$exp"/*.replay 2>/dev/null)" ] ||
			echo "no host BPF_PROG_TEST_RUN result at all (no root BPF on the host? see build/kernel/replay-ref.log)"
	' replay "$REPLAY_IFINDEX" "$OUT/host/xnic-replay-ref" "$OUT/replay.frames" "$nesting" \
		"$REPLAY_IFINDEX" "$OUT/expected" "$OUT"/progs/xdp_*.o "$OUT"/progs/diff_xdp_*.o \
		"$OUT"/progs/tc_*.o "$OUT"/progs/diff_tc_*.o 2>&1 ||
		echo "unshare -n failed (no permission to make a network namespace?)"
}
: >"$OUT/replay-ref.log"
why=$(replay_refs)
[ -n "$why" ] && echo "$why" | head -n 1 >"$OUT/expected/replay.skip"

# --- the initramfs --------------------------------------------------------
R=$OUT/root
rm -rf "$R"
mkdir -p "$R"/{bin,sbin,dev,proc,sys,tmp,progs,expected,usr/lib/ip,lib/modules/xnic,lib64}
cp "$BUSYBOX" "$R/bin/busybox"
cp "$HERE/guest/init" "$R/init"
cp "$HERE/guest/lib.sh" "$R/lib.sh"
chmod +x "$R/init"

copy_with_libs() {
	local bin=$1 lib
	cp "$bin" "$R/sbin/"
	for lib in $(ldd "$bin" | grep -oE '/[^ ]+'); do
		mkdir -p "$R$(dirname "$lib")"
		cp -L "$lib" "$R$lib"
	done
}
for tool in ip tc bpftool ethtool; do
	path=$(PATH=/usr/sbin:/sbin:$PATH command -v $tool) ||
		skip_all "$tool not installed (make deps)"
	copy_with_libs "$path"
done
cp -L /lib64/ld-linux-x86-64.so.2 "$R/lib64/"
cp "$OUT"/xnic-* "$R/sbin/"
cp "$OUT/link_xnic.so" "$R/usr/lib/ip/"
cp "$OUT"/progs/*.o "$R/progs/"
cp "$OUT"/expected/* "$R/expected/" 2>/dev/null
cp "$KO" "$R/lib/modules/xnic/xnic.ko"
# tc's ingress qdisc, cls_bpf and the gact action (whose statistics an
# offloaded filter reports, scenario 75) are modules in Debian's kernel.
for m in net/sched/sch_ingress.ko net/sched/cls_bpf.ko net/sched/act_gact.ko; do
	[ -f "$MODDIR/$m" ] && cp "$MODDIR/$m" "$R/lib/modules/xnic/"
done

selected=()
for s in "$HERE"/scenarios/*.sh; do
	name=$(basename "$s")
	if [ $# -gt 0 ]; then
		keep=0
		for p in "$@"; do [[ $name == *"$p"* ]] && keep=1; done
		[ $keep -eq 1 ] || continue
	fi
	selected+=("$s")
done
[ ${#selected[@]} -gt 0 ] || fatal "no scenario matches: $*"

# Scenarios are dealt round-robin to JOBS guests that boot in parallel (one
# TCG vCPU each).  Each guest's initramfs is the common archive plus a
# small one with its scenarios: the kernel unpacks concatenated archives.
JOBS=${XNIC_JOBS:-$(nproc)}
[ "$JOBS" -gt 2 ] && JOBS=2
[ "$JOBS" -gt ${#selected[@]} ] && JOBS=${#selected[@]}
[ "$JOBS" -ge 1 ] || JOBS=1
(cd "$R" && find . | cpio -o -H newc --quiet | gzip -1) >"$OUT/initramfs.cpio.gz" ||
	fatal "cannot pack the initramfs"
for ((j = 0; j < JOBS; j++)); do
	G=$OUT/group$j
	rm -rf "$G"
	mkdir -p "$G/scenarios"
	for ((i = j; i < ${#selected[@]}; i += JOBS)); do
		cp "${selected[$i]}" "$G/scenarios/"
	done
	(cd "$G" && find scenarios | cpio -o -H newc --quiet | gzip -1) >"$G/scen.cpio.gz" &&
		cat "$OUT/initramfs.cpio.gz" "$G/scen.cpio.gz" >"$G/initramfs.cpio.gz" ||
		fatal "cannot pack the initramfs of guest $j"
done
ti=$(date +%s)

# --- boot -----------------------------------------------------------------
pids=()
for ((j = 0; j < JOBS; j++)); do
	timeout --foreground "$TIMEOUT" qemu-system-x86_64 -accel tcg -cpu max -m 1024 \
		-smp 1 -nographic -no-reboot -net none \
		-kernel "$KERNEL" -initrd "$OUT/group$j/initramfs.cpio.gz" \
		-append "console=ttyS0 quiet panic=-1 slub_debug=FZP xnic.timeout=$SCEN_TIMEOUT" \
		</dev/null >"$OUT/group$j/console.log" 2>&1 &
	pids+=($!)
done
qrcs=()
for ((j = 0; j < JOBS; j++)); do
	wait "${pids[$j]}"
	qrcs+=($?)
	tr -d '\r' <"$OUT/group$j/console.log" >"$OUT/group$j/console.log.txt"
done
tq=$(date +%s)

# --- results ----------------------------------------------------------------
passed=0 failed=0 skipped=0
LOGS=()
for ((j = 0; j < JOBS; j++)); do
	LOG=$OUT/group$j/console.log.txt
	LOGS+=("$LOG")
	qrc=${qrcs[$j]}
	last=
	while IFS= read -r line; do
		case "$line" in
		XNIC-CHECK\ PASS\ *) passed=$((passed + 1)); echo "PASS ${line#XNIC-CHECK PASS }"; last=pass ;;
		XNIC-CHECK\ FAIL\ *) failed=$((failed + 1)); echo "FAIL ${line#XNIC-CHECK FAIL }"; last=fail ;;
		XNIC-CHECK\ SKIP\ *) skipped=$((skipped + 1)); echo "SKIP ${line#XNIC-CHECK SKIP }"; last=skip ;;
		XNIC-INFO*) [ "$last" = fail ] && echo "    ${line#XNIC-INFO }" ;;
		esac
	done <"$LOG"

	if grep -q '^XNIC-DONE' "$LOG"; then
		passed=$((passed + 1))
		echo "PASS harness: guest $j ran all its scenarios and powered off"
	else
		failed=$((failed + 1))
		if [ "$qrc" -eq 124 ]; then
			echo "FAIL harness: guest $j timed out after ${TIMEOUT}s"
		elif ! grep -q '^XNIC-BOOTED' "$LOG"; then
			echo "FAIL harness: guest $j did not boot (qemu exit $qrc)"
		else
			echo "FAIL harness: guest $j stopped before the end (qemu exit $qrc)"
		fi
		tail -n 30 "$LOG" | sed 's/^/    | /'
	fi
	# Oopses and panics print on the console (dmesg -n 2 in the guest).
	oops=$(grep -E 'Kernel panic|BUG:|BUG [^ ]+ \(|Oops|general protection fault|kernel BUG' "$LOG" | head -n 5)
	if [ -n "$oops" ]; then
		failed=$((failed + 1))
		echo "FAIL harness: no oops or panic on guest $j's console"
		printf '%s\n' "$oops" | sed 's/^/    | /'
	else
		passed=$((passed + 1))
		echo "PASS harness: no oops or panic on guest $j's console"
	fi
done

sed -n 's/^XNIC-TIME \(.*\)/  time \1/p' "${LOGS[@]}"
echo "  time: build $((tb - t0))s, guest tools + initramfs $((ti - tb))s, qemu $((tq - ti))s ($JOBS guests), total $((tq - t0))s"
if [ $failed -gt 0 ] || [ -n "${XNIC_KEEP_LOG:-}" ]; then
	echo "  console logs: ${LOGS[*]}"
fi
summary_and_exit $passed $failed "$([ $skipped -gt 0 ] && echo $skipped)" $([ $failed -eq 0 ] && echo 0 || echo 1)
