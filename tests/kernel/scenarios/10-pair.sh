# SPDX-License-Identifier: GPL-2.0-only
# Ports come in pairs, like veth: created together, deleted together.
. /lib.sh

load_xnic || { fail "insmod"; exit 1; }

check "ip link add xnic0 type xnic peer name xnic1" \
	$IP link add xnic0 type xnic peer name xnic1
check "xnic0 exists" test -d /sys/class/net/xnic0
check "xnic1 exists" test -d /sys/class/net/xnic1
check_output "link kind is xnic" 'xnic' $IP -d link show xnic0
check_eq "xnic0's iflink is xnic1" "$(cat /sys/class/net/xnic1/ifindex)" \
	"$(cat /sys/class/net/xnic0/iflink)"
check_eq "xnic1's iflink is xnic0" "$(cat /sys/class/net/xnic0/ifindex)" \
	"$(cat /sys/class/net/xnic1/iflink)"
check_output "ethtool -i names the driver" '^driver: xnic$' $ETHTOOL -i xnic0
check_output "ports are port0 and port1" '^bus-info: port1$' $ETHTOOL -i xnic1
check_eq "carrier off while the peer is down" 0 \
	"$($IP link set xnic0 up; cat /sys/class/net/xnic0/carrier)"
$IP link set xnic1 up
check_eq "carrier on once both are up" "1 1" \
	"$(cat /sys/class/net/xnic0/carrier) $(cat /sys/class/net/xnic1/carrier)"

check "ip link del xnic0" $IP link del xnic0
check_fails "deleting xnic0 deleted xnic1" test -d /sys/class/net/xnic1

$IP link add xnic0 type xnic peer name xnic1
check "deleting the peer (xnic1)" $IP link del xnic1
check_fails "deleting xnic1 deleted xnic0" test -d /sys/class/net/xnic0

check "pair without a peer name" $IP link add xnica type xnic
check_eq "the peer got a generated xnic<N> name" 2 \
	"$(ls /sys/class/net | grep -c '^xnic')"
$IP link del xnica
check_eq "both gone" 0 "$(ls /sys/class/net | grep -c '^xnic')"

check "peer with an explicit MAC address" \
	$IP link add xnic0 type xnic peer name xnic1 address 02:00:00:00:00:42
check_eq "peer MAC applied" 02:00:00:00:00:42 \
	"$(cat /sys/class/net/xnic1/address)"
$IP link del xnic0
check_output "bad peer option refused by the ip plugin" 'unknown peer option' \
	$IP link add xnic0 type xnic peer bogus 1

check "two pairs side by side" sh -c "$IP link add a0 type xnic peer name a1 && $IP link add b0 type xnic peer name b1"
check "delete one pair, the other stays" sh -c "$IP link del a1 && test -d /sys/class/net/b0 && ! test -d /sys/class/net/a0"
$IP link del b0
check "rmmod" rmmod xnic
