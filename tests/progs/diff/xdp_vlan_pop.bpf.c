// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Pop the outer VLAN tag: move the MAC addresses 4 bytes up and
 * bpf_xdp_adjust_head(+4).  Untagged frames pass unchanged.
 */
#include "diff_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} popped SEC(".maps");

SEC("xdp")
int xdp_vlan_pop(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u8 macs[12];
	__u32 k = 0;
	__u64 *cnt;

	if (data + sizeof(*eth) + 4 > data_end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_8021Q) &&
	    eth->h_proto != bpf_htons(ETH_P_8021AD))
		return XDP_PASS;
	__builtin_memcpy(macs, data, 12);
	if (bpf_xdp_adjust_head(ctx, 4))
		return XDP_ABORTED;
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	if (data + 14 > data_end)
		return XDP_ABORTED;
	__builtin_memcpy(data, macs, 12);
	cnt = bpf_map_lookup_elem(&popped, &k);
	if (cnt)
		*cnt += 1;
	return XDP_TX;
}
