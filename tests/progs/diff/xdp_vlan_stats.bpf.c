// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Packets and bytes per (outer, inner) VLAN ID in a HASH; VID 4094 drops. */
#include "diff_common.h"

struct vlan_key {
	__u16 outer;
	__u16 inner;
};

struct vlan_val {
	__u64 pkts;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 128);
	__type(key, struct vlan_key);
	__type(value, struct vlan_val);
} vlan_stats SEC(".maps");

SEC("xdp")
int xdp_vlan_stats(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct vlan_key k = {0xffff, 0xffff};
	struct vlan_val *v, init;
	struct vlan_hdr *t;

	if ((void *)(eth + 1) > data_end)
		return XDP_ABORTED;
	t = (void *)(eth + 1);
	if (eth->h_proto == bpf_htons(ETH_P_8021Q) ||
	    eth->h_proto == bpf_htons(ETH_P_8021AD)) {
		if ((void *)(t + 1) > data_end)
			return XDP_DROP;
		k.outer = bpf_ntohs(t->tci) & 0xfff;
		if (t->proto == bpf_htons(ETH_P_8021Q)) {
			if ((void *)(t + 2) > data_end)
				return XDP_DROP;
			k.inner = bpf_ntohs(t[1].tci) & 0xfff;
		}
	}
	v = bpf_map_lookup_elem(&vlan_stats, &k);
	if (v) {
		v->pkts++;
		v->bytes += data_end - data;
	} else {
		init.pkts = 1;
		init.bytes = data_end - data;
		bpf_map_update_elem(&vlan_stats, &k, &init, BPF_ANY);
	}
	return (k.outer == 4094 || k.inner == 4094) ? XDP_DROP : XDP_PASS;
}
