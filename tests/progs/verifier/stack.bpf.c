// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Stack: spills and fills, bounds, initialisation. */
#include "vcommon.h"

SEC("xdp")
int stack_spill_pkt_ok(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	unsigned char *volatile saved;

	if ((void *)(data + 2) > end)
		return XDP_DROP;
	saved = data;
	return saved[1] ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int stack_buffer_ok(struct xdp_md *ctx)
{
	volatile __u64 buf[48];
	__u32 i;

	for (i = 0; i < 48; i++)
		buf[i] = i;
	return buf[47] == 47 ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int stack_uninit_read(struct xdp_md *ctx)
{
	__u64 v;

	asm volatile("%0 = *(u64 *)(r10 - 64)" : "=r"(v));
	return v ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int stack_partial_init(struct xdp_md *ctx)
{
	__u64 v;

	asm volatile("r2 = 1\n\t"
		     "*(u32 *)(r10 - 8) = w2\n\t"
		     "%0 = *(u64 *)(r10 - 8)" : "=r"(v) :: "r2");
	return v ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int stack_below_frame(struct xdp_md *ctx)
{
	asm volatile("r2 = 0\n\t"
		     "*(u64 *)(r10 - 520) = r2" ::: "r2");
	return XDP_PASS;
}

SEC("xdp")
int stack_above_frame(struct xdp_md *ctx)
{
	asm volatile("r2 = 0\n\t"
		     "*(u64 *)(r10 + 0) = r2" ::: "r2");
	return XDP_PASS;
}

SEC("xdp")
int stack_misaligned(struct xdp_md *ctx)
{
	asm volatile("r2 = 0\n\t"
		     "*(u64 *)(r10 - 12) = r2" ::: "r2");
	return XDP_PASS;
}

SEC("xdp")
int stack_ptr_narrow_fill(struct xdp_md *ctx)
{
	__u64 v;

	asm volatile("*(u64 *)(r10 - 8) = r1\n\t"
		     "%0 = *(u32 *)(r10 - 8)" : "=r"(v));
	return v ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int stack_fp_write(struct xdp_md *ctx)
{
	asm volatile("r10 = 0");
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
