// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * 32-bit ALU and JMP32 forms (compiled with -mcpu=v3, see the _v3 name):
 * wrapping add/sub/mul, 32-bit shifts by register, div/mod on u32,
 * 32-bit signed compares, and implicit zero extension of 32-bit results.
 */
#include "diff_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} alu32_out SEC(".maps");

SEC("xdp")
int xdp_alu32_v3(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 a, b, c, len = data_end - data, k;
	__s32 sa, sb;
	__u64 *p, wide;

	if (data + 20 > data_end)
		return XDP_ABORTED;
	a = *(__u32 *)(data + 6);
	b = *(__u32 *)(data + 10);
	c = *(__u16 *)(data + 16);
	a = a * 2654435761u + b;
	b = (b << (c & 31)) | (b >> ((32 - c) & 31));
	c = a - b * 7;
	sa = (__s32)a >> (len & 15);
	sb = (__s32)(b ^ c);
	if (sa < sb)
		c += 0x7fffffff;
	if ((__s32)c > -5)
		a ^= c / (len | 1);
	else
		a += c % 1000;
	if (a > b)
		b = -b;
	wide = (__u64)a << 32 | (b + c); /* 32-bit results zero-extend */
	k = a & 3;
	p = bpf_map_lookup_elem(&alu32_out, &k);
	if (p)
		*p ^= wide;
	return (sa >= 0) ? XDP_PASS : XDP_TX;
}
