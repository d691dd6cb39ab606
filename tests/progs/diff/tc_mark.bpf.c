// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * TC classification into skb->mark (written, then read back), with every
 * verdict kind including TC_ACT_UNSPEC (-1, printed as 4294967295).  The
 * marks are visible only through the ARRAY, since the JSON contract has no
 * context output.
 */
#include "diff_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} mark_sum SEC(".maps");

SEC("tc")
int tc_mark(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	__u32 cls, k;
	__u64 *v;

	if (skb->protocol == bpf_htons(ETH_P_IP))
		cls = 1;
	else if (skb->protocol == bpf_htons(ETH_P_IPV6))
		cls = 2;
	else if (skb->protocol == bpf_htons(ETH_P_ARP))
		cls = 3;
	else
		cls = 4;
	if (data + 14 <= data_end)
		cls |= (((__u8 *)data)[5] & 1) << 2;
	skb->mark = 0x100 * cls + (skb->len & 0xff);
	k = cls & 7;
	v = bpf_map_lookup_elem(&mark_sum, &k);
	if (v)
		*v += skb->mark;
	switch (cls) {
	case 1:
		return TC_ACT_OK;
	case 2:
		return TC_ACT_SHOT;
	case 3:
		return TC_ACT_PIPE;
	case 5:
		return TC_ACT_UNSPEC;
	default:
		return skb->mark > 0x500 ? TC_ACT_RECLASSIFY : TC_ACT_OK;
	}
}
