# SPDX-License-Identifier: GPL-2.0-only
# A frame sent on one port arrives, byte for byte, on the other.
# (No program attached: the chip passes frames straight through.)
. /lib.sh

load_xnic || { fail "insmod"; exit 1; }
make_pair || { fail "pair"; exit 1; }

f=$(frame 46)
check_output "xnic0 -> xnic1: 1 frame arrives unchanged" \
	'^sent 1 received 1 matching 1$' xnic-pkt xfer xnic0 xnic1 "$f" 1 300
check_output "xnic1 -> xnic0: 1 frame arrives unchanged" \
	'^sent 1 received 1 matching 1$' xnic-pkt xfer xnic1 xnic0 "$f" 1 300
big=$(frame 1486)
check_output "a 1500-byte-payload frame arrives unchanged" \
	'^sent 1 received 1 matching 1$' xnic-pkt xfer xnic0 xnic1 "$big" 1 300
check_output "100 frames, all arrive" \
	'^sent 100 received 100 matching 100$' xnic-pkt xfer xnic0 xnic1 "$f" 100 300

# 1 + 1 + 100 frames went xnic0 -> xnic1, 1 the other way.
check_eq "xnic0 tx_packets (ethtool -S)" 102 "$(stat xnic0 tx_packets)"
check_eq "xnic1 wire_rx (ethtool -S)" 102 "$(stat xnic1 wire_rx)"
check_eq "xnic1 rx_packets (ethtool -S)" 102 "$(stat xnic1 rx_packets)"
check_eq "xnic1 rx_packets (ndo_get_stats64)" 102 \
	"$(cat /sys/class/net/xnic1/statistics/rx_packets)"
check_eq "xnic1 rx_bytes = 101 x 60 + 1500" $((101 * 60 + 1500)) \
	"$(cat /sys/class/net/xnic1/statistics/rx_bytes)"
check_eq "xnic0 tx_bytes = rx_bytes of xnic1" \
	"$(cat /sys/class/net/xnic1/statistics/rx_bytes)" \
	"$(cat /sys/class/net/xnic0/statistics/tx_bytes)"
check_eq "xnic0 rx_packets (the one frame back)" 1 \
	"$(cat /sys/class/net/xnic0/statistics/rx_packets)"
check_eq "no offloaded program ran (hw_pass)" 0 "$(stat xnic1 hw_pass)"

$IP link set xnic1 down
check_output "peer down: nothing arrives" '^sent 3 received 0 matching 0$' \
	xnic-pkt xfer xnic0 xnic1 "$f" 3 200
check_eq "peer down: xnic0 has no carrier" 0 "$(cat /sys/class/net/xnic0/carrier)"
check_eq "peer down: nothing reached xnic1's wire" 102 "$(stat xnic1 wire_rx)"
$IP link set xnic1 up
$IP link set xnic1 mtu 1000
check_output "frame over the peer's MTU is dropped" \
	'^sent 1 received 0 matching 0$' xnic-pkt xfer xnic0 xnic1 "$big" 1 200
check_eq "counted in xnic1 rx_dropped" 1 \
	"$(cat /sys/class/net/xnic1/statistics/rx_dropped)"
$IP link del xnic0
rmmod xnic
