// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Destination-port policy (HASH port -> verdict) for TCP and UDP over IPv4
 * and IPv6, installed on the first frame; verdict counts in an ARRAY.
 */
#include "diff_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, __u16);
	__type(value, __u32);
} port_policy SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 5); /* per XDP verdict */
	__type(key, __u32);
	__type(value, __u64);
} verdicts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} ports_init SEC(".maps");

static __always_inline int finish(__u32 verdict)
{
	__u64 *c = bpf_map_lookup_elem(&verdicts, &verdict);

	if (c)
		__sync_fetch_and_add(c, 1);
	return verdict;
}

SEC("xdp")
int xdp_fw_ports(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 k0 = 0, vlans, *done, *act;
	__u8 l4proto;
	__be16 proto;
	__u16 port;
	void *l4;
	int off;

	done = bpf_map_lookup_elem(&ports_init, &k0);
	if (!done)
		return XDP_ABORTED;
	if (!*done) {
		__u16 p[4] = {22, 53, 8080, 5000};
		__u32 a[4] = {XDP_DROP, XDP_PASS, XDP_TX, XDP_DROP};
		int i;

#pragma unroll
		for (i = 0; i < 4; i++)
			bpf_map_update_elem(&port_policy, &p[i], &a[i],
					    BPF_ANY);
		*done = 1;
	}
	off = parse_eth(data, data_end, &proto, &vlans);
	if (off < 0)
		return finish(XDP_DROP);
	if (proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = data + off;

		if ((void *)(ip + 1) > data_end || ip->ihl < 5)
			return finish(XDP_DROP);
		if (ip->frag_off & bpf_htons(0x1fff))
			return finish(XDP_PASS);
		l4proto = ip->protocol;
		l4 = (void *)ip + ip->ihl * 4;
	} else if (proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = data + off;

		if ((void *)(ip6 + 1) > data_end)
			return finish(XDP_DROP);
		l4proto = ip6->nexthdr;
		l4 = ip6 + 1;
	} else {
		return finish(XDP_PASS);
	}
	if (l4proto != IPPROTO_TCP && l4proto != IPPROTO_UDP)
		return finish(XDP_PASS);
	if (l4 + 4 > data_end)
		return finish(XDP_DROP);
	port = bpf_ntohs(((struct udphdr *)l4)->dest);
	act = bpf_map_lookup_elem(&port_policy, &port);
	return finish(act ? *act : XDP_PASS);
}
