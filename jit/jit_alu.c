// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ALU and ALU64: 64-bit operations on GPR pairs (carry-chained add/sub,
 * double shifts), 32-bit forms where verifier_ext proves the high words
 * zero, multiply steps, reciprocal division by constants and the
 * udiv64/sdiv64 firmware routines for the rest.
 */
#include "jit_internal.h"
#include "xnic/verifier.h"

static bool cur_flag(struct jit_ctx *c, u32 flag)
{
	return jit_flag(c, c->cur, flag);
}

static bool ptr_kind(u8 kind)
{
	return jit_ptr_kind(kind);
}

static bool dst_hi_known_zero(struct jit_ctx *c)
{
	return jit_dst_hi_zero(c);
}

/* A 32-bit result clears the high word, unless it is known zero already. */
static void zero_hi(struct jit_ctx *c, u32 d)
{
	if (!dst_hi_known_zero(c))
		e_immed(c, ra(hi_g(d)), 0, 0, 0, 0);
}

/* Low and high source operands on the B side (constants in T0/T1). */
static void src_ops(struct jit_ctx *c, const struct bpf_insn *insn,
		    bool is64, u32 *lo, u32 *hi)
{
	if (BPF_SRC(insn->code) == BPF_X) {
		*lo = reg_lo(insn->src_reg, false);
		*hi = reg_hi(insn->src_reg, false);
		return;
	}
	*lo = e_opnd_const(c, (u32)insn->imm, T0);
	if (is64 && insn->imm < 0) {
		e_const(c, T1, U32_MAX);
		*hi = rb(T1);
	} else {
		*hi = xnic_imm(0);
	}
}

/* Is the source's high word known to be zero? */
static bool src_hi_zero(struct jit_ctx *c, const struct bpf_insn *insn)
{
	if (BPF_SRC(insn->code) == BPF_K)
		return insn->imm >= 0;
	return insn->src_reg == BPF_REG_10 ||
	       cur_flag(c, XNIC_META_SRC_HI32_ZERO);
}

static void alu_mov(struct jit_ctx *c, const struct bpf_insn *insn, bool is64)
{
	u32 d = insn->dst_reg, s = insn->src_reg;

	if (BPF_SRC(insn->code) == BPF_K) {
		e_const(c, lo_g(d), (u32)insn->imm);
		if (is64 && insn->imm < 0)
			e_const(c, hi_g(d), U32_MAX);
		else if (is64)
			e_immed(c, ra(hi_g(d)), 0, 0, 0, 0);
		else
			zero_hi(c, d);
		return;
	}
	switch (insn->off) {
	case 8:
	case 16:
		/* movsx: sign-extend the low 8 or 16 bits. */
		e_shf(c, ra(lo_g(d)), reg_lo(s, true), reg_lo(s, false),
		      XNIC_SH_LSL, 32 - insn->off);
		e_shf(c, ra(lo_g(d)), ra(lo_g(d)), rb(lo_g(d)), XNIC_SH_ASR,
		      32 - insn->off);
		break;
	default:
		if (d != s)
			e_mov(c, ra(lo_g(d)), reg_lo(s, false));
		if (is64 && !insn->off) {
			const struct xnic_insn_meta *m = jit_meta(c, c->cur);

			if (s == BPF_REG_10 || (m && ptr_kind(m->src_reg_kind)))
				zero_hi(c, d);
			else if (d != s)
				e_mov(c, ra(hi_g(d)), reg_hi(s, false));
			return;
		}
		break;
	}
	if (is64)
		e_shf(c, ra(hi_g(d)), ra(lo_g(d)), rb(lo_g(d)), XNIC_SH_ASR,
		      31);
	else
		zero_hi(c, d);
}

static bool ptr_is_dst_plus_scalar(struct jit_ctx *c,
				   const struct bpf_insn *insn)
{
	const struct xnic_insn_meta *m = jit_meta(c, c->cur);
	u32 op = BPF_OP(insn->code);

	if (!m || (op != BPF_ADD && op != BPF_SUB))
		return false;
	if (m->dst_reg_kind < XNIC_REG_CTX ||
	    m->dst_reg_kind == XNIC_REG_PACKET_END ||
	    m->dst_reg_kind > XNIC_REG_MAP_VALUE)
		return false;
	return BPF_SRC(insn->code) == BPF_K ||
	       m->src_reg_kind == XNIC_REG_SCALAR;
}

static void alu_binop(struct jit_ctx *c, const struct bpf_insn *insn,
		      bool is64)
{
	static const u8 lo_op[] = {
		[BPF_ADD >> 4] = XNIC_ALU_ADD, [BPF_SUB >> 4] = XNIC_ALU_SUB,
		[BPF_AND >> 4] = XNIC_ALU_AND, [BPF_OR >> 4] = XNIC_ALU_OR,
		[BPF_XOR >> 4] = XNIC_ALU_XOR,
	};
	static const u8 hi_op[] = {
		[BPF_ADD >> 4] = XNIC_ALU_ADDC, [BPF_SUB >> 4] = XNIC_ALU_SUBC,
		[BPF_AND >> 4] = XNIC_ALU_AND, [BPF_OR >> 4] = XNIC_ALU_OR,
		[BPF_XOR >> 4] = XNIC_ALU_XOR,
	};
	u32 d = insn->dst_reg, op = BPF_OP(insn->code) >> 4;
	u32 slo, shi;

	/* x+0, x-0, x|0, x^0 change nothing in 64 bits. */
	if (is64 && BPF_SRC(insn->code) == BPF_K && !insn->imm &&
	    BPF_OP(insn->code) != BPF_AND)
		return;
	src_ops(c, insn, is64, &slo, &shi);
	e_alu(c, ra(lo_g(d)), reg_lo(d, true), lo_op[op], slo);
	if (!is64) {
		zero_hi(c, d);
		return;
	}
	/* Low words of add/sub/logic results depend on low words only. */
	if (cur_flag(c, XNIC_META_HI32_ZERO)) {
		zero_hi(c, d);
		return;
	}
	/* Pointer plus or minus a scalar stays a 32-bit chip address. */
	if (ptr_is_dst_plus_scalar(c, insn))
		return;
	e_alu(c, ra(hi_g(d)), reg_hi(d, true), hi_op[op], shi);
}

/* 64-bit shift by a constant n (1..63). */
static void shift64_imm(struct jit_ctx *c, u32 d, u32 op, u32 n)
{
	u32 lo = lo_g(d), hi = hi_g(d);

	if (op == BPF_LSH) {
		if (n < 32) {
			e_shf(c, ra(hi), ra(hi), rb(lo), XNIC_SH_DSHR, 32 - n);
			e_shf(c, ra(lo), ra(lo), rb(lo), XNIC_SH_LSL, n);
		} else {
			if (n > 32)
				e_shf(c, ra(hi), ra(lo), rb(lo), XNIC_SH_LSL,
				      n - 32);
			else
				e_mov(c, ra(hi), rb(lo));
			e_immed(c, ra(lo), 0, 0, 0, 0);
		}
		return;
	}
	if (n < 32) {
		e_shf(c, ra(lo), ra(hi), rb(lo), XNIC_SH_DSHR, n);
		e_shf(c, ra(hi), ra(hi), rb(hi),
		      op == BPF_RSH ? XNIC_SH_LSR : XNIC_SH_ASR, n);
		return;
	}
	if (n > 32)
		e_shf(c, ra(lo), ra(hi), rb(hi),
		      op == BPF_RSH ? XNIC_SH_LSR : XNIC_SH_ASR, n - 32);
	else
		e_mov(c, ra(lo), rb(hi));
	if (op == BPF_RSH)
		e_immed(c, ra(hi), 0, 0, 0, 0);
	else
		e_shf(c, ra(hi), ra(hi), rb(hi), XNIC_SH_ASR, 31);
}

/* The indirect shift amount is the previous ALU result's bits 4..0. */
static void set_amount(struct jit_ctx *c, u32 op, u32 g)
{
	e_alu(c, XNIC_OPND_NONE, XNIC_OPND_NONE, op, rb(g));
}

/* 64-bit shift by the low 6 bits of T2, with a run-time split at 32. */
static void shift64_reg(struct jit_ctx *c, u32 d, u32 op)
{
	u32 lo = lo_g(d), hi = hi_g(d);
	u32 l_ge = jit_label_new(c), l_end = jit_label_new(c);
	u32 sh = op == BPF_ARSH ? XNIC_SH_ASR : XNIC_SH_LSR;

	e_brbit_label(c, ra(T2), 5, 1, l_ge);
	if (op == BPF_LSH) {
		/* hi = hi << n | lo >> 1 >> (31 - n): no shift by 32. */
		e_shf(c, ra(T3), ra(lo), rb(lo), XNIC_SH_LSR, 1);
		set_amount(c, XNIC_ALU_NOT, T2);
		e_shf(c, ra(T3), ra(T3), rb(T3), XNIC_SH_LSR, JIT_SH_IND);
		set_amount(c, XNIC_ALU_PASS, T2);
		e_shf(c, ra(hi), ra(hi), rb(hi), XNIC_SH_LSL, JIT_SH_IND);
		e_alu(c, ra(hi), ra(hi), XNIC_ALU_OR, rb(T3));
		set_amount(c, XNIC_ALU_PASS, T2);
		e_shf(c, ra(lo), ra(lo), rb(lo), XNIC_SH_LSL, JIT_SH_IND);
	} else {
		e_shf(c, ra(T3), ra(hi), rb(hi), XNIC_SH_LSL, 1);
		set_amount(c, XNIC_ALU_NOT, T2);
		e_shf(c, ra(T3), ra(T3), rb(T3), XNIC_SH_LSL, JIT_SH_IND);
		set_amount(c, XNIC_ALU_PASS, T2);
		e_shf(c, ra(lo), ra(lo), rb(lo), XNIC_SH_LSR, JIT_SH_IND);
		e_alu(c, ra(lo), ra(lo), XNIC_ALU_OR, rb(T3));
		set_amount(c, XNIC_ALU_PASS, T2);
		e_shf(c, ra(hi), ra(hi), rb(hi), sh, JIT_SH_IND);
	}
	e_br_label(c, XNIC_CC_AL, l_end);
	jit_label_bind(c, l_ge);
	set_amount(c, XNIC_ALU_PASS, T2);
	if (op == BPF_LSH) {
		e_shf(c, ra(hi), ra(lo), rb(lo), XNIC_SH_LSL, JIT_SH_IND);
		e_immed(c, ra(lo), 0, 0, 0, 0);
	} else {
		e_shf(c, ra(lo), ra(hi), rb(hi), sh, JIT_SH_IND);
		if (op == BPF_RSH)
			e_immed(c, ra(hi), 0, 0, 0, 0);
		else
			e_shf(c, ra(hi), ra(hi), rb(hi), XNIC_SH_ASR, 31);
	}
	jit_label_bind(c, l_end);
}

static void alu_shift(struct jit_ctx *c, const struct bpf_insn *insn,
		      bool is64)
{
	u32 d = insn->dst_reg, op = BPF_OP(insn->code);
	u32 sh = op == BPF_LSH ? XNIC_SH_LSL :
		 op == BPF_RSH ? XNIC_SH_LSR : XNIC_SH_ASR;
	u32 lo = lo_g(d);

	if (BPF_SRC(insn->code) == BPF_K) {
		u32 n = (u32)insn->imm & (is64 ? 63 : 31);

		if (!is64) {
			if (n)
				e_shf(c, ra(lo), ra(lo), rb(lo), sh, n);
			zero_hi(c, d);
		} else if (n && op == BPF_RSH &&
			   cur_flag(c, XNIC_META_DST_HI32_ZERO)) {
			/* High word known zero: a 32-bit shift is enough. */
			if (n < 32)
				e_shf(c, ra(lo), ra(lo), rb(lo), sh, n);
			else
				e_immed(c, ra(lo), 0, 0, 0, 0);
		} else if (n) {
			shift64_imm(c, d, op, n);
		}
		return;
	}
	e_mov(c, ra(T2), reg_lo(insn->src_reg, false));
	if (!is64) {
		e_shf(c, ra(lo), ra(lo), rb(lo), sh, JIT_SH_IND);
		zero_hi(c, d);
		return;
	}
	shift64_reg(c, d, op);
}

/* dst = a * b (32 x 32), low word and/or high word of the product. */
static void mul32(struct jit_ctx *c, u32 a, u32 b, u32 dlo, u32 dhi)
{
	u32 i;

	e_mul(c, XNIC_OPND_NONE, a, b, XNIC_MUL_32X32, XNIC_MSTEP_START);
	for (i = 0; i < 4; i++)
		e_mul(c, XNIC_OPND_NONE, XNIC_OPND_NONE, XNIC_OPND_NONE,
		      XNIC_MUL_32X32, XNIC_MSTEP_STEP);
	if (dlo != XNIC_OPND_NONE)
		e_mul(c, dlo, XNIC_OPND_NONE, XNIC_OPND_NONE, XNIC_MUL_32X32,
		      XNIC_MSTEP_LAST);
	if (dhi != XNIC_OPND_NONE)
		e_mul(c, dhi, XNIC_OPND_NONE, XNIC_OPND_NONE, XNIC_MUL_32X32,
		      XNIC_MSTEP_LAST_HI);
}

static void alu_mul(struct jit_ctx *c, const struct bpf_insn *insn, bool is64)
{
	u32 d = insn->dst_reg, lo = lo_g(d), hi = hi_g(d);
	u32 slo, shi;

	src_ops(c, insn, is64, &slo, &shi);
	if (!is64) {
		mul32(c, ra(lo), slo, ra(lo), XNIC_OPND_NONE);
		zero_hi(c, d);
		return;
	}
	if (cur_flag(c, XNIC_META_DST_HI32_ZERO) && src_hi_zero(c, insn)) {
		mul32(c, ra(lo), slo, ra(lo), ra(hi));
		return;
	}
	/* (dh:dl) * (sh:sl) mod 2^64 = dl*sl + ((dl*sh + dh*sl) << 32) */
	mul32(c, ra(lo), shi, ra(T2), XNIC_OPND_NONE);
	mul32(c, ra(hi), slo, ra(T3), XNIC_OPND_NONE);
	mul32(c, ra(lo), slo, ra(lo), ra(hi));
	e_alu(c, ra(hi), ra(hi), XNIC_ALU_ADD, rb(T2));
	e_alu(c, ra(hi), ra(hi), XNIC_ALU_ADD, rb(T3));
}

static u32 log2_u32(u32 v)
{
	u32 l = 0;

	while (v >>= 1)
		l++;
	return l;
}

/*
 * Unsigned 32-bit division of GPR lo by the constant dv (> 1, not a power
 * of two): q = (t + ((n - t) >> 1)) >> (l - 1), t = mulhi(m, n), with
 * l = ceil(log2 dv) and m = 2^32 * (2^l - dv) / dv + 1 (Granlund and
 * Montgomery), exact for every 32-bit n.
 */
static void udiv32_const(struct jit_ctx *c, u32 lo, u32 dv, bool mod)
{
	u32 l = log2_u32(dv) + 1;
	u64 m = div64_u64(((1ULL << l) - dv) << 32, dv) + 1;

	e_const(c, T0, (u32)m);
	mul32(c, ra(lo), rb(T0), XNIC_OPND_NONE, ra(T1));
	e_alu(c, ra(T2), ra(lo), XNIC_ALU_SUB, rb(T1));
	e_shf(c, ra(T2), ra(T2), rb(T2), XNIC_SH_LSR, 1);
	e_alu(c, ra(T2), ra(T2), XNIC_ALU_ADD, rb(T1));
	if (l > 1)
		e_shf(c, ra(T2), ra(T2), rb(T2), XNIC_SH_LSR, l - 1);
	if (!mod) {
		e_mov(c, ra(lo), rb(T2));
		return;
	}
	mul32(c, ra(T2), e_opnd_const(c, dv, T0), ra(T3), XNIC_OPND_NONE);
	e_alu(c, ra(lo), ra(lo), XNIC_ALU_SUB, rb(T3));
}

/* Unsigned division by a constant that fits 32 bits, on the low word. */
static void udiv_const(struct jit_ctx *c, u32 lo, u32 dv, bool mod)
{
	if (dv == 1) {
		if (mod)
			e_immed(c, ra(lo), 0, 0, 0, 0);
		return;
	}
	if (!(dv & (dv - 1))) {
		if (mod)
			e_alu(c, ra(lo), ra(lo), XNIC_ALU_AND,
			      e_opnd_const(c, dv - 1, T0));
		else
			e_shf(c, ra(lo), ra(lo), rb(lo), XNIC_SH_LSR,
			      log2_u32(dv));
		return;
	}
	udiv32_const(c, lo, dv, mod);
}

static void alu_divmod(struct jit_ctx *c, const struct bpf_insn *insn,
		       bool is64)
{
	u32 d = insn->dst_reg, s = insn->src_reg, lo = lo_g(d), hi = hi_g(d);
	bool mod = BPF_OP(insn->code) == BPF_MOD, sgn = insn->off == 1;
	bool narrow = !is64 || (cur_flag(c, XNIC_META_DST_HI32_ZERO) &&
				src_hi_zero(c, insn));
	bool k = BPF_SRC(insn->code) == BPF_K;

	if (!sgn && narrow && k && insn->imm && (is64 ? insn->imm > 0 : 1)) {
		udiv_const(c, lo, (u32)insn->imm, mod);
		if (!is64)
			zero_hi(c, d);
		return;
	}
	/* Divisor into GPRs 30/31, dividend into 28/29: see docs/abi.md. */
	if (k) {
		e_const(c, 30, (u32)insn->imm);
		if (sgn || is64)
			e_const(c, 31, insn->imm < 0 && (is64 || sgn) ?
					       U32_MAX : 0);
		else
			e_immed(c, ra(31), 0, 0, 0, 0);
	} else {
		e_mov(c, ra(30), reg_lo(s, false));
		if (is64)
			e_mov(c, ra(31), reg_hi(s, false));
		else if (sgn)
			e_shf(c, ra(31), ra(30), rb(30), XNIC_SH_ASR, 31);
		else
			e_immed(c, ra(31), 0, 0, 0, 0);
	}
	e_mov(c, ra(28), reg_lo(d, false));
	if (is64)
		e_mov(c, ra(29), reg_hi(d, false));
	else if (sgn)
		e_shf(c, ra(29), ra(28), rb(28), XNIC_SH_ASR, 31);
	else
		e_immed(c, ra(29), 0, 0, 0, 0);
	e_fwcall(c, sgn ? XNIC_FW_SDIV64 : XNIC_FW_UDIV64);
	e_mov(c, ra(lo), rb(mod ? 30 : 28));
	if (is64)
		e_mov(c, ra(hi), rb(mod ? 31 : 29));
	else
		zero_hi(c, d);
}

static void alu_neg(struct jit_ctx *c, u32 d, bool is64)
{
	e_alu(c, ra(lo_g(d)), xnic_imm(0), XNIC_ALU_SUB, rb(lo_g(d)));
	if (is64)
		e_alu(c, ra(hi_g(d)), xnic_imm(0), XNIC_ALU_SUBC, rb(hi_g(d)));
	else
		zero_hi(c, d);
}

/* g_dst = byte-swapped g_src (32 bits), through ld_field rotations. */
static void bswap32(struct jit_ctx *c, u32 g_dst, u32 g_src)
{
	e_ldf(c, ra(g_dst), 0xa, rb(g_src), 8, 1);
	e_ldf(c, ra(g_dst), 0x5, rb(g_src), 24, 0);
}

static void alu_end(struct jit_ctx *c, const struct bpf_insn *insn, bool is64)
{
	u32 d = insn->dst_reg, lo = lo_g(d), hi = hi_g(d);
	bool swap = is64 || BPF_SRC(insn->code) == BPF_TO_BE;

	switch (insn->imm) {
	case 16:
		if (swap) {
			e_ldf(c, ra(T0), 0x2, rb(lo), 24, 1);
			e_ldf(c, ra(T0), 0x1, rb(lo), 8, 0);
			e_mov(c, ra(lo), rb(T0));
		} else {
			e_ldf(c, ra(lo), 0x3, rb(lo), 0, 1);
		}
		zero_hi(c, d);
		break;
	case 32:
		if (swap) {
			bswap32(c, T0, lo);
			e_mov(c, ra(lo), rb(T0));
		}
		zero_hi(c, d);
		break;
	case 64:
		if (!swap)
			break;
		bswap32(c, T0, lo);
		bswap32(c, T1, hi);
		e_mov(c, ra(lo), rb(T1));
		e_mov(c, ra(hi), rb(T0));
		break;
	default:
		jit_fail(c, -EINVAL, "bad byte swap size %d", insn->imm);
	}
}

void jit_alu(struct jit_ctx *c, const struct bpf_insn *insn)
{
	bool is64 = BPF_CLASS(insn->code) == BPF_ALU64;

	if (insn->dst_reg >= BPF_REG_10 ||
	    (BPF_SRC(insn->code) == BPF_X && insn->src_reg > BPF_REG_10)) {
		jit_fail(c, -EINVAL, "bad register");
		return;
	}
	switch (BPF_OP(insn->code)) {
	case BPF_MOV:
		alu_mov(c, insn, is64);
		break;
	case BPF_ADD:
	case BPF_SUB:
	case BPF_AND:
	case BPF_OR:
	case BPF_XOR:
		alu_binop(c, insn, is64);
		break;
	case BPF_LSH:
	case BPF_RSH:
	case BPF_ARSH:
		alu_shift(c, insn, is64);
		break;
	case BPF_MUL:
		alu_mul(c, insn, is64);
		break;
	case BPF_DIV:
	case BPF_MOD:
		alu_divmod(c, insn, is64);
		break;
	case BPF_NEG:
		alu_neg(c, insn->dst_reg, is64);
		break;
	case BPF_END:
		alu_end(c, insn, is64);
		break;
	default:
		jit_fail(c, -EINVAL, "unsupported ALU opcode 0x%02x",
			 insn->code);
	}
}
