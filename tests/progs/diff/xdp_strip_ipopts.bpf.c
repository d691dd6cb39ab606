// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Remove IPv4 options from untagged frames: copy Ethernet + the fixed IPv4
 * header forward over the options, bpf_xdp_adjust_head(+optlen) - a
 * variable positive delta - then fix ihl, tot_len and the checksum.
 */
#include "diff_common.h"

SEC("xdp")
int xdp_strip_ipopts(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u8 hdr[sizeof(struct ethhdr) + sizeof(struct iphdr)];
	struct iphdr *ip;
	__u32 optlen, sum = 0;
	__u16 *w;
	int i;

	if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end)
		return XDP_DROP;
	if (ip->ihl <= 5)
		return XDP_PASS;
	optlen = (ip->ihl - 5) * 4;
	if ((void *)(ip + 1) + optlen > data_end)
		return XDP_DROP;
	__builtin_memcpy(hdr, data, sizeof(hdr));
	if (bpf_xdp_adjust_head(ctx, optlen))
		return XDP_ABORTED;
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	if (data + sizeof(hdr) > data_end)
		return XDP_ABORTED;
	__builtin_memcpy(data, hdr, sizeof(hdr));
	ip = data + sizeof(struct ethhdr);
	ip->ihl = 5;
	ip->tot_len = bpf_htons(bpf_ntohs(ip->tot_len) - optlen);
	ip->check = 0;
	w = (__u16 *)ip;
#pragma unroll
	for (i = 0; i < 10; i++)
		sum += w[i];
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	ip->check = ~sum;
	return XDP_TX;
}
