// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Reflect UDP frames: swap MAC addresses (16- and 32-bit moves), XDP_TX. */
#include "diff_common.h"

SEC("xdp")
int xdp_mac_swap(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip;
	__u16 *m = data;
	__u16 t0, t1, t2;

	if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end || ip->protocol != IPPROTO_UDP)
		return XDP_PASS;
	t0 = m[0];
	t1 = m[1];
	t2 = m[2];
	m[0] = m[3];
	m[1] = m[4];
	m[2] = m[5];
	m[3] = t0;
	m[4] = t1;
	m[5] = t2;
	return XDP_TX;
}
