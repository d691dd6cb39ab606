# SPDX-License-Identifier: GPL-2.0-only
# The insn_hook cross-check (driver/xnic_crosscheck.c): the kernel
# verifier's register state on each of its paths against what
# verifier_ext, which the JIT trusts, proved over all of its paths
# (register kinds, scalar ranges and known bits, memory access offsets,
# map identity, array lookups that cannot fail).
#
# 1. Proof that it fires: the TEST-ONLY parameter crosscheck_corrupt_insn=N
#    shifts verifier_ext's facts about insn N (scalars and offsets +4096,
#    pointer operands of non-memory insns called scalars, the next map
#    for a map value access, a lookup claimed never to fail;
#    or, for a branch it decided, the decision flipped) before the
#    comparison; xcheck_maps (tests/kernel/progs) must then be
#    refused with the exact cross-check line, and accepted without it.
#    Its insn numbers are clang-14's code for it (see the listing in
#    docs/verifier.md).
# 2. No false positives: every kernel test program and every program of
#    tests/progs/diff (as diff_*, like scenarios 70 and 77) loads with the
#    full check on.  A kernel path through a branch verifier_ext proved is
#    never taken gets "no verdict" lines instead (counted, shown as info).
. /lib.sh

P=$PROGS/xcheck_maps.bpf.o
PARAM=/sys/module/xnic/parameters/crosscheck_corrupt_insn
# Lines the cross-check rejects with (not its "no verdict" notes).
REJECT='^xnic: insn [0-9]+: .*(for the kernel verifier|as never failing)'

load_xnic || { fail "insmod"; exit 1; }
make_pair || { fail "pair"; exit 1; }

if [ ! -f "$P" ]; then
	skip "no $P"
	exit 0
fi
check_eq "crosscheck_corrupt_insn defaults to -1 (off)" -1 "$(cat $PARAM)"

# xc_load NAME: bound bpftool load of xcheck_maps, verifier log in /tmp/NAME.log
xc_load() {
	$BPFTOOL -d prog load "$P" /sys/fs/bpf/$1 type xdp dev xnic0 >/tmp/$1.log 2>&1
}

xc_load plain
check "uncorrupted: xcheck_maps is accepted" test -e /sys/fs/bpf/plain
check_fails "...and no cross-check line refused anything" grep -E "$REJECT" /tmp/plain.log
# The kernel walks the null branch of the constant-key array lookup (insn
# 23), which verifier_ext proved never taken, to insn 38 with R1 = 0.
check_output "...the kernel's walk down the never-taken null branch gets no verdict" \
	'^xnic: no verdict: insn 38: R1 is 0 for the kernel verifier but \[1, 2\] for the offload verifier, on a path through insn 23 -> 38, which the offload verifier proved is never taken$' \
	cat /tmp/plain.log
rm -f /sys/fs/bpf/plain

# corrupt N NAME EXPECTED_LINE (a fixed string)
corrupt() {
	echo "$1" >$PARAM
	xc_load c$1
	echo -1 >$PARAM
	if grep -qxF -- "$3" /tmp/c$1.log; then
		pass "insn $1 corrupted ($2): the cross-check line is in the verifier log"
	else
		fail "insn $1 corrupted ($2): the cross-check line is in the verifier log"
		info "expected: $3" "$(grep '^xnic' /tmp/c$1.log | tail -n 5)"
	fi
	check_fails "insn $1 corrupted ($2): the load was refused" test -e /sys/fs/bpf/c$1
	rm -f /sys/fs/bpf/c$1
}

corrupt 26 "src scalar 7 claimed 4103" \
	"xnic: insn 26: R1 is 7 for the kernel verifier but 4103 for the offload verifier"
corrupt 24 "stack offset -16 claimed 4080" \
	"xnic: insn 24: R10 accesses stack offset -16 for the kernel verifier but offset 4080 for the offload verifier"
corrupt 25 "map value of xc_a claimed xc_b's" \
	"xnic: insn 25: R0 is map 'xc_a' for the kernel verifier but map #1 'xc_b' for the offload verifier"
corrupt 32 "lookup with the constant key 9 in a 4-entry array claimed never to fail" \
	"xnic: insn 32: the offload verifier treats the lookup in map 'xc_b' as never failing, but the kernel verifier's key 9 is not below max_entries 4"
corrupt 18 "stack pointer operand of an ALU insn claimed a scalar" \
	"xnic: insn 18: R2 is stack for the kernel verifier but scalar for the offload verifier"
corrupt 16 "branch 4 > 5 claimed always taken" \
	"xnic: insn 16: the kernel verifier proves this branch is never taken but the offload verifier that it is always taken"
# A corrupted insn the kernel never reaches changes nothing: 45 is past the end.
corrupt_none() {
	echo 45 >$PARAM
	xc_load c45
	echo -1 >$PARAM
	check "corrupting an insn past the end (45): still accepted" test -e /sys/fs/bpf/c45
	rm -f /sys/fs/bpf/c45
}
corrupt_none

# ip prints the line as well (its libbpf shows the log of a failed load).
echo 26 >$PARAM
check_output "ip link set xdpoffload: refused with the cross-check line" \
	'xnic: insn 26: R1 is 7 for the kernel verifier but 4103 for the offload verifier' \
	$IP link set dev xnic0 xdpoffload obj "$P" sec xdp
echo -1 >$PARAM
check_fails "...and nothing is attached" sh -c "$IP link show xnic0 | grep -q 'prog/xdp'"
check "with the parameter back at -1, ip attaches it" \
	$IP link set dev xnic0 xdpoffload obj "$P" sec xdp
$IP link set dev xnic0 xdpoffload off

# 2. The full check on every program the other scenarios offload.
total=0
accepted=0
for o in $PROGS/xdp_*.bpf.o $PROGS/tc_*.bpf.o $PROGS/diff_*.bpf.o; do
	[ -f "$o" ] || continue
	name=$(basename "$o" .bpf.o)
	type=xdp
	case $name in tc_* | diff_tc_*) type=classifier ;; esac
	# Made to be refused by the device (30-offload-dev, 60-maps).
	case $name in xdp_bigkey | xdp_cpuid) continue ;; esac
	total=$((total + 1))
	$BPFTOOL -d prog load "$o" /sys/fs/bpf/$name type $type dev xnic0 >/tmp/$name.log 2>&1
	if grep -qE "$REJECT" /tmp/$name.log; then
		fail "$name: the cross-check refused it"
		info "$(grep -E "$REJECT" /tmp/$name.log | head -n 3)"
	elif [ -e /sys/fs/bpf/$name ]; then
		accepted=$((accepted + 1))
		nv=$(grep -c '^xnic: no verdict' /tmp/$name.log)
		pass "$name: accepted with the cross-check on ($nv no-verdict notes)"
		[ "$nv" = 0 ] || info "$(grep '^xnic: no verdict' /tmp/$name.log | sort | uniq -c | head -n 8)"
	elif grep -qE "no direct value access support|map '[^']*\.(rodata|data|bss)[^']*': failed to create" /tmp/$name.log; then
		skip "$name: global data cannot be offloaded (the kernel has no direct value access to offloaded maps)"
	else
		fail "$name: refused, not by the cross-check"
		info "$(grep -v libbpf /tmp/$name.log | grep -E 'xnic|error|invalid' | tail -n 6)"
	fi
	rm -f /sys/fs/bpf/$name
done
info "programs loaded with the cross-check on: $accepted accepted of $total"
check_eq "no program or map state left" "nics 1 progs 0 maps 0" \
	"$(objects_settle 'nics 1 progs 0 maps 0')"
$IP link del xnic0
rmmod xnic
