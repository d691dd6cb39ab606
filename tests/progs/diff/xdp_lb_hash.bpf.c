// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Flow-hash load balancing: a mixing hash over the IPv4 5-tuple (multiply,
 * rotate, xor), backend = hash % n where n comes from a config ARRAY (a
 * variable divisor), destination MAC rewritten from a backend ARRAY.
 */
#include "diff_common.h"

struct backend {
	__u8 mac[6];
	__u16 weight;
	__u64 pkts;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, struct backend);
} backends SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} lb_config SEC(".maps");

static __always_inline __u32 rol32(__u32 x, int k)
{
	return (x << k) | (x >> (32 - k));
}

static __always_inline __u32 mix3(__u32 a, __u32 b, __u32 c)
{
	a -= c;
	a ^= rol32(c, 4);
	c += b;
	b -= a;
	b ^= rol32(a, 6);
	a += c;
	c -= b;
	c ^= rol32(b, 8);
	b += a;
	a -= c;
	a ^= rol32(c, 16);
	c += b;
	return c ^ (a * 0x85ebca6b) ^ (b >> 13);
}

SEC("xdp")
int xdp_lb_hash(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u32 k0 = 0, *n, h, idx, ports = 0;
	struct backend *be;
	struct iphdr *ip;

	if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end || ip->ihl != 5)
		return XDP_PASS;
	if ((ip->protocol == IPPROTO_TCP || ip->protocol == IPPROTO_UDP) &&
	    (void *)(ip + 1) + 4 <= data_end)
		ports = *(__u32 *)(ip + 1);
	n = bpf_map_lookup_elem(&lb_config, &k0);
	if (!n)
		return XDP_ABORTED;
	if (!*n)
		*n = 5; /* first frame configures five backends */
	h = mix3(ip->saddr, ip->daddr, ports ^ ip->protocol);
	idx = h % *n;
	be = bpf_map_lookup_elem(&backends, &idx);
	if (!be)
		return XDP_ABORTED;
	if (!be->weight) {
		be->mac[0] = 0x02;
		be->mac[5] = idx;
		be->weight = 1;
	}
	be->pkts++;
	__builtin_memcpy(eth->h_dest, be->mac, 6);
	return XDP_TX;
}
