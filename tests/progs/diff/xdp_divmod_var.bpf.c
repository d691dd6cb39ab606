// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Unsigned division and remainder by variables taken from the frame,
 * 64-bit and 32-bit, including divisors that are zero (BPF defines x / 0 = 0
 * and x % 0 = x).
 */
#include "diff_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 6);
	__type(key, __u32);
	__type(value, __u64);
} divmod_out SEC(".maps");

static __always_inline void acc(__u32 idx, __u64 v)
{
	__u64 *p = bpf_map_lookup_elem(&divmod_out, &idx);

	if (p)
		*p += v;
}

SEC("xdp")
int xdp_divmod_var(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u64 a, b, len = data_end - data;
	__u32 a32, b32;
	__u8 *p = data;

	if (data + 14 > data_end)
		return XDP_ABORTED;
	a = *(__u64 *)(p + 6) ^ (len << 20);
	b = p[13] & 0x0f; /* often zero */
	a32 = (__u32)a;
	b32 = p[12];
	acc(0, a / (b + 0));
	acc(1, a % (b + 0));
	acc(2, len / (b + 1) + len % (b + 3));
	acc(3, a32 / (b32 | (b & 1)));
	acc(4, a32 % (b32 + (__u32)len));
	acc(5, a / ((__u64)b32 << 33 | len));
	return (a % (b + 2)) & 1 ? XDP_PASS : XDP_DROP;
}
