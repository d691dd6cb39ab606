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

# skb->pkt_type is relative to the receiving device (eth_type_trans):
# BPF_PROG_TEST_RUN classifies against the host's loopback, whose
# all-zero addresses no Ethernet port can have, so for tc_pkt_type the
# reference is the kernel's own cls_bpf in software on the same port: the
# same frames (broadcast, multicast, xnic1's own address, another host's)
# must give the same counts per class offloaded as in software.
pkt_type_vs_software() {
	o=$1
	body=$(frame 46 | cut -c13-)
	for mode in software offload; do
		replay_pair && $TC qdisc add dev xnic1 clsact &&
			$ETHTOOL -K xnic1 hw-tc-offload on || return 1
		# replay_pair made a new xnic1 with a new random address
		own=$(tr -d : </sys/class/net/xnic1/address)
		frames="ffffffffffff 01005e000001 $own 020000000009"
		if [ $mode = software ]; then
			$TC filter add dev xnic1 ingress bpf da obj "$o" sec tc || return 1
		else
			$TC filter add dev xnic1 ingress bpf skip_sw da obj "$o" sec tc || return 1
		fi
		n=1
		for d in $frames; do
			xnic-pkt send xnic0 "$d$body" $n >/dev/null || return 1
			n=$((n + 1))
		done
		id=$($TC filter show dev xnic1 ingress | sed -n 's/.* id \([0-9]*\) .*/\1/p' | head -n 1)
		xnic-mapdump "$id" | sort >/tmp/pkt_type.$mode
	done
	# 1 broadcast, 2 multicast, 3 to xnic1 itself, 4 to another host
	check_eq "diff_tc_pkt_type: offloaded pkt_type classes = the kernel's cls_bpf in software" \
		"$(cat /tmp/pkt_type.software)" "$(cat /tmp/pkt_type.offload)"
	check_output "diff_tc_pkt_type: host 3, broadcast 1, multicast 2, other host 4 frames" \
		'^pkt_types 00000000 0300000000000000 pkt_types 01000000 0100000000000000 pkt_types 02000000 0200000000000000 pkt_types 03000000 0400000000000000 ' \
		sh -c "tr '\n' ' ' </tmp/pkt_type.offload"
}

for o in $PROGS/tc_*.bpf.o $PROGS/diff_tc_*.bpf.o; do
	[ -f "$o" ] || continue
	name=$(basename "$o" .bpf.o)
	if [ "$name" = diff_tc_pkt_type ]; then
		pkt_type_vs_software "$o" || fail "$name: software/offload runs"
		continue
	fi
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
