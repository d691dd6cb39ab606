# SPDX-License-Identifier: GPL-2.0-only
# The prepare-time snapshot the core will receive (struct xnic_prog), seen
# through debugfs: map references rewritten to map indices, line info
# carried over, the instructions untouched by the kernel's dead-code
# optimisations (so the core sees what the host front end sees), which are
# mirrored into a separate kernel view (replace_insn/remove_insns).
# Test-only offload_without_jit=1: the core is bypassed, so the image is
# empty and a program's map elements stay in the host store that the maps
# file counts (with the default module they move into the program's chip).
. /lib.sh

load_xnic offload_without_jit=1 || { fail "insmod"; exit 1; }
make_pair || { fail "pair"; exit 1; }
D=/sys/kernel/debug/xnic/nic0

check "debugfs directory of the NIC" test -d $D
check_output "caps: the verifier_ext default device (8192 code words)" \
	'^code_words 8192$' cat $D/caps
check_eq "no bound program yet" "" "$(cat $D/progs)"

$BPFTOOL prog load $PROGS/xdp_deadcode.bpf.o /sys/fs/bpf/d type xdp dev xnic0
id=$(prog_id xdp_deadcode)
check_output "dead-code program: 7 insns snapshotted, 5 live after the kernel's optimisations" \
	"^prog id $id name xdp_deadcode type xdp state translated insns 7 live 5 maps 0 lines [1-9][0-9]* image 0$" \
	cat $D/progs
check_output "the kernel's program has 5 insns (xlated 40 bytes)" \
	'xlated_len=40 ' xnic-proginfo "$id"
check_output "kernel view: insn 4 (hard-wired branch, then removed) is a nop" \
	'^  kern 4: code 05 dst 0 src 0 off 0 imm 0$' cat $D/progs
check_output "kernel view: insn 5 (dead) is a nop" \
	'^  kern 5: code 05 dst 0 src 0 off 0 imm 0$' cat $D/progs
check_output "kernel view: insn 6 is still exit" '^  kern 6: code 95 ' cat $D/progs
check_output "core's snapshot keeps the original branch (as the host front end has it)" \
	'^  core 4: code 15 dst 1 src 0 off 1 imm 2$' cat $D/progs
check_output "core's snapshot keeps the dead insn" \
	'^  core 5: code b7 dst 0 src 0 off 0 imm 1$' cat $D/progs
rm /sys/fs/bpf/d
sleep 1
check_eq "unloading the program removes it (destroy hook)" "" "$(cat $D/progs)"

$BPFTOOL prog load $PROGS/xdp_maps.bpf.o /sys/fs/bpf/m type xdp dev xnic0 pinmaps /sys/fs/bpf/maps
check_output "map program: 2 maps in the snapshot" \
	'name xdp_maps type xdp state translated insns [0-9]+ live [0-9]+ maps 2 ' cat $D/progs
check_output "map 0 is the ARRAY 'counters'" \
	'^  map 0: counters type 2 key 4 value 8 max_entries 4$' cat $D/progs
check_output "map 1 is the HASH 'verdicts'" \
	'^  map 1: verdicts type 1 key 4 value 4 max_entries 8$' cat $D/progs
check_output "ld_imm64 of map 0: src BPF_PSEUDO_MAP_FD, imm = index 0" \
	'^  core [0-9]+: code 18 dst 1 src 1 off 0 imm 0$' cat $D/progs
check_output "ld_imm64 of map 1: imm = index 1" \
	'^  core [0-9]+: code 18 dst 1 src 1 off 0 imm 1$' cat $D/progs
check_output "maps file: both offloaded maps" \
	'name verdicts type 1 key 4 value 4 max_entries 8 elements 0' cat $D/maps
$BPFTOOL map update pinned /sys/fs/bpf/maps/verdicts key 0 0 0 0 value 1 0 0 0
check_output "maps file counts elements" \
	'name verdicts type 1 key 4 value 4 max_entries 8 elements 1' cat $D/maps
check "a second pair gets nic1" sh -c "$IP link add other0 type xnic peer name other1 && test -d /sys/kernel/debug/xnic/nic1"
$IP link del other0
check "rmmod removes the debugfs tree" sh -c "rmmod xnic && ! test -d /sys/kernel/debug/xnic"
