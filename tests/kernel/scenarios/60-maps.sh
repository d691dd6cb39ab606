# SPDX-License-Identifier: GPL-2.0-only
# Offloaded ARRAY and HASH maps: BPF_OFFLOAD_MAP_ALLOC/FREE and the
# bpf_map_dev_ops, through bpftool.  The maps live in the NIC's simulated
# chip (its map calls give the kernel's semantics and errors); no check
# depends on the order in which a HASH lists its keys.
. /lib.sh

load_xnic || { fail "insmod"; exit 1; }
make_pair || { fail "pair"; exit 1; }
M=/sys/fs/bpf
k() { printf '%d 0 0 0' "$1"; }

check "hash map on xnic0 (2 entries)" \
	$BPFTOOL map create $M/h type hash key 4 value 8 entries 2 name h dev xnic0
check_output "bpftool map show: offloaded_to xnic0" 'offloaded_to xnic0' \
	$BPFTOOL map show pinned $M/h
check "update key 1" $BPFTOOL map update pinned $M/h key $(k 1) value 1 1 1 1 0 0 0 0
check_output "lookup key 1" 'value: 01 01 01 01 00 00 00 00' \
	$BPFTOOL map lookup pinned $M/h key $(k 1)
check_output "lookup of a missing key: ENOENT" 'Not found' \
	$BPFTOOL map lookup pinned $M/h key $(k 9)
check "update key 2 noexist" $BPFTOOL map update pinned $M/h key $(k 2) value 2 0 0 0 0 0 0 0 noexist
check_output "third key in a 2-entry map: E2BIG" 'Argument list too long' \
	$BPFTOOL map update pinned $M/h key $(k 3) value 3 0 0 0 0 0 0 0
check_output "noexist on a present key: EEXIST" 'File exists' \
	$BPFTOOL map update pinned $M/h key $(k 1) value 0 0 0 0 0 0 0 0 noexist
check_output "exist on a missing key: ENOENT" 'No such file or directory' \
	$BPFTOOL map update pinned $M/h key $(k 5) value 0 0 0 0 0 0 0 0 exist
check "exist on a present key" \
	$BPFTOOL map update pinned $M/h key $(k 1) value 7 0 0 0 0 0 0 0 exist
check_output "the update took" 'value: 07 00 00 00 00 00 00 00' \
	$BPFTOOL map lookup pinned $M/h key $(k 1)
check_output "dump: 2 elements" 'Found 2 elements' $BPFTOOL map dump pinned $M/h
check_output "getnext without a key gives the first" 'next key:' \
	$BPFTOOL map getnext pinned $M/h
last=$($BPFTOOL map dump pinned $M/h | sed -n 's/^key: \(.. .. .. ..\) .*/\1/p' | tail -n 1)
check_output "getnext after the last: none" 'No such file|no next key' \
	$BPFTOOL map getnext pinned $M/h key hex $last
check "delete key 1" $BPFTOOL map delete pinned $M/h key $(k 1)
check_output "delete key 1 again: ENOENT" 'No such file or directory' \
	$BPFTOOL map delete pinned $M/h key $(k 1)
check "a freed slot is reusable" $BPFTOOL map update pinned $M/h key $(k 3) value 3 0 0 0 0 0 0 0
check_output "dump: 2 elements again" 'Found 2 elements' $BPFTOOL map dump pinned $M/h

check "array map on xnic1 (4 entries)" \
	$BPFTOOL map create $M/a type array key 4 value 4 entries 4 name a dev xnic1
check_output "array elements start zeroed" 'value: 00 00 00 00' \
	$BPFTOOL map lookup pinned $M/a key $(k 3)
check_output "dump: 4 elements" 'Found 4 elements' $BPFTOOL map dump pinned $M/a
check "array update" $BPFTOOL map update pinned $M/a key $(k 2) value 9 9 9 9
check_output "array lookup" 'value: 09 09 09 09' $BPFTOOL map lookup pinned $M/a key $(k 2)
check_output "array index out of range: E2BIG" 'Argument list too long' \
	$BPFTOOL map update pinned $M/a key $(k 4) value 1 1 1 1
check_output "array noexist: EEXIST" 'File exists' \
	$BPFTOOL map update pinned $M/a key $(k 0) value 1 1 1 1 noexist
check_output "array delete: EINVAL" 'Invalid argument' \
	$BPFTOOL map delete pinned $M/a key $(k 0)

check_fails "hash with BPF_F_NO_PREALLOC refused" \
	$BPFTOOL map create $M/x1 type hash key 4 value 8 entries 2 name x1 flags 1 dev xnic0
check_fails "key larger than the device allows refused" \
	$BPFTOOL map create $M/x2 type hash key 65 value 8 entries 2 name x2 dev xnic0
check_fails "array with an 8-byte key refused" \
	$BPFTOOL map create $M/x3 type array key 8 value 8 entries 2 name x3 dev xnic0
check_fails "LRU hash cannot be offloaded (kernel)" \
	$BPFTOOL map create $M/x4 type lru_hash key 4 value 8 entries 2 name x4 dev xnic0
check_output "a program whose map the device refuses fails to load (E2BIG from MAP_ALLOC)" \
	'Argument list too long' \
	$BPFTOOL prog load $PROGS/xdp_bigkey.bpf.o $M/big type xdp dev xnic0
check_fails "...and nothing is pinned" test -e $M/big
check "unpin the hash map: MAP_FREE" rm $M/h

# Maps outlive neither their NIC nor the module.
$BPFTOOL map create $M/h2 type hash key 4 value 4 entries 16 name h2 dev xnic0
check "delete the pair with maps allocated" $IP link del xnic0
check_output "orphaned map: no device" 'No such device' \
	$BPFTOOL map show pinned $M/a
check_output "operations on it fail: ENODEV" 'No such device' \
	$BPFTOOL map lookup pinned $M/h2 key $(k 0)
check_eq "the driver freed the NIC and every map store" \
	"nics 0 progs 0 maps 0" "$(objects_settle 'nics 0 progs 0 maps 0')"
make_pair
$BPFTOOL map create $M/h3 type hash key 4 value 4 entries 1024 name h3 dev xnic0
i=0
while [ $i -lt 24 ]; do
	$BPFTOOL map update pinned $M/h3 key $(k $i) value $(k $i) || break
	i=$((i + 1))
done
check_eq "24 updates" 24 $i
check_output "dump: 24 elements" 'Found 24 elements' $BPFTOOL map dump pinned $M/h3
check "rmmod with a populated map pinned" rmmod xnic
