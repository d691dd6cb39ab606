#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# make demo: the two shipped examples (examples/*.bpf.c, already compiled by
# clang into build/bpf/examples/ by `make all`) go through the whole xnic
# tool chain: cross-compiled to NIC microcode with xnic-jit, disassembled
# with xnic-objdump, run on the simulated NIC with xnic-sim over frames
# from xnic-pktgen (verdicts, maps, cycles per packet, throughput), and -
# when this process may use BPF - checked frame by frame against the host
# kernel with xnic-diff.  Any failing step stops the demo with a message
# and a non-zero exit status.
#
# Environment: BUILD (default build), DEMO_FRAMES (default 1000).
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${BUILD:-build}
BIN=$BUILD/bin
OUT=$BUILD/demo
FRAMES=${DEMO_FRAMES:-1000}
EXAMPLES=(parser_counters lb_encap)
XDP_VERDICTS=(XDP_ABORTED XDP_DROP XDP_PASS XDP_TX XDP_REDIRECT)

die() {
	echo >&2
	echo "demo: FAILED: $*" >&2
	exit 1
}
trap 'die "unexpected error in line $LINENO (exit $?)"' ERR

step() {
	echo
	echo "=== $*"
}

# Little-endian hex bytes -> unsigned decimal (counters fit in 63 bits).
le() {
	local h=$1 r="" i

	for ((i = ${#h} - 2; i >= 0; i -= 2)); do
		r+=${h:i:2}
	done
	echo $((16#${r:-0}))
}

# Network-order hex -> dotted quad.
ip4() {
	echo "$((16#${1:0:2})).$((16#${1:2:2})).$((16#${1:4:2})).$((16#${1:6:2}))"
}

for tool in xnic-jit xnic-objdump xnic-pktgen xnic-sim; do
	[ -x "$BIN/$tool" ] || die "$BIN/$tool is missing: run 'make all' (or 'make demo')"
done
for ex in "${EXAMPLES[@]}"; do
	[ -f "$BUILD/bpf/examples/$ex.bpf.o" ] ||
		die "$BUILD/bpf/examples/$ex.bpf.o is missing: run 'make all'"
done
rm -rf "$OUT"
mkdir -p "$OUT"

step "1. The shipped examples, compiled by clang (-target bpf -O2 -g)"
for ex in "${EXAMPLES[@]}"; do
	printf '  %-40s %6d bytes   %s\n' "$BUILD/bpf/examples/$ex.bpf.o" \
		"$(stat -c %s "$BUILD/bpf/examples/$ex.bpf.o")" \
		"$(sed -n 3p "examples/$ex.bpf.c" | sed 's/^ \* //')"
done

step "2. Cross-compile to NIC microcode (offload verifier + JIT): xnic-jit"
for ex in "${EXAMPLES[@]}"; do
	echo "\$ $BIN/xnic-jit $BUILD/bpf/examples/$ex.bpf.o -o $OUT/$ex.xnic"
	"$BIN/xnic-jit" "$BUILD/bpf/examples/$ex.bpf.o" -o "$OUT/$ex.xnic" 2>&1 ||
		die "xnic-jit rejected examples/$ex.bpf.c (reasons above)"
	[ -s "$OUT/$ex.xnic" ] || die "xnic-jit wrote no image for $ex"
done

step "3. A look at the microcode: xnic-objdump $OUT/parser_counters.xnic (excerpt)"
"$BIN/xnic-objdump" "$OUT/parser_counters.xnic" >"$OUT/parser_counters.objdump" ||
	die "xnic-objdump could not disassemble parser_counters.xnic"
sed -n '1,5p' "$OUT/parser_counters.objdump"
echo "  ..."
# The first source-annotated BPF instructions and their microcode.
awk '/^; bpf 0 / { on = 1 } on && n++ < 16' "$OUT/parser_counters.objdump"
echo "  ... ($(grep -c '^ *[0-9]*: ' "$OUT/parser_counters.objdump") microcode words in all; full listing in $OUT/parser_counters.objdump)"

step "4. Test frames: xnic-pktgen (deterministic: same seed, same bytes)"
echo "\$ $BIN/xnic-pktgen -n $FRAMES --seed 1 -o $OUT/mixed.pcap"
"$BIN/xnic-pktgen" -n "$FRAMES" --seed 1 --list -o "$OUT/mixed.pcap" \
	>"$OUT/mixed.list" || die "xnic-pktgen failed"
# The load balancer gets traffic aimed at its services: untagged L4 IPv4.
LB_MIX=tcp4=3,udp4=3,icmp4=1,vlan=0,qinq=0
echo "\$ $BIN/xnic-pktgen -n $FRAMES --seed 2 --mix $LB_MIX -o $OUT/l4.pcap"
"$BIN/xnic-pktgen" -n "$FRAMES" --seed 2 --mix "$LB_MIX" --list \
	-o "$OUT/l4.pcap" >"$OUT/l4.list" || die "xnic-pktgen failed"
echo "  frame kinds in mixed.pcap: $(awk '{print $2}' "$OUT/mixed.list" | sort | uniq -c | awk '{printf "%s %s  ", $2, $1}')"

# Frames one by one (verdict, output length, cycles) from xnic-sim's JSON,
# next to the generator's own record of each frame: the first six, then the
# first frame of each verdict not seen yet.
show_packets() {
	local json=$1 list=$2 n=-1 shown=0 retval cycles hex kind len
	local -A seen=()

	printf '  %-5s %-22s %-13s %-10s %s\n' frame "input" verdict "out bytes" cycles
	while read -r line; do
		[[ $line =~ \"retval\":\ ([0-9]+),\ \"data_out\":\ \"([0-9a-f]*)\",\ \"cycles\":\ ([0-9]+) ]] || continue
		n=$((n + 1))
		retval=${BASH_REMATCH[1]} hex=${BASH_REMATCH[2]} cycles=${BASH_REMATCH[3]}
		if [ "$n" -ge 6 ] && [ -n "${seen[$retval]:-}" ]; then
			continue
		fi
		[ "$n" -lt 6 ] || [ "$shown" -gt 6 ] || echo "  ..."
		seen[$retval]=1
		shown=$((shown + 1))
		read -r _ kind _ _ _ len _ < <(sed -n "$((n + 1))p" "$list")
		printf '  %-5s %-22s %-13s %-10s %s\n' "$n" "$kind, $len bytes" \
			"${XDP_VERDICTS[$retval]:-$retval}" $((${#hex} / 2)) "$cycles"
	done <"$json"
	[ "$n" -ge 0 ] || die "xnic-sim's JSON holds no packets ($json)"
}

# Map entries from xnic-sim's JSON, decoded for the examples' map layouts.
show_maps() {
	local json=$1 map="" key val shown=0 total

	while read -r line; do
		if [[ $line =~ ^\"([A-Za-z0-9_.]+)\":\ \[ ]]; then
			map=${BASH_REMATCH[1]}
			total=$(sed -n "/^  \"$map\": \[/,/^  \]/p" "$json" | grep -c '"key"' || true)
			echo "  map $map ($total entries):"
			shown=0
			continue
		fi
		[[ $line =~ \"key\":\ \"([0-9a-f]+)\",\ \"value\":\ \"([0-9a-f]+)\" ]] || continue
		key=${BASH_REMATCH[1]} val=${BASH_REMATCH[2]}
		shown=$((shown + 1))
		if [ "$shown" -gt 8 ]; then
			[ "$shown" -eq 9 ] && echo "      ..."
			continue
		fi
		case $map in
		proto_counters)
			printf '      %-14s %s\n' "${COUNTERS[$(le "$key")]:-#$(le "$key")}" "$(le "$val")" ;;
		ipv4_sources)
			printf '      %-15s %s packets\n' "$(ip4 "$key")" "$(le "$val")" ;;
		services)
			printf '      %s:%s proto %s -> service %s, %s backends, %s packets\n' \
				"$(ip4 "$key")" "$((16#${key:8:4}))" "$((16#${key:12:2}))" \
				"$(le "${val:0:8}")" "$(le "${val:8:8}")" "$(le "${val:16:16}")" ;;
		backends)
			printf '      service %s backend %s: %-11s %s packets, %s bytes\n' \
				"$(le "${key:0:8}")" "$(le "${key:8:8}")" "$(ip4 "$val")" \
				"$(le "${val:16:16}")" "$(le "${val:32:16}")" ;;
		*)
			printf '      %s -> %s\n' "$key" "$val" ;;
		esac
	done < <(sed -n '/^"maps"/,/^"stats"/p' "$json")
}

# Counter names of parser_counters, in enum order, from its source.
mapfile -t COUNTERS < <(sed -n '/^enum counter {/,/CNT_MAX/p' examples/parser_counters.bpf.c |
	grep -oE 'CNT_[A-Z0-9_]+' | grep -v CNT_MAX | sed 's/^CNT_//; s/.*/\L&/')

run_sim() {
	local ex=$1 pcap=$2 list=$3

	step "5. $ex on the simulated NIC: xnic-sim $OUT/$ex.xnic --pcap $pcap"
	echo "\$ $BIN/xnic-sim $OUT/$ex.xnic --pcap $pcap"
	"$BIN/xnic-sim" "$OUT/$ex.xnic" --pcap "$pcap" >"$OUT/$ex.sim.txt" 2>&1 || {
		cat "$OUT/$ex.sim.txt"
		die "xnic-sim failed on $ex (output above)"
	}
	sed 's/^/  /' "$OUT/$ex.sim.txt"
	echo
	"$BIN/xnic-sim" "$OUT/$ex.xnic" --pcap "$pcap" --json --no-stream \
		>"$OUT/$ex.sim.json" 2>"$OUT/$ex.sim.err" || {
		cat "$OUT/$ex.sim.err"
		die "xnic-sim --json failed on $ex"
	}
	grep -q '"maps"' "$OUT/$ex.sim.json" || die "xnic-sim --json printed no maps for $ex"
	echo "  frames (the first ones, then the first of each other verdict):"
	show_packets "$OUT/$ex.sim.json" "$list"
	echo
	echo "  maps after all $FRAMES frames:"
	show_maps "$OUT/$ex.sim.json"
}

run_sim parser_counters "$OUT/mixed.pcap" "$OUT/mixed.list"
run_sim lb_encap "$OUT/l4.pcap" "$OUT/l4.list"

step "6. The same frames through the host kernel (BPF_PROG_TEST_RUN): xnic-diff"
diff_note=""
if [ ! -x "$BIN/xnic-diff" ]; then
	diff_note="not checked: $BIN/xnic-diff is missing"
	echo "  $diff_note"
else
	set +e
	"$BIN/xnic-diff" --pcap "$OUT/mixed.pcap" "$BUILD/bpf/examples/parser_counters.bpf.o" >"$OUT/diff.txt"
	rc1=$?
	"$BIN/xnic-diff" --pcap "$OUT/l4.pcap" "$BUILD/bpf/examples/lb_encap.bpf.o" >>"$OUT/diff.txt"
	rc2=$?
	set -e
	grep -E '^(PASS|FAIL|SKIP)' "$OUT/diff.txt" | sed 's/^/  /'
	if [ "$rc1" -eq 1 ] || [ "$rc2" -eq 1 ]; then
		die "the NIC disagrees with the kernel (details above; rerun with xnic-diff -v)"
	elif [ "$rc1" -eq 77 ] || [ "$rc2" -eq 77 ]; then
		diff_note="not checked against the kernel here (no BPF permission; see the SKIP reason)"
	elif [ "$rc1" -ne 0 ] || [ "$rc2" -ne 0 ]; then
		die "xnic-diff could not run (exit $rc1/$rc2)"
	else
		diff_note="every retval, output byte and final map entry equalled the host kernel's BPF_PROG_TEST_RUN on the same frames (xnic-diff rebuilds the same objects in-process)"
	fi
fi

step "What was shown"
fmt -w 78 <<EOF
Two ordinary XDP programs written in C and compiled by clang - a packet
parser that counts protocols in an ARRAY and IPv4 sources in a HASH, and an
L4 load balancer that looks services and backends up in HASH maps and
encapsulates matching frames in IPIP with bpf_xdp_adjust_head before sending
them back out (XDP_TX) - were verified for the NIC and compiled by xnic-jit
into NFP-style microcode (objdump shows each BPF instruction, its source
line and the microcode words it became).  xnic-sim then ran each image on
the cycle-accurate NIC model over $FRAMES generated frames: it printed the
verdicts (counts, and frame by frame for a few), the cycles each packet
took from dispatch to verdict,
the final contents of the maps the programs updated on the NIC, and the
throughput, both from the analytic model (per-ME compute and latency, memory
units, line rate) and measured on all packet engines at once.
Result of the kernel comparison: ${diff_note}.
EOF
echo
echo "demo: done (outputs in $OUT/)"
