# SPDX-License-Identifier: GPL-2.0-only
# The module loads, registers the "xnic" link kind and unloads.
. /lib.sh

# The harness boots with slub_debug=FZP so that memory corruption by the
# driver shows up in the kernel log check of every scenario.
check_eq "harness: slub_debug poisoning is on" 1 "$(cat /sys/kernel/slab/kmalloc-64/poison)"

check "insmod xnic.ko" load_xnic
check_output "module is listed" '^xnic ' cat /proc/modules
check "a pair can be created once loaded" make_pair
check "the pair can be deleted" $IP link del xnic0
check "rmmod xnic" rmmod xnic
check_fails "link kind gone after rmmod" $IP link add xnic0 type xnic
