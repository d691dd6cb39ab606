// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Emission: every word goes through xnic_encode(), so the JIT cannot
 * produce a word the ISA forbids (bank rule included).  Also here: local
 * labels, branch fixups, relocations and defer-slot filling.
 */
#include "jit_internal.h"

void jit_fail(struct jit_ctx *c, int err, const char *fmt, ...)
{
	char where[32], msg[160];
	va_list ap;

	if (c->err)
		return;
	c->err = err;
	va_start(ap, fmt);
	xnic_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	xnic_snprintf(where, sizeof(where), "insn %u", c->cur);
	if (c->diag)
		xnic_diag_error(c->diag, where, "jit: %s", msg);
}

static bool grow(struct jit_ctx *c, void **buf, u32 *cap, u32 need, u32 esz)
{
	void *nb;
	u32 ncap;

	if (need <= *cap)
		return true;
	ncap = *cap ? *cap * 2 : 64;
	while (ncap < need)
		ncap *= 2;
	nb = xnic_zalloc((size_t)ncap * esz);
	if (!nb) {
		jit_fail(c, -ENOMEM, "out of memory");
		return false;
	}
	if (*buf) {
		xnic_memcpy(nb, *buf, (size_t)*cap * esz);
		xnic_free(*buf);
	}
	*buf = nb;
	*cap = ncap;
	return true;
}

static void push_word(struct jit_ctx *c, u64 w)
{
	if (c->err)
		return;
	if (c->len >= c->limit) {
		jit_fail(c, -E2BIG, "program needs more than %u code words",
			 c->limit);
		return;
	}
	if (!grow(c, (void **)&c->code, &c->cap, c->len + 1, sizeof(u64)))
		return;
	c->code[c->len++] = w;
}

void jit_emit(struct jit_ctx *c, const struct xnic_insn *in)
{
	char err[128];
	u64 w;

	if (c->err)
		return;
	if (xnic_encode(in, &w, err, sizeof(err))) {
		jit_fail(c, -EINVAL, "internal: bad microcode: %s", err);
		return;
	}
	push_word(c, w);
}

u32 ra(u32 g)
{
	return xnic_gpr_a(g);
}

u32 rb(u32 g)
{
	return xnic_gpr_b(g);
}

u32 reg_lo(u32 r, bool side_a)
{
	if (r == BPF_REG_10)
		return side_a ? ra(G_FP) : rb(G_FP);
	return side_a ? ra(lo_g(r)) : rb(lo_g(r));
}

u32 reg_hi(u32 r, bool side_a)
{
	if (r == BPF_REG_10)
		return xnic_imm(0);
	return side_a ? ra(hi_g(r)) : rb(hi_g(r));
}

static void set_dst(struct xnic_insn *in, u32 dst)
{
	in->f[XNIC_F_DST] = dst;
	/* Every GPR result is mirrored so both banks hold the same value. */
	in->f[XNIC_F_WAB] = xnic_opnd_class(dst) == XNIC_OC_GPR_A;
}

/*
 * Sources that would break the bank rule: copy a into T4 first.  Never
 * needed for the carry-chained ops (the copy would clobber the carry);
 * the lowerings keep those operands apart by construction.
 */
static u32 fix_banks(struct jit_ctx *c, u32 a, u32 b, u32 op)
{
	struct xnic_insn in;

	if (!xnic_opnd_bank_group(a) ||
	    xnic_opnd_bank_group(a) != xnic_opnd_bank_group(b))
		return a;
	if (op == XNIC_ALU_ADDC || op == XNIC_ALU_SUBC) {
		jit_fail(c, -EINVAL, "internal: bank conflict in carry chain");
		return a;
	}
	xnic_insn_init(&in, XNIC_K_ALU);
	set_dst(&in, ra(T4));
	in.f[XNIC_F_ALUOP] = XNIC_ALU_PASS;
	in.f[XNIC_F_B] = a;
	jit_emit(c, &in);
	return xnic_opnd_bank_group(b) == 1 ? rb(T4) : ra(T4);
}

void e_alu(struct jit_ctx *c, u32 dst, u32 a, u32 op, u32 b)
{
	struct xnic_insn in;

	a = fix_banks(c, a, b, op);
	xnic_insn_init(&in, XNIC_K_ALU);
	set_dst(&in, dst);
	in.f[XNIC_F_A] = a;
	in.f[XNIC_F_B] = b;
	in.f[XNIC_F_ALUOP] = op;
	jit_emit(c, &in);
}

void e_mov(struct jit_ctx *c, u32 dst, u32 b)
{
	e_alu(c, dst, XNIC_OPND_NONE, XNIC_ALU_PASS, b);
}

void e_shf(struct jit_ctx *c, u32 dst, u32 a, u32 b, u32 sht, u32 amt)
{
	struct xnic_insn in;

	if (sht != XNIC_SH_DSHR)
		a = fix_banks(c, a, b, XNIC_ALU_PASS);
	xnic_insn_init(&in, XNIC_K_SHF);
	set_dst(&in, dst);
	in.f[XNIC_F_A] = a;
	in.f[XNIC_F_B] = b;
	in.f[XNIC_F_SHT] = sht;
	if (amt == JIT_SH_IND)
		in.f[XNIC_F_SHIND] = 1;
	else
		in.f[XNIC_F_SHAMT] = amt;
	jit_emit(c, &in);
}

void e_immed(struct jit_ctx *c, u32 dst, u32 imm16, u32 bshift, u32 inv,
	     u32 part)
{
	struct xnic_insn in;

	xnic_insn_init(&in, XNIC_K_IMMED);
	set_dst(&in, dst);
	in.f[XNIC_F_IMM16] = imm16;
	in.f[XNIC_F_BSHIFT] = bshift;
	in.f[XNIC_F_INV] = inv;
	in.f[XNIC_F_PART] = part;
	jit_emit(c, &in);
}

void e_ldf(struct jit_ctx *c, u32 dst, u32 mask, u32 b, u32 rot, u32 clr)
{
	struct xnic_insn in;

	xnic_insn_init(&in, XNIC_K_LD_FIELD);
	set_dst(&in, dst);
	in.f[XNIC_F_B] = b;
	in.f[XNIC_F_BMASK] = mask;
	in.f[XNIC_F_ROT] = rot;
	in.f[XNIC_F_CLR] = clr;
	jit_emit(c, &in);
}

void e_mem(struct jit_ctx *c, u32 tgt, u32 act, u32 xfer, u32 a, u32 b, u32 cnt)
{
	e_mem_ctx(c, tgt, act, xfer, a, b, cnt, XNIC_CTX_SWAP);
}

void e_mem_ctx(struct jit_ctx *c, u32 tgt, u32 act, u32 xfer, u32 a, u32 b,
	       u32 cnt, u32 ctx)
{
	struct xnic_insn in;

	xnic_insn_init(&in, XNIC_K_MEM);
	in.f[XNIC_F_A] = a;
	in.f[XNIC_F_B] = b;
	in.f[XNIC_F_MTGT] = tgt;
	in.f[XNIC_F_MACT] = act;
	in.f[XNIC_F_XFER] = xfer;
	in.f[XNIC_F_CNT] = cnt - 1;
	in.f[XNIC_F_SIG] = JIT_SIG;
	in.f[XNIC_F_CTX] = ctx;
	jit_emit(c, &in);
}

void e_csr_wr(struct jit_ctx *c, u32 csr, u32 a)
{
	struct xnic_insn in;

	xnic_insn_init(&in, XNIC_K_CSR_WR);
	in.f[XNIC_F_A] = a;
	in.f[XNIC_F_CSR] = csr;
	jit_emit(c, &in);
	c->barrier = c->len;
}

void e_csr_rd(struct jit_ctx *c, u32 dst, u32 csr)
{
	struct xnic_insn in;

	xnic_insn_init(&in, XNIC_K_CSR_RD);
	set_dst(&in, dst);
	in.f[XNIC_F_CSR] = csr;
	jit_emit(c, &in);
}

void e_mul(struct jit_ctx *c, u32 dst, u32 a, u32 b, u32 type, u32 step)
{
	struct xnic_insn in;

	if (step == XNIC_MSTEP_START)
		a = fix_banks(c, a, b, XNIC_ALU_PASS);
	xnic_insn_init(&in, XNIC_K_MUL);
	set_dst(&in, dst);
	in.f[XNIC_F_A] = a;
	in.f[XNIC_F_B] = b;
	in.f[XNIC_F_MTYPE] = type;
	in.f[XNIC_F_MSTEP] = step;
	jit_emit(c, &in);
}

static void e_simple(struct jit_ctx *c, u32 kind)
{
	struct xnic_insn in;

	xnic_insn_init(&in, kind);
	jit_emit(c, &in);
}

void e_nop(struct jit_ctx *c)
{
	e_simple(c, XNIC_K_NOP);
}

void e_halt(struct jit_ctx *c)
{
	e_simple(c, XNIC_K_HALT);
	jit_barrier(c);
}

void e_fwcall(struct jit_ctx *c, u32 id)
{
	struct xnic_insn in;

	xnic_insn_init(&in, XNIC_K_FWCALL);
	in.f[XNIC_F_FWID] = id;
	jit_emit(c, &in);
	jit_barrier(c);
	c->lm0_valid = false;
	c->pc_valid = false;
}

void e_rtn(struct jit_ctx *c, u32 a)
{
	struct xnic_insn in;

	xnic_insn_init(&in, XNIC_K_RTN);
	in.f[XNIC_F_A] = a;
	jit_emit(c, &in);
	jit_barrier(c);
}

/*
 * A 32-bit constant into GPR g (both banks): one immed when the value is a
 * 16-bit quantity at a byte shift of 0..2, or the inverse of one; else a
 * whole-word immed of the low half and an immed_w1 of the high half.
 */
void e_const(struct jit_ctx *c, u32 g, u32 v)
{
	e_const_to(c, ra(g), v);
}

void e_const_to(struct jit_ctx *c, u32 dst, u32 v)
{
	u32 s, inv;

	for (inv = 0; inv < 2; inv++) {
		u32 x = inv ? ~v : v;

		for (s = 0; s < 3; s++) {
			if ((x & ~(0xffffu << (8 * s))) == 0) {
				e_immed(c, dst, (x >> (8 * s)) & 0xffff, s, inv,
					0);
				return;
			}
		}
	}
	if (xnic_opnd_class(dst) != XNIC_OC_GPR_A) {
		/* immed_w1 merges: only into a GPR. */
		e_const(c, T1, v);
		e_mov(c, dst, rb(T1));
		return;
	}
	e_immed(c, dst, v & 0xffff, 0, 0, 0);
	e_immed(c, dst, v >> 16, 0, 0, 2);
}

/* An operand holding v: an inline immediate when it fits, else scratch. */
u32 e_opnd_const(struct jit_ctx *c, u32 v, u32 scratch)
{
	if (v <= 0xff)
		return xnic_imm(v);
	e_const(c, scratch, v);
	return rb(scratch);
}

/*
 * May the lm_addr0 setup not move above word w?  It uses LM index 0 or
 * GPR 20/21 (the window's scratch), writes GPR 25 (which the setup reads),
 * or consumes flags or an ALU result.
 */
static bool uses_window(u64 w)
{
	static const u8 opnds[] = {XNIC_F_A, XNIC_F_B, XNIC_F_DST};
	struct xnic_insn in;
	char err[96];
	u32 i;

	if (xnic_decode(w, &in, err, sizeof(err)))
		return true;
	if (in.kind == XNIC_K_MUL || in.kind == XNIC_K_CSR_WR ||
	    in.kind == XNIC_K_CSR_RD)
		return true;
	/* Nothing may come between a word and the flags or the previous
	 * ALU result it consumes.
	 */
	if ((in.kind == XNIC_K_ALU || in.kind == XNIC_K_ALU_SHF) &&
	    (in.f[XNIC_F_ALUOP] == XNIC_ALU_ADDC ||
	     in.f[XNIC_F_ALUOP] == XNIC_ALU_SUBC))
		return true;
	if ((in.kind == XNIC_K_SHF || in.kind == XNIC_K_ALU_SHF) &&
	    in.f[XNIC_F_SHIND])
		return true;
	for (i = 0; i < ARRAY_SIZE(opnds); i++) {
		u32 code = in.f[opnds[i]];

		if (!xnic_kind_field(in.kind, opnds[i]))
			continue;
		if (xnic_opnd_class(code) == XNIC_OC_LM &&
		    (code - XNIC_OPND_LM) / 32 == 0)
			return true;
		if (code == ra(S0) || code == rb(S0) || code == ra(S1) ||
		    code == rb(S1))
			return true;
		/* The setup reads R10 (GPR 25): not above a write of it. */
		if (opnds[i] == XNIC_F_DST && code == ra(G_FP))
			return true;
	}
	return false;
}

/*
 * Move the words [from, len) (an lm_addr0 setup just emitted) up to max
 * words earlier, over words that neither touch LM index 0 nor its
 * scratch, so the CSR hazard overlaps useful work.  Only words after the
 * barrier move (no labels, fixups or relocations there).  Returns how
 * many words now follow the moved ones.
 */
u32 jit_hoist(struct jit_ctx *c, u32 from, u32 max)
{
	u32 q = from, n = c->len - from, i, j;
	u64 tmp[4];

	if (c->err || n > ARRAY_SIZE(tmp))
		return 0;
	while (q > c->barrier_soft && q > 0 && from - q < max &&
	       !uses_window(c->code[q - 1]))
		q--;
	if (q == from)
		return 0;
	for (i = 0; i < n; i++)
		tmp[i] = c->code[from + i];
	for (i = from; i-- > q;)
		c->code[i + n] = c->code[i];
	for (i = 0; i < n; i++)
		c->code[q + i] = tmp[i];
	for (j = 0; j <= c->cur; j++)
		if (c->insn_start[j] > q && c->insn_start[j] <= from)
			c->insn_start[j] += n;
	return from - q;
}

void jit_barrier(struct jit_ctx *c)
{
	c->barrier = c->len;
	c->barrier_soft = c->len;
}

u32 jit_label_new(struct jit_ctx *c)
{
	if (!grow(c, (void **)&c->labels, &c->labelcap, c->nlabels + 1,
		  sizeof(u32)))
		return 0;
	c->labels[c->nlabels] = U32_MAX;
	return c->nlabels++;
}

void jit_label_bind(struct jit_ctx *c, u32 label)
{
	if (c->err)
		return;
	c->labels[label] = c->len;
	jit_barrier(c);
	c->lm0_valid = false;
	c->pc_valid = false;
}

void jit_add_fix(struct jit_ctx *c, u32 at, u32 kind, u32 to)
{
	if (c->err || !grow(c, (void **)&c->fix, &c->fixcap, c->nfix + 1,
			    sizeof(*c->fix)))
		return;
	c->fix[c->nfix].at = at;
	c->fix[c->nfix].kind = kind;
	c->fix[c->nfix].to = to;
	c->nfix++;
}

/* A relocation for the immed/immed_w1 pair about to be emitted. */
void jit_add_reloc(struct jit_ctx *c, u32 type, u32 map, u32 addend)
{
	struct xnic_reloc *r;

	if (c->err || !grow(c, (void **)&c->relocs, &c->relocap, c->nrelo + 1,
			    sizeof(*c->relocs)))
		return;
	r = &c->relocs[c->nrelo++];
	r->insn = c->len;
	r->type = type;
	r->map = map;
	r->addend = addend;
}

/* Can the word just emitted run in the defer slot of a br instead? */
static bool defer_candidate(struct jit_ctx *c, u32 cond)
{
	struct xnic_insn in;
	char err[96];

	if (c->len == 0 || c->len - 1 < c->barrier || c->len - 1 < 1)
		return false;
	if (xnic_decode(c->code[c->len - 1], &in, err, sizeof(err)))
		return false;
	switch (in.kind) {
	case XNIC_K_IMMED:
	case XNIC_K_LD_FIELD:
		return true;
	case XNIC_K_SHF:
		return !in.f[XNIC_F_SHIND];
	case XNIC_K_ALU:
		/* The branch must not depend on the flags it would set. */
		return cond == XNIC_CC_AL;
	default:
		return false;
	}
}

/* Does operand code x read what dst (a GPR written to both banks) holds? */
static bool reads_dst(u32 x, u32 dst)
{
	if (x == dst)
		return true;
	return xnic_opnd_class(dst) == XNIC_OC_GPR_A &&
	       x == rb(dst - XNIC_OPND_GPR_A);
}

/*
 * For a conditional branch: can the word before its compare run in the
 * defer slot instead?  The compare (last word, flags only) must not read
 * what that word writes, and the word must not touch the flags.
 */
static bool defer_candidate_cond(struct jit_ctx *c)
{
	struct xnic_insn cmp, w;
	char err[96];

	if (c->len < 2 || c->len - 2 < c->barrier)
		return false;
	if (xnic_decode(c->code[c->len - 1], &cmp, err, sizeof(err)) ||
	    xnic_decode(c->code[c->len - 2], &w, err, sizeof(err)))
		return false;
	if (cmp.kind != XNIC_K_ALU || cmp.f[XNIC_F_DST] != XNIC_OPND_NONE ||
	    cmp.f[XNIC_F_ALUOP] == XNIC_ALU_ADDC ||
	    cmp.f[XNIC_F_ALUOP] == XNIC_ALU_SUBC)
		return false;
	switch (w.kind) {
	case XNIC_K_IMMED:
	case XNIC_K_LD_FIELD:
		break;
	case XNIC_K_SHF:
		if (w.f[XNIC_F_SHIND])
			return false;
		break;
	default:
		return false;
	}
	return !reads_dst(cmp.f[XNIC_F_A], w.f[XNIC_F_DST]) &&
	       !reads_dst(cmp.f[XNIC_F_B], w.f[XNIC_F_DST]);
}

static void e_br(struct jit_ctx *c, u32 cond, u32 kind, u32 to)
{
	struct xnic_insn in;
	u64 moved = 0;
	bool fill;
	u32 j;

	if (c->err)
		return;
	fill = defer_candidate(c, cond);
	if (!fill && cond != XNIC_CC_AL && defer_candidate_cond(c)) {
		/* [w, cmp] -> [cmp, br, w] */
		u64 cmp = c->code[c->len - 1];

		moved = c->code[c->len - 2];
		c->len -= 2;
		for (j = c->cur; c->insn_start[j] == c->len + 1; j--) {
			c->insn_start[j] = c->len;
			if (!j)
				break;
		}
		push_word(c, cmp);
		fill = true;
	} else if (fill) {
		moved = c->code[--c->len];
		/* The moved word may have opened the BPF insn's range. */
		for (j = c->cur; c->insn_start[j] == c->len + 1; j--) {
			c->insn_start[j] = c->len;
			if (!j)
				break;
		}
	}
	xnic_insn_init(&in, XNIC_K_BR);
	in.f[XNIC_F_COND] = cond;
	in.f[XNIC_F_DEFER] = fill;
	jit_add_fix(c, c->len, kind, to);
	jit_emit(c, &in);
	if (fill)
		push_word(c, moved);
	jit_barrier(c);
}

void e_br_bpf(struct jit_ctx *c, u32 cond, u32 insn, u32 kind)
{
	e_br(c, cond, kind, insn);
}

void e_br_label(struct jit_ctx *c, u32 cond, u32 label)
{
	e_br(c, cond, FIX_LABEL, label);
}

void e_brbit_label(struct jit_ctx *c, u32 a, u32 bit, u32 sense, u32 label)
{
	struct xnic_insn in;

	xnic_insn_init(&in, XNIC_K_BR_BIT);
	in.f[XNIC_F_A] = a;
	in.f[XNIC_F_BIT] = bit;
	in.f[XNIC_F_SENSE] = sense;
	jit_add_fix(c, c->len, FIX_LABEL, label);
	jit_emit(c, &in);
	jit_barrier(c);
}

static int patch(struct jit_ctx *c, u32 at, u32 field, u32 val)
{
	struct xnic_insn in;
	char err[128];

	if (xnic_decode(c->code[at], &in, err, sizeof(err)) ||
	    (in.f[field] = val,
	     xnic_encode(&in, &c->code[at], err, sizeof(err)))) {
		jit_fail(c, -EINVAL, "internal: fixup at %u: %s", at, err);
		return -EINVAL;
	}
	return 0;
}

int jit_resolve(struct jit_ctx *c)
{
	u32 i, to;

	for (i = 0; i < c->nfix && !c->err; i++) {
		const struct jit_fix *f = &c->fix[i];

		switch (f->kind) {
		case FIX_BPF:
			to = c->insn_start[f->to];
			break;
		case FIX_BODY:
			to = c->body_start[f->to];
			break;
		default:
			to = c->labels[f->to];
			break;
		}
		if (to >= c->len) {
			/* A branch past the end: land on a final halt. */
			to = c->len;
			if (to >= XNIC_CODE_MAX) {
				jit_fail(c, -E2BIG,
					 "branch target out of range");
				break;
			}
		}
		patch(c, f->at,
		      f->kind == FIX_IMM_LABEL ? XNIC_F_IMM16 : XNIC_F_TARGET,
		      to);
	}
	return c->err;
}
