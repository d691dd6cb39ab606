# SPDX-License-Identifier: GPL-2.0-only
# TC cls_bpf offload plumbing: TC_SETUP_BLOCK -> TC_SETUP_CLSBPF and the
# refusals a driver owes.  Like 40-xdp-offload, the module runs with the
# TEST-ONLY offload_without_jit=1 (core bypassed): the programs are bound
# and "in_hw" but never executed (frames pass and count as hw_no_image).
# A TC program running on the chip is checked by 75-offload-run.
. /lib.sh

insmod $KMOD/sch_ingress.ko 2>/dev/null
insmod $KMOD/cls_bpf.ko 2>/dev/null
if ! grep -q '^cls_bpf ' /proc/modules; then
	skip "cls_bpf.ko not available in the guest"
	exit 0
fi
load_xnic offload_without_jit=1 || { fail "insmod"; exit 1; }
make_pair || { fail "pair"; exit 1; }
$IP link add other0 type xnic peer name other1
OBJ=$PROGS/tc_pass.bpf.o
tc_add() { $TC filter add dev "$1" ingress "${@:2}"; }

check "clsact on xnic0" $TC qdisc add dev xnic0 clsact
check_output "hw-tc-offload is off by default" 'hw-tc-offload: off' \
	$ETHTOOL -k xnic0
check_output "skip_sw refused while off: 'TC offload is disabled on net device'" \
	'TC offload is disabled on net device' \
	$TC filter add dev xnic0 ingress bpf obj $OBJ sec tc da skip_sw
check "ethtool -K xnic0 hw-tc-offload on" $ETHTOOL -K xnic0 hw-tc-offload on
check_output "chain 1 refused: 'only offload of chain 0'" \
	'Driver supports only offload of chain 0' \
	$TC filter add dev xnic0 ingress chain 1 bpf obj $OBJ sec tc da skip_sw
check_output "protocol ip refused" 'only filters for all protocols can be offloaded' \
	$TC filter add dev xnic0 ingress protocol ip bpf obj $OBJ sec tc da skip_sw
check_output "non-direct-action refused" 'only direct-action programs can be offloaded' \
	$TC filter add dev xnic0 ingress bpf obj $OBJ sec tc skip_sw
check "skip_sw direct-action filter offloaded" \
	$TC filter add dev xnic0 ingress pref 10 bpf obj $OBJ sec tc da skip_sw
check_output "tc shows it skip_sw in_hw" 'skip_sw in_hw' \
	$TC filter show dev xnic0 ingress
check_output "bpftool: the program is offloaded_to xnic0" 'offloaded_to xnic0' \
	$BPFTOOL prog show name tc_pass
check_output "frames reach the (unexecuted) offload and still pass" \
	'^sent 3 received 3 matching 3$' xnic-pkt xfer xnic1 xnic0 "$(frame 46)" 3 300
check_eq "hw_no_image = 3" 3 "$(stat xnic0 hw_no_image)"
check_output "a second skip_sw filter refused: one program per port" \
	'already offloaded on this port' \
	$TC filter add dev xnic0 ingress pref 20 bpf obj $OBJ sec tc da skip_sw
check_output "XDP offload refused while TC is offloaded" \
	'TC program is already offloaded on this port' \
	sh -c "$BPFTOOL prog load $PROGS/xdp_pass.bpf.o /sys/fs/bpf/x type xdp dev xnic0 && $IP link set dev xnic0 xdpoffload pinned /sys/fs/bpf/x"
check_output "hw-tc-offload off refused while a program is offloaded" \
	'hw-tc-offload: on' sh -c "$ETHTOOL -K xnic0 hw-tc-offload off; $ETHTOOL -k xnic0"
check "replace the offloaded filter in place" \
	$TC filter replace dev xnic0 ingress pref 10 handle 1 bpf obj $OBJ sec tc da skip_sw
check_output "still in_hw after replace" 'skip_sw in_hw' \
	$TC filter show dev xnic0 ingress
check "delete it" $TC filter del dev xnic0 ingress pref 10
check_output "now hw-tc-offload can be turned off" 'hw-tc-offload: off' \
	sh -c "$ETHTOOL -K xnic0 hw-tc-offload off; $ETHTOOL -k xnic0"
check "and on again" $ETHTOOL -K xnic0 hw-tc-offload on

$BPFTOOL prog load $OBJ /sys/fs/bpf/unbound type classifier
check_output "unbound program with skip_sw refused" 'unbound program' \
	$TC filter add dev xnic0 ingress pref 30 bpf object-pinned /sys/fs/bpf/unbound da skip_sw
check "unbound program without skip_sw: kept in software" \
	$TC filter add dev xnic0 ingress pref 30 bpf obj $OBJ sec tc da
check_output "...and reported not_in_hw" 'not_in_hw' \
	$TC filter show dev xnic0 ingress
$TC filter del dev xnic0 ingress pref 30

check "XDP offload on xnic0" $IP link set dev xnic0 xdpoffload pinned /sys/fs/bpf/x
check_output "TC offload refused while XDP is offloaded" \
	'XDP program is already offloaded on this port' \
	$TC filter add dev xnic0 ingress pref 40 bpf obj $OBJ sec tc da skip_sw
$IP link set dev xnic0 xdpoffload off

$TC qdisc add dev other0 clsact
$ETHTOOL -K other0 hw-tc-offload on
$BPFTOOL prog load $OBJ /sys/fs/bpf/t type classifier dev xnic0
check_output "a TC program bound to another NIC is refused" \
	'program bound to different dev' \
	$TC filter add dev other0 ingress bpf object-pinned /sys/fs/bpf/t da skip_sw
check_fails "...and not installed" sh -c "$TC filter show dev other0 ingress | grep -q in_hw"

check "offload again, then remove the qdisc" \
	sh -c "$TC filter add dev xnic0 ingress pref 10 bpf obj $OBJ sec tc da skip_sw && $TC qdisc del dev xnic0 clsact"
check_output "qdisc gone: hw-tc-offload can be turned off" 'hw-tc-offload: off' \
	sh -c "$ETHTOOL -K xnic0 hw-tc-offload off; $ETHTOOL -k xnic0"
$ETHTOOL -K xnic0 hw-tc-offload on
$TC qdisc add dev xnic0 clsact
check "offload again, then delete the pair" \
	sh -c "$TC filter add dev xnic0 ingress pref 10 bpf obj $OBJ sec tc da skip_sw && $IP link del xnic0"
check "offload on other0, then rmmod" \
	sh -c "$TC filter add dev other0 ingress bpf obj $OBJ sec tc da skip_sw && rmmod xnic"
