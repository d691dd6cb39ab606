// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Byte-order conversions: bpf_ntohs/ntohl/be64toh and __builtin_bswap16/32/64
 * on packet words, folded into an ARRAY; verdict from a swapped value.
 */
#include "diff_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 6);
	__type(key, __u32);
	__type(value, __u64);
} swaps SEC(".maps");

static __always_inline void put(__u32 idx, __u64 v)
{
	__u64 *p = bpf_map_lookup_elem(&swaps, &idx);

	if (p)
		*p = (*p << 1 | *p >> 63) ^ v;
}

SEC("xdp")
int xdp_bswap(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u64 w64;
	__u32 w32;
	__u16 w16;

	if (data + 22 > data_end)
		return XDP_DROP;
	w16 = *(__u16 *)(data + 12);
	w32 = *(__u32 *)(data + 14);
	w64 = *(__u64 *)(data + 14);
	put(0, bpf_ntohs(w16));
	put(1, bpf_ntohl(w32));
	put(2, bpf_be64_to_cpu(w64));
	put(3, __builtin_bswap16(w16 ^ 0x1234));
	put(4, __builtin_bswap32(w32 + 1));
	put(5, __builtin_bswap64(w64 - 1));
	return (bpf_ntohl(w32) >> 28) == 4 ? XDP_TX : XDP_PASS;
}
