// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Context fields of XDP and TC programs. */
#include "vcommon.h"

SEC("xdp")
int xdp_ctx_fields_ok(struct xdp_md *ctx)
{
	return ctx->ingress_ifindex + ctx->rx_queue_index > 7 ? XDP_DROP :
								XDP_PASS;
}

SEC("xdp")
int xdp_data_meta(struct xdp_md *ctx)
{
	return ctx->data_meta ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int xdp_egress_ifindex(struct xdp_md *ctx)
{
	return ctx->egress_ifindex ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int xdp_ctx_write(struct xdp_md *ctx)
{
	ctx->rx_queue_index = 1;
	return XDP_PASS;
}

SEC("xdp")
int xdp_ctx_modified_ptr(struct xdp_md *ctx)
{
	__u32 v;

	asm volatile("r1 += 4\n\t"
		     "%0 = *(u32 *)(r1 + 0)" : "=r"(v) :: "r1");
	return v ? XDP_PASS : XDP_DROP;
}

SEC("tc")
int tc_fields_ok(struct __sk_buff *skb)
{
	__u32 h = skb->len + skb->protocol + skb->vlan_tci + skb->hash +
		  skb->ifindex + skb->priority;

	skb->mark = h;
	return 0;
}

SEC("tc")
int tc_pkt_ok(struct __sk_buff *skb)
{
	unsigned char *data = (void *)(long)skb->data;
	void *end = (void *)(long)skb->data_end;

	if ((void *)(data + 14) > end)
		return 2;
	data[0] = 0xff;
	return 0;
}

SEC("tc")
int tc_cb_write(struct __sk_buff *skb)
{
	skb->cb[0] = 1;
	return 0;
}

SEC("tc")
int tc_len_write(struct __sk_buff *skb)
{
	skb->len = 1;
	return 0;
}

SEC("tc")
int tc_adjust_head(struct __sk_buff *skb)
{
	asm volatile("r2 = 4\n\t"
		     "call 44" ::: "r0", "r1", "r2", "r3", "r4", "r5");
	return 0;
}

char _license[] SEC("license") = "GPL";
