/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The body of xdp_shared_pass and xdp_shared_drop, two programs sharing
 * the ARRAY "shared" on one NIC (scenario 82): each counts the frames it
 * sees in its own slot and returns its verdict, so that after a run under
 * traffic the map must equal the ports' hw_* counters exactly, whatever
 * the replacements in between.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 32);
	__type(key, __u32);
	__type(value, __u64);
} shared SEC(".maps");

static __always_inline int shared_count(__u32 slot, int verdict)
{
	__u32 key = slot;
	__u64 *cnt = bpf_map_lookup_elem(&shared, &key);

	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	return verdict;
}
