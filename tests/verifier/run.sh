#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# xnic-jit's command line: exit codes, compiler-style diagnostics on
# stderr, --list, --json, --log, and the code generation placeholder.
# Needs build/bin/xnic-jit and the BPF test objects (make all).
set -uo pipefail
cd "$(dirname "$0")/../.."
JIT=build/bin/xnic-jit
B=build/bpf/tests/progs/verifier
pass=0 fail=0 skip=0

check() { # name expected-rc actual-rc [grep-pattern file]
	local name=$1 want=$2 got=$3
	if [ "$got" -ne "$want" ]; then
		echo "FAIL $name: exit $got, want $want"
		fail=$((fail + 1))
		return
	fi
	if [ $# -ge 5 ] && ! grep -qF -- "$4" "$5"; then
		echo "FAIL $name: no '$4' in output:"
		head -n 5 "$5"
		fail=$((fail + 1))
		return
	fi
	echo "ok   $name"
	pass=$((pass + 1))
}

if [ ! -x "$JIT" ] || [ ! -f "$B/pkt.bpf.o" ]; then
	echo "skip: $JIT or $B/pkt.bpf.o missing (run make all)"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

$JIT --help >"$out" 2>&1
check "--help" 0 $? "EXIT STATUS" "$out"
$JIT -h >"$out" 2>&1
check "-h" 0 $? "SYNOPSIS" "$out"
$JIT >"$out" 2>&1
check "no object is a usage error" 2 $? "missing OBJECT argument" "$out"
$JIT --bogus x.o >"$out" 2>&1
check "unknown option is a usage error" 2 $? "Try 'xnic-jit --help'." "$out"
$JIT /nonexistent.o --verify-only >"$out" 2>&1
check "missing file" 3 $? "xnic-jit: /nonexistent.o: No such file or directory" "$out"
$JIT "$0" --verify-only >"$out" 2>&1
check "not ELF" 3 $? "not an ELF file" "$out"
$JIT $B/pkt.bpf.o --sec nope --verify-only >"$out" 2>&1
check "missing program" 3 $? "no program or section named 'nope'" "$out"
$JIT $B/pkt.bpf.o --sec pkt_eth_ok --verify-only >"$out" 2>"$err"
check "accepted program exits 0" 0 $? "program pkt_eth_ok accepted" "$err"
$JIT $B/pkt.bpf.o --sec pkt_unchecked --verify-only >"$out" 2>"$err"
check "rejected program exits 1" 1 $? "pkt.bpf.c:22: error: insn 1: invalid access to packet, off=12 size=1, R1 range=0" "$err"
$JIT $B/maps.bpf.o --sec map_two_errors --verify-only >"$out" 2>"$err"
check "independent errors are all reported" 1 $? "rejected (2 errors)" "$err"
grep -q "maps.bpf.c:262: error: insn 14: R0 invalid mem access 'map_value_or_null'" "$err"
check "second error has file:line" 0 $?
$JIT $B/maps.bpf.o --sec map_percpu_type --verify-only >"$out" 2>"$err"
check "device rule: map type" 1 $? "map pcpu: error: map type 5 is not supported by the device" "$err"
$JIT $B/pkt.bpf.o --sec pkt_eth_ok --verify-only --json >"$out" 2>"$err"
check "--json" 0 $? '"program":"pkt_eth_ok","section":"xdp","type":"xdp","accepted":true' "$out"
$JIT $B/pkt.bpf.o --sec pkt_unchecked --verify-only --json >"$out" 2>"$err"
check "--json errors" 1 $? '"accepted":false' "$out"
$JIT $B/pkt.bpf.o --sec pkt_eth_ok --verify-only --log >"$out" 2>"$err"
check "--log states" 0 $? "0: R1=ctx R10=fp0" "$out"
grep -q "R1=pkt(off=0,r=14)" "$out"
check "--log packet range" 0 $?
$JIT $B/ctx.bpf.o --list >"$out" 2>"$err"
check "--list" 0 $? "tc_fields_ok" "$out"
img=$(mktemp -u).xnic
$JIT $B/pkt.bpf.o --sec pkt_eth_ok -o "$img" >"$out" 2>"$err"
rc=$?
if grep -q "code generation is not available in this build" "$err"; then
	check "compile path placeholder" 2 $rc
else
	check "compile path writes an image" 0 $rc
	[ -s "$img" ]
	check "image file is not empty" 0 $?
fi
rm -f "$img"
$JIT $B/pkt.bpf.o --sec pkt_unchecked -o "$img" >"$out" 2>"$err"
check "rejected program is not compiled" 1 $? "rejected" "$err"
[ ! -e "$img" ]
check "no image for a rejected program" 0 $?

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
