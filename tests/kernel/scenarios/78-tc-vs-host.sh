# SPDX-License-Identifier: GPL-2.0-only
# Offloaded TC execution against the host kernel: scenario 77's replay for
# every TC program (ours and the differential suite's), offloaded with
# `tc filter add dev xnic1 ingress bpf skip_sw da obj PROG sec tc` and run
# over the same frame set that run.sh ran through the host kernel's
# BPF_PROG_TEST_RUN of the SCHED_CLS program (frames the host refuses, an
# IPv4/IPv6 ethertype with a short network header, are left out on both
# sides).  The chip maps TC verdicts as the driver does: TC_ACT_OK, PIPE
# and UNSPEC deliver, TC_ACT_REDIRECT goes out of xnic0 into the program
# again, everything else drops.  Checked per program as in 77: fate,
# output bytes and counters of both ports per frame, verdict counters,
# final map contents.
. /lib.sh

v6=/proc/sys/net/ipv6/conf/default/disable_ipv6
v6_was=$(cat $v6 2>/dev/null)
[ -n "$v6_was" ] && echo 1 >$v6

insmod $KMOD/sch_ingress.ko 2>/dev/null
insmod $KMOD/cls_bpf.ko 2>/dev/null
if ! grep -q '^cls_bpf ' /proc/modules; then
	skip "cls_bpf.ko not available in the guest"
	exit 0
fi
load_xnic || { fail "insmod"; exit 1; }
if [ -f /expected/replay.skip ]; then
	skip "no host BPF_PROG_TEST_RUN results: $(cat /expected/replay.skip)"
	rmmod xnic
	exit 0
fi

for o in $PROGS/tc_*.bpf.o $PROGS/diff_tc_*.bpf.o; do
	[ -f "$o" ] || continue
	name=$(basename "$o" .bpf.o)
	if [ ! -f "/expected/$name.replay" ]; then
		skip "$name: no host BPF_PROG_TEST_RUN result (the host could not load or run it: build/kernel/replay-ref.log)"
		continue
	fi
	if ! replay_pair || ! $TC qdisc add dev xnic1 clsact ||
		! $ETHTOOL -K xnic1 hw-tc-offload on; then
		fail "$name: pair with xnic1 at ifindex $REPLAY_IFINDEX, clsact, hw-tc-offload"
		continue
	fi
	if ! $TC filter add dev xnic1 ingress bpf skip_sw da obj "$o" sec tc 2>/tmp/err; then
		if grep -q 'no direct value access support' /tmp/err; then
			skip "$name: global data cannot be offloaded (the kernel has no direct value access to offloaded maps)"
			continue
		fi
		fail "$name: offload refused"
		info "$(grep -v libbpf /tmp/err | tail -n 6)"
		continue
	fi
	id=$($TC filter show dev xnic1 ingress | sed -n 's/.* id \([0-9]*\) .*/\1/p' | head -n 1)
	replay_check "$name" tc "$id"
done
$IP link del xnic1 2>/dev/null
rmmod xnic
[ -n "$v6_was" ] && echo "$v6_was" >$v6
