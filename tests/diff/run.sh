#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# Differential suite: every program of the corpus (tests/progs/diff/) and
# both shipped examples run over generated frames in the host kernel
# (BPF_PROG_TEST_RUN) and on the NIC path (front end -> verifier_ext -> JIT
# -> firmware_sim); every retval, output byte and final map entry must be
# equal.  tools/xnic-diff does the work; tests/diff/corpus.list says which
# seeds and frame mixes each program gets.  Objects missing from the list
# still run, with the default mix.
#
# Prints one line per program (PASS / FAIL with the first difference /
# SKIP with the reason) and ends with "N passed, N failed, N skipped".
# Without root (or without BPF in the kernel) every program is a SKIP:
# nothing passes that did not run on both sides.  How frames the kernel's
# test runner refuses are treated (runts, short TC network headers), the
# loopback ifindex and the TC skb fields: `xnic-diff --help`, section
# KERNEL TEST-RUN RULES.  A self-check first proves that the comparison
# reports each kind of difference.
#
#   tests/diff/run.sh [BUILD] [XNIC-DIFF OPTIONS...]
#
# BUILD is the build directory (default build).  Further options go to
# xnic-diff, e.g. --verbose (list the differences of a FAIL), --count N
# (frames per run, default 400), --seed S (for list lines without their
# own --seed).  DIFF_SAVE=DIR keeps each run's frames (DIR/NAME.pcap) and
# both results (DIR/NAME.kernel.json, DIR/NAME.nic.json) for replay with
# xnic-kref and xnic-sim.
#
# (The first version of this suite ran tests/diff/diffrun.c per program;
# xnic-diff does the same in one process with per-program mixes and
# first-difference reports.)
set -uo pipefail
cd "$(dirname "$0")/../.."

BUILD=build
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
	BUILD=$1
	shift
fi
COUNT=400
LIST=tests/diff/corpus.list

make --no-print-directory -j"$(nproc)" BUILD="$BUILD" "$BUILD/bin/xnic-diff" bpf >/dev/null || {
	echo "diff: build failed (make $BUILD/bin/xnic-diff bpf)"
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
}

if [ "$(id -u)" -ne 0 ]; then
	echo "diff: not root: the kernel reference (BPF_PROG_TEST_RUN) needs root; every program is skipped"
fi

# The list, plus any corpus object it forgot (default options).
list=$(mktemp)
trap 'rm -f "$list"' EXIT
cp "$LIST" "$list"
for src in tests/progs/diff/*.bpf.c examples/*.bpf.c; do
	obj=${src%.c}.o
	if ! grep -qE "^${obj//./\\.}([[:space:]]|\$)" "$LIST"; then
		echo "diff: note: $obj is not in $LIST; running it with the default mix"
		echo "$obj" >>"$list"
	fi
done

extra=()
if [ -n "${DIFF_SAVE:-}" ]; then
	mkdir -p "$DIFF_SAVE"
	extra=(--save-pcap "$DIFF_SAVE" --json "$DIFF_SAVE")
fi
extra+=("$@")

# Self-check: the comparison must notice each kind of difference.  One
# program (with output bytes and maps) runs with a deliberate alteration of
# the NIC's result per kind; each run has to FAIL naming that field.
self_check() {
	local obj=$BUILD/bpf/examples/parser_counters.bpf.o kind want out
	for kind in retval:"retval expected" byte:"output byte" \
		length:"output length expected" map:"value expected" \
		entry:"entries expected"; do
		want=${kind#*:}
		out=$("$BUILD/bin/xnic-diff" "$obj" -n 50 --inject "${kind%%:*}" 2>&1)
		case $? in
		77) echo "SKIP self-check: $(grep -m1 "^SKIP" <<<"$out" | sed "s/^SKIP [^:]*: //")"; return 2 ;;
		1) ;;
		*) echo "FAIL self-check: --inject ${kind%%:*}: unexpected exit"; return 1 ;;
		esac
		if ! grep -q "^FAIL .*$want" <<<"$out"; then
			echo "FAIL self-check: --inject ${kind%%:*} not reported as '$want':"
			echo "$out" | head -n 3
			return 1
		fi
	done
	echo "PASS self-check: injected retval, output byte, output length, map value and map entry differences are each reported"
	return 0
}

start=$(date +%s%N)
self_check
self=$?
out=$(mktemp)
trap 'rm -f "$list" "$out"' EXIT
"$BUILD/bin/xnic-diff" --dir "$BUILD/bpf" --list "$list" -n "$COUNT" "${extra[@]}" | tee "$out"
rc=${PIPESTATUS[0]}
# The examples once more through .xnic image files (the xnic-jit -o ->
# xnic-sim IMAGE.xnic path: image writer and reader included).
"$BUILD/bin/xnic-diff" --image-file --tag image-file -n "$COUNT" "${extra[@]}" \
	"$BUILD"/bpf/examples/*.bpf.o | tee -a "$out"
rc2=${PIPESTATUS[0]}
end=$(date +%s%N)
ms=$(((end - start) / 1000000))
printf 'diff: suite time %d.%03d s\n' $((ms / 1000)) $((ms % 1000))

# Totals: both xnic-diff runs plus the self-check.
p=0 f=0 s=0 runs=0
while read -r line; do
	p=$((p + $(grep -oE '^[0-9]+' <<<"$line")))
	f=$((f + $(grep -oE '[0-9]+ failed' <<<"$line" | grep -oE '[0-9]+')))
	s=$((s + $(grep -oE '[0-9]+ skipped' <<<"$line" | grep -oE '[0-9]+')))
	runs=$((runs + 1))
done < <(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped' "$out")
if [ "$runs" -ne 2 ]; then
	echo "diff: xnic-diff printed $runs of 2 summaries (exit $rc/$rc2)"
	f=$((f + 1))
fi
case $self in
0) p=$((p + 1)) ;;
1) f=$((f + 1)) ;;
*) s=$((s + 1)) ;;
esac
if [ "$f" -ne 0 ]; then
	echo "diff: to list every difference of one program:"
	echo "  $BUILD/bin/xnic-diff $BUILD/bpf/tests/progs/diff/PROG.bpf.o -n $COUNT -v [--seed/--mix/--min/--max as in $LIST]"
fi
echo "diff: $p passed, $f failed, $s skipped"
ok_rc() { [ "$1" -eq 0 ] || [ "$1" -eq 77 ]; }
[ "$f" -eq 0 ] && ok_rc "$rc" && ok_rc "$rc2"
