# SPDX-License-Identifier: GPL-2.0-only
# Native XDP (XDP_SETUP_PROG): runs on the host CPU on frames the NIC
# passed, through the kernel's skb XDP runner; XDP_TX goes back out of
# the port.  These programs really run (no offload involved).
. /lib.sh

load_xnic || { fail "insmod"; exit 1; }
make_pair || { fail "pair"; exit 1; }
f=$(frame 46)

check "ip link set xnic1 xdpdrv obj xdp_drop" \
	$IP link set dev xnic1 xdpdrv obj $PROGS/xdp_drop.bpf.o sec xdp
check_output "attached in driver mode" 'prog/xdp id' $IP -d link show xnic1
check_output "xdp_drop on xnic1: nothing arrives" \
	'^sent 4 received 0 matching 0$' xnic-pkt xfer xnic0 xnic1 "$f" 4 200
check_eq "drv_xdp_consumed = 4" 4 "$(stat xnic1 drv_xdp_consumed)"
check "replace with xdp_pass (-force)" \
	$IP -force link set dev xnic1 xdpdrv obj $PROGS/xdp_pass.bpf.o sec xdp
check_output "xdp_pass on xnic1: frames arrive" \
	'^sent 4 received 4 matching 4$' xnic-pkt xfer xnic0 xnic1 "$f" 4 200
check_eq "drv_xdp_pass = 4" 4 "$(stat xnic1 drv_xdp_pass)"
check "xdp_tx on xnic1" \
	$IP -force link set dev xnic1 xdpdrv obj $PROGS/xdp_tx.bpf.o sec xdp
check_output "xdp_tx: frames come back to xnic0" \
	'^sent 3 received 3 matching 3$' xnic-pkt xfer xnic0 xnic0 "$f" 3 200
check "xdp_tx on xnic0 too: frames would bounce forever" \
	$IP link set dev xnic0 xdpdrv obj $PROGS/xdp_tx.bpf.o sec xdp
xnic-pkt send xnic0 "$f" 1
check_output "the bounce is cut by the nesting bound (tx_dropped > 0)" '^[1-9]' \
	sh -c "echo \$(( $(stat xnic0 tx_dropped) + $(stat xnic1 tx_dropped) ))"
check "detach both" sh -c "$IP link set dev xnic0 xdpdrv off && $IP link set dev xnic1 xdpdrv off"
check_output "detached: frames arrive again" \
	'^sent 2 received 2 matching 2$' xnic-pkt xfer xnic0 xnic1 "$f" 2 200
check "attach again, delete the pair with it attached" \
	sh -c "$IP link set dev xnic1 xdpdrv obj $PROGS/xdp_pass.bpf.o sec xdp && $IP link del xnic0"
check "rmmod" rmmod xnic
