// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bpf_csum_diff: check the IPv4 header checksum (sum of the whole header
 * must fold to 0xffff), then decrement TTL and patch the checksum with the
 * difference of the old and new 4-byte word - both chained through the
 * helper's seed argument.
 */
#include "diff_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 3); /* good, bad, rewritten */
	__type(key, __u32);
	__type(value, __u64);
} csum_stats SEC(".maps");

static __always_inline __u16 fold(__s64 c)
{
	__u64 s = (__u64)c & 0xffffffff;

	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return s;
}

static __always_inline void count(__u32 k)
{
	__u64 *v = bpf_map_lookup_elem(&csum_stats, &k);

	if (v)
		*v += 1;
}

SEC("xdp")
int xdp_csum_diff(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip;
	__be32 old_w, new_w;
	__s64 c;

	if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end)
		return XDP_DROP;
	c = bpf_csum_diff(0, 0, (__be32 *)ip, sizeof(*ip), 0);
	if (c < 0)
		return XDP_ABORTED;
	if (ip->ihl != 5 || fold(c) != 0xffff) {
		count(1);
		return XDP_PASS;
	}
	count(0);
	if (ip->ttl <= 1)
		return XDP_DROP;
	old_w = *(__be32 *)&ip->ttl; /* ttl, protocol, check */
	ip->ttl--;
	ip->check = 0;
	new_w = *(__be32 *)&ip->ttl;
	c = bpf_csum_diff(0, 0, (__be32 *)ip, sizeof(*ip), 0);
	ip->check = ~fold(c);
	c = bpf_csum_diff(&old_w, 4, &new_w, 4, 0);
	if ((c & 0xffffffff) == 0)
		return XDP_ABORTED;
	count(2);
	return XDP_TX;
}
