# SPDX-License-Identifier: GPL-2.0-only
# Robustness with programs that really run on the chip (80-stress does
# the same plumbing in test mode): two programs sharing one offloaded
# ARRAY replace each other on xnic1 while frames flow from xnic0 and two
# user-space writers update other keys of the same map.  Afterwards every
# frame must be accounted for exactly: the ports' hw_pass/hw_drop counters
# equal the programs' own counts in the map, and every user write is there.
. /lib.sh

load_xnic || { fail "insmod"; exit 1; }
make_pair || { fail "pair"; exit 1; }
f=$(frame 46)
S=/sys/fs/bpf/shared

# The u64 value of key $1 of the shared map (bpftool prints its bytes,
# least significant first).
u64_of() {
	v=0
	for b in $($BPFTOOL map lookup pinned $S key "$1" 0 0 0 |
		sed -n 's/.*value: //p' | awk '{for (i = NF; i > 0; i--) print $i}'); do
		v=$((v * 256 + 0x$b))
	done
	echo $v
}

$BPFTOOL map create $S type array key 4 value 8 entries 32 name shared dev xnic0
check "the pass program, bound to xnic0, takes the offloaded map" \
	$BPFTOOL prog load $PROGS/xdp_shared_pass.bpf.o /sys/fs/bpf/A type xdp \
	dev xnic0 map name shared pinned $S
check "the drop program, bound to xnic1, takes the same map" \
	$BPFTOOL prog load $PROGS/xdp_shared_drop.bpf.o /sys/fs/bpf/B type xdp \
	dev xnic1 map name shared pinned $S
check "pass program offloaded on xnic1" \
	$IP link set dev xnic1 xdpoffload pinned /sys/fs/bpf/A

traffic_start xnic0 "$f"
(
	i=0
	while [ $i -lt 20 ]; do
		$IP -force link set dev xnic1 xdpoffload pinned /sys/fs/bpf/B || break
		$IP -force link set dev xnic1 xdpoffload pinned /sys/fs/bpf/A || break
		i=$((i + 1))
	done
	echo $i >/tmp/replaced
) &
replacer=$!
writers=
for w in 1 2; do
	(
		i=0
		while [ $i -lt 15 ]; do
			k=$((2 + (w - 1) * 15 + i))
			$BPFTOOL map update pinned $S key $k 0 0 0 \
				value $w $i 0 0 0 0 0 0 || break
			i=$((i + 1))
		done
		echo $i >/tmp/writes$w
	) &
	writers="$writers $!"
done
wait $replacer $writers
traffic_stop
N=$traffic_sent

check_output "frames flowed during the whole run" '^[1-9][0-9]{2,}$' echo "$N"
check_eq "20 x 2 offload replacements under traffic" 20 "$(cat /tmp/replaced)"
check_eq "2 x 15 concurrent user-space map writes" "15 15" \
	"$(cat /tmp/writes1) $(cat /tmp/writes2)"
tx=$(stat xnic0 tx_packets)
check_eq "every frame sent was transmitted or counted as dropped" \
	"$N" $((tx + $(stat xnic0 tx_dropped)))
wire=$(stat xnic1 wire_rx)
check_eq "every frame transmitted reached xnic1's wire" "$tx" "$wire"
hp=$(stat xnic1 hw_pass)
hd=$(stat xnic1 hw_drop)
check_eq "every frame on the wire ran one of the two programs (pass + drop)" \
	"$wire" $((hp + hd))
check_eq "no frame without a program, aborted or tx'd" "0 0 0" \
	"$(stat xnic1 hw_no_image) $(stat xnic1 hw_aborted) $(stat xnic1 hw_tx)"
check_output "both programs ran during the run" '^[1-9][0-9]* [1-9][0-9]*$' \
	echo "$hp $hd"
check_eq "the pass program's own count in the map = hw_pass" "$hp" "$(u64_of 0)"
check_eq "the drop program's own count in the map = hw_drop" "$hd" "$(u64_of 1)"
bad=0
for w in 1 2; do
	i=0
	while [ $i -lt 15 ]; do
		k=$((2 + (w - 1) * 15 + i))
		[ "$(u64_of $k)" = $((w + i * 256)) ] || bad=$((bad + 1))
		i=$((i + 1))
	done
done
check_eq "every user-space write is in the map, exactly" 0 "$bad"

# The same program on both ports of the NIC, still sharing the map.
before=$(u64_of 0)
check "the pass program offloaded on xnic0 too" \
	$IP link set dev xnic0 xdpoffload pinned /sys/fs/bpf/A
check_output "7 frames xnic1 -> xnic0 pass" '^sent 7 received 7 matching 7$' \
	xnic-pkt xfer xnic1 xnic0 "$f" 7 300
check_eq "...counted by the same program in the same map" $((before + 7)) "$(u64_of 0)"
check_eq "xnic0's hw_pass = 7" 7 "$(stat xnic0 hw_pass)"

$IP link set dev xnic0 xdpoffload off
$IP link set dev xnic1 xdpoffload off
rm -f /sys/fs/bpf/A /sys/fs/bpf/B $S
check_eq "nothing leaked" "nics 1 progs 0 maps 0" \
	"$(objects_settle 'nics 1 progs 0 maps 0')"

# Delete the pair while a bound load with maps is being verified (every
# insn_hook sleeps 200 ms, xdp_maps has 19 instructions): 80-stress does
# this in test mode; here the maps already live in the chip, and the
# verification would end with the JIT and a program in the chip.  The
# deletion waits for the hook in flight; the kernel then fails the load
# at the next hook (the program's device is gone), or the program is an
# orphan.  Either way the chip, its maps and the program must all go.
echo 200 >/sys/module/xnic/parameters/verify_delay_ms
( $BPFTOOL prog load $PROGS/xdp_maps.bpf.o /sys/fs/bpf/v type xdp dev xnic0 >/tmp/vlog 2>&1
  echo $? >/tmp/vrc ) &
sleep 1
check_output "the maps of the load in flight exist (in the chip)" ' maps [1-9]' \
	cat /sys/kernel/debug/xnic/objects
check "ip link del during the verification" $IP link del xnic0
wait
echo 0 >/sys/module/xnic/parameters/verify_delay_ms
if [ "$(cat /tmp/vrc)" != 0 ]; then
	# -ENODEV from the hook; libbpf then retries for the log and gets
	# -EINVAL, the ifindex naming no device any more
	check_output "the load failed, the device being gone" \
		"prog 'xdp_maps': BPF program load failed" cat /tmp/vlog
else
	check_output "the load finished first: its program is an orphan" \
		'No such device' $BPFTOOL prog show pinned /sys/fs/bpf/v
fi
rm -f /sys/fs/bpf/v
check_eq "no chip, map or program left" "nics 0 progs 0 maps 0" \
	"$(objects_settle 'nics 0 progs 0 maps 0')"
check "rmmod" rmmod xnic
