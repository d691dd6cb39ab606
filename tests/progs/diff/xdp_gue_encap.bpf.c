// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * GUE-like encapsulation (outer IPv4 + UDP port 6080 + 4-byte GUE header)
 * of IPv4 and IPv6 frames, tunnel endpoint chosen from an ARRAY by the
 * inner protocol; outer checksum via bpf_csum_diff.
 */
#include "diff_common.h"

struct gue_hdr {
	__u8 hlen_ver;
	__u8 proto;
	__be16 flags;
};

struct encap_hdr {
	struct iphdr ip;
	struct udphdr udp;
	struct gue_hdr gue;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2); /* 0: IPv4 tunnel dst, 1: IPv6 tunnel dst */
	__type(key, __u32);
	__type(value, __u32);
} tunnel_dst SEC(".maps");

SEC("xdp")
int xdp_gue_encap(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data, eth_copy;
	struct encap_hdr *h;
	__u32 key, *dst, inner_len, fallback = 0xc0000201;
	__u8 proto;
	__s64 csum;

	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		proto = IPPROTO_IPIP;
		key = 0;
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		proto = IPPROTO_IPV6;
		key = 1;
	} else {
		return XDP_PASS;
	}
	dst = bpf_map_lookup_elem(&tunnel_dst, &key);
	if (!dst)
		return XDP_ABORTED;
	if (!*dst)
		*dst = fallback + key; /* first use sets the endpoint */
	inner_len = data_end - data - sizeof(*eth);
	__builtin_memcpy(&eth_copy, eth, sizeof(eth_copy));
	if (bpf_xdp_adjust_head(ctx, -(int)sizeof(*h)))
		return XDP_ABORTED;
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	eth = data;
	h = (void *)(eth + 1);
	if ((void *)(h + 1) > data_end)
		return XDP_ABORTED;
	__builtin_memcpy(eth, &eth_copy, sizeof(*eth));
	eth->h_proto = bpf_htons(ETH_P_IP);
	h->ip.version = 4;
	h->ip.ihl = 5;
	h->ip.tos = 0;
	h->ip.tot_len = bpf_htons(inner_len + sizeof(*h));
	h->ip.id = bpf_htons(inner_len);
	h->ip.frag_off = 0;
	h->ip.ttl = 32;
	h->ip.protocol = IPPROTO_UDP;
	h->ip.check = 0;
	h->ip.saddr = bpf_htonl(0xc0000264);
	h->ip.daddr = bpf_htonl(*dst);
	h->udp.source = bpf_htons(49152 | (inner_len & 0x3fff));
	h->udp.dest = bpf_htons(6080);
	h->udp.len = bpf_htons(inner_len + sizeof(h->udp) + sizeof(h->gue));
	h->udp.check = 0;
	h->gue.hlen_ver = 0;
	h->gue.proto = proto;
	h->gue.flags = 0;
	csum = bpf_csum_diff(0, 0, (__be32 *)&h->ip, sizeof(h->ip), 0);
	csum = (csum & 0xffff) + (csum >> 16);
	csum = (csum & 0xffff) + (csum >> 16);
	h->ip.check = ~csum;
	return XDP_TX;
}
