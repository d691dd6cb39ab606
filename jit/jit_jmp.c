// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * JMP and JMP32: compare with sub/subc (or xor/and for equality and
 * JSET) and branch on the flags.  A 64-bit compare whose high words are
 * known zero (pointers, zero-extended scalars) is a single 32-bit one.
 */
#include "jit_internal.h"
#include "xnic/verifier.h"

static bool kind_hi_zero(u8 kind)
{
	return kind >= XNIC_REG_CTX && kind <= XNIC_REG_MAP_PTR;
}

static bool dst_hi_zero(struct jit_ctx *c, const struct bpf_insn *insn)
{
	const struct xnic_insn_meta *m = jit_meta(c, c->cur);

	if (insn->dst_reg == BPF_REG_10)
		return true;
	return m && ((m->flags & XNIC_META_DST_HI32_ZERO) ||
		     kind_hi_zero(m->dst_reg_kind));
}

static bool src_hi_zero(struct jit_ctx *c, const struct bpf_insn *insn)
{
	const struct xnic_insn_meta *m = jit_meta(c, c->cur);

	if (BPF_SRC(insn->code) == BPF_K)
		return insn->imm >= 0;
	if (insn->src_reg == BPF_REG_10)
		return true;
	return m && ((m->flags & XNIC_META_SRC_HI32_ZERO) ||
		     kind_hi_zero(m->src_reg_kind));
}

/* Operand for a constant on side A or B (scratch g when too big). */
static u32 const_side(struct jit_ctx *c, u32 v, u32 g, bool side_a)
{
	if (v <= 0xff)
		return xnic_imm(v);
	e_const(c, g, v);
	return side_a ? ra(g) : rb(g);
}

/* Source register or constant, low and high words, on one side. */
static void src_side(struct jit_ctx *c, const struct bpf_insn *insn,
		     bool side_a, u32 *lo, u32 *hi)
{
	if (BPF_SRC(insn->code) == BPF_X) {
		*lo = reg_lo(insn->src_reg, side_a);
		*hi = reg_hi(insn->src_reg, side_a);
		return;
	}
	*lo = const_side(c, (u32)insn->imm, T0, side_a);
	*hi = const_side(c, insn->imm < 0 ? U32_MAX : 0, T1, side_a);
}

static u32 cond32(u32 op, bool sgn_ok)
{
	switch (op) {
	case BPF_JEQ:
		return XNIC_CC_EQ;
	case BPF_JNE:
		return XNIC_CC_NE;
	case BPF_JGT:
		return XNIC_CC_HI;
	case BPF_JGE:
		return XNIC_CC_HS;
	case BPF_JLT:
		return XNIC_CC_LO;
	case BPF_JLE:
		return XNIC_CC_LS;
	case BPF_JSGT:
		return sgn_ok ? XNIC_CC_GT : XNIC_CC_HI;
	case BPF_JSGE:
		return sgn_ok ? XNIC_CC_GE : XNIC_CC_HS;
	case BPF_JSLT:
		return sgn_ok ? XNIC_CC_LT : XNIC_CC_LO;
	case BPF_JSLE:
		return sgn_ok ? XNIC_CC_LE : XNIC_CC_LS;
	default:
		return XNIC_CC_COUNT;
	}
}

static void jmp_wide(struct jit_ctx *c, const struct bpf_insn *insn, u32 op,
		     u32 target)
{
	u32 d = insn->dst_reg, slo, shi, cond;
	bool rev = op == BPF_JGT || op == BPF_JLE || op == BPF_JSGT ||
		   op == BPF_JSLE;

	if (op == BPF_JEQ || op == BPF_JNE || op == BPF_JSET) {
		u32 lop = op == BPF_JSET ? XNIC_ALU_AND : XNIC_ALU_XOR;

		src_side(c, insn, false, &slo, &shi);
		e_alu(c, ra(T2), reg_lo(d, true), lop, slo);
		e_alu(c, ra(T3), reg_hi(d, true), lop, shi);
		e_alu(c, XNIC_OPND_NONE, ra(T2), XNIC_ALU_OR, rb(T3));
		e_br_bpf(c, op == BPF_JEQ ? XNIC_CC_EQ : XNIC_CC_NE, target,
			 FIX_BODY);
		return;
	}
	/* Full 64-bit subtract; Z is only the high word's, so a > b and
	 * a <= b are evaluated as b < a and b >= a.
	 */
	if (rev) {
		src_side(c, insn, true, &slo, &shi);
		e_alu(c, XNIC_OPND_NONE, slo, XNIC_ALU_SUB, reg_lo(d, false));
		e_alu(c, XNIC_OPND_NONE, shi, XNIC_ALU_SUBC, reg_hi(d, false));
	} else {
		src_side(c, insn, false, &slo, &shi);
		e_alu(c, XNIC_OPND_NONE, reg_lo(d, true), XNIC_ALU_SUB, slo);
		e_alu(c, XNIC_OPND_NONE, reg_hi(d, true), XNIC_ALU_SUBC, shi);
	}
	switch (op) {
	case BPF_JGT:
	case BPF_JLT:
		cond = XNIC_CC_LO;
		break;
	case BPF_JGE:
	case BPF_JLE:
		cond = XNIC_CC_HS;
		break;
	case BPF_JSGT:
	case BPF_JSLT:
		cond = XNIC_CC_LT;
		break;
	default:
		cond = XNIC_CC_GE;
		break;
	}
	e_br_bpf(c, cond, target, FIX_BODY);
}

void jit_jmp(struct jit_ctx *c, const struct bpf_insn *insn)
{
	u32 op = BPF_OP(insn->code), d = insn->dst_reg;
	bool is32 = BPF_CLASS(insn->code) == BPF_JMP32;
	u32 target, slo;
	bool narrow;

	if (op == BPF_JA) {
		target = c->cur + 1 + (is32 ? insn->imm : insn->off);
		e_br_bpf(c, XNIC_CC_AL, target, FIX_BODY);
		return;
	}
	target = c->cur + 1 + insn->off;
	if (op == BPF_JCOND)
		return; /* may_goto: the NIC bounds loops itself; never taken */
	if (jit_flag(c, c->cur, XNIC_META_BRANCH_NEVER))
		return;
	if (jit_flag(c, c->cur, XNIC_META_BRANCH_ALWAYS)) {
		e_br_bpf(c, XNIC_CC_AL, target, FIX_BODY);
		return;
	}
	if (d > BPF_REG_10 || (BPF_SRC(insn->code) == BPF_X &&
			       insn->src_reg > BPF_REG_10)) {
		jit_fail(c, -EINVAL, "bad register");
		return;
	}
	narrow = is32 || (dst_hi_zero(c, insn) && src_hi_zero(c, insn));
	if (!narrow) {
		jmp_wide(c, insn, op, target);
		return;
	}
	slo = BPF_SRC(insn->code) == BPF_X ?
		      reg_lo(insn->src_reg, false) :
		      const_side(c, (u32)insn->imm, T0, false);
	if (op == BPF_JSET) {
		e_alu(c, XNIC_OPND_NONE, reg_lo(d, true), XNIC_ALU_AND, slo);
		e_br_bpf(c, XNIC_CC_NE, target, FIX_BODY);
		return;
	}
	if (cond32(op, is32) == XNIC_CC_COUNT) {
		jit_fail(c, -EINVAL, "unsupported jump opcode 0x%02x",
			 insn->code);
		return;
	}
	e_alu(c, XNIC_OPND_NONE, reg_lo(d, true), XNIC_ALU_SUB, slo);
	e_br_bpf(c, cond32(op, is32), target, FIX_BODY);
}
