# SPDX-License-Identifier: GPL-2.0-only
# Each pair is a BPF offload device: loading a program bound to a port
# goes through the driver's offload hooks (prepare, insn_hook, finalize,
# translate).  With the default module the core verifies and compiles it:
# a program the device can run is accepted (the mission's
# `ip link set dev xnic0 xdpoffload obj prog.o sec xdp`), one it cannot
# run is refused with verifier_ext's reason in the verifier log.
. /lib.sh

load_xnic || { fail "insmod"; exit 1; }
make_pair || { fail "pair"; exit 1; }

check "control: the same program loads for the host" \
	$BPFTOOL prog load $PROGS/xdp_pass.bpf.o /sys/fs/bpf/host type xdp
check "bound load of a program the device can run succeeds" \
	$BPFTOOL prog load $PROGS/xdp_pass.bpf.o /sys/fs/bpf/dev type xdp dev xnic0
check_output "...and the kernel reports it offloaded to the port" \
	'offloaded_to xnic0' $BPFTOOL prog show pinned /sys/fs/bpf/dev
check "ip link set dev xnic0 xdpoffload obj xdp_pass.bpf.o sec xdp (default module)" \
	$IP link set dev xnic0 xdpoffload obj $PROGS/xdp_pass.bpf.o sec xdp
check_output "ip link shows the offloaded program" 'prog/xdp id [0-9]+' \
	$IP link show dev xnic0
check "xdpoffload off" $IP link set dev xnic0 xdpoffload off
check_output "a program using maps: both maps are created on the device and it loads" \
	'offloaded_to xnic0' sh -c "$BPFTOOL prog load $PROGS/xdp_maps.bpf.o /sys/fs/bpf/dev2 type xdp dev xnic0 &&
		$BPFTOOL prog show pinned /sys/fs/bpf/dev2"
check "a TC classifier bound to the port loads too" \
	$BPFTOOL prog load $PROGS/tc_pass.bpf.o /sys/fs/bpf/dev3 type classifier dev xnic0
check_output "a program the device cannot run: refused with verifier_ext's reason" \
	'xnic: .*helper bpf_get_smp_processor_id#8 is not supported by the device' \
	$BPFTOOL -d prog load $PROGS/xdp_cpuid.bpf.o /sys/fs/bpf/cpuid type xdp dev xnic0
check_fails "...and that load fails" test -e /sys/fs/bpf/cpuid
check_output "ip xdpoffload shows the driver's reason" 'is not supported by the device' \
	$IP link set dev xnic1 xdpoffload obj $PROGS/xdp_cpuid.bpf.o sec xdp
check_output "loading bound to a device without offload (lo): EOPNOTSUPP" \
	'Operation not supported' $BPFTOOL prog load $PROGS/xdp_pass.bpf.o /sys/fs/bpf/lo type xdp dev lo
check_fails "load bound to lo fails" test -e /sys/fs/bpf/lo
rm -f /sys/fs/bpf/host /sys/fs/bpf/dev /sys/fs/bpf/dev2 /sys/fs/bpf/dev3
$IP link del xnic0
check_eq "no program or map state left" "nics 0 progs 0 maps 0" \
	"$(objects_settle 'nics 0 progs 0 maps 0')"
check "rmmod" rmmod xnic
