# SPDX-License-Identifier: GPL-2.0-only
# Robustness: program replacement and map updates while frames flow, exact
# counter accounting afterwards, and device deletion during an in-flight
# verification.  Offloads run in the test-only offload_without_jit mode
# (attached, never executed); native XDP really runs.
. /lib.sh

load_xnic offload_without_jit=1 || { fail "insmod"; exit 1; }
make_pair || { fail "pair"; exit 1; }
f=$(frame 46)

$BPFTOOL prog load $PROGS/xdp_pass.bpf.o /sys/fs/bpf/hw type xdp dev xnic0
$BPFTOOL map create /sys/fs/bpf/h type hash key 4 value 4 entries 64 name h dev xnic0

# Frames flow until every control loop below is done.
traffic_start xnic0 "$f"
(
	i=0
	while [ $i -lt 10 ]; do
		$IP -force link set dev xnic1 xdpdrv obj $PROGS/xdp_drop.bpf.o sec xdp
		$IP -force link set dev xnic1 xdpdrv obj $PROGS/xdp_pass.bpf.o sec xdp
		i=$((i + 1))
	done
	echo $i >/tmp/native
) &
native_loop=$!
(
	i=0
	while [ $i -lt 10 ]; do
		$IP link set dev xnic1 xdpoffload pinned /sys/fs/bpf/hw
		$IP link set dev xnic1 xdpoffload off
		i=$((i + 1))
	done
	echo $i >/tmp/offload
) &
offload_loop=$!
workers=
for w in 1 2; do
	(
		i=0
		while [ $i -lt 16 ]; do
			$BPFTOOL map update pinned /sys/fs/bpf/h key $w $i 0 0 value $i 0 0 $w || break
			i=$((i + 1))
		done
		echo $i >/tmp/maps$w
	) &
	workers="$workers $!"
done
wait $native_loop $offload_loop $workers
traffic_stop
N=$traffic_sent
check_output "frames flowed during the whole run" '^[1-9][0-9]{3,}$' echo "$N"
check_eq "10 x 2 native XDP replacements under traffic" 10 "$(cat /tmp/native)"
check_eq "10 offload attach/detach cycles under traffic" 10 "$(cat /tmp/offload)"
check_eq "2 x 16 concurrent map updates" "16 16" "$(cat /tmp/maps1) $(cat /tmp/maps2)"
check_output "the map holds all 32 keys" 'Found 32 elements' \
	$BPFTOOL map dump pinned /sys/fs/bpf/h

tx=$(stat xnic0 tx_packets)
txd=$(stat xnic0 tx_dropped)
check_eq "every frame sent was transmitted or counted as dropped" $N $((tx + txd))
wire=$(stat xnic1 wire_rx)
check_eq "every frame transmitted reached xnic1's wire" "$tx" "$wire"
# Driver-level counters only: the stack also counts the 0x88b5 frames it
# has no handler for in the device's rx_dropped.
rx=$(stat xnic1 rx_packets)
rxd=$(stat xnic1 rx_dropped)
cons=$(stat xnic1 drv_xdp_consumed)
pass=$(stat xnic1 drv_xdp_pass)
check_eq "wire_rx = rx_packets + drv_xdp_consumed + rx_dropped (nothing lost)" \
	"$wire" $((rx + cons + rxd))
check_output "native XDP ran on frames during the run (consumed and passed > 0)" \
	'^[1-9][0-9]* [1-9][0-9]*$' echo "$cons $pass"
check_output "offloaded program attached during the run (hw_no_image > 0)" \
	'^[1-9]' stat xnic1 hw_no_image

# Delete the pair while a bound load is being verified (every insn_hook
# sleeps 1.5 s).  The deletion must wait for the hook.  Afterwards the
# program must be unusable: either the load failed, or (when the kernel's
# verifier finished while the program sat on the surviving port) it is an
# orphan whose device is gone.
echo 1500 >/sys/module/xnic/parameters/verify_delay_ms
( $BPFTOOL prog load $PROGS/xdp_pass.bpf.o /sys/fs/bpf/v type xdp dev xnic0 >/tmp/vlog 2>&1
  echo $? >/tmp/vrc ) &
sleep 1
start=$(date +%s)
check "ip link del during the verification" $IP link del xnic0
end=$(date +%s)
wait
echo 0 >/sys/module/xnic/parameters/verify_delay_ms
check_output "the deletion waited for the in-flight verification hook" '^[1-9]' \
	echo $((end - start))
if [ "$(cat /tmp/vrc)" != 0 ]; then
	pass "the load failed"
else
	check_output "the load finished first: its program is an orphan" \
		'No such device' $BPFTOOL prog show pinned /sys/fs/bpf/v
fi
rm -f /sys/fs/bpf/v /sys/fs/bpf/hw /sys/fs/bpf/h
check_eq "nothing leaked after the stress" \
	"nics 0 progs 0 maps 0" "$(objects_settle 'nics 0 progs 0 maps 0')"
check "rmmod" rmmod xnic
