// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The "interp" conformance backend: the reference interpreter
 * (jit/bpf_interp.c) with the helpers the vectors assume.  It implements
 * all of ISA v4, so it never rejects; every failure is an error.
 */
#include "xnic/bpf_interp.h"
#include "xnic/conformance.h"

/* Helper 5 of the suite returns its first argument (README). */
static int helper_identity(struct xnic_bpf_interp *ip, void *priv,
			   const u64 args[5], u64 *ret)
{
	*ret = args[0];
	return 0;
}

static const xnic_bpf_helper_fn conformance_helpers[] = {
	[5] = helper_identity,
};

int xnic_conformance_interp_trace(
	const struct bpf_insn *insns, u32 cnt, u8 *mem, u32 mem_len,
	void (*trace)(void *priv, u32 pc, const u64 regs[MAX_BPF_REG]),
	void *priv, struct xnic_bpf_interp_result *res)
{
	struct xnic_bpf_interp_cfg cfg = {
		.insns = insns,
		.insn_cnt = cnt,
		.mem = mem,
		.mem_len = mem_len,
		.helpers = conformance_helpers,
		.helper_cnt = ARRAY_SIZE(conformance_helpers),
		.trace = trace,
		.trace_priv = priv,
	};

	return xnic_bpf_interp_run(&cfg, res);
}

static int interp_run(void *ctx, const struct bpf_insn *insns, u32 cnt, u8 *mem,
		      u32 mem_len, u64 *r0, char *why, size_t whylen)
{
	struct xnic_bpf_interp_result res;
	int err = xnic_conformance_interp_trace(insns, cnt, mem, mem_len, NULL,
						NULL, &res);

	if (err) {
		snprintf(why, whylen, "%s", res.msg);
		return err;
	}
	*r0 = res.r0;
	return XNIC_CONFORMANCE_RAN;
}

static const struct xnic_conformance_backend interp_backend = {
	.name = "interp",
	.description = "reference BPF interpreter (jit/bpf_interp.c), ISA v4",
	.isa_version = 4,
	.run = interp_run,
};

const struct xnic_conformance_backend *xnic_conformance_interp_backend(void)
{
	return &interp_backend;
}
