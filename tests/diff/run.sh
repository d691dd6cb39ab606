#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# Differential suite: every program of every object in
# build/bpf/tests/progs/diff/ runs the same generated frames through the
# host kernel (BPF_PROG_TEST_RUN) and through the NIC path (verifier_ext ->
# JIT -> firmware_sim); every retval, output byte and final ARRAY/HASH map
# must be equal (tests/diff/diffrun.c).  Without root BPF every program is
# skipped with the reason.  Last line: "N passed, N failed, N skipped".
#
#   tests/diff/run.sh [BUILD] [--count N] [--seed S] [--verbose]
set -uo pipefail
cd "$(dirname "$0")/../.."
BUILD=build
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then
	BUILD=$1
	shift
fi
EXTRA=("$@")
RUNNER=$BUILD/diff/diffrun
LIBS="$BUILD/lib/libxnic_host.a $BUILD/lib/libxnic_jit.a $BUILD/lib/libxnic_verifier.a $BUILD/lib/libxnic_sim.a"

make -s -j"$(nproc)" libs bpf "$BUILD/bin/xnic-jit" >/dev/null ||
	{ echo "diff: build failed"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
mkdir -p "$BUILD/diff"
if [ ! -x "$RUNNER" ] || [ tests/diff/diffrun.c -nt "$RUNNER" ] ||
	[ -n "$(find $LIBS -newer "$RUNNER" 2>/dev/null)" ]; then
	${CC:-cc} -std=gnu11 -O2 -g -Wall -Wextra -Werror -Iinclude \
		-o "$RUNNER" tests/diff/diffrun.c -Wl,--start-group $LIBS \
		-Wl,--end-group -lbpf -lelf -lz -lpcap ||
		{ echo "diff: runner build failed"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
fi

pass=0 fail=0 skip=0
shopt -s nullglob
for obj in "$BUILD"/bpf/tests/progs/diff/*.bpf.o; do
	progs=$("$BUILD/bin/xnic-jit" "$obj" --list 2>/dev/null | awk '{print $1}')
	[ -n "$progs" ] || progs=$(basename "$obj" .bpf.o)
	nprogs=$(wc -w <<<"$progs")
	for p in $progs; do
		if [ "$nprogs" -gt 1 ]; then
			"$RUNNER" "$obj" --sec "$p" "${EXTRA[@]}"
		else
			"$RUNNER" "$obj" "${EXTRA[@]}"
		fi
		case $? in
		0) pass=$((pass + 1)) ;;
		77) skip=$((skip + 1)) ;;
		*) fail=$((fail + 1)) ;;
		esac
	done
done
echo "diff: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
