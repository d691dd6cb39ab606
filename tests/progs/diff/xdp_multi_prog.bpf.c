// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Two XDP programs in one object sharing one ARRAY; runners pick one by
 * function name (--sec xdp_multi_even / xdp_multi_odd), the default being
 * the first.  Each counts frames of its parity and passes the other kind.
 */
#include "diff_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} parity SEC(".maps");

static __always_inline int by_parity(struct xdp_md *ctx, __u32 want)
{
	__u32 len = ctx->data_end - ctx->data, k = len & 1;
	__u64 *c;

	if (k != want)
		return XDP_PASS;
	c = bpf_map_lookup_elem(&parity, &k);
	if (c)
		*c += len;
	return XDP_DROP;
}

SEC("xdp")
int xdp_multi_even(struct xdp_md *ctx)
{
	return by_parity(ctx, 0);
}

SEC("xdp")
int xdp_multi_odd(struct xdp_md *ctx)
{
	return by_parity(ctx, 1);
}
