// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Variable-offset stack accesses: stack arrays indexed by packet bytes
 * (masked to the array), loads and stores of every width, a byte array
 * updated in place, and a callee indexing its caller's array.  The
 * results go into the frame's MAC addresses and a map, so every store
 * shows in the compared output.
 */
#include "diff_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} varoff_out SEC(".maps");

/* Reaches into the caller's frame with a variable offset. */
static __attribute__((noinline)) __u32 bump(__u8 *cnt, __u32 i)
{
	cnt[i & 31] += 1;
	return cnt[(i >> 3) & 31];
}

SEC("xdp")
int xdp_stack_varoff(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u8 *p = data;
	__u8 cnt[32];
	__u16 h[8];
	__u32 w[8];
	__u64 q[4];
	__u64 acc = 0, *out;
	__u32 k, i, b;

	__builtin_memset(cnt, 0, sizeof(cnt));
	__builtin_memset(h, 0, sizeof(h));
	__builtin_memset(w, 0, sizeof(w));
	__builtin_memset(q, 0, sizeof(q));
	for (i = 0; i < 24; i++) {
		if ((void *)(p + i + 1) > data_end)
			break;
		b = p[i];
		acc += bump(cnt, b + i);
		h[b & 7] ^= (__u16)(b * 257 + i);
		w[(b >> 3) & 7] += b << (i & 15);
		q[(b ^ i) & 3] = (q[(b ^ i) & 3] << 7) ^ (b | ((__u64)i << 40));
		acc += h[(b >> 5) & 7] + w[(b >> 2) & 7] + (q[b & 3] >> 3);
	}
	if ((void *)(p + 12) > data_end)
		return XDP_PASS;
	for (i = 0; i < 12; i++)
		p[i] = cnt[(i * 3) & 31] ^ (__u8)h[i & 7];
		/* unrolled: a spilled loop counter would lose its bounds */
#pragma clang loop unroll(full)
	for (i = 0; i < 4; i++) {
		k = i;
		out = bpf_map_lookup_elem(&varoff_out, &k);
		if (out)
			*out += q[i] ^ w[i] ^ w[i + 4];
	}
	return acc & 1 ? XDP_TX : XDP_PASS;
}
