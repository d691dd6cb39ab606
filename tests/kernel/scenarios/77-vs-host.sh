# SPDX-License-Identifier: GPL-2.0-only
# Offloaded XDP execution against the host kernel: every XDP program runs,
# as an offload on the simulated chip (the default module), over the frame
# set that run.sh also ran through the host kernel's BPF_PROG_TEST_RUN
# (tests/kernel/host/xnic-replay-ref; /expected/<prog>.replay and .maps):
# `frame 46` and a fixed-seed xnic-pktgen mix of IPv4/IPv6, TCP/UDP/ICMP,
# ARP, VLAN/QinQ and cut-short frames, sent in the same order so map state
# evolves the same way.  Per program (lib.sh's replay_check): every frame's
# fate (ABORTED/DROP: dropped, PASS: delivered on xnic1, TX: back on
# xnic0, REDIRECT: out of xnic0, whose wire is xnic1's, so into the
# program again, as the host's runs say), its output bytes, every counter
# of both ports for that frame, the verdict counters over the replay and
# the final map contents.  The programs run on xnic1 with the ifindex the
# host's runs had in ctx->ingress_ifindex.
# About 50 programs: 50-65 s under TCG on a loaded 2-core machine, more
# than the default 90 s would leave room for.
# xnic-timeout: 240
. /lib.sh

# IPv6 autoconfiguration on the pair (router solicitations, DAD) would
# arrive as frames nobody sent; the frames themselves never need an
# address on the ports.
v6=/proc/sys/net/ipv6/conf/default/disable_ipv6
v6_was=$(cat $v6 2>/dev/null)
[ -n "$v6_was" ] && echo 1 >$v6

load_xnic || { fail "insmod"; exit 1; }
if [ -f /expected/replay.skip ]; then
	skip "no host BPF_PROG_TEST_RUN results: $(cat /expected/replay.skip)"
	rmmod xnic
	exit 0
fi
# One pair for all programs, each replacing the last (-force): the checks
# compare counter deltas, and a new pair per program costs more than a
# replay under TCG.
replay_pair || { fail "pair with xnic1 at ifindex $REPLAY_IFINDEX"; exit 1; }

for o in $PROGS/xdp_*.bpf.o $PROGS/diff_xdp_*.bpf.o; do
	[ -f "$o" ] || continue
	name=$(basename "$o" .bpf.o)
	case $name in xdp_bigkey | xdp_cpuid) continue ;; esac
	if [ ! -f "/expected/$name.replay" ]; then
		skip "$name: no host BPF_PROG_TEST_RUN result (the host could not load or run it: build/kernel/replay-ref.log)"
		continue
	fi
	if ! $IP -force link set dev xnic1 xdpoffload obj "$o" sec xdp 2>/tmp/err; then
		if grep -q 'no direct value access support' /tmp/err; then
			skip "$name: global data cannot be offloaded (the kernel has no direct value access to offloaded maps)"
			continue
		fi
		fail "$name: offload refused"
		info "$(grep -v libbpf /tmp/err | tail -n 6)"
		continue
	fi
	id=$($IP link show dev xnic1 | sed -n 's/.*prog\/xdp id \([0-9]*\).*/\1/p')
	replay_check "$name" xdp "$id"
done

# The comparison itself: xdp_drop's chip replaying what the host says
# xdp_pass does must mismatch on every frame.
if [ -f /expected/xdp_pass.replay ] &&
	$IP -force link set dev xnic1 xdpoffload obj $PROGS/xdp_drop.bpf.o sec xdp; then
	n=$(wc -l </expected/xdp_pass.replay)
	check_output "replay catches a wrong fate: xdp_drop against xdp_pass's host results mismatches $n of $n" \
		"^frames $n runs $n compared $n mismatches $n\$" \
		xnic-pkt replay xnic0 xnic1 /expected/xdp_pass.replay 1000 xdp "$REPLAY_NESTING"
fi
# ...and a wrong output frame alone: xdp_tx against xdp_swap's results
# (both send every frame back, only xdp_swap swaps the MAC addresses, so
# the fate and every counter match and only the bytes differ, except in
# the frames whose two addresses are equal).
if [ -f /expected/xdp_swap.replay ] &&
	$IP -force link set dev xnic1 xdpoffload obj $PROGS/xdp_tx.bpf.o sec xdp; then
	n=$(wc -l </expected/xdp_swap.replay)
	m=$(awk 'substr($1, 1, 12) != substr($1, 13, 12)' /expected/xdp_swap.replay | wc -l)
	check_output "replay catches a wrong output frame: xdp_tx against xdp_swap's host results mismatches the $m of $n frames whose addresses differ" \
		"^frames $n runs $n compared $n mismatches $m\$" \
		xnic-pkt replay xnic0 xnic1 /expected/xdp_swap.replay 1000 xdp "$REPLAY_NESTING"
fi
# ...and a redirect that did not happen: xdp_pass against xdp_redirect's
# results mismatches every frame the host did not simply pass (redirected
# frames: bytes and counters; sent back: fate).
if [ -f /expected/xdp_redirect.replay ] &&
	$IP -force link set dev xnic1 xdpoffload obj $PROGS/xdp_pass.bpf.o sec xdp; then
	n=$(wc -l </expected/xdp_redirect.replay)
	m=$(awk 'NF > 3 || $2 != 2' /expected/xdp_redirect.replay | wc -l)
	r=$(awk '{ r += (NF - 1) / 2 } END { print r }' /expected/xdp_redirect.replay)
	check_output "replay catches a missing redirect: xdp_pass against xdp_redirect's host results mismatches the $m of $n frames not simply passed" \
		"^frames $n runs $r compared $n mismatches $m\$" \
		xnic-pkt replay xnic0 xnic1 /expected/xdp_redirect.replay 1000 xdp "$REPLAY_NESTING"
fi
$IP link del xnic1 2>/dev/null
rmmod xnic
[ -n "$v6_was" ] && echo "$v6_was" >$v6
