#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# Build and run every benchmark; each prints its own table.  Benchmarks
# are not tests: they assert nothing, they measure (see each bench_*.c).
# Usage: bench/run.sh [NAME...]   e.g. bench/run.sh bench_sim
set -uo pipefail
cd "$(dirname "$0")/.."
make -s -j"$(nproc)" all bench || exit 1
status=0
for b in build/bench/bench_*; do
	name=$(basename "$b")
	if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qx "$name"; then
		continue
	fi
	echo "=== $name"
	"$b" || { echo "$name exited $?"; status=1; }
	echo
done
exit $status
