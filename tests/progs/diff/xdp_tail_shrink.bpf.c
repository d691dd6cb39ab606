// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bpf_xdp_adjust_tail shrink: frames over 128 bytes are cut to 128, shorter
 * ones lose (len % 7) bytes; the kernel refuses to go below 14 bytes, which
 * shows up as XDP_ABORTED.  Results per outcome in an ARRAY.
 */
#include "diff_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 3); /* 0: cut to 128, 1: small trim, 2: refused */
	__type(key, __u32);
	__type(value, __u64);
} shrink_stats SEC(".maps");

SEC("xdp")
int xdp_tail_shrink(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 len = data_end - data, k;
	int delta;
	__u64 *c;

	if (len > 128) {
		delta = 128 - (int)len;
		k = 0;
	} else {
		delta = -(int)(len % 7);
		k = 1;
	}
	if (bpf_xdp_adjust_tail(ctx, delta))
		k = 2;
	c = bpf_map_lookup_elem(&shrink_stats, &k);
	if (c)
		*c += 1;
	return k == 2 ? XDP_ABORTED : XDP_TX;
}
