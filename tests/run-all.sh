#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# make check: build everything (host libraries, tools, BPF programs,
# xnic.ko), run the unit tests plainly and under ASan+UBSan, then every
# suite under tests/<suite>/run.sh.  Each stage prints its own summary;
# the last line totals them as "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."

JOBS=${JOBS:-$(nproc)}
total_pass=0 total_fail=0 total_skip=0
failed_stages=()

stage() {
	echo
	echo "=== $1"
}

# Suites print "N passed, N failed[, N skipped]" as their last such line.
count() {
	local name=$1 log=$2 rc=$3 line p f s
	line=$(grep -E '^([A-Za-z-]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ -z "$line" ]; then
		echo "$name: no summary line (exit $rc)"
		total_fail=$((total_fail + 1))
		failed_stages+=("$name")
		return
	fi
	p=$(grep -oE '[0-9]+ passed' <<<"$line" | grep -oE '[0-9]+')
	f=$(grep -oE '[0-9]+ failed' <<<"$line" | grep -oE '[0-9]+')
	s=$(grep -oE '[0-9]+ skipped' <<<"$line" | grep -oE '[0-9]+' || echo 0)
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	total_skip=$((total_skip + ${s:-0}))
	if [ "$rc" -ne 0 ] || [ "$f" -ne 0 ]; then
		failed_stages+=("$name")
	fi
}

stage "build (host)"
make -j"$JOBS" all tests bench || { echo "build failed"; exit 1; }

stage "build xnic.ko"
make module -j"$JOBS" >build/module.log 2>&1 || {
	tail -n 40 build/module.log
	echo "module build failed"
	exit 1
}
ls -l driver/xnic.ko

stage "unit tests"
log=$(mktemp)
tests/unit/run.sh build 2>&1 | tee "$log"
count unit "$log" "${PIPESTATUS[0]}"

stage "unit tests under ASan+UBSan"
make -j"$JOBS" BUILD=build/asan SAN=1 tests >/dev/null || { echo "asan build failed"; exit 1; }
tests/unit/run.sh build/asan 2>&1 | tee "$log"
count unit-asan "$log" "${PIPESTATUS[0]}"

for suite in tests/*/run.sh; do
	name=$(basename "$(dirname "$suite")")
	[ "$name" = unit ] && continue
	stage "$name"
	"$suite" 2>&1 | tee "$log"
	count "$name" "$log" "${PIPESTATUS[0]}"
done
rm -f "$log"

echo
if [ ${#failed_stages[@]} -gt 0 ]; then
	echo "failed stages: ${failed_stages[*]}"
fi
echo "total: $total_pass passed, $total_fail failed, $total_skip skipped"
[ ${#failed_stages[@]} -eq 0 ]
