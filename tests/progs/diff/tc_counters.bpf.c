// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * TC counters keyed on skb->protocol as eth_type_trans() sets it (outer
 * ethertype, 802.3 lengths folded into ETH_P_802_3/ETH_P_802_2) and on
 * skb->len buckets.
 */
#include "diff_common.h"

enum { T_ALL, T_BYTES, T_IP4, T_IP6, T_ARP, T_VLAN, T_8023, T_OTHER, T_MAX };

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, T_MAX);
	__type(key, __u32);
	__type(value, __u64);
} tc_counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} proto_seen SEC(".maps");

static __always_inline void add(__u32 idx, __u64 by)
{
	__u64 *v = bpf_map_lookup_elem(&tc_counts, &idx);

	if (v)
		__sync_fetch_and_add(v, by);
}

SEC("tc")
int tc_counters(struct __sk_buff *skb)
{
	__u32 proto = bpf_ntohs(skb->protocol);
	__u64 one = 1, *seen;
	__u32 idx;

	add(T_ALL, 1);
	add(T_BYTES, skb->len);
	switch (proto) {
	case ETH_P_IP:
		idx = T_IP4;
		break;
	case ETH_P_IPV6:
		idx = T_IP6;
		break;
	case ETH_P_ARP:
		idx = T_ARP;
		break;
	case ETH_P_8021Q:
	case ETH_P_8021AD:
		idx = T_VLAN;
		break;
	case ETH_P_802_3:
	case ETH_P_802_2:
		idx = T_8023;
		break;
	default:
		idx = T_OTHER;
	}
	add(idx, 1);
	seen = bpf_map_lookup_elem(&proto_seen, &proto);
	if (seen)
		(*seen)++;
	else
		bpf_map_update_elem(&proto_seen, &proto, &one, BPF_NOEXIST);
	return idx == T_OTHER ? TC_ACT_SHOT : TC_ACT_OK;
}
