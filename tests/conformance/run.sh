#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# The bpf_conformance suite for make check.  Runs every vector of
# ../shared/conformance/tests (or $XNIC_CONFORMANCE_DIR):
#   1. on the NIC backend (sim: verify -> JIT -> simulator) when
#      xnic-conformance --list-backends reports it available, plus
#      $FUZZ random programs (xnic-conformance --fuzz) compared with the
#      reference interpreter, counted as ONE test;
#   2. on the reference interpreter (interp);
#   3. through xnic-conformance-plugin, driven over the upstream plugin
#      protocol by the exec backend (interp underneath): an end-to-end test
#      of the plugin, counted as ONE test (pass iff every vector passes),
#      so the totals count each vector once per execution engine.
# Each run prints its own lines and summary; the last line totals them as
# "N passed, N failed, N skipped".  A run that cannot happen (vectors or
# sim backend absent) counts as one skip with its reason.
set -uo pipefail
cd "$(dirname "$0")/../.."

BIN=${BUILD:-build}/bin
DIR=${XNIC_CONFORMANCE_DIR:-../shared/conformance/tests}
pass=0 fail=0 skip=0

if [ ! -d "$DIR" ]; then
	echo "conformance: 0 passed, 0 failed, 1 skipped (vectors not found at $DIR)"
	exit 0
fi
for tool in xnic-conformance xnic-conformance-plugin; do
	if [ ! -x "$BIN/$tool" ]; then
		echo "conformance: 0 passed, 1 failed, 0 skipped ($BIN/$tool not built: run make)"
		exit 1
	fi
done

# run NAME ARGS...: one xnic-conformance run, its summary added to the
# totals (per vector, or as a single test when ONE_TEST=1)
run() {
	local name=$1 out rc line p f s
	shift
	echo "--- $name: xnic-conformance $*"
	out=$(mktemp)
	if [[ " $* " == *" --fuzz "* ]]; then
		"$BIN/xnic-conformance" "$@" >"$out" 2>&1
	else
		"$BIN/xnic-conformance" "$@" "$DIR" >"$out" 2>&1
	fi
	rc=$?
	# per-vector lines: failures and skips in full, passes counted
	grep -v '^PASS ' "$out" | grep -vE '^[0-9]+ passed, ' || true
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$out" | tail -n 1)
	rm -f "$out"
	if [ -z "$line" ]; then
		echo "$name: no summary line (exit $rc)"
		fail=$((fail + 1))
		return
	fi
	read -r p _ f _ s _ <<<"${line//,/}"
	echo "$name: $line"
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "$name: exit status $rc without a failed vector"
		f=1
	fi
	if [ "${ONE_TEST:-0}" = 1 ]; then
		if [ "$f" -eq 0 ] && [ "$p" -gt 0 ]; then
			echo "$name: counted as 1 passed test"
			pass=$((pass + 1))
		else
			echo "$name: counted as 1 failed test"
			fail=$((fail + 1))
		fi
		return
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	skip=$((skip + s))
}

if "$BIN/xnic-conformance" --list-backends | grep -q '^sim: available'; then
	run sim --backend sim
	FUZZ=${FUZZ:-2000}
	ONE_TEST=1 run fuzz-sim --backend sim --fuzz "$FUZZ"
else
	echo "--- sim: SKIPPED, the sim backend (verify -> JIT -> simulator) is not available yet"
	skip=$((skip + 1))
fi
run interp --backend interp
XNIC_BACKEND=interp ONE_TEST=1 run plugin --backend "exec:$BIN/xnic-conformance-plugin"

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
