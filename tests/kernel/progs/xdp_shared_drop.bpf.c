// SPDX-License-Identifier: GPL-2.0-only
/*
 * One of two programs that share the ARRAY "shared" on one NIC (scenario
 * 82): each counts the frames it sees in its own slot (1) and returns
 * XDP_DROP, so that after a run under traffic the map must equal the ports'
 * hw_* counters exactly, whatever the replacements in between.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 32);
	__type(key, __u32);
	__type(value, __u64);
} shared SEC(".maps");

SEC("xdp")
int xdp_shared_drop(struct xdp_md *ctx)
{
	__u32 key = 1;
	__u64 *cnt = bpf_map_lookup_elem(&shared, &key);

	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	return XDP_DROP;
}

char _license[] SEC("license") = "GPL";
