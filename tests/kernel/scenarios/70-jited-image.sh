# SPDX-License-Identifier: GPL-2.0-only
# The jited image the kernel reports for an offloaded XDP or TC program (bpf_prog_info
# jited_prog_insns, read by xnic-proginfo) must be byte-identical to the
# code words the host JIT writes for the same object (`xnic-jit prog.o
# --code-only`, precomputed by run.sh into /expected).
#
# Runs with the default module: verifier_ext and the JIT run in the
# driver's verify/translate seams (execution is scenarios 75 and 77's).
. /lib.sh

load_xnic || { fail "insmod"; exit 1; }
make_pair || { fail "pair"; exit 1; }

for o in $PROGS/xdp_*.bpf.o $PROGS/tc_*.bpf.o $PROGS/diff_*.bpf.o; do
	[ -f "$o" ] || continue
	name=$(basename "$o" .bpf.o)
	type=xdp
	case $name in tc_* | diff_tc_*) type=classifier ;; esac
	# Made to be refused by the device (30-offload-dev, 60-maps).
	case $name in xdp_bigkey | xdp_cpuid) continue ;; esac
	exp=/expected/$name.bin
	if [ ! -f "$exp" ]; then
		skip "$name: no host xnic-jit image (host JIT missing or it rejected the program)"
		continue
	fi
	log=$($BPFTOOL -d prog load "$o" /sys/fs/bpf/$name type $type dev xnic0 2>&1)
	if [ ! -e /sys/fs/bpf/$name ] &&
		printf '%s\n' "$log" | grep -qE "no direct value access support|map '[^']*\.(rodata|data|bss)[^']*': failed to create"; then
		skip "$name: global data cannot be offloaded (the kernel has no direct value access to offloaded maps)"
		continue
	fi
	if [ ! -e /sys/fs/bpf/$name ]; then
		fail "$name: bound load accepted by the host JIT but refused in the kernel"
		info "$(printf "%s\n" "$log" | grep -v libbpf | tail -n 6)"
		continue
	fi
	id=$($BPFTOOL prog show pinned /sys/fs/bpf/$name | sed -n 's/^\([0-9]*\):.*/\1/p')
	xnic-proginfo "$id" /tmp/$name.img >/dev/null
	if cmp -s /tmp/$name.img "$exp"; then
		pass "$name: jited image ($(wc -c <"$exp") bytes) identical to the host's xnic-jit --code-only"
	else
		fail "$name: jited image differs from the host's xnic-jit --code-only"
		info "kernel: $(wc -c </tmp/$name.img) bytes, host: $(wc -c <"$exp") bytes" \
			"$(cmp /tmp/$name.img "$exp" 2>&1)"
	fi
	rm -f /sys/fs/bpf/$name
done
check_output "a program the device cannot run: verifier_ext's message in the verifier log" \
	'xnic: .*insn 0: helper bpf_get_smp_processor_id#8 is not supported by the device' \
	$BPFTOOL -d prog load $PROGS/xdp_cpuid.bpf.o /sys/fs/bpf/cpuid type xdp dev xnic0
check_fails "...and the load failed" test -e /sys/fs/bpf/cpuid
check_eq "no program or map state left" "nics 1 progs 0 maps 0" \
	"$(objects_settle 'nics 1 progs 0 maps 0')"
$IP link del xnic0
rmmod xnic
