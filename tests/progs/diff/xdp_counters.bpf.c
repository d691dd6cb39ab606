// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Per-protocol counters in an ARRAY.  The unit test recomputes every slot
 * from the frame generator's own record of what it built, so the rules
 * below are the contract:
 *  ALL, BYTES: every frame.  VLAN: outer ethertype is 802.1Q/802.1ad.
 *  A cut VLAN tag, IPv4 header (< 20 bytes or ihl < 5), IPv6 header
 *  (< 40), IPv6 extension header (< 8) or L4 header (TCP < 20, UDP < 8,
 *  ICMP/ICMPv6 < 4) counts MALFORMED and stops.  Later IPv4 fragments
 *  count IP4 only.  Other L4 protocols count L4_OTHER.
 */
#include "diff_common.h"

enum {
	C_ALL,
	C_BYTES,
	C_VLAN,
	C_IP4,
	C_IP6,
	C_ARP,
	C_OTHER,
	C_TCP,
	C_UDP,
	C_ICMP,
	C_L4_OTHER,
	C_MALFORMED,
	C_MAX
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, C_MAX);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

static __always_inline void bump(__u32 idx, __u64 by)
{
	__u64 *v = bpf_map_lookup_elem(&counters, &idx);

	if (v)
		__sync_fetch_and_add(v, by);
}

SEC("xdp")
int xdp_counters(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u32 vlans, l4len = 0;
	__u8 l4proto;
	void *l4;
	__be16 proto;
	int off;

	bump(C_ALL, 1);
	bump(C_BYTES, data_end - data);
	if (data + sizeof(*eth) <= data_end &&
	    (eth->h_proto == bpf_htons(ETH_P_8021Q) ||
	     eth->h_proto == bpf_htons(ETH_P_8021AD)))
		bump(C_VLAN, 1);
	off = parse_eth(data, data_end, &proto, &vlans);
	if (off < 0)
		goto malformed;

	if (proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = data + off;

		if ((void *)(ip + 1) > data_end || ip->ihl < 5)
			goto malformed;
		bump(C_IP4, 1);
		if (ip->frag_off & bpf_htons(0x1fff))
			return XDP_PASS;
		l4proto = ip->protocol;
		l4 = (void *)ip + ip->ihl * 4;
	} else if (proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = data + off;

		if ((void *)(ip6 + 1) > data_end)
			goto malformed;
		bump(C_IP6, 1);
		l4proto = ip6->nexthdr;
		l4 = ip6 + 1;
		if (l4proto == 0 || l4proto == 60) {
			__u8 *ext = l4;

			if ((void *)(ext + 8) > data_end)
				goto malformed;
			l4proto = ext[0];
			l4 += (ext[1] + 1) * 8;
		}
	} else if (proto == bpf_htons(ETH_P_ARP)) {
		bump(C_ARP, 1);
		return XDP_PASS;
	} else {
		bump(C_OTHER, 1);
		return XDP_PASS;
	}

	switch (l4proto) {
	case IPPROTO_TCP:
		l4len = 20;
		break;
	case IPPROTO_UDP:
		l4len = 8;
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		l4len = 4;
		break;
	default:
		bump(C_L4_OTHER, 1);
		return XDP_PASS;
	}
	if (l4 + l4len > data_end)
		goto malformed;
	bump(l4proto == IPPROTO_TCP ? C_TCP :
	     l4proto == IPPROTO_UDP ? C_UDP :
				      C_ICMP,
	     1);
	return XDP_PASS;
malformed:
	bump(C_MALFORMED, 1);
	return XDP_PASS;
}
