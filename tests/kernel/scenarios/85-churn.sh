# SPDX-License-Identifier: GPL-2.0-only
# Thousands of bound map/program lifecycles through raw bpf() calls
# (xnic-churn), then a leak check on the driver's live objects.
. /lib.sh

load_xnic || { fail "insmod"; exit 1; }
make_pair || { fail "pair"; exit 1; }

check_output "200 lifecycles with the default module (verify, JIT, a simulated chip, map moved in and out)" \
	'^maps 200 loaded 200 refused 0$' xnic-churn xnic0 200
check_eq "no program or map state leaked (each chip goes with its program)" \
	"nics 1 progs 0 maps 0" "$(objects_settle 'nics 1 progs 0 maps 0')"
echo 1 >/sys/module/xnic/parameters/offload_without_jit
check_output "2000 bound map + program lifecycles in test mode (core bypassed)" \
	'^maps 2000 loaded 2000 refused 0$' xnic-churn xnic1 2000
check_eq "no program or map state leaked" \
	"nics 1 progs 0 maps 0" "$(objects_settle 'nics 1 progs 0 maps 0')"
echo 0 >/sys/module/xnic/parameters/offload_without_jit
check_output "test mode off again: 200 more lifecycles through the core" \
	'^maps 200 loaded 200 refused 0$' xnic-churn xnic0 200
check_eq "no program or map state leaked" \
	"nics 1 progs 0 maps 0" "$(objects_settle 'nics 1 progs 0 maps 0')"
$IP link del xnic0
check_eq "and the NIC is gone with its pair" \
	"nics 0 progs 0 maps 0" "$(objects_settle 'nics 0 progs 0 maps 0')"
check "rmmod" rmmod xnic
