// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* 64-bit atomics on stack slots; the result goes to a HASH keyed by length. */
#include "diff_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 2048);
	__type(key, __u32);
	__type(value, __u64);
} stack_atom SEC(".maps");

SEC("xdp")
int xdp_atomics_stack(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 len = data_end - data;
	__u64 s[2], r = 0, *old;

	if (data + 14 > data_end)
		return XDP_ABORTED;
	s[0] = *(__u64 *)data;
	s[1] = len;
	__sync_fetch_and_add(&s[0], 7);
	r += __sync_fetch_and_add(&s[1], s[0]);
	r ^= __sync_fetch_and_or(&s[0], 0xf0f0);
	r += __sync_fetch_and_and(&s[1], 0xffffff00ffULL);
	r ^= __sync_fetch_and_xor(&s[0], r);
	r += __sync_lock_test_and_set(&s[1], r);
	r ^= __sync_val_compare_and_swap(&s[0], s[0], len);
	r += s[0] + s[1];
	old = bpf_map_lookup_elem(&stack_atom, &len);
	if (old)
		r ^= *old;
	bpf_map_update_elem(&stack_atom, &len, &r, BPF_ANY);
	return XDP_PASS;
}
