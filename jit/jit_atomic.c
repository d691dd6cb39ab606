// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * BPF_ATOMIC: add/and/or/xor (with and without fetch), xchg and cmpxchg,
 * 32 and 64 bits.  Map values (and any chip memory) use the memory units'
 * atomic commands; the stack is a read-modify-write of local memory, which
 * is atomic because a context is never preempted between instructions.
 */
#include "jit_internal.h"

static u32 mem_action(s32 op)
{
	switch (op) {
	case BPF_ADD:
		return XNIC_MA_ADD;
	case BPF_ADD | BPF_FETCH:
		return XNIC_MA_ADD_RET;
	case BPF_AND:
	case BPF_AND | BPF_FETCH:
		return XNIC_MA_AND_RET;
	case BPF_OR:
	case BPF_OR | BPF_FETCH:
		return XNIC_MA_OR_RET;
	case BPF_XOR:
	case BPF_XOR | BPF_FETCH:
		return XNIC_MA_XOR_RET;
	case BPF_XCHG:
		return XNIC_MA_SWAP;
	case BPF_CMPXCHG:
		return XNIC_MA_CMPXCHG;
	default:
		return XNIC_MA_COUNT;
	}
}

/* Register receiving the old value, or -1. */
static int fetch_reg(const struct bpf_insn *insn)
{
	if (insn->imm == BPF_CMPXCHG)
		return BPF_REG_0;
	if (insn->imm & BPF_FETCH)
		return insn->src_reg;
	return -1;
}

/* Old value (lo operand, hi operand or none for 32 bits) into the reg. */
static void set_fetched(struct jit_ctx *c, const struct bpf_insn *insn,
			u32 olo, u32 ohi)
{
	int r = fetch_reg(insn);

	if (r < 0)
		return;
	e_mov(c, ra(lo_g(r)), olo);
	if (ohi != XNIC_OPND_NONE)
		e_mov(c, ra(hi_g(r)), ohi);
	else
		e_immed(c, ra(hi_g(r)), 0, 0, 0, 0);
}

static void xfer_operands(struct jit_ctx *c, const struct bpf_insn *insn,
			  bool dw)
{
	u32 cnt = dw ? 2 : 1, x = 0;

	if (insn->imm == BPF_CMPXCHG) {
		e_mov(c, xnic_xout(0), rb(lo_g(0)));
		if (dw)
			e_mov(c, xnic_xout(1), rb(hi_g(0)));
		x = cnt;
	}
	e_mov(c, xnic_xout(x), reg_lo(insn->src_reg, false));
	if (dw)
		e_mov(c, xnic_xout(x + 1), reg_hi(insn->src_reg, false));
}

static void cmd_atomic(struct jit_ctx *c, const struct bpf_insn *insn,
		       u32 tgt, u32 a, u32 b, bool dw)
{
	e_mem(c, tgt, mem_action(insn->imm), 0, a, b, dw ? 2 : 1);
}

static void cmd_result(struct jit_ctx *c, const struct bpf_insn *insn,
		       bool dw)
{
	set_fetched(c, insn, xnic_xin(0), dw ? xnic_xin(1) : XNIC_OPND_NONE);
}

/* Read-modify-write of LM words w (and w + 1) through lm_addr0. */
static void lm_atomic(struct jit_ctx *c, const struct bpf_insn *insn, u32 w,
		      bool dw)
{
	u32 s = insn->src_reg, l_skip;
	u32 op = insn->imm & ~BPF_FETCH;
	u32 lw = xnic_lm(0, w), hw = xnic_lm(0, w + 1);

	e_mov(c, ra(T1), lw);
	if (dw)
		e_mov(c, ra(T2), hw);
	switch (insn->imm) {
	case BPF_XCHG:
		e_mov(c, lw, reg_lo(s, false));
		if (dw)
			e_mov(c, hw, reg_hi(s, false));
		break;
	case BPF_CMPXCHG:
		l_skip = jit_label_new(c);
		if (dw) {
			e_alu(c, ra(T3), ra(T1), XNIC_ALU_XOR, rb(lo_g(0)));
			e_alu(c, ra(S0), ra(T2), XNIC_ALU_XOR, rb(hi_g(0)));
			e_alu(c, XNIC_OPND_NONE, ra(T3), XNIC_ALU_OR, rb(S0));
		} else {
			e_alu(c, XNIC_OPND_NONE, ra(T1), XNIC_ALU_SUB,
			      rb(lo_g(0)));
		}
		e_br_label(c, XNIC_CC_NE, l_skip);
		e_mov(c, lw, reg_lo(s, false));
		if (dw)
			e_mov(c, hw, reg_hi(s, false));
		/* lm_addr0 is unchanged on both paths. */
		jit_label_bind(c, l_skip);
		break;
	default:
		if (op == BPF_ADD) {
			e_alu(c, lw, ra(T1), XNIC_ALU_ADD, reg_lo(s, false));
			if (dw)
				e_alu(c, hw, ra(T2), XNIC_ALU_ADDC,
				      reg_hi(s, false));
		} else {
			u32 aop = op == BPF_AND ? XNIC_ALU_AND :
				  op == BPF_OR	? XNIC_ALU_OR :
						  XNIC_ALU_XOR;

			e_alu(c, lw, ra(T1), aop, reg_lo(s, false));
			if (dw)
				e_alu(c, hw, ra(T2), aop, reg_hi(s, false));
		}
		break;
	}
	set_fetched(c, insn, rb(T1), dw ? rb(T2) : XNIC_OPND_NONE);
}

static void lm_atomic_dynamic(struct jit_ctx *c, const struct bpf_insn *insn,
			      bool dw)
{
	jit_addr(c, insn->dst_reg, insn->off, T0);
	e_alu(c, ra(S0), ra(T0), XNIC_ALU_ANDN, xnic_imm(3));
	jit_lm_point(c, 0, S0, 0);
	c->lm0_valid = false;
	lm_atomic(c, insn, 0, dw);
}

static void generic_atomic(struct jit_ctx *c, const struct bpf_insn *insn,
			   bool dw)
{
	static const u8 bit_tgt[4][2] = {
		{ 30, XNIC_MEM_EMEM },
		{ 29, XNIC_MEM_IMEM },
		{ 28, XNIC_MEM_CTM },
		{ 27, XNIC_MEM_CLS },
	};
	u32 l_tgt[4], l_xi = jit_label_new(c), l_done = jit_label_new(c), i;

	xfer_operands(c, insn, dw);
	jit_addr(c, insn->dst_reg, insn->off, T0);
	for (i = 0; i < 4; i++) {
		l_tgt[i] = jit_label_new(c);
		e_brbit_label(c, ra(T0), bit_tgt[i][0], 1, l_tgt[i]);
	}
	e_alu(c, ra(S0), ra(T0), XNIC_ALU_ANDN, xnic_imm(3));
	jit_lm_point(c, 0, S0, 0);
	lm_atomic(c, insn, 0, dw);
	e_br_label(c, XNIC_CC_AL, l_done);
	for (i = 0; i < 4; i++) {
		jit_label_bind(c, l_tgt[i]);
		cmd_atomic(c, insn, bit_tgt[i][1], ra(T0), xnic_imm(0), dw);
		if (i < 3)
			e_br_label(c, XNIC_CC_AL, l_xi);
	}
	jit_label_bind(c, l_xi);
	cmd_result(c, insn, dw);
	jit_label_bind(c, l_done);
	c->lm0_valid = false;
}

void jit_atomic(struct jit_ctx *c, const struct bpf_insn *insn)
{
	const struct xnic_insn_meta *m = jit_meta(c, c->cur);
	bool dw = BPF_SIZE(insn->code) == BPF_DW;
	u32 kind = m ? m->ptr_kind : XNIC_PTR_NONE;
	u32 a, b;

	if ((BPF_SIZE(insn->code) != BPF_W && !dw) ||
	    mem_action(insn->imm) == XNIC_MA_COUNT ||
	    insn->src_reg >= BPF_REG_10 || insn->dst_reg > BPF_REG_10) {
		jit_fail(c, -EINVAL, "unsupported atomic operation 0x%x",
			 insn->imm);
		return;
	}
	if (insn->dst_reg == BPF_REG_10)
		kind = XNIC_PTR_STACK;
	switch (kind) {
	case XNIC_PTR_STACK:
		if (insn->dst_reg == BPF_REG_10 && insn->off < 0 &&
		    !(insn->off & (dw ? 7 : 3))) {
			lm_atomic(c, insn,
				  (u32)jit_lm_window(c, insn->off, dw ? 8 : 4) /
					  4,
				  dw);
			return;
		}
		lm_atomic_dynamic(c, insn, dw);
		return;
	case XNIC_PTR_MAP_VALUE:
	case XNIC_PTR_PACKET:
		xfer_operands(c, insn, dw);
		if (insn->off >= 0 && insn->off <= 0xff) {
			a = reg_lo(insn->dst_reg, true);
			b = xnic_imm(insn->off);
		} else {
			jit_addr(c, insn->dst_reg, insn->off, T0);
			a = ra(T0);
			b = xnic_imm(0);
		}
		cmd_atomic(c, insn,
			   kind == XNIC_PTR_PACKET ? XNIC_MEM_CTM :
						     XNIC_MEM_EMEM,
			   a, b, dw);
		cmd_result(c, insn, dw);
		return;
	default:
		generic_atomic(c, insn, dw);
	}
}
