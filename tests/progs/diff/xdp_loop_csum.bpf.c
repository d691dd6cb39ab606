// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Bounded loops: verify the IPv4 header checksum word by word (up to 30
 * words, ihl-dependent trip count), then sum up to 64 payload bytes with a
 * bounds check in every iteration.  Results counted in an ARRAY.
 */
#include "diff_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4); /* good csum, bad csum, payload sum, frames */
	__type(key, __u32);
	__type(value, __u64);
} loop_out SEC(".maps");

static __always_inline void add(__u32 idx, __u64 v)
{
	__u64 *p = bpf_map_lookup_elem(&loop_out, &idx);

	if (p)
		*p += v;
}

SEC("xdp")
int xdp_loop_csum(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u32 sum = 0, words, i, psum = 0;
	struct iphdr *ip;
	__u8 *pl;

	add(3, 1);
	if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end)
		return XDP_DROP;
	words = ip->ihl * 2;
	for (i = 0; i < 30; i++) {
		__u16 *w = (__u16 *)ip + i;

		if (i >= words || (void *)(w + 1) > data_end)
			break;
		sum += *w;
	}
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	add(sum == 0xffff ? 0 : 1, 1);
	pl = (__u8 *)ip + ip->ihl * 4;
	for (i = 0; i < 64; i++) {
		if ((void *)(pl + i + 1) > data_end)
			break;
		psum += pl[i] * (i + 1);
	}
	add(2, psum);
	return sum == 0xffff ? XDP_PASS : XDP_DROP;
}
