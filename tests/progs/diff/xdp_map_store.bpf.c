// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Direct stores into map values through the lookup pointer: u8, u16, u32
 * and u64 fields at odd offsets, immediate and register stores, read-
 * modify-write without atomics, in an ARRAY and in a HASH keyed by
 * ethertype.
 */
#include "diff_common.h"

struct rec {
	__u8 first_byte;
	__u8 last_byte;
	__u16 ethertype;
	__u32 len;
	__u64 sum;
	__u8 flag;
	__u8 pad;
	__u16 count16;
	__u32 marker;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct rec);
} last_rec SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 32);
	__type(key, __u16);
	__type(value, struct rec);
} by_type SEC(".maps");

SEC("xdp")
int xdp_map_store(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u32 len = data_end - data, k = len & 3;
	struct rec *r, zero = {};
	__u16 et;

	if ((void *)(eth + 1) > data_end)
		return XDP_ABORTED;
	et = bpf_ntohs(eth->h_proto);
	r = bpf_map_lookup_elem(&last_rec, &k);
	if (!r)
		return XDP_ABORTED;
	r->first_byte = ((__u8 *)data)[0];
	r->last_byte = ((__u8 *)data)[13];
	r->ethertype = et;
	r->len = len;
	r->sum += len;
	r->flag = 0xa5;
	r->count16++;
	r->marker = 0xdeadbeef;

	r = bpf_map_lookup_elem(&by_type, &et);
	if (!r) {
		zero.ethertype = et;
		bpf_map_update_elem(&by_type, &et, &zero, BPF_NOEXIST);
		r = bpf_map_lookup_elem(&by_type, &et);
		if (!r)
			return XDP_DROP;
	}
	r->count16 += 1;
	r->sum = r->sum * 17 + eth->h_source[5];
	r->len = len > r->len ? len : r->len;
	*(__u8 *)&r->flag = r->count16 & 0xff;
	return XDP_PASS;
}
