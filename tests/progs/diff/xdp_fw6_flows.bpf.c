// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * IPv6 flow table with an odd-sized packed key (37 bytes: addresses,
 * ports, next header) in a HASH, so key hashing and comparison cover sizes
 * that are not word multiples.  Every fourth packet of a flow is dropped.
 */
#include "diff_common.h"

struct flow6 {
	__u8 saddr[16];
	__u8 daddr[16];
	__be16 sport;
	__be16 dport;
	__u8 proto;
} __attribute__((packed));

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, struct flow6);
	__type(value, __u32);
} flows6 SEC(".maps");

SEC("xdp")
int xdp_fw6_flows(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ipv6hdr *ip6;
	struct flow6 k;
	__u32 vlans, one = 1, *cnt;
	__be16 proto;
	int off;

	off = parse_eth(data, data_end, &proto, &vlans);
	if (off < 0 || proto != bpf_htons(ETH_P_IPV6))
		return XDP_PASS;
	ip6 = data + off;
	if ((void *)(ip6 + 1) > data_end)
		return XDP_PASS;
	__builtin_memset(&k, 0, sizeof(k));
	__builtin_memcpy(k.saddr, &ip6->saddr, 16);
	__builtin_memcpy(k.daddr, &ip6->daddr, 16);
	k.proto = ip6->nexthdr;
	if (ip6->nexthdr == IPPROTO_TCP || ip6->nexthdr == IPPROTO_UDP) {
		struct udphdr *u = (void *)(ip6 + 1);

		if ((void *)(u + 1) > data_end)
			return XDP_DROP;
		k.sport = u->source;
		k.dport = u->dest;
	}
	cnt = bpf_map_lookup_elem(&flows6, &k);
	if (!cnt) {
		bpf_map_update_elem(&flows6, &k, &one, BPF_NOEXIST);
		return XDP_PASS;
	}
	*cnt += 1;
	return (*cnt & 3) == 0 ? XDP_DROP : XDP_PASS;
}
