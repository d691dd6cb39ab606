// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * LDX, ST, STX and LD_ABS/LD_IND.  The pointer kind verifier_ext recorded
 * picks the lowering: ctx fields become firmware registers, packet bytes
 * go through CTM commands, map values through EMEM commands, the stack is
 * local memory reached through lm_addr0.  Without metadata (or for a kind
 * the JIT cannot pin down) the access dispatches at run time on the chip
 * address window (docs/abi.md).
 */
#include "jit_internal.h"

/* LM accesses through lm_addr0 reach this window from its base. */
#define LM_WINDOW 64

static u32 size_mask(u32 size)
{
	return size == 1 ? 0x1 : 0x3;
}

void jit_addr(struct jit_ctx *c, u32 base, s32 off, u32 g)
{
	if (!off)
		e_mov(c, ra(g), reg_lo(base, false));
	else if (off > 0 && off <= 0xff)
		e_alu(c, ra(g), reg_lo(base, true), XNIC_ALU_ADD, xnic_imm(off));
	else if (off < 0 && off >= -0xff)
		e_alu(c, ra(g), reg_lo(base, true), XNIC_ALU_SUB,
		      xnic_imm(-off));
	else {
		e_const(c, g, (u32)off);
		e_alu(c, ra(g), reg_lo(base, true), XNIC_ALU_ADD, rb(g));
	}
}

/*
 * Point lm_addr<idx> at the word holding GPR g_addr's byte address, then
 * wait out the 3-instruction CSR hazard (fill words already emitted after
 * the CSR write count towards it).
 */
void jit_lm_point(struct jit_ctx *c, u32 idx, u32 g_addr, u32 fill)
{
	e_csr_wr(c, XNIC_CSR_LM_ADDR0 + idx, ra(g_addr));
	while (fill++ < 3)
		e_nop(c);
}

/* Value bits of a load from a word operand w at byte k into dst lo. */
static void extract(struct jit_ctx *c, u32 d, u32 w, u32 k, u32 size,
		    bool sx)
{
	u32 lo = lo_g(d);

	if (size >= 4 && !k)
		e_mov(c, ra(lo), w);
	else
		e_ldf(c, ra(lo), size == 4 ? 0xf : size_mask(size), w,
		      8 * k, 1);
	if (sx && size < 4) {
		e_shf(c, ra(lo), ra(lo), rb(lo), XNIC_SH_LSL, 32 - 8 * size);
		e_shf(c, ra(lo), ra(lo), rb(lo), XNIC_SH_ASR, 32 - 8 * size);
	}
}

static void load_hi(struct jit_ctx *c, u32 d, u32 size, bool sx, u32 whi)
{
	if (size == 8)
		e_mov(c, ra(hi_g(d)), whi);
	else if (sx)
		e_shf(c, ra(hi_g(d)), ra(lo_g(d)), rb(lo_g(d)), XNIC_SH_ASR,
		      31);
	else if (!jit_dst_hi_zero(c))
		e_immed(c, ra(hi_g(d)), 0, 0, 0, 0);
}

/* Store data into $xo0 (and $xo1): a register or ST's immediate. */
static void store_xfer(struct jit_ctx *c, const struct bpf_insn *insn,
		       u32 size)
{
	if (BPF_CLASS(insn->code) == BPF_ST) {
		e_const_to(c, xnic_xout(0), (u32)insn->imm);
		if (size == 8)
			e_const_to(c, xnic_xout(1),
				   insn->imm < 0 ? U32_MAX : 0);
		return;
	}
	e_mov(c, xnic_xout(0), reg_lo(insn->src_reg, false));
	if (size == 8)
		e_mov(c, xnic_xout(1), reg_hi(insn->src_reg, false));
}

/* Memory-command access at A + B; loads land in $xi0/$xi1. */
static void cmd_access(struct jit_ctx *c, u32 tgt, bool load, u32 size,
		       u32 a, u32 b)
{
	if (load)
		e_mem(c, tgt, XNIC_MA_READ, 0, a, b, size == 8 ? 2 : 1);
	else
		e_mem(c, tgt, XNIC_MA_WRITE_B, 0, a, b, size);
}

static void cmd_load_result(struct jit_ctx *c, const struct bpf_insn *insn,
			    u32 size, bool sx)
{
	extract(c, insn->dst_reg, xnic_xin(0), 0, size, sx);
	load_hi(c, insn->dst_reg, size, sx, xnic_xin(1));
}

/* Base register and offset of an access. */
static void access_regs(const struct bpf_insn *insn, u32 *base)
{
	*base = BPF_CLASS(insn->code) == BPF_LDX ? insn->src_reg :
						    insn->dst_reg;
}

/*
 * Packet loads through the read cache: one CTM read of PC_WORDS words
 * serves every later load from the same base register within reach, until
 * the base is redefined, the packet may be written, or control flow joins
 * (docs/jit.md).  Returns false when the access does not qualify.
 */
static bool pkt_cached_load(struct jit_ctx *c, const struct bpf_insn *insn,
			    u32 size, bool sx)
{
	const struct xnic_insn_meta *m = jit_meta(c, c->cur);
	u32 base = insn->src_reg, d = insn->dst_reg, p, k, r, lo;
	bool hi_done = false;
	s32 start, back;

	if (!m || m->off_min < 0 || size == 8)
		return false;
	if (!c->pc_valid || c->pc_base != base || insn->off < c->pc_off ||
	    insn->off + (s32)size + 4 > c->pc_off + 4 * PC_WORDS) {
		/* Start a little below so nearby lower fields hit too. */
		back = m->off_min < 8 ? (s32)m->off_min : 8;
		start = insn->off - back;
		if (start < 0 || start > 0xff ||
		    m->off_max - back + 4 * PC_WORDS > c->caps->pkt_window)
			return false;
		if (!sx && !jit_dst_hi_zero(c)) {
			e_mem_ctx(c, XNIC_MEM_CTM, XNIC_MA_READ, PC_XFER,
				  reg_lo(base, true), xnic_imm(start),
				  PC_WORDS, XNIC_CTX_SWAP_DEFER1);
			e_immed(c, ra(hi_g(d)), 0, 0, 0, 0);
			jit_barrier(c);
			hi_done = true;
		} else {
			e_mem(c, XNIC_MEM_CTM, XNIC_MA_READ, PC_XFER,
			      reg_lo(base, true), xnic_imm(start), PC_WORDS);
		}
		c->pc_valid = true;
		c->pc_base = base;
		c->pc_off = start;
	}
	p = insn->off - c->pc_off;
	k = p / 4;
	r = p & 3;
	lo = lo_g(d);
	if (r + size <= 4) {
		extract(c, d, xnic_xin(PC_XFER + k), r, size, sx);
	} else {
		/* Straddles two words: funnel-shift them together. */
		e_mov(c, ra(T3), xnic_xin(PC_XFER + k + 1));
		e_shf(c, ra(lo), ra(T3), xnic_xin(PC_XFER + k), XNIC_SH_DSHR,
		      8 * r);
		if (size < 4)
			e_ldf(c, ra(lo), size_mask(size), rb(lo), 0, 1);
		if (sx && size < 4) {
			e_shf(c, ra(lo), ra(lo), rb(lo), XNIC_SH_LSL,
			      32 - 8 * size);
			e_shf(c, ra(lo), ra(lo), rb(lo), XNIC_SH_ASR,
			      32 - 8 * size);
		}
	}
	if (!hi_done)
		load_hi(c, d, size, sx, XNIC_OPND_NONE);
	return true;
}

static void lower_cmd(struct jit_ctx *c, const struct bpf_insn *insn,
		      u32 tgt, bool load, u32 size, bool sx)
{
	u32 base, a, b;

	access_regs(insn, &base);
	if (load && tgt == XNIC_MEM_CTM && pkt_cached_load(c, insn, size, sx))
		return;
	if (!load)
		store_xfer(c, insn, size);
	if (insn->off >= 0 && insn->off <= 0xff) {
		a = reg_lo(base, true);
		b = xnic_imm(insn->off);
	} else {
		jit_addr(c, base, insn->off, T0);
		a = ra(T0);
		b = xnic_imm(0);
	}
	if (load && size < 8 && !sx && !jit_dst_hi_zero(c)) {
		/* Clear the high word in the read's swap defer slot. */
		e_mem_ctx(c, tgt, XNIC_MA_READ, 0, a, b, 1,
			  XNIC_CTX_SWAP_DEFER1);
		e_immed(c, ra(hi_g(insn->dst_reg)), 0, 0, 0, 0);
		jit_barrier(c);
		extract(c, insn->dst_reg, xnic_xin(0), 0, size, false);
		return;
	}
	cmd_access(c, tgt, load, size, a, b);
	if (load)
		cmd_load_result(c, insn, size, sx);
}

/* A stack word index in the lm_addr0 window, or -1 (point it first). */
/* Stack offset and size of an R10-relative access, or false. */
static bool r10_access(const struct bpf_insn *in, s32 *x, u32 *size)
{
	u8 cls = BPF_CLASS(in->code);

	if (cls == BPF_LDX && in->src_reg == BPF_REG_10)
		goto yes;
	if ((cls == BPF_ST || cls == BPF_STX) && in->dst_reg == BPF_REG_10)
		goto yes;
	return false;
yes:
	*x = in->off;
	*size = xnic_bpf_size_bytes(in->code);
	return true;
}

/*
 * Where to put the 64-byte lm_addr0 window for an access at x: the
 * placement (4-byte steps, within the frame) that covers the most R10
 * accesses of the straight-line code ahead, nearest first on ties.
 */
static s32 lm_place(struct jit_ctx *c, s32 x, u32 size)
{
	s32 xs[32], floor_off, lo, best = x & ~3, cand;
	u32 ss[32], n = 0, i, j, hits, best_hits = 0;
	const struct xnic_prog *p = c->prog;

	floor_off = -(s32)((c->sub_frame[c->subprog_of[c->cur]] + 3) & ~3u);
	for (i = c->cur; i < p->insn_cnt && n < ARRAY_SIZE(xs); i++) {
		const struct bpf_insn *in = &p->insns[i];
		u8 cls = BPF_CLASS(in->code);

		if (i > c->cur && c->is_target[i])
			break;
		if (r10_access(in, &xs[n], &ss[n]))
			n++;
		if ((cls == BPF_JMP || cls == BPF_JMP32) && i > c->cur)
			break;
	}
	for (cand = (x & ~3) - (LM_WINDOW - 4); cand <= (x & ~3); cand += 4) {
		lo = cand < floor_off ? floor_off : cand;
		if (lo > (x & ~3) || x + (s32)size > lo + LM_WINDOW)
			continue;
		hits = 0;
		for (j = 0; j < n; j++)
			if (xs[j] >= lo && xs[j] + (s32)ss[j] <= lo + LM_WINDOW)
				hits++;
		if (hits > best_hits ||
		    (hits == best_hits && lo > best && best != (x & ~3))) {
			best_hits = hits;
			best = lo;
		}
	}
	return best > 0 ? 0 : best;
}

int jit_lm_window(struct jit_ctx *c, s32 x, u32 size)
{
	s32 lo;

	if (c->lm0_valid && x >= c->lm0_off &&
	    x + (s32)size <= c->lm0_off + LM_WINDOW)
		return x - c->lm0_off;
	lo = lm_place(c, x, size);
	if (lo > -256) {
		/* Set the window up early, behind words that do not need it. */
		u32 start = c->len, over;

		if (lo)
			e_alu(c, ra(S0), ra(G_FP), XNIC_ALU_SUB,
			      xnic_imm((u32)-lo));
		e_csr_wr(c, XNIC_CSR_LM_ADDR0, lo ? ra(S0) : ra(G_FP));
		over = jit_hoist(c, start, 3);
		while (over++ < 3)
			e_nop(c);
	} else {
		e_alu(c, ra(S0), ra(G_FP), XNIC_ALU_SUB,
		      e_opnd_const(c, (u32)-lo, S1));
		jit_lm_point(c, 0, S0, 0);
	}
	c->lm0_valid = true;
	c->lm0_off = lo;
	return x - lo;
}

/* Load or store at LM byte offset pos (known) from lm_addr0. */
static void lm_static(struct jit_ctx *c, const struct bpf_insn *insn,
		      bool load, u32 size, bool sx, u32 pos)
{
	u32 w = pos / 4, k = pos & 3, v;

	if (load) {
		extract(c, insn->dst_reg, xnic_lm(0, w), k, size, sx);
		load_hi(c, insn->dst_reg, size, sx, xnic_lm(0, w + 1));
		return;
	}
	if (BPF_CLASS(insn->code) == BPF_ST) {
		e_const(c, T1, (u32)insn->imm);
		v = rb(T1);
	} else {
		v = reg_lo(insn->src_reg, false);
	}
	if (size >= 4)
		e_mov(c, xnic_lm(0, w), v);
	else
		e_ldf(c, xnic_lm(0, w), size_mask(size) << k, v,
		      (32 - 8 * k) & 31, 0);
	if (size == 8) {
		if (BPF_CLASS(insn->code) == BPF_ST)
			e_const_to(c, xnic_lm(0, w + 1),
				   insn->imm < 0 ? U32_MAX : 0);
		else
			e_mov(c, xnic_lm(0, w + 1),
			      reg_hi(insn->src_reg, false));
	}
}

/*
 * LM access at the run-time byte address in T0 (naturally aligned, as
 * the kernel requires of stack accesses).  Sub-word parts shift by the
 * byte offset through indirect shifts.
 */
static void lm_dynamic(struct jit_ctx *c, const struct bpf_insn *insn,
		       bool load, u32 size, bool sx)
{
	u32 d = insn->dst_reg;

	e_alu(c, ra(S0), ra(T0), XNIC_ALU_ANDN, xnic_imm(3));
	e_csr_wr(c, XNIC_CSR_LM_ADDR0, ra(S0));
	/* Hazard slots: byte offset * 8 into T2, data into T3. */
	e_shf(c, ra(T2), ra(T0), rb(T0), XNIC_SH_LSL, 3);
	if (!load && size < 4) {
		if (BPF_CLASS(insn->code) == BPF_ST)
			e_const(c, T3, (u32)insn->imm);
		else
			e_mov(c, ra(T3), reg_lo(insn->src_reg, false));
	}
	e_nop(c);
	e_nop(c);
	c->lm0_valid = false;
	if (size >= 4) {
		lm_static(c, insn, load, size, sx, 0);
		return;
	}
	if (load) {
		e_mov(c, ra(T3), xnic_lm(0, 0));
		e_alu(c, XNIC_OPND_NONE, XNIC_OPND_NONE, XNIC_ALU_PASS, rb(T2));
		e_shf(c, ra(T3), ra(T3), rb(T3), XNIC_SH_LSR, JIT_SH_IND);
		extract(c, d, rb(T3), 0, size, sx);
		load_hi(c, d, size, sx, XNIC_OPND_NONE);
		return;
	}
	/* word = word & ~(mask << k*8) | (data & mask) << k*8 */
	e_const(c, T1, size == 1 ? 0xff : 0xffff);
	e_alu(c, ra(T3), ra(T3), XNIC_ALU_AND, rb(T1));
	e_alu(c, XNIC_OPND_NONE, XNIC_OPND_NONE, XNIC_ALU_PASS, rb(T2));
	e_shf(c, ra(T3), ra(T3), rb(T3), XNIC_SH_LSL, JIT_SH_IND);
	e_alu(c, XNIC_OPND_NONE, XNIC_OPND_NONE, XNIC_ALU_PASS, rb(T2));
	e_shf(c, ra(T1), ra(T1), rb(T1), XNIC_SH_LSL, JIT_SH_IND);
	e_mov(c, ra(S1), xnic_lm(0, 0));
	e_alu(c, ra(S1), ra(S1), XNIC_ALU_ANDN, rb(T1));
	e_alu(c, xnic_lm(0, 0), ra(S1), XNIC_ALU_OR, rb(T3));
}

static void lower_stack(struct jit_ctx *c, const struct bpf_insn *insn,
			bool load, u32 size, bool sx)
{
	const struct xnic_insn_meta *m = jit_meta(c, c->cur);
	u32 base;

	access_regs(insn, &base);
	if (base == BPF_REG_10 ||
	    (m && m->off_min == m->off_max &&
	     !(m->flags & XNIC_META_CALLER_STACK) && m->off_min < 0 &&
	     m->off_min >= -512)) {
		s32 x = base == BPF_REG_10 ? insn->off : (s32)m->off_min;

		if (!(x & (s32)(size - 1)) && x < 0 && x >= -512) {
			lm_static(c, insn, load, size, sx,
				  (u32)jit_lm_window(c, x, size));
			return;
		}
	}
	jit_addr(c, base, insn->off, T0);
	lm_dynamic(c, insn, load, size, sx);
}

/*
 * Unknown pointer: branch on the chip address window.  bit 30: EMEM,
 * 29: IMEM, 28: CTM, 27: CLS, none of them: LM.
 */
static void lower_generic(struct jit_ctx *c, const struct bpf_insn *insn,
			  bool load, u32 size, bool sx)
{
	static const u8 bit_tgt[4][2] = {
		{ 30, XNIC_MEM_EMEM },
		{ 29, XNIC_MEM_IMEM },
		{ 28, XNIC_MEM_CTM },
		{ 27, XNIC_MEM_CLS },
	};
	u32 base, l_tgt[4], l_xi = jit_label_new(c),
			    l_done = jit_label_new(c), i;

	access_regs(insn, &base);
	if (!load)
		store_xfer(c, insn, size);
	jit_addr(c, base, insn->off, T0);
	for (i = 0; i < 4; i++) {
		l_tgt[i] = jit_label_new(c);
		e_brbit_label(c, ra(T0), bit_tgt[i][0], 1, l_tgt[i]);
	}
	lm_dynamic(c, insn, load, size, sx);
	e_br_label(c, XNIC_CC_AL, l_done);
	for (i = 0; i < 4; i++) {
		jit_label_bind(c, l_tgt[i]);
		cmd_access(c, bit_tgt[i][1], load, size, ra(T0), xnic_imm(0));
		if (i < 3)
			e_br_label(c, XNIC_CC_AL, l_xi);
	}
	jit_label_bind(c, l_xi);
	if (load)
		cmd_load_result(c, insn, size, sx);
	jit_label_bind(c, l_done);
}

/*
 * TC: skb->protocol as eth_type_trans() sets it (docs/abi.md): the raw
 * EtherType when it is one (>= 0x600), else 802.3 (at least two payload
 * bytes, starting 0xffff) or 802.2, in network byte order.
 */
static void tc_protocol(struct jit_ctx *c, u32 d, u32 size, u32 k)
{
	u32 lo = lo_g(d), l_done = jit_label_new(c), l_8022 = jit_label_new(c);

	e_mem(c, XNIC_MEM_CTM, XNIC_MA_READ, 0, ra(G_DATA), xnic_imm(12), 1);
	e_mov(c, ra(T2), xnic_xin(0));
	e_ldf(c, ra(lo), 0x3, rb(T2), 0, 1);
	e_ldf(c, ra(T3), 0x1, rb(T2), 0, 1);
	e_alu(c, XNIC_OPND_NONE, ra(T3), XNIC_ALU_SUB, xnic_imm(6));
	e_br_label(c, XNIC_CC_HS, l_done);
	/* 802.3 needs two payload bytes; past the frame is stale memory. */
	e_alu(c, XNIC_OPND_NONE, ra(G_PKT_LEN), XNIC_ALU_SUB, xnic_imm(16));
	e_br_label(c, XNIC_CC_LO, l_8022);
	e_shf(c, ra(T3), ra(T2), rb(T2), XNIC_SH_LSR, 16);
	e_const(c, T1, 0xffff);
	e_alu(c, XNIC_OPND_NONE, ra(T3), XNIC_ALU_SUB, rb(T1));
	e_br_label(c, XNIC_CC_NE, l_8022);
	e_immed(c, ra(lo), 0x0100, 0, 0, 0);
	e_br_label(c, XNIC_CC_AL, l_done);
	jit_label_bind(c, l_8022);
	e_immed(c, ra(lo), 0x0400, 0, 0, 0);
	jit_label_bind(c, l_done);
	if (size < 4 && k)
		e_shf(c, ra(lo), ra(lo), rb(lo), XNIC_SH_LSR, 8 * k);
	if (size == 1)
		e_ldf(c, ra(lo), 0x1, rb(lo), 0, 1);
	load_hi(c, d, 4, false, XNIC_OPND_NONE);
}

/*
 * ctx accesses, lowered to what the firmware provides (docs/abi.md).  TC
 * fields without a firmware register (pkt_type, mark, priority, cb[],
 * tc_index, ...) live in the packet buffer's headroom at data -
 * XNIC_TC_CTX_OFF (image.h), set by the dispatch loop at entry.
 */

/*
 * Bytes of the sk_buff member behind a 4-byte __sk_buff field, where it
 * is narrower: the kernel rewrites a narrow load into a load of that
 * member and shifts and masks only when the access is narrower than the
 * member, so a 2-byte load at protocol + 2 gives the whole protocol and a
 * 1-byte load at pkt_type + 1 the whole pkt_type.
 */
static u32 tc_member_bytes(u32 field)
{
	switch (field) {
	case 4: /* pkt_type */
		return 1;
	case 12: /* queue_mapping */
	case 16: /* protocol */
	case 24: /* vlan_tci */
	case 28: /* vlan_proto */
	case 44: /* tc_index */
		return 2;
	}
	return 4;
}

static void lower_ctx(struct jit_ctx *c, const struct bpf_insn *insn,
		      bool load, u32 size)
{
	u32 d = insn->dst_reg, field = insn->off & ~3, k = insn->off & 3;
	u32 g = U32_MAX;
	s32 aoff = insn->off;

	if (c->prog->type != XNIC_PROG_XDP && load && size < 4 &&
	    size >= tc_member_bytes(field)) {
		/* the kernel's narrow load is the whole member here */
		size = 4;
		k = 0;
		aoff = (s32)field;
	}

	if (c->prog->type == XNIC_PROG_XDP) {
		if (!load)
			return; /* no writable XDP field on the NIC */
		switch (field) {
		case 0:
		case 8:
			g = G_DATA;
			break;
		case 4:
			g = G_DATA_END;
			break;
		case 12:
			g = G_IFINDEX;
			break;
		}
	} else {
		switch (load ? field : U32_MAX) {
		case 0:
			g = G_PKT_LEN;
			break;
		case 16:
			tc_protocol(c, d, size, k);
			return;
		case 36:
		case 40:
			g = G_IFINDEX;
			break;
		case 76:
		case 140:
			g = G_DATA;
			break;
		case 80:
			g = G_DATA_END;
			break;
		default:
			if (insn->off < 0 || insn->off >= XNIC_TC_CTX_OFF) {
				jit_fail(c, -EINVAL, "ctx offset %d", insn->off);
				return;
			}
			e_alu(c, ra(T0), ra(G_DATA), XNIC_ALU_SUB,
			      e_opnd_const(c, XNIC_TC_CTX_OFF - aoff, T1));
			if (!load)
				store_xfer(c, insn, size);
			cmd_access(c, XNIC_MEM_CTM, load, size, ra(T0),
				   xnic_imm(0));
			if (load)
				cmd_load_result(c, insn, size, false);
			return;
		}
	}
	if (g == U32_MAX) {
		e_immed(c, ra(lo_g(d)), 0, 0, 0, 0);
	} else if (size >= 4) {
		e_mov(c, ra(lo_g(d)), rb(g));
	} else {
		e_ldf(c, ra(lo_g(d)), size_mask(size), rb(g), 8 * k, 1);
	}
	load_hi(c, d, 4, false, XNIC_OPND_NONE);
}

void jit_mem(struct jit_ctx *c, const struct bpf_insn *insn)
{
	const struct xnic_insn_meta *m = jit_meta(c, c->cur);
	bool load = BPF_CLASS(insn->code) == BPF_LDX;
	bool sx = load && BPF_MODE(insn->code) == BPF_MEMSX;
	u32 size = xnic_bpf_size_bytes(insn->code);
	u32 kind = m ? m->ptr_kind : XNIC_PTR_NONE;
	u32 base;

	access_regs(insn, &base);
	if (insn->dst_reg > BPF_REG_10 || insn->src_reg > BPF_REG_10 ||
	    (load && insn->dst_reg == BPF_REG_10)) {
		jit_fail(c, -EINVAL, "bad register");
		return;
	}
	if (BPF_MODE(insn->code) != BPF_MEM && !sx) {
		jit_fail(c, -EINVAL, "unsupported memory mode 0x%02x",
			 insn->code);
		return;
	}
	if (base == BPF_REG_10)
		kind = XNIC_PTR_STACK;
	switch (kind) {
	case XNIC_PTR_CTX:
		lower_ctx(c, insn, load, size);
		break;
	case XNIC_PTR_PACKET:
		lower_cmd(c, insn, XNIC_MEM_CTM, load, size, sx);
		break;
	case XNIC_PTR_MAP_VALUE:
		lower_cmd(c, insn, XNIC_MEM_EMEM, load, size, sx);
		break;
	case XNIC_PTR_STACK:
		lower_stack(c, insn, load, size, sx);
		break;
	default:
		lower_generic(c, insn, load, size, sx);
		break;
	}
}

/* R0 = ntoh(packet[imm (+ src)]); out of bounds ends the program with 0. */
void jit_ld_abs(struct jit_ctx *c, const struct bpf_insn *insn)
{
	u32 size = xnic_bpf_size_bytes(insn->code), l_fail = jit_label_new(c),
	    l_done = jit_label_new(c);
	bool ind = BPF_MODE(insn->code) == BPF_IND;

	if (size == 8 || insn->src_reg > BPF_REG_10) {
		jit_fail(c, -EINVAL, "bad LD_ABS/LD_IND");
		return;
	}
	if (insn->imm >= 0 && insn->imm <= 0xff)
		e_alu(c, ra(T0), ra(G_DATA), XNIC_ALU_ADD, xnic_imm(insn->imm));
	else
		e_alu(c, ra(T0), ra(G_DATA), XNIC_ALU_ADD,
		      e_opnd_const(c, (u32)insn->imm, T1));
	if (ind)
		e_alu(c, ra(T0), ra(T0), XNIC_ALU_ADD,
		      reg_lo(insn->src_reg, false));
	/* A constant, non-negative offset cannot land before data. */
	if (ind || insn->imm < 0) {
		e_alu(c, XNIC_OPND_NONE, ra(T0), XNIC_ALU_SUB, rb(G_DATA));
		e_br_label(c, XNIC_CC_LO, l_fail);
	}
	e_alu(c, ra(T1), ra(T0), XNIC_ALU_ADD, xnic_imm(size));
	e_alu(c, XNIC_OPND_NONE, ra(G_DATA_END), XNIC_ALU_SUB, rb(T1));
	e_br_label(c, XNIC_CC_LO, l_fail);
	e_mem(c, XNIC_MEM_CTM, XNIC_MA_READ, 0, ra(T0), xnic_imm(0), 1);
	switch (size) {
	case 1:
		e_ldf(c, ra(0), 0x1, xnic_xin(0), 0, 1);
		break;
	case 2:
		e_ldf(c, ra(0), 0x2, xnic_xin(0), 24, 1);
		e_ldf(c, ra(0), 0x1, xnic_xin(0), 8, 0);
		break;
	default:
		e_ldf(c, ra(0), 0xa, xnic_xin(0), 8, 1);
		e_ldf(c, ra(0), 0x5, xnic_xin(0), 24, 0);
		break;
	}
	e_immed(c, ra(1), 0, 0, 0, 0);
	e_br_label(c, XNIC_CC_AL, l_done);
	jit_label_bind(c, l_fail);
	e_immed(c, ra(0), 0, 0, 0, 0);
	e_immed(c, ra(1), 0, 0, 0, 0);
	e_halt(c);
	jit_label_bind(c, l_done);
}
