# SPDX-License-Identifier: GPL-2.0-only
# rmmod with pairs still present deletes them; the module reloads cleanly.
. /lib.sh

load_xnic || { fail "insmod"; exit 1; }
$IP link add a0 type xnic peer name a1
$IP link add b0 type xnic peer name b1
$IP link set a0 up; $IP link set a1 up
xnic-pkt send a0 "$(frame 46)" 10
check "rmmod with two pairs present" rmmod xnic
check_eq "every xnic port is gone" 0 "$(ls /sys/class/net | grep -cE '^(a|b)[01]$')"
check "insmod again" load_xnic
check "and a pair again" make_pair
i=0
while [ $i -lt 10 ]; do
	$IP link del xnic0 && make_pair || break
	i=$((i + 1))
done
check_eq "10 delete/create cycles" 10 $i
check "rmmod" rmmod xnic
