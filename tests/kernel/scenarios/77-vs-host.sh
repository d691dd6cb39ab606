# SPDX-License-Identifier: GPL-2.0-only
# Offloaded execution against the host kernel: every XDP program runs, as
# an offload on the simulated chip (the default module), over the frame
# set that run.sh also ran through the host kernel's BPF_PROG_TEST_RUN
# (xnic-kref; /expected/<prog>.replay = "in_hex retval data_out" per
# frame): `frame 46` and a fixed-seed xnic-pktgen mix of IPv4/IPv6,
# TCP/UDP/ICMP, ARP, VLAN/QinQ and cut-short frames, sent in the same
# order so map state evolves the same way.  For every frame the fate
# must match the host's verdict (dropped for ABORTED/DROP, delivered for
# PASS, sent back for TX) and a delivered or sent-back frame must be the
# host's output frame byte for byte.
. /lib.sh

# IPv6 autoconfiguration on the pair (router solicitations, DAD) would
# arrive as frames nobody sent; the frames themselves never need an
# address on the ports.
v6=/proc/sys/net/ipv6/conf/default/disable_ipv6
v6_was=$(cat $v6 2>/dev/null)
[ -n "$v6_was" ] && echo 1 >$v6

load_xnic || { fail "insmod"; exit 1; }
make_pair || { fail "pair"; exit 1; }

for o in $PROGS/xdp_*.bpf.o $PROGS/diff_xdp_*.bpf.o; do
	[ -f "$o" ] || continue
	name=$(basename "$o" .bpf.o)
	case $name in xdp_bigkey | xdp_cpuid) continue ;; esac
	exp=/expected/$name.replay
	if [ ! -f "$exp" ]; then
		skip "$name: no host BPF_PROG_TEST_RUN result (no root BPF on the host?)"
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
	n=$(wc -l <"$exp")
	# Not compared: frames with a verdict other than ABORTED/DROP/PASS/TX
	# (a redirect goes back out of xnic0 into the program again), and
	# delivered or sent-back tagged frames under 20 bytes, which the
	# receiving stack frees before a packet socket sees them (xnic-pkt's
	# unobservable()).
	c=$(awk '$2 <= 1 || (($2 == 2 || $2 == 3) && !(length($3) < 40 &&
		(substr($3, 25, 4) == "8100" || substr($3, 25, 4) == "88a8")))' "$exp" | wc -l)
	verdicts=$(awk '{ print $2 }' "$exp" | sort | uniq -c | awk '{ printf "%s=%s ", $2, $1 }')
	check_output "$name: $c of $n frames (host retvals ${verdicts% }) have the host's fate and output frame" \
		"^frames $n compared $c mismatches 0\$" xnic-pkt replay xnic0 xnic1 "$exp" 25
	$IP link set dev xnic1 xdpoffload off
done

# The comparison itself: xdp_drop's chip replaying what the host says
# xdp_pass does must mismatch on every frame.
if [ -f /expected/xdp_pass.replay ] &&
	$IP link set dev xnic1 xdpoffload obj $PROGS/xdp_drop.bpf.o sec xdp; then
	n=$(wc -l </expected/xdp_pass.replay)
	check_output "replay catches a wrong fate: xdp_drop against xdp_pass's host results mismatches $n of $n" \
		"^frames $n compared $n mismatches $n\$" xnic-pkt replay xnic0 xnic1 /expected/xdp_pass.replay 25
	$IP link set dev xnic1 xdpoffload off
fi
$IP link del xnic0
rmmod xnic
[ -n "$v6_was" ] && echo "$v6_was" >$v6
