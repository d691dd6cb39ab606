// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * IPv6 extension-header walk (hop-by-hop, routing, destination options,
 * up to 3 in a bounded loop, each at most 32 bytes so every access stays
 * inside the NIC's packet window); counts the final next-header value in
 * a 256-entry ARRAY and drops ICMPv6 echo requests.
 */
#include "diff_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u32);
} nexthdr_count SEC(".maps");

SEC("xdp")
int xdp_ipv6_ext(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ipv6hdr *ip6;
	__u32 vlans, nh, *cnt;
	__be16 proto;
	__u8 *cur;
	int off, i;

	off = parse_eth(data, data_end, &proto, &vlans);
	if (off < 0 || proto != bpf_htons(ETH_P_IPV6))
		return XDP_PASS;
	ip6 = data + off;
	if ((void *)(ip6 + 1) > data_end)
		return XDP_DROP;
	nh = ip6->nexthdr;
	cur = (__u8 *)(ip6 + 1);
	for (i = 0; i < 3; i++) {
		if (nh != 0 && nh != 43 && nh != 60)
			break;
		if ((void *)(cur + 8) > data_end)
			return XDP_DROP;
		if (cur[1] > 3) {
			nh = 255; /* longer than 32 bytes: stop, count as 255 */
			break;
		}
		nh = cur[0];
		cur += ((cur[1] & 3) + 1) * 8; /* mask: <= 3 already */
	}
	cnt = bpf_map_lookup_elem(&nexthdr_count, &nh);
	if (cnt)
		*cnt += 1;
	if (nh == IPPROTO_ICMPV6) {
		struct icmp_echo *ic = (void *)cur;

		if ((void *)(ic + 1) > data_end)
			return XDP_DROP;
		if (ic->type == 128)
			return XDP_DROP;
	}
	return XDP_PASS;
}
