// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Router-style TTL / hop-limit decrement (VLAN-aware): IPv4 checksum
 * updated incrementally as in RFC 1624; expiring packets are dropped and
 * counted per protocol family.
 */
#include "diff_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2); /* expired IPv4, expired IPv6 */
	__type(key, __u32);
	__type(value, __u64);
} expired SEC(".maps");

static __always_inline int expire(__u32 k)
{
	__u64 *v = bpf_map_lookup_elem(&expired, &k);

	if (v)
		__sync_fetch_and_add(v, 1);
	return XDP_DROP;
}

SEC("xdp")
int xdp_ttl(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 vlans, sum;
	__be16 proto;
	int off;

	off = parse_eth(data, data_end, &proto, &vlans);
	if (off < 0)
		return XDP_DROP;
	if (proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = data + off;

		if ((void *)(ip + 1) > data_end)
			return XDP_DROP;
		if (ip->ttl <= 1)
			return expire(0);
		/* HC' = ~(~HC + ~m + m'), m = ttl << 8 in the first half */
		sum = (__u16)~bpf_ntohs(ip->check);
		sum += (__u16) ~(ip->ttl << 8);
		ip->ttl--;
		sum += ip->ttl << 8;
		sum = (sum & 0xffff) + (sum >> 16);
		sum = (sum & 0xffff) + (sum >> 16);
		ip->check = bpf_htons(~sum & 0xffff);
		return XDP_TX;
	}
	if (proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = data + off;

		if ((void *)(ip6 + 1) > data_end)
			return XDP_DROP;
		if (ip6->hop_limit <= 1)
			return expire(1);
		ip6->hop_limit--;
		return XDP_TX;
	}
	return XDP_PASS;
}
