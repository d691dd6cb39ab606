// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* ALU rules on pointers and scalars, helpers the device lacks. */
#include "vcommon.h"

SEC("xdp")
int alu_ptr_mul(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;

	asm volatile("%0 *= 2" : "+r"(data));
	return data ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int alu_ptr_and(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;

	asm volatile("%0 &= 0xff" : "+r"(data));
	return data ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int alu_ptr_32bit(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;

	asm volatile("r2 = r10\n\t"
		     "w2 += 4\n\t"
		     "%0 = r2" : "+r"(data) :: "r2");
	return data ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int alu_ptr_minus_ptr_ok(struct xdp_md *ctx)
{
	long data = ctx->data, end = ctx->data_end;

	return end - data > 100 ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int alu_scalar_minus_ptr(struct xdp_md *ctx)
{
	__u64 v;

	asm volatile("r2 = 10\n\t"
		     "r2 -= r1\n\t"
		     "%0 = r2" : "=r"(v) :: "r2");
	return v ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int alu_div_zero_const(struct xdp_md *ctx)
{
	__u64 v = ctx->rx_queue_index;

	asm volatile("%0 /= 0" : "+r"(v));
	return v ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int alu_div_var_ok(struct xdp_md *ctx)
{
	__u32 a = ctx->rx_queue_index, b = ctx->ingress_ifindex;

	return (a / b + a % b) & 1 ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int alu_shift_too_big(struct xdp_md *ctx)
{
	__u64 v = ctx->rx_queue_index;

	asm volatile("%0 <<= 64" : "+r"(v));
	return v ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int alu_unknown_ptr_math(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u64 off = ctx->rx_queue_index;

	asm volatile("%0 <<= 40" : "+r"(off));
	data += off;
	if ((void *)(data + 1) > end)
		return XDP_DROP;
	return data[0] ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int helper_unsupported(struct xdp_md *ctx)
{
	return bpf_get_smp_processor_id() ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int helper_misc_ok(struct xdp_md *ctx)
{
	__u64 t = bpf_ktime_get_ns();
	__u32 r = bpf_get_prandom_u32();
	__u32 a[2] = { 1, 2 }, b[2] = { (__u32)t, r };
	__s64 c = bpf_csum_diff(a, sizeof(a), b, sizeof(b), 0);

	return c & 1 ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int helper_bad_arg(struct xdp_md *ctx)
{
	asm volatile("r1 = 0\n\t"
		     "r2 = 0\n\t"
		     "call 1" ::: "r0", "r1", "r2", "r3", "r4", "r5");
	return XDP_PASS;
}

SEC("xdp")
int helper_uninit_arg(struct xdp_md *ctx)
{
	asm volatile("r1 = r10\n\t"
		     "r1 += -16\n\t"
		     "r2 = 8\n\t"
		     "r3 = r1\n\t"
		     "r4 = 8\n\t"
		     "r5 = 0\n\t"
		     "call 28" ::: "r0", "r1", "r2", "r3", "r4", "r5");
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
