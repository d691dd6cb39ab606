// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * skb->len histogram: 24 buckets of 64 bytes (division by a constant),
 * plus a HASH of len % 17 -> max len seen; drops frames over 1400 bytes.
 */
#include "diff_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 24);
	__type(key, __u32);
	__type(value, __u32);
} len_hist SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 17);
	__type(key, __u32);
	__type(value, __u32);
} len_mod SEC(".maps");

SEC("tc")
int tc_len_hist(struct __sk_buff *skb)
{
	__u32 len = skb->len, b = len / 64, m = len % 17, *v;

	if (b > 23)
		b = 23;
	v = bpf_map_lookup_elem(&len_hist, &b);
	if (v)
		__sync_fetch_and_add(v, 1);
	v = bpf_map_lookup_elem(&len_mod, &m);
	if (!v)
		bpf_map_update_elem(&len_mod, &m, &len, BPF_ANY);
	else if (len > *v)
		*v = len;
	return len > 1400 ? TC_ACT_SHOT : TC_ACT_OK;
}
