// SPDX-License-Identifier: GPL-2.0-only
/*
 * A branch the kernel verifier proves always taken: it hard-wires it into
 * "ja" (replace_insn), removes the dead instruction and then the "ja +0"
 * (remove_insns), which the driver mirrors into its snapshot.  The asm
 * barrier hides the constant from clang so the branch survives to the
 * verifier.  Expected code: r0 = 2; r1 = 2; r1 <<= 32; r1 >>= 32;
 * if r1 == 2 goto +1; r0 = 1; exit.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_deadcode(struct xdp_md *ctx)
{
	__u32 x = 2;

	asm volatile("" : "+r"(x));
	if (x == 2)
		return XDP_PASS;
	return XDP_DROP;
}

char _license[] SEC("license") = "GPL";
