#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# Command-line contract of the microcode tools: xnic-as and xnic-objdump
# round-trip byte-exactly, errors are exact and exit codes conventional,
# every tool answers --help.
set -uo pipefail
cd "$(dirname "$0")/../.."
BIN=build/bin
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0

check() {
	local name=$1
	shift
	if "$@"; then
		echo "PASS $name"
		pass=$((pass + 1))
	else
		echo "FAIL $name"
		fail=$((fail + 1))
	fi
}

roundtrip() {
	$BIN/xnic-as tests/isa/all_insns.s -o "$T/a.xnic" &&
		$BIN/xnic-as tests/isa/all_insns.s --code-only -o "$T/a.bin" &&
		$BIN/xnic-objdump --raw "$T/a.xnic" >"$T/b.s" &&
		$BIN/xnic-as "$T/b.s" --code-only -o "$T/b.bin" &&
		cmp -s "$T/a.bin" "$T/b.bin" &&
		[ "$(stat -c %s "$T/a.bin")" -eq $((138 * 8)) ]
}

bad_source() {
	printf 'nop\nalu[a1, a2, add, a3]\nbr[x], defer[4]\nx: immed[a1, 70000]\n' >"$T/bad.s"
	$BIN/xnic-as "$T/bad.s" -o "$T/bad.xnic" 2>"$T/err"
	[ $? -eq 1 ] || return 1
	[ ! -e "$T/bad.xnic" ] || return 1
	diff -u - "$T/err" <<EOF2
$T/bad.s:2: error: bank conflict: a2 and a3 both read GPR bank A
$T/bad.s:3: error: defer count 4 out of range (0..3)
$T/bad.s:4: error: immediate 70000 out of range (0..65535)
EOF2
}

not_an_image() {
	echo hello >"$T/x.xnic"
	$BIN/xnic-objdump "$T/x.xnic" 2>"$T/err"
	[ $? -eq 2 ] && grep -qx "xnic-objdump: $T/x.xnic: not an ELF file" "$T/err"
}

corrupt_word() {
	# Set a reserved bit in word 0 (a nop) of the code section.
	$BIN/xnic-as tests/isa/all_insns.s -o "$T/c.xnic" || return 1
	local off
	off=$(readelf -S -W "$T/c.xnic" | sed -n "s/.*\.xnic\.code *PROGBITS *[0-9a-f]* \([0-9a-f]*\).*/\1/p")
	off=$((16#$off))
	printf '\x01' | dd of="$T/c.xnic" bs=1 seek="$off" conv=notrunc status=none
	$BIN/xnic-objdump "$T/c.xnic" >"$T/out"
	[ $? -eq 1 ] && grep -q '    0: 0000000000000001  <invalid: reserved bits 0x0000000000000001 set in nop word 0x0000000000000001>' "$T/out"
}

readelf_sections() {
	$BIN/xnic-as tests/isa/all_insns.s -o "$T/r.xnic" &&
		readelf -S -W "$T/r.xnic" | grep -q '\.xnic\.code' &&
		readelf -h "$T/r.xnic" | grep -q 'Type:.*EXEC'
}

truncated_image() {
	$BIN/xnic-as tests/isa/all_insns.s -o "$T/t.xnic" || return 1
	head -c 300 "$T/t.xnic" >"$T/t2.xnic"
	$BIN/xnic-objdump "$T/t2.xnic" 2>"$T/err"
	[ $? -eq 2 ] && grep -q "xnic-objdump: $T/t2.xnic: " "$T/err"
}

help_all() {
	local t ok=0
	for t in $BIN/xnic-*; do
		"$t" --help >"$T/h" 2>&1 || { echo "  $t --help failed"; ok=1; continue; }
		grep -qiE '^(usage: |synopsis)' "$T/h" || { echo "  $t --help has no usage or synopsis"; ok=1; }
	done
	return $ok
}

check "as/objdump byte-exact round trip" roundtrip
check "as reports every error with file:line, exit 1" bad_source
check "objdump refuses a non-ELF file, exit 2" not_an_image
check "objdump flags a corrupt word, exit 1" corrupt_word
check "readelf reads images" readelf_sections
check "objdump refuses a truncated image" truncated_image
check "every tool answers --help with its usage" help_all
echo "tools: $pass passed, $fail failed"
[ $fail -eq 0 ]
