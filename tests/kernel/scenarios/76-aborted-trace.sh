# SPDX-License-Identifier: GPL-2.0-only
# XDP_ABORTED on the offload path is counted (hw_aborted) and reported on
# the kernel's xdp:xdp_exception tracepoint, once per aborted frame, with
# the program's id, the action and the receiving port's ifindex: the
# trace lines, the counter and the frames sent must all be equal.
. /lib.sh

N=7
load_xnic || { fail "insmod"; exit 1; }
make_pair || { fail "pair"; exit 1; }
f=$(frame 46)

# tracefs: its own mount point, or the copy debugfs mounts automatically.
T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs tracefs $T 2>/dev/null
[ -d $T/events ] || T=/sys/kernel/debug/tracing
EV=$T/events/xdp/xdp_exception
if [ ! -d $EV ]; then
	skip "no xdp:xdp_exception tracepoint in the guest kernel's tracefs"
	$IP link del xnic0
	rmmod xnic
	exit 0
fi

check "xdp_aborted offloaded on xnic1" \
	$IP link set dev xnic1 xdpoffload obj $PROGS/xdp_aborted.bpf.o sec xdp
id=$(prog_id xdp_aborted)
ifindex=$(cat /sys/class/net/xnic1/ifindex)
echo 0 >$T/tracing_on
echo >$T/trace
echo 1 >$EV/enable
echo 1 >$T/tracing_on
check_output "offloaded xdp_aborted: nothing arrives" \
	"^sent $N received 0 matching 0\$" xnic-pkt xfer xnic0 xnic1 "$f" $N 300
echo 0 >$T/tracing_on
echo 0 >$EV/enable

check_eq "hw_aborted = frames sent" $N "$(stat xnic1 hw_aborted)"
check_eq "xdp_exception fired once per aborted frame" $N \
	"$(grep -c 'xdp_exception:' $T/trace)"
check_eq "each names the program, XDP_ABORTED and xnic1" $N \
	"$(grep -c "xdp_exception: prog_id=$id action=ABORTED ifindex=$ifindex\$" $T/trace)"
check_eq "no other verdict was counted" "0 0 0" \
	"$(stat xnic1 hw_drop) $(stat xnic1 hw_pass) $(stat xnic1 hw_tx)"
echo >$T/trace

check "detach" $IP link set dev xnic1 xdpoffload off
$IP link del xnic0
rmmod xnic
