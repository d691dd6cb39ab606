// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Atomics with fetch, xchg and cmpxchg on map values and the stack. */
#include "vcommon.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} cnt SEC(".maps");

SEC("xdp")
int atomic_fetch_ok(struct xdp_md *ctx)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&cnt, &k), old;

	if (!v)
		return XDP_PASS;
	old = __sync_fetch_and_add(v, 2);
	old += __sync_fetch_and_or(v, 1);
	old += __sync_lock_test_and_set(v, 7);
	old += __sync_val_compare_and_swap(v, 7, old);
	return old & 1 ? XDP_DROP : XDP_PASS;
}

SEC("xdp")
int atomic_stack_ok(struct xdp_md *ctx)
{
	__u64 slot = ctx->rx_queue_index;
	__u32 w = 3;

	__sync_fetch_and_add(&slot, 5);
	__sync_fetch_and_xor(&w, 1);
	opaque(slot);
	return (slot + w) & 1 ? XDP_DROP : XDP_PASS;
}

SEC("xdp")
int atomic_on_packet(struct xdp_md *ctx)
{
	__u32 *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if ((void *)(data + 1) > end)
		return XDP_DROP;
	__sync_fetch_and_add(data, 1);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
