# SPDX-License-Identifier: GPL-2.0-only
# XDP offload plumbing: bpf_prog_offload_ops and XDP_SETUP_PROG_HW.
#
# The module is loaded with the TEST-ONLY parameter offload_without_jit=1,
# which bypasses the core: bound programs pass the verify/translate seams
# with an empty image and are never executed (frames reaching them pass
# untouched and count as hw_no_image), so the plumbing is checked apart
# from the core and the counts below are exact.  What this proves:
# binding, attach/replace/detach, the refusals, bpftool's view and
# teardown; that offloaded programs run is 75-offload-run's and
# 77-vs-host's job (default module).
. /lib.sh

load_xnic offload_without_jit=1 || { fail "insmod"; exit 1; }
make_pair || { fail "pair"; exit 1; }
$IP link add other0 type xnic peer name other1

check_output "bound load passes the seams (verifier log names the test mode)" \
	'offload_without_jit=1' \
	$BPFTOOL -d prog load $PROGS/xdp_pass.bpf.o /sys/fs/bpf/p type xdp dev xnic0
check_output "bpftool prog show: offloaded_to xnic0" 'offloaded_to xnic0' \
	$BPFTOOL prog show pinned /sys/fs/bpf/p
id=$(prog_id xdp_pass)
ifx=$(cat /sys/class/net/xnic0/ifindex)
check_output "bpf_prog_info: ifindex of xnic0, empty jited image" \
	"^id=$id type=6 ifindex=$ifx jited_len=0 " xnic-proginfo "$id" /tmp/img
check_eq "jited image file is empty" 0 "$(wc -c </tmp/img)"

check "ip link set xnic0 xdpoffload pinned" \
	$IP link set dev xnic0 xdpoffload pinned /sys/fs/bpf/p
check_output "ip link shows the offloaded program" "prog/xdp id $id" \
	$IP -d link show xnic0
check_output "bpftool net: offload id $id" "offload id $id" \
	$BPFTOOL net show dev xnic0
check_output "frames still arrive on xnic0 (program has no image: not run)" \
	'^sent 5 received 5 matching 5$' xnic-pkt xfer xnic1 xnic0 "$(frame 46)" 5 300
check_eq "hw_no_image counts them" 5 "$(stat xnic0 hw_no_image)"
check_eq "no verdict counted (nothing ran)" "0 0 0" \
	"$(stat xnic0 hw_pass) $(stat xnic0 hw_drop) $(stat xnic0 hw_aborted)"

check_output "second attach without -force refused by the kernel" \
	'already attached|Device or resource busy' \
	$IP link set dev xnic0 xdpoffload pinned /sys/fs/bpf/p
check "same NIC: the program also attaches to xnic1" \
	$IP link set dev xnic1 xdpoffload pinned /sys/fs/bpf/p
check_output "other NIC: 'program bound to different dev'" \
	'program bound to different dev' \
	$IP link set dev other0 xdpoffload pinned /sys/fs/bpf/p
check_fails "bound program refused in native mode (kernel)" \
	$IP link set dev other0 xdpdrv pinned /sys/fs/bpf/p

$BPFTOOL prog load $PROGS/xdp_drop.bpf.o /sys/fs/bpf/u type xdp
check_output "unbound program refused for xdpoffload" 'unbound program' \
	$IP link set dev other0 xdpoffload pinned /sys/fs/bpf/u
check "native XDP (unbound) next to the offload on xnic1" \
	$IP link set dev xnic1 xdpdrv pinned /sys/fs/bpf/u
check_output "both attached: ip shows xdpmulti" 'xdpmulti' $IP link show xnic1
check_output "unset without a mode is ambiguous (kernel)" \
	'More than one program loaded, unset mode is ambiguous' \
	$IP link set dev xnic1 xdp off
check "native removed" $IP link set dev xnic1 xdpdrv off

$BPFTOOL prog load $PROGS/xdp_drop.bpf.o /sys/fs/bpf/p2 type xdp dev xnic0
id2=$($BPFTOOL prog show pinned /sys/fs/bpf/p2 | sed -n 's/^\([0-9]*\):.*/\1/p')
check "replace with -force" \
	$IP -force link set dev xnic0 xdpoffload pinned /sys/fs/bpf/p2
check_output "replaced: xnic0 now runs the new id" "offload id $id2" \
	$BPFTOOL net show dev xnic0
check "detach" $IP link set dev xnic0 xdpoffload off
check "detach again is a no-op" $IP link set dev xnic0 xdpoffload off
check_output "nothing attached to xnic0 now" '^$' sh -c "$BPFTOOL net show dev xnic0 | grep offload"

check "attach again, then delete the pair with it attached" \
	$IP link set dev xnic0 xdpoffload pinned /sys/fs/bpf/p2
check "ip link del xnic1 (peer of the attached port)" $IP link del xnic1
check_output "the bound program is orphaned: no device" 'No such device' \
	$BPFTOOL prog show pinned /sys/fs/bpf/p2
check_output "attaching an orphan elsewhere is refused" \
	'the device this program was loaded for is gone' \
	$IP link set dev other0 xdpoffload pinned /sys/fs/bpf/p2
check_fails "orphan not attached" sh -c "$BPFTOOL net show dev other0 | grep -q offload"

# Load/unload churn through prepare/finalize/translate/destroy.
i=0
while [ $i -lt 25 ]; do
	$BPFTOOL prog load $PROGS/xdp_maps.bpf.o /sys/fs/bpf/c type xdp dev other0 2>/dev/null || break
	$IP link set dev other1 xdpoffload pinned /sys/fs/bpf/c 2>/dev/null || break
	$IP link set dev other1 xdpoffload off || break
	rm /sys/fs/bpf/c
	i=$((i + 1))
done
check_eq "25 load/attach/detach/unload cycles with two maps" 25 $i
check_eq "nothing leaked: one NIC left, no program or map state" \
	"nics 1 progs 0 maps 0" "$(objects_settle 'nics 1 progs 0 maps 0')"

$IP link set dev other1 xdpoffload pinned /sys/fs/bpf/p2 2>/dev/null
$BPFTOOL prog load $PROGS/xdp_maps.bpf.o /sys/fs/bpf/c type xdp dev other0
$IP link set dev other0 xdpoffload pinned /sys/fs/bpf/c
check "rmmod with an offloaded program attached and maps pinned" rmmod xnic
check_output "its program is orphaned" 'No such device' \
	$BPFTOOL prog show pinned /sys/fs/bpf/c
