# SPDX-License-Identifier: GPL-2.0-only
# A port moved to another network namespace: frames still cross, offload
# state follows the device (bpftool reports it per namespace, as with
# netdevsim), and destroying the namespace deletes the whole pair.
. /lib.sh

mkdir -p /run/netns /bpf
# `ip netns exec` mounts a fresh /sys, hiding /sys/fs/bpf: pin through a
# bind mount outside /sys that both namespaces see.
mount --bind /sys/fs/bpf /bpf
load_xnic || { fail "insmod"; exit 1; }
make_pair || { fail "pair"; exit 1; }
check "ip netns add ns1" $IP netns add ns1

$BPFTOOL prog load $PROGS/xdp_pass.bpf.o /bpf/p type xdp dev xnic1
$BPFTOOL map create /bpf/m type array key 4 value 4 entries 2 name m dev xnic1
check "move xnic1 to ns1" $IP link set xnic1 netns ns1
check "xnic1 is up in ns1" $IP netns exec ns1 $IP link set xnic1 up
check_fails "xnic1 left the initial namespace" test -d /sys/class/net/xnic1

$IP netns exec ns1 xnic-pkt recv xnic1 1500 >/tmp/rx &
sleep 1
xnic-pkt send xnic0 "$(frame 46)" 3
wait
check_eq "frames from xnic0 arrive on xnic1 in ns1" 3 "$(grep -c "^$(frame 46)\$" /tmp/rx)"

check_output "outside ns1, bpftool names the device by ifindex and netns" \
	'offloaded_to ifindex [0-9]+ ns_dev [0-9]+ ns_ino [0-9]+' \
	$BPFTOOL prog show pinned /bpf/p
check_output "inside ns1, by name" 'offloaded_to xnic1' \
	$IP netns exec ns1 $BPFTOOL prog show pinned /bpf/p
check_output "the offloaded map too" 'offloaded_to ifindex [0-9]+ ns_dev [0-9]+ ns_ino [0-9]+' \
	$BPFTOOL map show pinned /bpf/m
check "attach the offload inside ns1" \
	$IP netns exec ns1 $IP link set dev xnic1 xdpoffload pinned /bpf/p

check "ip netns del ns1" $IP netns del ns1
i=0
while [ -d /sys/class/net/xnic0 ] && [ $i -lt 50 ]; do
	usleep 100000
	i=$((i + 1))
done
check_fails "destroying ns1 deleted the pair (xnic0 gone too)" test -d /sys/class/net/xnic0
check_output "program orphaned" 'No such device' $BPFTOOL prog show pinned /bpf/p
check_eq "nothing leaked" "nics 0 progs 0 maps 0" \
	"$(objects_settle 'nics 0 progs 0 maps 0')"
rm -f /bpf/p /bpf/m
umount /bpf
check "rmmod" rmmod xnic
