# SPDX-License-Identifier: GPL-2.0-only
# The checks of the kernel's tools/testing/selftests/bpf/test_offload.py
# that apply to a real driver and that no other scenario makes, with the
# default module (verifier_ext, the JIT and the chip all run).  The map
# from each test_offload.py check to the scenario that makes it is in
# docs/kernel-tests.md.
. /lib.sh
insmod $KMOD/sch_ingress.ko 2>/dev/null
insmod $KMOD/cls_bpf.ko 2>/dev/null
load_xnic || { fail "insmod"; exit 1; }
make_pair || { fail "pair"; exit 1; }
$IP link add other0 type xnic peer name other1
TCO=$PROGS/tc_pass.bpf.o
XO=$PROGS/xdp_pass.bpf.o
# cBPF: "ret #-1", accept the whole packet.
CBPF='1,6 0 0 4294967295,'
flt() {
	op=$1
	shift
	$TC filter "$op" dev xnic0 ingress "$@"
}

if grep -q '^cls_bpf ' /proc/modules; then
	$TC qdisc add dev xnic0 clsact
	$ETHTOOL -K xnic0 hw-tc-offload on
	# test_offload: "TC cBPF bytcode tries offload by default" / "unbound
	# bytecode doesn't offload".  A real device cannot take an unbound
	# (here: classic BPF) program: it stays in software.
	check "cBPF bytecode filter without skip_sw loads" \
		flt add pref 1 bpf bytecode "$CBPF"
	check_output "...in software only (not_in_hw)" 'not_in_hw' \
		$TC filter show dev xnic0 ingress
	flt del pref 1
	check_output "cBPF bytecode with skip_sw refused: unbound" \
		'offload of a program not bound to' \
		flt add pref 1 bpf bytecode "$CBPF" skip_sw
	# "TC replace": each flag set replaces itself.
	for fl in "" skip_sw skip_hw; do
		check "add + replace + delete with flags '${fl:-none}'" sh -c \
			"$TC filter add dev xnic0 ingress pref 1 handle 1 bpf obj $TCO sec tc da $fl &&
			 $TC filter replace dev xnic0 ingress pref 1 handle 1 bpf obj $TCO sec tc da $fl &&
			 $TC filter del dev xnic0 ingress pref 1 handle 1 bpf"
	done
	# "TC replace bad flags": a replace may not change skip_sw/skip_hw.
	for i in 1 2 3; do
		got=
		for fl in "" skip_sw skip_hw; do
			if flt replace pref 1 handle 1 bpf obj $TCO sec tc da $fl \
				>/dev/null 2>&1; then
				got="$got ok"
			else
				got="$got refused"
			fi
		done
		check_eq "replace of a no-flag filter, round $i: none ok, skip_sw/skip_hw refused" \
			" ok refused refused" "$got"
		flt del pref 1 handle 1 bpf
	done
	# "spurious extack from the driver": a filter that may stay in
	# software gets no error text from the driver, offload on or off.
	for onoff in on off; do
		$ETHTOOL -K xnic0 hw-tc-offload $onoff
		out=$(flt add pref 1 handle 1 bpf obj $TCO sec tc da 2>&1;
		      flt replace pref 1 handle 1 bpf obj $TCO sec tc da 2>&1;
		      flt del pref 1 handle 1 bpf 2>&1)
		check_eq "no extack for a software filter (hw-tc-offload $onoff)" "" "$out"
	done
	$ETHTOOL -K xnic0 hw-tc-offload on
	# "TC offloads failure": verifier_ext's refusal reaches tc's log.
	check_output "a program the device refuses: verifier log through tc" \
		'xnic: .*helper' \
		flt add pref 1 bpf obj $PROGS/xdp_cpuid.bpf.o sec xdp verbose da skip_sw
	check_fails "...and nothing offloaded" \
		sh -c "$TC filter show dev xnic0 ingress | grep -q in_hw"
	# "offload of wrong type fails": an XDP program bound to xnic0.
	$BPFTOOL prog load $XO /sys/fs/bpf/xb type xdp dev xnic0
	check_fails "a bound XDP program as a TC filter is refused" \
		flt add pref 1 bpf object-pinned /sys/fs/bpf/xb da skip_sw
	# "TC offload is device-bound": ids agree between tc and bpftool.
	flt add pref 1 handle 1 bpf obj $TCO sec tc da skip_sw
	tid=$($TC filter show dev xnic0 ingress | sed -n 's/.* id \([0-9]*\) .*/\1/p' | head -n 1)
	check_output "tc's program id is bpftool's, offloaded to xnic0" \
		"^$tid: sched_cls .*offloaded_to xnic0" sh -c "$BPFTOOL prog show id '$tid' | tr '\n' ' '"
	$TC qdisc del dev xnic0 clsact
	rm /sys/fs/bpf/xb
else
	skip "cls_bpf.ko not available in the guest: TC conventions"
fi

# "offload XDP attaching to drv": the kernel's message.
$BPFTOOL prog load $XO /sys/fs/bpf/b type xdp dev xnic0
check_output "bound program in native mode: the kernel refuses it" \
	'Using device-bound program without HW_MODE flag is not supported' \
	$IP link set dev xnic0 xdpdrv pinned /sys/fs/bpf/b
# "XDP prog replace with bad flags".
$IP link set dev xnic0 xdpdrv obj $XO sec xdp
check_output "generic next to native refused (kernel)" \
	"Native and generic XDP can't be active at the same time" \
	$IP -force link set dev xnic0 xdpgeneric obj $XO sec xdp
# "multi-attachment XDP": native + offload, then the replace rules.
check "offload next to native" \
	$IP link set dev xnic0 xdpoffload pinned /sys/fs/bpf/b
check_output "ip -d link: both attached (xdpmulti)" 'xdpmulti' $IP -d link show xnic0
check_output "offload replace without -force refused (kernel)" \
	'XDP program already attached' \
	$IP link set dev xnic0 xdpoffload pinned /sys/fs/bpf/b
check_output "removal without a mode is ambiguous (kernel)" \
	'unset mode is ambiguous' $IP -force link set dev xnic0 xdp off
check "offload removed" $IP link set dev xnic0 xdpoffload off
check_output "native left alone: xdp (drv) mode, one program" 'prog/xdp id' \
	$IP -d link show xnic0
check_fails "...and no offload reported" \
	sh -c "$BPFTOOL net show dev xnic0 | grep -q offload"
check "reattach the offload" $IP link set dev xnic0 xdpoffload pinned /sys/fs/bpf/b
# "removing XDP program many times".
check "detach offload, offload, drv, drv, any, any" sh -c \
	"$IP link set dev xnic0 xdpoffload off && $IP link set dev xnic0 xdpoffload off &&
	 $IP link set dev xnic0 xdpdrv off && $IP link set dev xnic0 xdpdrv off &&
	 $IP link set dev xnic0 xdp off && $IP link set dev xnic0 xdp off"
# "multi-dev ASIC cross-dev map reuse": the two ports of a pair are one
# NIC; another pair is another NIC.
$BPFTOOL prog load $PROGS/xdp_maps.bpf.o /sys/fs/bpf/m type xdp dev xnic0
mid=$($BPFTOOL prog show pinned /sys/fs/bpf/m | sed -n 's/.*map_ids \([0-9]*\).*/\1/p')
check "a map of xnic0's program reused by a program bound to xnic1 (same NIC)" \
	$BPFTOOL prog load $PROGS/xdp_maps.bpf.o /sys/fs/bpf/m1 type xdp dev xnic1 map idx 0 id "$mid"
check_output "...and refused for another NIC (kernel)" \
	'offload device mismatch between prog and map' \
	$BPFTOOL -d prog load $PROGS/xdp_maps.bpf.o /sys/fs/bpf/m2 type xdp dev other0 map idx 0 id "$mid"
# "cross-dev install": a program of xnic0 does not go onto other0.
check_output "cross-NIC attach refused" 'program bound to different dev' \
	$IP link set dev other0 xdpoffload pinned /sys/fs/bpf/m
# "cross-dev destruction": deleting another NIC leaves ours bound.
$IP link set dev xnic1 xdpoffload pinned /sys/fs/bpf/m
check "delete the other NIC" $IP link del other0
check_output "the program is still bound to xnic0" 'offloaded_to xnic0' \
	$BPFTOOL prog show pinned /sys/fs/bpf/m
check_output "...and still attached to xnic1" "offload id" \
	$BPFTOOL net show dev xnic1
$IP link del xnic0
check_output "deleting our NIC orphans it: the kernel's error" \
	"can't get prog info: No such device" \
	$BPFTOOL prog show pinned /sys/fs/bpf/m
rm -f /sys/fs/bpf/m /sys/fs/bpf/m1 /sys/fs/bpf/b
# "destruction of generic XDP".
$IP link add g0 type xnic peer name g1
check_output "generic XDP on an xnic port" 'xdpgeneric' sh -c \
	"$IP link set dev g0 xdpgeneric obj $XO sec xdp && $IP link show g0"
$IP link del g0
i=0
while [ $i -lt 50 ] && [ -n "$(prog_id xdp_pass)" ]; do
	usleep 100000
	i=$((i + 1))
done
check_eq "deleting the device freed its generic program" "" "$(prog_id xdp_pass)"
check_eq "nothing leaked" "nics 0 progs 0 maps 0" \
	"$(objects_settle 'nics 0 progs 0 maps 0')"
check "rmmod" rmmod xnic
