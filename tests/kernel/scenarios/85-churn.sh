# SPDX-License-Identifier: GPL-2.0-only
# Thousands of bound map/program lifecycles through raw bpf() calls
# (xnic-churn), then leak checks: the driver's live objects, and the
# kernel's own object counts in every slab cache, vmalloc and per-cpu
# memory, where a leak of one object per lifecycle would show a thousand
# times over.
. /lib.sh

load_xnic || { fail "insmod"; exit 1; }
make_pair || { fail "pair"; exit 1; }

check_output "200 lifecycles with the default module (verify, JIT, program and map in the NIC's chip)" \
	'^maps 200 loaded 200 refused 0$' xnic-churn xnic0 200
check_eq "no program or map state leaked" \
	"nics 1 progs 0 maps 0" "$(objects_settle 'nics 1 progs 0 maps 0')"
echo 1 >/sys/module/xnic/parameters/offload_without_jit
check_output "200 lifecycles in test mode (core bypassed)" \
	'^maps 200 loaded 200 refused 0$' xnic-churn xnic1 200
objects_settle 'nics 1 progs 0 maps 0' >/dev/null
slab_objects >/tmp/slab0
vm0=$(mem_kb VmallocUsed)
pc0=$(mem_kb Percpu)
check_output "2000 bound map + program lifecycles in test mode" \
	'^maps 2000 loaded 2000 refused 0$' xnic-churn xnic1 2000
check_eq "no program or map state leaked" \
	"nics 1 progs 0 maps 0" "$(objects_settle 'nics 1 progs 0 maps 0')"
echo 0 >/sys/module/xnic/parameters/offload_without_jit
check_output "test mode off again: 1000 more lifecycles through the core" \
	'^maps 1000 loaded 1000 refused 0$' xnic-churn xnic0 1000
check_eq "no program or map state leaked" \
	"nics 1 progs 0 maps 0" "$(objects_settle 'nics 1 progs 0 maps 0')"
check_eq "no slab cache grew by 500 objects or more over 3000 lifecycles" "" \
	"$(slab_settle /tmp/slab0 500)"
dvm=$(mem_settle VmallocUsed "$vm0" 1024)
echo "XNIC-MEASURE 3000 lifecycles: VmallocUsed +$dvm kB, Percpu ${pc0} -> $(mem_kb Percpu) kB"
# Kernel stacks of new kworkers are vmalloc'ed too (16 kB each): 1 MB of
# slack, where one leaked page a lifecycle would be 12 MB.
check_output "vmalloc stable (within 1 MB)" \
	'^ok$' sh -c "[ $dvm -lt 1024 ] && echo ok || echo 'grew by $dvm kB'"
check_eq "per-cpu memory unchanged" "$pc0" "$(mem_kb Percpu)"
$IP link del xnic0
check_eq "and the NIC is gone with its pair" \
	"nics 0 progs 0 maps 0" "$(objects_settle 'nics 0 progs 0 maps 0')"
check "rmmod" rmmod xnic
