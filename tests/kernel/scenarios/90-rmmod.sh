# SPDX-License-Identifier: GPL-2.0-only
# rmmod with pairs, offloaded programs (running on the chip) and maps still
# present deletes them all; the module reloads cleanly; and 20 such
# load/use/unload cycles leave no chip memory (vmalloc) or per-cpu memory
# behind.  Slab counts are checked by 85-churn over thousands of
# lifecycles: over 20 module reloads the kernel's own slab noise (a bare
# insmod/rmmod moves kmalloc-96 by hundreds of objects) hides small leaks.
. /lib.sh


# One module lifetime: two pairs, a program with maps offloaded and run
# on a0's chip, a pinned map on b0, frames through it all, then rmmod.
cycle() {
	load_xnic || return 1
	$IP link add a0 type xnic peer name a1 || return 1
	$IP link add b0 type xnic peer name b1 || return 1
	$IP link set a0 up && $IP link set a1 up || return 1
	$IP link set dev a1 xdpoffload obj $PROGS/xdp_maps.bpf.o sec xdp || return 1
	$BPFTOOL map create /sys/fs/bpf/bm type hash key 4 value 4 entries 8 name bm dev b0 || return 1
	$BPFTOOL map update pinned /sys/fs/bpf/bm key 1 0 0 0 value 2 0 0 0 || return 1
	xnic-pkt send a0 "$(frame 46)" 10 || return 1
	[ "$(stat a1 hw_pass)" = 10 ] || return 1
	rmmod xnic || return 1
	rm /sys/fs/bpf/bm
}

check "rmmod with two pairs, an offloaded program with maps and a pinned map" cycle
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
cycle
vm0=$(mem_kb VmallocUsed)
pc0=$(mem_kb Percpu)
i=0
while [ $i -lt 20 ] && cycle; do
	i=$((i + 1))
done
check_eq "20 more insmod / offload / traffic / rmmod cycles" 20 $i
# Kernel stacks are vmalloc'ed too (16 kB a thread), hence the slack; one
# leaked chip a cycle would be 320 MiB.
dvm=$(mem_settle VmallocUsed "$vm0" 1024)
check_output "vmalloc back where it was, within 1 MB (a NIC's chip is 16 MiB of it)" \
	'^ok$' sh -c "[ $dvm -lt 1024 ] && echo ok || echo 'grew by $dvm kB'"
check_eq "per-cpu memory back where it was" "$pc0" "$(mem_kb Percpu)"
