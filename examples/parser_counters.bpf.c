// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Example: a packet parser with per-protocol counters.
 *
 * Walks Ethernet, up to two VLAN tags, IPv4 (with options) or IPv6 (with
 * one hop-by-hop/destination-options header), then TCP, UDP or ICMP, and
 * counts what it saw in an ARRAY; IPv4 sources get a per-address packet
 * count in a HASH.  Frames whose headers are cut short are dropped, the
 * rest pass.  Build: clang -target bpf -O2 -g -c parser_counters.bpf.c
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

enum counter {
	CNT_FRAMES,
	CNT_BYTES,
	CNT_VLAN,
	CNT_IPV4,
	CNT_IPV6,
	CNT_ARP,
	CNT_OTHER_L3,
	CNT_TCP,
	CNT_UDP,
	CNT_ICMP,
	CNT_OTHER_L4,
	CNT_FRAGMENT,
	CNT_MALFORMED,
	CNT_MAX
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, CNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} proto_counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __be32);
	__type(value, __u64);
} ipv4_sources SEC(".maps");

struct vlan_tag {
	__be16 tci;
	__be16 proto;
};

static __always_inline void count(enum counter c, __u64 by)
{
	__u32 key = c;
	__u64 *v = bpf_map_lookup_elem(&proto_counters, &key);

	if (v)
		__sync_fetch_and_add(v, by);
}

static __always_inline void count_source(__be32 saddr)
{
	__u64 one = 1, *v = bpf_map_lookup_elem(&ipv4_sources, &saddr);

	if (v)
		__sync_fetch_and_add(v, 1);
	else
		bpf_map_update_elem(&ipv4_sources, &saddr, &one, BPF_NOEXIST);
}

/* Count the L4 protocol whose header starts at l4; 0 or -1 (cut short). */
static __always_inline int parse_l4(void *l4, void *data_end, __u8 proto)
{
	__u32 need;
	enum counter c;

	switch (proto) {
	case IPPROTO_TCP:
		need = 20;
		c = CNT_TCP;
		break;
	case IPPROTO_UDP:
		need = 8;
		c = CNT_UDP;
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		need = 4;
		c = CNT_ICMP;
		break;
	default:
		count(CNT_OTHER_L4, 1);
		return 0;
	}
	if (l4 + need > data_end)
		return -1;
	count(c, 1);
	return 0;
}

SEC("xdp")
int parser_counters(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	void *cur = eth + 1;
	__be16 proto;
	int i;

	count(CNT_FRAMES, 1);
	count(CNT_BYTES, data_end - data);
	if (cur > data_end)
		goto malformed;
	proto = eth->h_proto;
	if (proto == bpf_htons(ETH_P_8021Q) || proto == bpf_htons(ETH_P_8021AD))
		count(CNT_VLAN, 1);
#pragma unroll
	for (i = 0; i < 2; i++) {
		struct vlan_tag *tag = cur;

		if (proto != bpf_htons(ETH_P_8021Q) &&
		    proto != bpf_htons(ETH_P_8021AD))
			break;
		if ((void *)(tag + 1) > data_end)
			goto malformed;
		proto = tag->proto;
		cur = tag + 1;
	}

	if (proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = cur;

		if ((void *)(ip + 1) > data_end || ip->ihl < 5)
			goto malformed;
		count(CNT_IPV4, 1);
		count_source(ip->saddr);
		if (ip->frag_off & bpf_htons(0x3fff))
			count(CNT_FRAGMENT, 1);
		if (ip->frag_off & bpf_htons(0x1fff))
			return XDP_PASS; /* no L4 header in later fragments */
		if (parse_l4(cur + ip->ihl * 4, data_end, ip->protocol))
			goto malformed;
	} else if (proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = cur;
		__u8 nexthdr;

		if ((void *)(ip6 + 1) > data_end)
			goto malformed;
		count(CNT_IPV6, 1);
		nexthdr = ip6->nexthdr;
		cur = ip6 + 1;
		if (nexthdr == 0 || nexthdr == 60) {
			__u8 *ext = cur;

			if ((void *)(ext + 8) > data_end)
				goto malformed;
			nexthdr = ext[0];
			cur += (ext[1] + 1) * 8;
		}
		if (parse_l4(cur, data_end, nexthdr))
			goto malformed;
	} else if (proto == bpf_htons(ETH_P_ARP)) {
		count(CNT_ARP, 1);
	} else {
		count(CNT_OTHER_L3, 1);
	}
	return XDP_PASS;

malformed:
	count(CNT_MALFORMED, 1);
	return XDP_DROP;
}

char _license[] SEC("license") = "GPL";
