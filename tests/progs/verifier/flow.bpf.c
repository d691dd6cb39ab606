// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Control flow: bounded loops, infinite loops, bpf-to-bpf calls. */
#include "vcommon.h"

static __attribute__((noinline)) int sum_bytes(unsigned char *p, void *end)
{
	int s = 0, i;

	for (i = 0; i < 8; i++) {
		if ((void *)(p + i + 1) > end)
			break;
		s += p[i];
	}
	return s;
}

SEC("xdp")
int loop_bounded_ok(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u32 s = 0, i;

	for (i = 0; i < 32; i++) {
		if ((void *)(data + i + 1) > end)
			break;
		s += data[i];
	}
	return s & 1 ? XDP_DROP : XDP_PASS;
}

SEC("xdp")
int loop_infinite(struct xdp_md *ctx)
{
	asm volatile("r0 = 0\n\t"
		     "l_%=: r0 += 0\n\t"
		     "if r0 == 0 goto l_%=" ::: "r0");
	return XDP_PASS;
}

SEC("xdp")
int loop_unbounded(struct xdp_md *ctx)
{
	__u32 n = ctx->rx_queue_index, steps = 0;

	while (n != 1) {
		n = n & 1 ? 3 * n + 1 : n / 2;
		steps++;
	}
	return steps & 1 ? XDP_DROP : XDP_PASS;
}

SEC("xdp")
int call_subprog_ok(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	return sum_bytes(data, end) & 1 ? XDP_DROP : XDP_PASS;
}

static __attribute__((noinline)) int fill(__u64 *buf, int n)
{
	int i;

	for (i = 0; i < 4; i++)
		buf[i] = n + i;
	return buf[3];
}

SEC("xdp")
int call_caller_stack_ok(struct xdp_md *ctx)
{
	__u64 buf[4];

	return fill(buf, ctx->rx_queue_index) & 1 ? XDP_DROP : XDP_PASS;
}

static __attribute__((noinline)) __u64 *leak_stack(void)
{
	__u64 *p;

	asm volatile("r2 = 0\n\t"
		     "*(u64 *)(r10 - 8) = r2\n\t"
		     "%0 = r10\n\t"
		     "%0 += -8" : "=r"(p) :: "r2");
	return p;
}

SEC("xdp")
int call_return_stack_ptr(struct xdp_md *ctx)
{
	__u64 *p = leak_stack();

	return p ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int return_pointer(struct xdp_md *ctx)
{
	__u64 r;

	asm volatile("%0 = r1" : "=r"(r));
	return r;
}

char _license[] SEC("license") = "GPL";
