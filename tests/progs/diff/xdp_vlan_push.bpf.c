// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Push an 802.1Q tag (VID from the source MAC's last byte, PCP 5) in front
 * of untagged frames with bpf_xdp_adjust_head(-4).
 */
#include "diff_common.h"

SEC("xdp")
int xdp_vlan_push(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct vlan_hdr *tag;
	__be16 proto;
	__u8 macs[12];
	__u16 vid;

	if ((void *)(eth + 1) > data_end)
		return XDP_ABORTED;
	proto = eth->h_proto;
	if (proto == bpf_htons(ETH_P_8021Q) || proto == bpf_htons(ETH_P_8021AD))
		return XDP_PASS;
	vid = 100 + eth->h_source[5];
	__builtin_memcpy(macs, data, 12);
	if (bpf_xdp_adjust_head(ctx, -4))
		return XDP_ABORTED;
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	if (data + 18 > data_end)
		return XDP_ABORTED;
	__builtin_memcpy(data, macs, 12);
	eth = data;
	eth->h_proto = bpf_htons(ETH_P_8021Q);
	tag = (void *)(eth + 1);
	tag->tci = bpf_htons((5 << 13) | vid);
	tag->proto = proto;
	return XDP_TX;
}
