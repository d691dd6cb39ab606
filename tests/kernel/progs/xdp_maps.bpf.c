// SPDX-License-Identifier: GPL-2.0-only
/*
 * Uses one ARRAY and one HASH map, so that loading it bound to a device
 * makes the kernel allocate both maps on that device first.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u32);
} verdicts SEC(".maps");

SEC("xdp")
int xdp_maps(struct xdp_md *ctx)
{
	__u32 key = 0, *verdict;
	__u64 *cnt;

	cnt = bpf_map_lookup_elem(&counters, &key);
	if (cnt)
		*cnt += 1;
	verdict = bpf_map_lookup_elem(&verdicts, &key);
	return verdict ? *verdict : XDP_PASS;
}

char _license[] SEC("license") = "GPL";
