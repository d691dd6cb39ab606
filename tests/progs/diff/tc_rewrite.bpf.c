// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Direct packet writes from TC: for untagged IPv4 UDP, swap the ports
 * (checksum-neutral) and set DSCP 46 in the TOS byte, repairing the IPv4
 * checksum with bpf_csum_diff over the changed 4-byte word.
 */
#include "diff_common.h"

SEC("tc")
int tc_rewrite(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	__be32 old_w, new_w;
	struct udphdr *udp;
	struct iphdr *ip;
	__be16 tmp;
	__s64 c;
	__u32 s;

	if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return TC_ACT_OK;
	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end || ip->ihl != 5 ||
	    ip->protocol != IPPROTO_UDP)
		return TC_ACT_OK;
	udp = (void *)(ip + 1);
	if ((void *)(udp + 1) > data_end)
		return TC_ACT_SHOT;
	tmp = udp->source;
	udp->source = udp->dest;
	udp->dest = tmp;
	old_w = *(__be32 *)ip;
	ip->tos = (46 << 2) | (ip->tos & 3);
	new_w = *(__be32 *)ip;
	c = bpf_csum_diff(&old_w, 4, &new_w, 4, (__u16)~bpf_ntohs(ip->check));
	s = (__u64)c & 0xffffffff;
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	ip->check = bpf_htons(~s & 0xffff);
	return TC_ACT_OK;
}
