// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * skb->pkt_type, which the kernel derives from the destination address
 * against the receiving device (eth_type_trans): frames are counted per
 * class in pkt_types[0..7], read as a word and as its low byte (which
 * must agree), and the verdict depends on it, so a wrong class shows in
 * both the map and the verdicts.
 */
#include "diff_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} pkt_types SEC(".maps");

SEC("tc")
int tc_pkt_type(struct __sk_buff *skb)
{
	__u32 cls = skb->pkt_type & 7;
	__u8 low = *(volatile __u8 *)&skb->pkt_type;
	__u64 *v;

	if (low != cls)
		cls = 7;
	v = bpf_map_lookup_elem(&pkt_types, &cls);
	if (v)
		__sync_fetch_and_add(v, 1);
	return cls == 0 ? TC_ACT_OK : TC_ACT_SHOT;
}
