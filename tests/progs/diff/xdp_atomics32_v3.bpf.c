// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * 32-bit atomics on map values and on the stack, with and without fetch:
 * add, or, and, xor, xchg, cmpxchg.  clang 14 emits the 32-bit fetch forms
 * only for -mcpu=v3, hence the _v3 name (the Makefile adds the flag).
 */
#include "diff_common.h"

struct a32 {
	__u32 add;
	__u32 bits;
	__u32 x;
	__u32 cas;
	__u32 fetched;
	__u32 stack_res;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct a32);
} atom32 SEC(".maps");

SEC("xdp")
int xdp_atomics32_v3(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 len = data_end - data, v, f = 0, k, s[2];
	struct a32 *a;

	if (data + 14 > data_end)
		return XDP_ABORTED;
	v = *(__u32 *)(data + 8);
	k = len & 3;
	a = bpf_map_lookup_elem(&atom32, &k);
	if (!a)
		return XDP_ABORTED;
	__sync_fetch_and_add(&a->add, len);
	__sync_fetch_and_or(&a->bits, 1u << (len & 31));
	__sync_fetch_and_and(&a->bits, ~(1u << ((len >> 5) & 31)));
	__sync_fetch_and_xor(&a->x, v);
	f += __sync_fetch_and_add(&a->add, 3);
	f ^= __sync_fetch_and_or(&a->x, len << 16);
	f += __sync_fetch_and_and(&a->bits, ~len);
	f ^= __sync_fetch_and_xor(&a->x, f);
	f += __sync_lock_test_and_set(&a->cas, v ^ len);
	f ^= __sync_val_compare_and_swap(&a->cas, v ^ len, len);
	f += __sync_val_compare_and_swap(&a->cas, 777, 1);
	a->fetched = a->fetched * 5 + f;

	s[0] = v;
	s[1] = len;
	f = __sync_fetch_and_add(&s[0], len);
	f ^= __sync_fetch_and_xor(&s[1], v);
	f += __sync_val_compare_and_swap(&s[1], s[1], f);
	a->stack_res ^= f + s[0] + s[1];
	return ((f ^ len) & 1) ? XDP_PASS : XDP_DROP;
}
