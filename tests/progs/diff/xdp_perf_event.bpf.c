// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bpf_perf_event_output of a small record per IPv4 frame.  Under
 * BPF_PROG_TEST_RUN no reader is attached, so the helper's return value
 * (-ENOENT there) is deliberately ignored; the verdict and the ARRAY
 * counter do not depend on it.  The event map itself is not compared.
 */
#include "diff_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} sent SEC(".maps");

struct event {
	__u32 len;
	__u32 saddr;
	__u32 daddr;
	__u8 proto;
	__u8 ttl;
	__u16 pad;
};

SEC("xdp")
int xdp_perf_event(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct event ev = {};
	struct iphdr *ip;
	__u32 k = 0;
	__u64 *c;

	if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end)
		return XDP_DROP;
	ev.len = data_end - data;
	ev.saddr = ip->saddr;
	ev.daddr = ip->daddr;
	ev.proto = ip->protocol;
	ev.ttl = ip->ttl;
	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &ev, sizeof(ev));
	c = bpf_map_lookup_elem(&sent, &k);
	if (c)
		*c += 1;
	return XDP_PASS;
}
