# SPDX-License-Identifier: GPL-2.0-only
# One simulated chip per NIC: both ports' programs run on it and the
# offloaded maps live in its memory.  Two different programs (xdp_chip_a
# on xnic0, xdp_chip_b on xnic1) share the ARRAY "counts" and the HASH
# "verdict": each counts its frames in its own slot and in the slot of the
# ingress ifindex, and returns the verdict user space set for it.  Checks
# exact per-port counters and map contents, user-space updates seen by
# both programs, one program on both ports, replacing one port's program,
# unload orders (program before its maps, maps unpinned before their
# program, the NIC with both loaded), flips of a port's program under
# traffic (each frame runs and counts once), a TC offload sharing the map
# with an XDP offload, and one chip per NIC in debugfs.
. /lib.sh

load_xnic || { fail "insmod"; exit 1; }
M=/sys/fs/bpf
D=/sys/kernel/debug/xnic
k() { printf '%d 0 0 0' "$1"; }
# The non-zero counters of the ARRAY named by $CNT ("pinned P" or "id N"),
# as "slot=value" in slot order, from one bpftool dump.
nonzero() {
	$BPFTOOL map dump $CNT | sed -n 's/^key: \(.. .. .. ..\) *value: \(.. .. .. .. .. .. .. ..\) *$/\1 \2/p' |
		while read -r k0 k1 k2 k3 b0 b1 b2 b3 b4 b5 b6 b7; do
			v=$((0x$b0 | 0x$b1 << 8 | 0x$b2 << 16 | 0x$b3 << 24 | 0x$b4 << 32 | 0x$b5 << 40 | 0x$b6 << 48 | 0x$b7 << 56))
			[ "$v" != 0 ] && printf '%d=%d ' $((0x$k0 | 0x$k1 << 8 | 0x$k2 << 16 | 0x$k3 << 24)) "$v"
		done | sed 's/ $//'
}
# The expected nonzero() output: its "slot=value" arguments in slot order.
want() { printf '%s\n' "$@" | sort -t= -k1,1n | tr '\n' ' ' | sed 's/ $//'; }
xfer() { xnic-pkt xfer "$1" "$2" "$f" "$3" 300; }

avail0=$(mem_kb MemAvailable)
vm0=$(mem_kb VmallocUsed)
make_pair || { fail "pair"; exit 1; }
# Not a check: what one NIC (its chip) costs in guest memory.
echo "XNIC-MEASURE one NIC: MemAvailable -$((avail0 - $(mem_kb MemAvailable))) kB, VmallocUsed +$(($(mem_kb VmallocUsed) - vm0)) kB"
f=$(frame 46)
if0=$(cat /sys/class/net/xnic0/ifindex)
if1=$(cat /sys/class/net/xnic1/ifindex)
s0=$((16 + (if0 & 15)))
s1=$((16 + (if1 & 15)))

check_output "debugfs: nic0 has one chip, two ports, nothing running" \
	"^chip nic0 ports 2 emem_bytes 16777216 map_ids 0 port 0 prog none port 1 prog none\$" \
	sh -c "head -n 3 $D/nic0/chip | tr '\n' ' ' | sed 's/ \$//'"

check "xdp_chip_a loaded for xnic0, maps pinned" \
	$BPFTOOL prog load $PROGS/xdp_chip_a.bpf.o $M/a type xdp dev xnic0 pinmaps $M/maps
check "xdp_chip_b loaded for xnic0 reusing both maps" \
	$BPFTOOL prog load $PROGS/xdp_chip_b.bpf.o $M/b type xdp dev xnic0 \
	map name counts pinned $M/maps/counts map name verdict pinned $M/maps/verdict
check_eq "two programs, two maps on the NIC" "nics 1 progs 2 maps 2" \
	"$(cat $D/objects)"
ida=$(prog_id xdp_chip_a)
idb=$(prog_id xdp_chip_b)
CNT="pinned $M/maps/counts"
check "A offloaded on xnic0" $IP link set dev xnic0 xdpoffload pinned $M/a
check "B offloaded on xnic1 (bound to xnic0: same offload device)" \
	$IP link set dev xnic1 xdpoffload pinned $M/b
check_eq "debugfs: the chip runs A on port 0 and B on port 1" \
	"port 0 prog id $ida name xdp_chip_a|port 1 prog id $idb name xdp_chip_b" \
	"$(grep '^port' $D/nic0/chip | tr '\n' '|' | sed 's/|$//')"
check_eq "debugfs: both maps live in the chip" \
	"counts 32 elements 32|verdict 8 elements 0" \
	"$(sed -n 's/^id [0-9]* name \([a-z]*\) type [0-9] key 4 value [48] max_entries \([0-9]*\) elements \([0-9]*\) chip_map [0-9]*$/\1 \2 elements \3/p' $D/nic0/maps | sort | tr '\n' '|' | sed 's/|$//')"

check_output "3 frames into xnic0 (A runs): all pass" \
	'^sent 3 received 3 matching 3$' xfer xnic1 xnic0 3
check_output "5 frames into xnic1 (B runs): all pass" \
	'^sent 5 received 5 matching 5$' xfer xnic0 xnic1 5
check_eq "xnic0 hw_pass = 3" 3 "$(stat xnic0 hw_pass)"
check_eq "xnic1 hw_pass = 5" 5 "$(stat xnic1 hw_pass)"
check_eq "the shared ARRAY holds both programs' counts and the real ingress ifindexes" \
	"$(want 0=3 1=5 $s0=3 $s1=5)" "$(nonzero)"

# User space writes the maps; both programs read them.
check "bpftool: verdict[0] = XDP_DROP (A's)" \
	$BPFTOOL map update pinned $M/maps/verdict key $(k 0) value 1 0 0 0
check_output "A drops on xnic0" '^sent 2 received 0 matching 0$' xfer xnic1 xnic0 2
check_output "B still passes on xnic1" '^sent 2 received 2 matching 2$' xfer xnic0 xnic1 2
check "bpftool: verdict[1] = XDP_DROP (B's)" \
	$BPFTOOL map update pinned $M/maps/verdict key $(k 1) value 1 0 0 0
check_output "B now drops on xnic1" '^sent 4 received 0 matching 0$' xfer xnic0 xnic1 4
check_eq "hw_drop: xnic0 2, xnic1 4" "2 4" "$(stat xnic0 hw_drop) $(stat xnic1 hw_drop)"
check_output "the HASH holds both verdicts" 'Found 2 elements' \
	$BPFTOOL map dump pinned $M/maps/verdict
check "bpftool: delete verdict[0]" $BPFTOOL map delete pinned $M/maps/verdict key $(k 0)
check "bpftool: delete verdict[1]" $BPFTOOL map delete pinned $M/maps/verdict key $(k 1)
check_output "the HASH is empty" 'Found 0 elements' $BPFTOOL map dump pinned $M/maps/verdict
check "bpftool: counts[0] = 100" \
	$BPFTOOL map update pinned $M/maps/counts key $(k 0) value 100 0 0 0 0 0 0 0
check_output "1 frame into xnic0 passes again" '^sent 1 received 1 matching 1$' xfer xnic1 xnic0 1
check_eq "A counted on top of bpftool's value; B's counts intact" \
	"$(want 0=101 1=11 $s0=6 $s1=11)" "$(nonzero)"

# One program on both ports.
check "A replaces B on xnic1" $IP -force link set dev xnic1 xdpoffload pinned $M/a
check_eq "debugfs: the chip runs A on both ports" \
	"port 0 prog id $ida name xdp_chip_a|port 1 prog id $ida name xdp_chip_a" \
	"$(grep '^port' $D/nic0/chip | tr '\n' '|' | sed 's/|$//')"
check_output "2 frames into xnic1 (A runs)" '^sent 2 received 2 matching 2$' xfer xnic0 xnic1 2
check_output "1 frame into xnic0 (A runs)" '^sent 1 received 1 matching 1$' xfer xnic1 xnic0 1
check_eq "A counted on both ports, each under its own ifindex; map kept across the replacement" \
	"$(want 0=104 1=11 $s0=7 $s1=13)" "$(nonzero)"
check "B back on xnic1" $IP -force link set dev xnic1 xdpoffload pinned $M/b
check_output "1 frame into xnic1 (B runs)" '^sent 1 received 1 matching 1$' xfer xnic0 xnic1 1
check_output "1 frame into xnic0 (A kept running)" '^sent 1 received 1 matching 1$' xfer xnic1 xnic0 1
check_eq "exact counts after the replacements" \
	"$(want 0=105 1=12 $s0=8 $s1=14)" "$(nonzero)"
check_eq "hw_pass: xnic0 3 + 1 + 1 + 1, xnic1 5 + 2 + 2 + 1" "6 10" \
	"$(stat xnic0 hw_pass) $(stat xnic1 hw_pass)"
check_eq "chip stats: every frame ran once (16 pass, 6 drop)" \
	"packets 22 pass 16 drop 6 aborted 0 faults 0" \
	"$(sed -n 's/^stats packets \([0-9]*\) insns [0-9]* aborted \([0-9]*\) drop \([0-9]*\) pass \([0-9]*\) tx 0 redirect 0 faults \([0-9]*\)$/packets \1 pass \4 drop \3 aborted \2 faults \5/p' $D/nic0/chip)"

# Unload order 1: a program goes, its maps stay (the other still uses them).
check "B detached" $IP link set dev xnic1 xdpoffload off
rm $M/b
check_eq "B freed, both maps stay" "nics 1 progs 1 maps 2" \
	"$(objects_settle 'nics 1 progs 1 maps 2')"
check_eq "debugfs: port 1 runs nothing, port 0 still A" \
	"port 0 prog id $ida name xdp_chip_a|port 1 prog none" \
	"$(grep '^port' $D/nic0/chip | tr '\n' '|' | sed 's/|$//')"
check_output "frames into xnic1 pass without a program" '^sent 2 received 2 matching 2$' xfer xnic0 xnic1 2
check_output "A still runs on xnic0" '^sent 1 received 1 matching 1$' xfer xnic1 xnic0 1
check_eq "counts: A's grew, B's kept" "$(want 0=106 1=12 $s0=9 $s1=14)" "$(nonzero)"

# Unload order 2: the maps lose their last pin while A holds them, then A
# goes: the kernel frees A's maps before it destroys A.
cid=$($BPFTOOL map show pinned $M/maps/counts | sed -n 's/^\([0-9]*\): .*/\1/p')
rm -r $M/maps
CNT="id $cid"
check_eq "unpinned maps live on in A" "nics 1 progs 1 maps 2" "$(cat $D/objects)"
check_output "A runs with them" '^sent 1 received 1 matching 1$' xfer xnic1 xnic0 1
check_eq "counts, read by map id" "$(want 0=107 1=12 $s0=10 $s1=14)" "$(nonzero)"
check "A detached" $IP link set dev xnic0 xdpoffload off
rm $M/a
check_eq "A and its maps freed" "nics 1 progs 0 maps 0" \
	"$(objects_settle 'nics 1 progs 0 maps 0')"
check_output "debugfs: the chip has no map and runs nothing" \
	"^chip nic0 ports 2 emem_bytes 16777216 map_ids 0 port 0 prog none port 1 prog none\$" \
	sh -c "head -n 3 $D/nic0/chip | tr '\n' ' ' | sed 's/ \$//'"

# A fresh map gets zeroed chip memory, even where the old ones lived.
$BPFTOOL prog load $PROGS/xdp_chip_a.bpf.o $M/a type xdp dev xnic0 pinmaps $M/maps
CNT="pinned $M/maps/counts"
ida=$(prog_id xdp_chip_a)
check_eq "new maps start zeroed" "" "$(nonzero)"

# Under traffic: frames keep arriving on xnic0 while its program flips
# between A and B and user space flips A's verdict.  Every frame must have
# run exactly once, on one of the two, and been counted in the one map.
$BPFTOOL prog load $PROGS/xdp_chip_b.bpf.o $M/b type xdp dev xnic0 \
	map name counts pinned $M/maps/counts map name verdict pinned $M/maps/verdict
$IP link set dev xnic0 xdpoffload pinned $M/a
w0=$(stat xnic0 wire_rx)
p0=$(stat xnic0 hw_pass)
d0=$(stat xnic0 hw_drop)
chip_packets() { sed -n 's/^stats packets \([0-9]*\) .*/\1/p' $D/nic0/chip; }
c0=$(chip_packets)
traffic_start xnic1 "$f" 50
i=0
while [ $i -lt 8 ]; do
	$IP -force link set dev xnic0 xdpoffload pinned $M/b
	$BPFTOOL map update pinned $M/maps/verdict key $(k 0) value 1 0 0 0
	$IP -force link set dev xnic0 xdpoffload pinned $M/a
	$BPFTOOL map delete pinned $M/maps/verdict key $(k 0)
	i=$((i + 1))
done
traffic_stop
n=$(($(stat xnic0 wire_rx) - w0))
ran=$(($(stat xnic0 hw_pass) - p0 + $(stat xnic0 hw_drop) - d0))
check_output "frames arrived during the flips" '^[1-9]' echo "$n"
check_eq "every frame that arrived ran on the chip (hw_pass + hw_drop)" "$n" "$ran"
check_eq "...exactly once (chip packets)" "$n" $(($(chip_packets) - c0))
now=" $(nonzero) "
slot() { v=$(echo "$now" | sed -n "s/.* $1=\([0-9]*\) .*/\1/p"); echo "${v:-0}"; }
echo "XNIC-MEASURE flips: $n frames, A ran $(slot 0), B ran $(slot 1), dropped $(($(stat xnic0 hw_drop) - d0))"
check_eq "the shared map counted each frame once: A's + B's slot = ifindex slot = frames" \
	"$n $n" "$(($(slot 0) + $(slot 1))) $(slot $s0)"
check_eq "no frame aborted" 0 "$(stat xnic0 hw_aborted)"
$IP link set dev xnic0 xdpoffload off
rm $M/b

# A TC offload on one port and an XDP offload on the other, one map.
if insmod $KMOD/sch_ingress.ko 2>/dev/null; insmod $KMOD/cls_bpf.ko 2>/dev/null;
	grep -q '^cls_bpf ' /proc/modules; then
	$BPFTOOL prog load $PROGS/tc_chip.bpf.o $M/t type classifier dev xnic0 \
		map name counts pinned $M/maps/counts
	idt=$(prog_id tc_chip)
	$TC qdisc add dev xnic1 clsact
	$ETHTOOL -K xnic1 hw-tc-offload on
	$IP link set dev xnic0 xdpoffload pinned $M/a
	check "tc_chip (shares counts) offloaded with skip_sw on xnic1" \
		$TC filter add dev xnic1 ingress bpf object-pinned $M/t da skip_sw
	check_eq "debugfs: the chip runs A (XDP) on port 0 and tc_chip on port 1" \
		"port 0 prog id $ida name xdp_chip_a|port 1 prog id $idt name tc_chip" \
		"$(grep '^port' $D/nic0/chip | tr '\n' '|' | sed 's/|$//')"
	now=" $(nonzero) "
	a0=$(slot 0) t0=$(slot 2) i0=$(slot $s0)
	p1=$(stat xnic1 hw_pass)
	check_output "3 frames into xnic1 (tc_chip runs): all pass" \
		'^sent 3 received 3 matching 3$' xfer xnic0 xnic1 3
	check_output "2 frames into xnic0 (A runs): all pass" \
		'^sent 2 received 2 matching 2$' xfer xnic1 xnic0 2
	now=" $(nonzero) "
	check_eq "counts: tc_chip's slot +3, A's slot and xnic0's ifindex slot +2" \
		"$((t0 + 3)) $((a0 + 2)) $((i0 + 2))" "$(slot 2) $(slot 0) $(slot $s0)"
	check_eq "xnic1 hw_pass counts the TC verdicts" $((p1 + 3)) "$(stat xnic1 hw_pass)"
	$TC qdisc del dev xnic1 clsact
	$IP link set dev xnic0 xdpoffload off
	rm $M/t
	check_eq "tc_chip freed, A and the maps stay" "nics 1 progs 1 maps 2" \
		"$(objects_settle 'nics 1 progs 1 maps 2')"
else
	skip "cls_bpf.ko not available in the guest"
fi

# One chip per NIC.
$IP link add other0 type xnic peer name other1
check_eq "two NICs, two chips" "$D/nic0/chip $D/nic1/chip" "$(echo $D/nic*/chip)"
check_output "the second chip is its own: no map, nothing running" \
	"^chip nic1 ports 2 emem_bytes 16777216 map_ids 0 port 0 prog none port 1 prog none\$" \
	sh -c "head -n 3 $D/nic1/chip | tr '\n' ' ' | sed 's/ \$//'"
check_output "the first still holds A's two maps" "^chip nic0 ports 2 emem_bytes 16777216 map_ids 2\$" \
	head -n 1 $D/nic0/chip

# Unload order 3: the NIC goes with a program and its maps loaded.
check "delete the first pair with A and its maps pinned" $IP link del xnic0
check_eq "its program and maps are gone from the driver" "nics 1 progs 0 maps 0" \
	"$(objects_settle 'nics 1 progs 0 maps 0')"
check_output "the orphaned map answers ENODEV" 'No such device' \
	$BPFTOOL map lookup pinned $M/maps/counts key $(k 0)
$IP link del other0
rm -rf $M/a $M/maps
check_eq "nothing leaked" "nics 0 progs 0 maps 0" \
	"$(objects_settle 'nics 0 progs 0 maps 0')"
check "rmmod" rmmod xnic
