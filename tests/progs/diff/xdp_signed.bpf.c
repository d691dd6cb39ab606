// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Signed arithmetic: sign extension of 8/16/32-bit packet values,
 * arithmetic right shifts, signed comparisons (JSGT/JSLT/JSGE/JSLE) of
 * 64-bit values, and negative immediates.
 */
#include "diff_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __s64);
} signed_out SEC(".maps");

SEC("xdp")
int xdp_signed(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__s64 a, b, c, r = 0, *p;
	__u32 k;

	if (data + 24 > data_end)
		return XDP_ABORTED;
	a = *(__s8 *)(data + 19);
	b = *(__s16 *)(data + 20);
	c = *(__s32 *)(data + 16);
	if (a > b)
		r += a >> 2;
	else
		r -= b >> 3;
	if (c < -1000)
		r ^= c >> 7;
	if (a + b >= 0)
		r += (a * b) >> 1;
	if (c <= 5)
		r -= 12345;
	r += (c >> 31) * 17;
	k = (__u64)r & 3;
	p = bpf_map_lookup_elem(&signed_out, &k);
	if (p)
		*p += r;
	return r < 0 ? XDP_DROP : XDP_PASS;
}
