// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A large stack frame (a 384-byte buffer): copy the first 64 bytes of the
 * frame in (bounds-checked per byte), scatter them with strided writes,
 * hash the buffer back out.  Exercises stack offsets far from r10.
 */
#include "diff_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} stack_hash SEC(".maps");

SEC("xdp")
int xdp_stack_big(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u8 buf[384];
	__u64 h = 1469598103934665603ULL, *out;
	__u8 *p = data;
	__u32 k = 0;
	int i;

	__builtin_memset(buf, 0, sizeof(buf));
	for (i = 0; i < 64; i++) {
		if ((void *)(p + i + 1) > data_end)
			break;
		buf[i] = p[i];
		buf[383 - i * 5] ^= p[i] + i;
	}
	for (i = 0; i < 384; i += 8)
		h = (h ^ *(__u64 *)&buf[i]) * 1099511628211ULL;
	out = bpf_map_lookup_elem(&stack_hash, &k);
	if (out)
		*out ^= h;
	return (h >> 63) ? XDP_TX : XDP_PASS;
}
