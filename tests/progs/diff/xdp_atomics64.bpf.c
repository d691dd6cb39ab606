// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Every 64-bit atomic on a map value: add, or, and, xor without fetch;
 * fetch_add/or/and/xor, xchg and cmpxchg with the fetched values folded
 * into a second slot and into the verdict.
 */
#include "diff_common.h"

struct atom_val {
	__u64 add;
	__u64 bits;
	__u64 x;
	__u64 cas;
	__u64 fetched;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, struct atom_val);
} atom64 SEC(".maps");

SEC("xdp")
int xdp_atomics64(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u64 len = data_end - data, v, f = 0;
	struct atom_val *a;
	__u32 k;

	if (data + 14 > data_end)
		return XDP_ABORTED;
	v = *(__u64 *)(data + 4);
	k = len & 1;
	a = bpf_map_lookup_elem(&atom64, &k);
	if (!a)
		return XDP_ABORTED;
	__sync_fetch_and_add(&a->add, len);
	__sync_fetch_and_or(&a->bits, 1ULL << (len & 63));
	__sync_fetch_and_and(&a->bits, ~(1ULL << ((len >> 3) & 63)));
	__sync_fetch_and_xor(&a->x, v);
	f += __sync_fetch_and_add(&a->add, 1);
	f ^= __sync_fetch_and_or(&a->x, len << 32);
	f += __sync_fetch_and_and(&a->bits, ~len);
	f ^= __sync_fetch_and_xor(&a->x, f);
	f += __sync_lock_test_and_set(&a->cas, v ^ len);
	f ^= __sync_val_compare_and_swap(&a->cas, v ^ len, len);
	f += __sync_val_compare_and_swap(&a->cas, 12345, 1);
	a->fetched = a->fetched * 3 + f;
	return (f & 1) ? XDP_PASS : XDP_TX;
}
