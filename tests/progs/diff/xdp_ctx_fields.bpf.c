// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Reads every xdp_md field the NIC provides: data, data_end,
 * ingress_ifindex and rx_queue_index.  Under BPF_PROG_TEST_RUN the
 * interface is the loopback device (ifindex 1) and the queue is 0; the
 * simulator must present the same.
 */
#include "diff_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} ctx_seen SEC(".maps");

SEC("xdp")
int xdp_ctx_fields(struct xdp_md *ctx)
{
	__u64 *v;
	__u32 k;

	k = 0;
	v = bpf_map_lookup_elem(&ctx_seen, &k);
	if (v)
		*v += ctx->data_end - ctx->data;
	k = 1;
	v = bpf_map_lookup_elem(&ctx_seen, &k);
	if (v)
		*v = ctx->ingress_ifindex;
	k = 2;
	v = bpf_map_lookup_elem(&ctx_seen, &k);
	if (v)
		*v = ctx->rx_queue_index;
	return ctx->rx_queue_index == 0 ? XDP_PASS : XDP_DROP;
}
