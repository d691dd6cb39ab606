// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Packet access: bounds learnt from data_end, and what breaks them. */
#include "vcommon.h"

SEC("xdp")
int pkt_eth_ok(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > end)
		return XDP_DROP;
	return eth->h_proto == bpf_htons(ETH_P_IP) ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int pkt_unchecked(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;

	return data[12] == 8 ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int pkt_off_by_one(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if ((void *)(data + 14) > end)
		return XDP_DROP;
	return data[14] ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int pkt_lt_check_ok(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if ((void *)(data + 20) <= end)
		return data[19] ? XDP_PASS : XDP_DROP;
	return XDP_ABORTED;
}

SEC("xdp")
int pkt_var_off_ok(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	unsigned char *p;
	__u32 ihl;

	if ((void *)(data + 15) > end)
		return XDP_DROP;
	ihl = (data[14] & 0xf) * 4;
	p = data + 14 + ihl;
	if ((void *)(p + 2) > end)
		return XDP_DROP;
	return p[1] == 17 ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int pkt_var_unchecked(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u32 ihl;

	if ((void *)(data + 15) > end)
		return XDP_DROP;
	ihl = (data[14] & 0xf) * 4;
	return data[14 + ihl] == 17 ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int pkt_mac_swap_ok(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	unsigned char tmp;
	int i;

	if ((void *)(data + 12) > end)
		return XDP_DROP;
	for (i = 0; i < 6; i++) {
		tmp = data[i];
		data[i] = data[i + 6];
		data[i + 6] = tmp;
	}
	return XDP_TX;
}

SEC("xdp")
int pkt_end_arith(struct xdp_md *ctx)
{
	void *end = (void *)(long)ctx->data_end;

	asm volatile("%0 += -4" : "+r"(end));
	return end ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int pkt_store_ptr(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 8 > end)
		return XDP_DROP;
	*(void **)data = data;
	return XDP_TX;
}

SEC("xdp")
int pkt_beyond_window(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if ((void *)(data + 2000) > end)
		return XDP_DROP;
	return data[1999] ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int pkt_after_adjust_head(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if ((void *)(data + 14) > end)
		return XDP_DROP;
	if (bpf_xdp_adjust_head(ctx, 4))
		return XDP_DROP;
	return data[0] ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int pkt_reload_after_adjust_ok(struct xdp_md *ctx)
{
	unsigned char *data, *end;

	if (bpf_xdp_adjust_head(ctx, -4))
		return XDP_DROP;
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	if (data + 18 > end)
		return XDP_DROP;
	__builtin_memmove(data, data + 4, 12);
	return XDP_TX;
}

SEC("xdp")
int pkt_tail_ok(struct xdp_md *ctx)
{
	return bpf_xdp_adjust_tail(ctx, -4) ? XDP_DROP : XDP_PASS;
}

SEC("xdp")
int pkt_negative_off(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if ((void *)(data + 4) > end)
		return XDP_DROP;
	asm volatile("%0 += -2" : "+r"(data));
	return data[0] ? XDP_PASS : XDP_DROP;
}

char _license[] SEC("license") = "GPL";
