// SPDX-License-Identifier: GPL-2.0-only
/*
 * Scenario 55's program for the insn_hook cross-check: a branch both
 * verifiers decide (clang cannot, the value is hidden), a stack spill and
 * fill of a constant, an array lookup with a constant key (which
 * verifier_ext knows cannot fail, where the kernel 6.1 explores its null
 * branch), a map value access, a lookup with a constant key past the
 * end of the array (which always fails; an 8-byte spill, so that the
 * kernel knows the key too), and a stack index that is 0 only on that null
 * branch and used as a pointer offset (so the kernel keeps it precise and walks
 * the merge point with it instead of pruning).  Two arrays so that a
 * corrupted map index names an existing map.  Not named xdp_* on purpose:
 * only scenario 55 loads it.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} xc_a SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} xc_b SEC(".maps");

SEC("xdp")
int xcheck(struct xdp_md *ctx)
{
	__u32 k0 = 0;
	volatile __u64 spill = 7, k9 = 9;
	volatile __u8 verdicts[4];
	__u64 *a, *b;
	__u32 i = 0, n = 5;

	verdicts[0] = XDP_ABORTED;
	verdicts[1] = XDP_PASS;
	verdicts[2] = XDP_DROP;
	verdicts[3] = XDP_PASS;
	/* hidden from clang only: both verifiers know n is 5 */
	asm volatile("" : "+r"(n));
	if (n <= 3)
		return XDP_ABORTED;
	a = bpf_map_lookup_elem(&xc_a, &k0);
	if (a) {
		*a += spill;
		i = 1;
		b = bpf_map_lookup_elem(&xc_b, (void *)&k9);
		if (b && *b == 5)
			i = 2;
	}
	/* hide i's range from clang, so that it adds rather than ors */
	asm volatile("" : "+r"(i));
	return verdicts[i];
}

char _license[] SEC("license") = "GPL";
