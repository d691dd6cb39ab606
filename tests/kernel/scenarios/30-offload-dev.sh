# SPDX-License-Identifier: GPL-2.0-only
# Each pair is a BPF offload device: loading a program bound to a port
# goes through the driver's offload hooks (prepare, insn_hook, finalize).
# Without the JIT the driver refuses it, saying so in the verifier log.
. /lib.sh

load_xnic || { fail "insmod"; exit 1; }
make_pair || { fail "pair"; exit 1; }

check "control: the same program loads for the host" \
	$BPFTOOL prog load $PROGS/xdp_pass.bpf.o /sys/fs/bpf/host type xdp
check_output "bound load reaches the driver: 'xnic: JIT not available' in the verifier log" \
	'xnic: JIT not available: .*xdp_pass.* refused' \
	$BPFTOOL -d prog load $PROGS/xdp_pass.bpf.o /sys/fs/bpf/dev type xdp dev xnic0
check_fails "bound load fails" test -e /sys/fs/bpf/dev
check_output "ip xdpoffload shows the driver's message" 'xnic: JIT not available' \
	$IP link set dev xnic1 xdpoffload obj $PROGS/xdp_pass.bpf.o sec xdp
check_output "a program using maps: both maps are created on the device first, then the driver refuses" \
	'xnic: JIT not available: .*xdp_maps.* \(([0-9]+) insns, 2 maps\)' \
	$BPFTOOL -d prog load $PROGS/xdp_maps.bpf.o /sys/fs/bpf/dev2 type xdp dev xnic0
check_output "a TC classifier bound to the port is refused the same way" \
	'xnic: JIT not available: .*tc_pass' \
	$BPFTOOL -d prog load $PROGS/tc_pass.bpf.o /sys/fs/bpf/dev3 type classifier dev xnic0
check_output "loading bound to a device without offload (lo): EOPNOTSUPP" \
	'Operation not supported' $BPFTOOL prog load $PROGS/xdp_pass.bpf.o /sys/fs/bpf/lo type xdp dev lo
check_fails "load bound to lo fails" test -e /sys/fs/bpf/lo
rm -f /sys/fs/bpf/host
$IP link del xnic0
check "rmmod" rmmod xnic
