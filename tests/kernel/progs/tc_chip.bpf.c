// SPDX-License-Identifier: GPL-2.0-only
/*
 * A TC classifier sharing the ARRAY "counts" of xdp_chip_a/b (scenario
 * 62): it counts its frames in counts[2] and lets them through, so that a
 * TC offload on one port and an XDP offload on the other are seen to
 * update the one map in the NIC's chip.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 32);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("tc")
int tc_chip(struct __sk_buff *skb)
{
	__u32 key = 2;
	__u64 *cnt = bpf_map_lookup_elem(&counts, &key);

	if (cnt)
		*cnt += 1;
	return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
