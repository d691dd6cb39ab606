// SPDX-License-Identifier: GPL-2.0-only
/*
 * insn_hook cross-check: the kernel verifier walks the program path by
 * path and calls insn_hook before each instruction with its register
 * state; verifier_ext has already analysed the same program and merged,
 * per instruction, the kind of the dst and src registers over all of its
 * paths.  Where verifier_ext has a definite kind, every kernel path must
 * agree, or the JIT (which trusts verifier_ext) could compile something
 * the kernel's proof does not cover.  A disagreement rejects the program
 * with both views in the verifier log.
 *
 * No opinion is taken where verifier_ext merged different kinds (MIXED),
 * found the instruction dead (its range tracking may be sharper than the
 * kernel's), or where the kernel's type has no counterpart in verifier_ext.
 * One refinement is accepted: verifier_ext knows that an ARRAY lookup with
 * an in-range constant key cannot fail (map value) where 6.1's verifier
 * still says "map value or null".
 */
#include <linux/bpf_verifier.h>

#include "xnic.h"
#include "xnic/verifier.h"

static const char *const xnic_kind_names[] = {
	[XNIC_REG_UNSEEN] = "unseen",
	[XNIC_REG_NOT_INIT] = "not initialised",
	[XNIC_REG_SCALAR] = "scalar",
	[XNIC_REG_CTX] = "ctx",
	[XNIC_REG_PACKET] = "packet",
	[XNIC_REG_PACKET_END] = "packet end",
	[XNIC_REG_STACK] = "stack",
	[XNIC_REG_MAP_VALUE] = "map value",
	[XNIC_REG_MAP_VALUE_OR_NULL] = "map value or null",
	[XNIC_REG_MAP_PTR] = "map",
	[XNIC_REG_MIXED] = "mixed",
};

/* The kernel's register type as verifier_ext names it; -1: no match. */
static int xnic_kernel_kind(const struct bpf_reg_state *r)
{
	switch (base_type(r->type)) {
	case NOT_INIT:
		return XNIC_REG_NOT_INIT;
	case SCALAR_VALUE:
		return XNIC_REG_SCALAR;
	case PTR_TO_CTX:
		return XNIC_REG_CTX;
	case PTR_TO_PACKET:
		return XNIC_REG_PACKET;
	case PTR_TO_PACKET_END:
		return XNIC_REG_PACKET_END;
	case PTR_TO_STACK:
		return XNIC_REG_STACK;
	case PTR_TO_MAP_VALUE:
		return r->type & PTR_MAYBE_NULL ? XNIC_REG_MAP_VALUE_OR_NULL :
						  XNIC_REG_MAP_VALUE;
	case CONST_PTR_TO_MAP:
		return XNIC_REG_MAP_PTR;
	default:
		return -1;
	}
}

static int xnic_check_reg(struct bpf_verifier_env *env,
			  const struct xnic_prog_meta *meta, u32 idx, int which,
			  u8 regno)
{
	enum xnic_reg_kind ours;
	int theirs;

	if (regno >= MAX_BPF_REG ||
	    xnic_meta_reg_query(meta, idx, which, &ours, NULL))
		return 0;
	if (ours == XNIC_REG_UNSEEN || ours == XNIC_REG_MIXED ||
	    ours >= ARRAY_SIZE(xnic_kind_names))
		return 0;
	theirs = xnic_kernel_kind(&cur_regs(env)[regno]);
	if (theirs < 0 || theirs == ours)
		return 0;
	if (theirs == XNIC_REG_MAP_VALUE_OR_NULL && ours == XNIC_REG_MAP_VALUE)
		return 0;
	bpf_verifier_log_write(env,
			       "xnic: insn %u: R%u is %s for the kernel "
			       "verifier but %s for the offload verifier\n",
			       idx, regno, xnic_kind_names[theirs],
			       xnic_kind_names[ours]);
	return -EINVAL;
}

/*
 * Only registers the instruction reads are compared: the kind a register
 * had before it is overwritten is irrelevant to the code, and the two
 * verifiers legitimately differ there (the kernel turns the null branch
 * of a map lookup into a scalar, clobbers R1-R5 at calls, ...).
 */
int xnic_crosscheck_insn(struct bpf_verifier_env *env,
			 const struct xnic_prog_meta *meta,
			 const struct bpf_insn *insn, u32 idx)
{
	u8 cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
	bool dst_read, src_read;
	int err;

	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		dst_read = op != BPF_MOV;
		src_read = BPF_SRC(insn->code) == BPF_X && op != BPF_END &&
			   op != BPF_NEG;
		break;
	case BPF_JMP:
	case BPF_JMP32:
		if (op == BPF_CALL || op == BPF_EXIT || op == BPF_JA)
			return 0;
		dst_read = true;
		src_read = BPF_SRC(insn->code) == BPF_X;
		break;
	case BPF_LDX:
		dst_read = false;
		src_read = true;
		break;
	case BPF_STX:
		dst_read = true;
		src_read = true;
		break;
	case BPF_ST:
		dst_read = true;
		src_read = false;
		break;
	default: /* BPF_LD: ld_imm64 writes dst only */
		return 0;
	}
	if (dst_read) {
		err = xnic_check_reg(env, meta, idx, 0, insn->dst_reg);
		if (err)
			return err;
	}
	return src_read ? xnic_check_reg(env, meta, idx, 1, insn->src_reg) : 0;
}
