#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# Timing suite: assemble each tests/sim/*.s, run one 64-byte frame through
# it on the simulator and compare cycles and retval with its "; expect:"
# line.  Prints "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
BIN=${BUILD:-build}/bin
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
if ! "$BIN/xnic-pktgen" -n 1 --min 64 --max 64 --seed 1 -o "$tmp/f.pcap" >/dev/null; then
	echo "cannot make a frame"
	echo "0 passed, 1 failed"
	exit 1
fi
for s in tests/sim/*.s; do
	name=$(basename "$s" .s)
	exp=$(grep -m1 '^; expect:' "$s")
	want_c=$(sed -n 's/.*cycles \([0-9]*\).*/\1/p' <<<"$exp")
	want_r=$(sed -n 's/.*retval \([0-9]*\).*/\1/p' <<<"$exp")
	if ! "$BIN/xnic-as" -o "$tmp/$name.xnic" "$s" >"$tmp/as.log" 2>&1; then
		echo "FAIL $name: $(head -n 3 "$tmp/as.log")"
		fail=$((fail + 1))
		continue
	fi
	out=$("$BIN/xnic-sim" "$tmp/$name.xnic" --pcap "$tmp/f.pcap" --json --no-stream 2>&1)
	got_c=$(grep -o '"cycles": [0-9]*' <<<"$out" | head -n 1 | grep -o '[0-9]*$')
	got_r=$(grep -o '"retval": [0-9]*' <<<"$out" | head -n 1 | grep -o '[0-9]*$')
	if [ "$got_c" = "$want_c" ] && [ "$got_r" = "$want_r" ]; then
		echo "PASS $name ($got_c cycles)"
		pass=$((pass + 1))
	else
		echo "FAIL $name: expected cycles $want_c retval $want_r, got cycles ${got_c:-?} retval ${got_r:-?}"
		fail=$((fail + 1))
	fi
done

# --config: CTM read latency 70 -> 100 adds 30 cycles to memory.s's CTM read
# and 30 to the dispatch's metadata read: 504 + 60 = 564.
check() {
	if [ "$2" = "$3" ]; then
		echo "PASS $1"
		pass=$((pass + 1))
	else
		echo "FAIL $1: expected $2, got ${3:-nothing}"
		fail=$((fail + 1))
	fi
}
printf '# slower CTM\nlat.ctm.read = 100\n' >"$tmp/cfg"
got=$("$BIN/xnic-sim" "$tmp/memory.xnic" --pcap "$tmp/f.pcap" --json --no-stream \
	--config "$tmp/cfg" | grep -o '"cycles": [0-9]*' | grep -o '[0-9]*$')
check "config file" 564 "$got"
printf 'no_such_field = 1\n' >"$tmp/bad"
got=$("$BIN/xnic-sim" "$tmp/memory.xnic" --pcap "$tmp/f.pcap" --config "$tmp/bad" 2>&1 >/dev/null)
check "config error" "xnic-sim: $tmp/bad:1: unknown configuration field 'no_such_field'" "$got"
# --out: the frame passes (retval 0 is XDP_ABORTED: aborted.pcap)
rm -rf "$tmp/out"
"$BIN/xnic-sim" "$tmp/memory.xnic" --pcap "$tmp/f.pcap" --out "$tmp/out" --no-stream >/dev/null
check "--out pcap" "aborted.pcap" "$(ls "$tmp/out" 2>/dev/null)"
# JSON contract keys and the measured run's stats
json=$("$BIN/xnic-sim" "$tmp/branch.xnic" --pcap "$tmp/f.pcap" --json)
keys=""
for k in '"packets": \[' '"maps": {' '"stats": {' '"verdict_pass": 1' '"measured_pps": [0-9]' \
	'"bottleneck": "line"'; do
	grep -q "$k" <<<"$json" && keys="$keys+"
done
check "json contract" "++++++" "$keys"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
