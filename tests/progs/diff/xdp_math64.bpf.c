// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * 64-bit arithmetic on packet-derived values: multiply by large constants,
 * divide and take remainders by constants (the JIT's reciprocal path),
 * shifts across the 32-bit boundary, negation.  Results accumulate in an
 * ARRAY; the verdict is a remainder.
 */
#include "diff_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} math_out SEC(".maps");

static __always_inline void mix(__u32 idx, __u64 v)
{
	__u64 *p = bpf_map_lookup_elem(&math_out, &idx);

	if (p)
		*p = (*p * 31) ^ v;
}

SEC("xdp")
int xdp_math64(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u64 x, y, len = data_end - data;

	if (data + 14 > data_end)
		return XDP_ABORTED;
	x = *(__u64 *)data;
	y = *(__u32 *)(data + 8) | ((__u64) * (__u16 *)(data + 12) << 32);
	x ^= len << 40;
	mix(0, x * 0x9e3779b97f4a7c15ULL);
	mix(1, x / 7);
	mix(2, x % 1000003);
	mix(3, (x >> 33) + (y << 17) - (x >> 3));
	mix(4, y / 1000000007ULL + y % 10);
	mix(5, (__u64)(-(__s64)x) >> 1);
	mix(6, x * y + (x / 3) * (y % 5));
	mix(7, len * 1000 / 1514);
	return (x % 3) + 1; /* DROP, PASS or TX */
}
