// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bpf-to-bpf calls: three levels of __noinline functions taking packet
 * pointers, stack pointers and scalars, returning values through r0 and
 * through the caller's stack.
 */
#include "diff_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} call_out SEC(".maps");

static __noinline __u64 fold(__u64 a, __u64 b, __u64 c, __u64 d, __u64 e)
{
	return (a * 3 + b) ^ (c << 7) ^ (d >> 2) ^ (e * 0x100000001ULL);
}

static __noinline int read_l3(void *data, void *data_end, __u64 *out)
{
	__u8 *p = data;

	if (data + 34 > data_end)
		return -1;
	*out = fold(p[14], p[15], *(__u32 *)(p + 26), *(__u32 *)(p + 30),
		    p[23]);
	return p[23];
}

static __noinline __u32 classify(struct xdp_md *ctx, __u64 *h)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	int proto = read_l3(data, data_end, h);

	if (proto < 0)
		return 3;
	return proto == IPPROTO_TCP ? 0 : proto == IPPROTO_UDP ? 1 : 2;
}

SEC("xdp")
int xdp_calls(struct xdp_md *ctx)
{
	__u64 h = 0, *slot;
	__u32 cls = classify(ctx, &h);

	slot = bpf_map_lookup_elem(&call_out, &cls);
	if (slot)
		*slot = fold(*slot, h, cls, 1, 2);
	return cls == 3 ? XDP_DROP : XDP_PASS;
}
