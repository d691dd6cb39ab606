// SPDX-License-Identifier: GPL-2.0-only
/*
 * Every XDP verdict that leaves the NIC, chosen by header fields, so that
 * scenario 77 follows redirected frames (the offload sends them out of the
 * other port, whose wire is this port's: the program sees them again):
 *  - ethertype 0x88b5 (the harness's `frame`): XDP_REDIRECT unchanged,
 *    so the frame loops until the driver's nesting bound drops it;
 *  - other frames with a locally administered source MAC: XDP_REDIRECT
 *    with that bit cleared, so the second pass lets them through;
 *  - ARP (with a universal source MAC by then): XDP_TX;
 *  - everything else: XDP_PASS;
 *  - shorter than an Ethernet header: XDP_DROP.
 * runs[] counts the program's runs per verdict: the loops show in it.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 5);
	__type(key, __u32);
	__type(value, __u64);
} runs SEC(".maps");

static __always_inline int count(__u32 verdict)
{
	__u64 *v = bpf_map_lookup_elem(&runs, &verdict);

	if (v)
		*v += 1;
	return verdict;
}

SEC("xdp")
int xdp_redirect(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;

	if (data + sizeof(*eth) > data_end)
		return count(XDP_DROP);
	if (eth->h_proto == bpf_htons(0x88b5))
		return count(XDP_REDIRECT);
	if (eth->h_source[0] & 2) {
		eth->h_source[0] &= ~2;
		return count(XDP_REDIRECT);
	}
	if (eth->h_proto == bpf_htons(ETH_P_ARP))
		return count(XDP_TX);
	return count(XDP_PASS);
}

char _license[] SEC("license") = "GPL";
