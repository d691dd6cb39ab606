# SPDX-License-Identifier: GPL-2.0-only
# Offloaded execution against the host kernel: every XDP program runs, as
# an offload on the simulated chip (the default module), on the frame
# that run.sh also ran through the host kernel's BPF_PROG_TEST_RUN
# (xnic-kref, /expected/<prog>.kref = "retval data_out").  The verdict must
# match (dropped / delivered / sent back) and so must the output frame.
. /lib.sh

load_xnic || { fail "insmod"; exit 1; }
make_pair || { fail "pair"; exit 1; }
f=$(frame 46)

for o in $PROGS/xdp_*.bpf.o $PROGS/diff_xdp_*.bpf.o; do
	[ -f "$o" ] || continue
	name=$(basename "$o" .bpf.o)
	case $name in xdp_bigkey | xdp_cpuid) continue ;; esac
	exp=/expected/$name.kref
	if [ ! -f "$exp" ]; then
		skip "$name: no host BPF_PROG_TEST_RUN result (no root BPF on the host?)"
		continue
	fi
	read -r rv out <"$exp"
	if ! $IP -force link set dev xnic1 xdpoffload obj "$o" sec xdp 2>/tmp/err; then
		if grep -q 'no direct value access support' /tmp/err; then
			skip "$name: global data cannot be offloaded (the kernel has no direct value access to offloaded maps)"
			continue
		fi
		fail "$name: offload refused"
		info "$(grep -v libbpf /tmp/err | tail -n 6)"
		continue
	fi
	case $rv in
	1) check_output "$name: host says XDP_DROP, the offload drops" \
		'^sent 1 received 0 matching 0$' xnic-pkt xfer xnic0 xnic1 "$f" 1 300 ;;
	2) check_output "$name: host says XDP_PASS, the offload delivers the host's output frame" \
		'^sent 1 received 1 matching 1$' xnic-pkt xfer xnic0 xnic1 "$f" 1 300 "$out" ;;
	3) check_output "$name: host says XDP_TX, the offload sends back the host's output frame" \
		'^sent 1 received 1 matching 1$' xnic-pkt xfer xnic0 xnic0 "$f" 1 300 "$out" ;;
	*) skip "$name: host verdict $rv is not compared here" ;;
	esac
	$IP link set dev xnic1 xdpoffload off
done
$IP link del xnic0
rmmod xnic
