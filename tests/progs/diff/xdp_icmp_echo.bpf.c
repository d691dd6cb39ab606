// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Answer ICMPv4 echo requests in place: swap MACs and IP addresses, type
 * 8 -> 0 with the ICMP checksum adjusted incrementally, XDP_TX.
 */
#include "diff_common.h"

SEC("xdp")
int xdp_icmp_echo(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct icmp_echo *ic;
	struct iphdr *ip;
	__u8 mac[6];
	__be32 a;
	__u32 sum;

	if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end || ip->protocol != IPPROTO_ICMP ||
	    ip->ihl != 5 || (ip->frag_off & bpf_htons(0x3fff)))
		return XDP_PASS;
	ic = (void *)(ip + 1);
	if ((void *)(ic + 1) > data_end || ic->type != 8 || ic->code != 0)
		return XDP_PASS;
	__builtin_memcpy(mac, eth->h_dest, 6);
	__builtin_memcpy(eth->h_dest, eth->h_source, 6);
	__builtin_memcpy(eth->h_source, mac, 6);
	a = ip->saddr;
	ip->saddr = ip->daddr;
	ip->daddr = a;
	ic->type = 0;
	/* type is the high byte of the first word: it dropped by 8 << 8 */
	sum = bpf_ntohs(ic->checksum) + 0x0800;
	sum = (sum & 0xffff) + (sum >> 16);
	ic->checksum = bpf_htons(sum);
	return XDP_TX;
}
