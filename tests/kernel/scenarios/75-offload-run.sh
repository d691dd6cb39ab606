# SPDX-License-Identifier: GPL-2.0-only
# The default module: offloaded programs without maps run on the
# simulated chip in the datapath (xnic_nic_run_frame -> firmware_sim).
# Proves, for XDP drop/pass/tx, a frame-rewriting XDP program and a TC
# pass program: frames are dropped, delivered, rewritten or sent back as
# the verdict says, the per-verdict counters count them exactly, and
# simulated cycles are accounted.
# A program with maps runs with the kernel's offloaded maps moved into its
# chip: bpftool reads what the program wrote, the program sees bpftool's
# updates, and the contents come back when the program goes.
. /lib.sh

load_xnic || { fail "insmod"; exit 1; }
make_pair || { fail "pair"; exit 1; }
f=$(frame 46)

check "xdp_drop offloaded on xnic1" \
	$IP link set dev xnic1 xdpoffload obj $PROGS/xdp_drop.bpf.o sec xdp
check_output "offloaded xdp_drop: nothing arrives" \
	'^sent 5 received 0 matching 0$' xnic-pkt xfer xnic0 xnic1 "$f" 5 300
check_eq "hw_drop = 5" 5 "$(stat xnic1 hw_drop)"
check_output "simulated cycles were spent" '^[1-9]' stat xnic1 hw_cycles

check "replaced by xdp_pass" \
	$IP -force link set dev xnic1 xdpoffload obj $PROGS/xdp_pass.bpf.o sec xdp
check_output "offloaded xdp_pass: every frame arrives unchanged" \
	'^sent 5 received 5 matching 5$' xnic-pkt xfer xnic0 xnic1 "$f" 5 300
check_eq "hw_pass = 5" 5 "$(stat xnic1 hw_pass)"
big=$(frame 1486)
check_output "a 1500-byte frame too" \
	'^sent 1 received 1 matching 1$' xnic-pkt xfer xnic0 xnic1 "$big" 1 300

check "replaced by xdp_tx" \
	$IP -force link set dev xnic1 xdpoffload obj $PROGS/xdp_tx.bpf.o sec xdp
check_output "offloaded xdp_tx: frames come back to xnic0 unchanged" \
	'^sent 4 received 4 matching 4$' xnic-pkt xfer xnic0 xnic0 "$f" 4 300
check_eq "hw_tx = 4" 4 "$(stat xnic1 hw_tx)"
check "replaced by xdp_swap (rewrites the MAC addresses, then XDP_TX)" \
	$IP -force link set dev xnic1 xdpoffload obj $PROGS/xdp_swap.bpf.o sec xdp
# frame(): dst ff:ff:ff:ff:ff:ff, src 02:00:00:00:00:01.
swapped="020000000001ffffffffffff${f#ffffffffffff020000000001}"
check_output "offloaded xdp_swap: frames come back with the addresses swapped" \
	'^sent 3 received 3 matching 3$' xnic-pkt xfer xnic0 xnic0 "$f" 3 300 "$swapped"
check_eq "hw_tx = 4 + 3" 7 "$(stat xnic1 hw_tx)"
check_eq "no frame was aborted" 0 "$(stat xnic1 hw_aborted)"
check "detach" $IP link set dev xnic1 xdpoffload off

if insmod $KMOD/sch_ingress.ko 2>/dev/null; insmod $KMOD/cls_bpf.ko 2>/dev/null;
	grep -q '^cls_bpf ' /proc/modules; then
	$TC qdisc add dev xnic1 clsact
	$ETHTOOL -K xnic1 hw-tc-offload on
	# A gact action on the direct-action filter carries its statistics:
	# cls_bpf shows a filter's counters only through its actions.
	insmod $KMOD/act_gact.ko 2>/dev/null
	check "tc_pass offloaded (skip_sw) on xnic1, with an action for its statistics" \
		$TC filter add dev xnic1 ingress pref 1 handle 1 bpf obj $PROGS/tc_pass.bpf.o \
		sec tc da skip_sw action ok
	before=$(stat xnic1 hw_pass)
	check_output "offloaded tc_pass: frames arrive" \
		'^sent 3 received 3 matching 3$' xnic-pkt xfer xnic0 xnic1 "$f" 3 300
	check_eq "hw_pass counts the TC verdicts" $((before + 3)) "$(stat xnic1 hw_pass)"
	check_output "tc -s: the chip's 3 frames of 60 bytes (TC_CLSBPF_STATS)" \
		'Sent 180 bytes 3 pkt \(dropped 0,' $TC -s filter show dev xnic1 ingress
	check_output "a second dump does not count them again" \
		'Sent 180 bytes 3 pkt \(dropped 0,' $TC -s filter show dev xnic1 ingress
	xnic-pkt xfer xnic0 xnic1 "$f" 2 300 >/dev/null
	check_output "2 more frames: 300 bytes, 5 packets" \
		'Sent 300 bytes 5 pkt \(dropped 0,' $TC -s filter show dev xnic1 ingress
	check_output "reported as the device's (delayed) hardware statistics" \
		'used_hw_stats delayed' $TC -s filter show dev xnic1 ingress
	$TC qdisc del dev xnic1 clsact
else
	skip "cls_bpf.ko not available in the guest"
fi

# Maps: the kernel's offloaded maps live in the NIC's chip, whether or not
# a program uses them; bpftool's operations go there.
$BPFTOOL prog load $PROGS/xdp_maps.bpf.o /sys/fs/bpf/mp type xdp dev xnic1 \
	pinmaps /sys/fs/bpf/maps
check "xdp_maps (ARRAY counters, HASH verdicts) offloaded" \
	$IP link set dev xnic1 xdpoffload pinned /sys/fs/bpf/mp
check_output "no verdict set: frames pass" \
	'^sent 2 received 2 matching 2$' xnic-pkt xfer xnic0 xnic1 "$f" 2 300
check_output "the program counted them; bpftool reads the chip's map" \
	'value: 02 00 00 00 00 00 00 00' \
	$BPFTOOL map lookup pinned /sys/fs/bpf/maps/counters key 0 0 0 0
check "bpftool sets verdicts[0] = XDP_DROP" \
	$BPFTOOL map update pinned /sys/fs/bpf/maps/verdicts key 0 0 0 0 value 1 0 0 0
check_output "the program sees the update: frames are dropped" \
	'^sent 3 received 0 matching 0$' xnic-pkt xfer xnic0 xnic1 "$f" 3 300
check "bpftool deletes verdicts[0]" \
	$BPFTOOL map delete pinned /sys/fs/bpf/maps/verdicts key 0 0 0 0
check_output "frames pass again" \
	'^sent 1 received 1 matching 1$' xnic-pkt xfer xnic0 xnic1 "$f" 1 300
check_output "counters[0] = 2 + 3 + 1" 'value: 06 00 00 00 00 00 00 00' \
	$BPFTOOL map lookup pinned /sys/fs/bpf/maps/counters key 0 0 0 0
check_eq "hw_drop counted the 3 (5 + 3)" 8 "$(stat xnic1 hw_drop)"
$IP link set dev xnic1 xdpoffload off
rm /sys/fs/bpf/mp
check_eq "program gone, both maps stay" "nics 1 progs 0 maps 2" \
	"$(objects_settle 'nics 1 progs 0 maps 2')"
check_output "the counts stay in the chip after the program is gone" \
	'value: 06 00 00 00 00 00 00 00' \
	$BPFTOOL map lookup pinned /sys/fs/bpf/maps/counters key 0 0 0 0
$IP link del xnic0
rm -rf /sys/fs/bpf/maps
check_eq "nothing leaked" "nics 0 progs 0 maps 0" \
	"$(objects_settle 'nics 0 progs 0 maps 0')"
check "rmmod" rmmod xnic
