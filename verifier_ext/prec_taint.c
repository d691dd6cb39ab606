// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Keeping the metadata true on pruned paths.  The JIT trusts facts merged
 * over the explored paths (operand ranges and constants, "upper half
 * zero").  A path pruned against a checkpoint whose imprecise scalar did
 * not contain the path's value (a "loose" match, state.c) goes on with
 * values no explored path had, so facts derived from them may not hold
 * for it.  Safety does not depend on those values (precision.c marks
 * everything that does), but the code the JIT emits for them must still
 * compute the right result.
 *
 * After exploration, a forward dataflow over the control-flow graph
 * (calls and returns included, context-insensitive) follows the loosely
 * matched registers and slots from each such pruning point through every
 * instruction that copies or computes from them, and forgets what the
 * metadata claims about the tainted operands: a tainted operand becomes
 * "any value", or "any value below 2^32" when the instruction that made it
 * guarantees a zero upper half whatever its inputs (32-bit ALU, narrow
 * load, AND with a non-negative constant, right shift by 32 or more).
 * Programs without loose prunes keep their metadata unchanged.
 */
#include "internal.h"

#define ALL_REGS 0x7ffu
#define ARG_REGS 0x3eu	   /* R1-R5 */
#define CALLEE_SAVED 0x7c0u /* R6-R10 */
#define LINK_MEM 0x8000u   /* linked_at: a spilled or caller-frame copy */

struct tset {
	u64 slots; /* tainted slots of the current frame */
	u16 t;	   /* tainted registers */
	u16 w;	   /* tainted registers whose upper half may be non-zero */
	bool all;  /* any stack slot (any frame) may be tainted */
};

struct taint {
	struct vrf_env *env;
	struct tset *in;
	u32 *queue;
	u8 *queued;
	u32 qlen;
	u32 *calls; /* pseudo-call insns */
	u32 ncalls;
};

static void push(struct taint *tt, u32 i, const struct tset *x)
{
	struct tset *a = &tt->in[i];
	struct tset old = *a;

	a->slots |= x->slots;
	a->t |= x->t;
	a->w |= x->w;
	a->all |= x->all;
	if ((old.slots == a->slots && old.t == a->t && old.w == a->w &&
	     old.all == a->all) ||
	    tt->queued[i])
		return;
	tt->queued[i] = 1;
	tt->queue[tt->qlen++] = i;
}

static void set_reg(struct tset *x, u32 r, bool t, bool w)
{
	u16 b = (u16)(1u << r);

	x->t = t ? x->t | b : x->t & ~b;
	x->w = t && w ? x->w | b : x->w & ~b;
}

static bool fp_slot(s16 off, u32 *slot)
{
	if (off >= 0 || off < -VRF_STACK_MAX)
		return false;
	*slot = (u32)(-(s32)off - 1) / 8;
	return true;
}

static void xfer_alu(const struct bpf_insn *in, struct tset *x)
{
	u8 op = BPF_OP(in->code);
	bool is64 = BPF_CLASS(in->code) == BPF_ALU64;
	bool k = BPF_SRC(in->code) == BPF_K;
	u32 d = in->dst_reg, s = in->src_reg;
	bool td = x->t >> d & 1, wd = x->w >> d & 1;
	bool ts = !k && (x->t >> s & 1), ws = !k && (x->w >> s & 1);

	if (op == BPF_MOV) {
		if (k)
			set_reg(x, d, false, false);
		else
			set_reg(x, d, ts, is64 && (ws || (ts && in->off)));
		return;
	}
	if (op == BPF_END) {
		/* byte swaps and conversions narrower than 64 bits zero
		 * the rest
		 */
		set_reg(x, d, td, in->imm == 64);
		return;
	}
	if (op == BPF_NEG) {
		set_reg(x, d, td, is64);
		return;
	}
	if (!k) {
		td = td || ts;
		wd = wd || ws;
	}
	if (!td) {
		set_reg(x, d, false, false);
		return;
	}
	if (!is64 || (k && op == BPF_AND && in->imm >= 0) ||
	    (k && op == BPF_RSH && in->imm >= 32)) {
		set_reg(x, d, true, false); /* upper half zero regardless */
		return;
	}
	if (k && (op == BPF_OR || op == BPF_XOR) && in->imm >= 0) {
		set_reg(x, d, true, wd); /* upper half unchanged */
		return;
	}
	set_reg(x, d, true, true);
}

static void xfer_mem(const struct vrf_env *env, u32 i,
		     const struct bpf_insn *in, struct tset *x)
{
	u8 cls = BPF_CLASS(in->code), mode = BPF_MODE(in->code);
	bool dw = BPF_SIZE(in->code) == BPF_DW;
	bool stack = env->meta->insn[i].ptr_kind == XNIC_PTR_STACK;
	u32 slot;
	bool t;

	if (cls == BPF_LDX) {
		if (in->src_reg == BPF_REG_10 && fp_slot(in->off, &slot))
			t = (x->slots >> slot & 1) || x->all;
		else
			t = stack && (x->slots || x->all);
		set_reg(x, in->dst_reg, t, dw || mode == BPF_MEMSX);
		return;
	}
	if (cls == BPF_STX && mode == BPF_ATOMIC) {
		/* atomics leave values the analysis never knew */
		if (in->imm == BPF_CMPXCHG)
			set_reg(x, BPF_REG_0, false, false);
		else if (in->imm & BPF_FETCH)
			set_reg(x, in->src_reg, false, false);
		if (in->dst_reg == BPF_REG_10 && dw && fp_slot(in->off, &slot))
			x->slots &= ~(1ULL << slot);
		return;
	}
	t = cls == BPF_STX && (x->t >> in->src_reg & 1);
	if (in->dst_reg != BPF_REG_10 || !fp_slot(in->off, &slot)) {
		if (stack && t)
			x->all = true; /* some slot, of some frame */
		return;
	}
	if (dw)
		x->slots = t ? x->slots | 1ULL << slot :
			       x->slots & ~(1ULL << slot);
	else if (t)
		x->slots |= 1ULL << slot;
}

/* Effect of insn i on a taint set (successor edges aside). */
static void xfer(const struct vrf_env *env, u32 i, struct tset *x)
{
	const struct bpf_insn *in = &env->insns[i];
	u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	u16 l;

	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		xfer_alu(in, x);
		break;
	case BPF_LDX:
	case BPF_ST:
	case BPF_STX:
		xfer_mem(env, i, in, x);
		break;
	case BPF_LD:
		if (insn_is_ldimm64(in)) {
			set_reg(x, in->dst_reg, false, false);
		} else {
			x->t &= ~0x3fu;
			x->w &= ~0x3fu;
		}
		break;
	case BPF_JMP:
	case BPF_JMP32:
		if (op == BPF_CALL && in->src_reg != BPF_PSEUDO_CALL) {
			x->t &= ~0x3fu;
			x->w &= ~0x3fu;
		} else if (op != BPF_CALL && op != BPF_EXIT && op != BPF_JA) {
			/* refinement reaches every copy of a tainted operand */
			if ((x->t >> in->dst_reg & 1) ||
			    (BPF_SRC(in->code) == BPF_X &&
			     (x->t >> in->src_reg & 1))) {
				l = env->linked_at[i];
				x->t |= l & ALL_REGS;
				x->w |= l & ALL_REGS;
				if (l & LINK_MEM)
					x->all = true;
			}
		}
		break;
	}
}

static void successors(struct taint *tt, u32 i, const struct tset *out,
		       const struct tset *in)
{
	const struct vrf_env *env = tt->env;
	const struct bpf_insn *insn = &env->insns[i];
	const struct xnic_insn_meta *m = &env->meta->insn[i];
	u8 cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
	struct tset e;
	u32 c, start;

	if (insn_is_ldimm64(insn)) {
		push(tt, i + 2, out);
		return;
	}
	if (cls != BPF_JMP && cls != BPF_JMP32) {
		push(tt, i + 1, out);
		return;
	}
	if (op == BPF_EXIT) {
		if (!m->subprog)
			return;
		start = env->meta->subprogs[m->subprog].start;
		e.slots = 0;
		e.t = out->t & 1u;
		e.w = out->w & 1u;
		e.all = out->all;
		for (c = 0; c < tt->ncalls; c++)
			if (env->meta->insn[tt->calls[c]].jmp_target ==
			    (s32)start)
				push(tt, tt->calls[c] + 1, &e);
		return;
	}
	if (op == BPF_CALL && insn->src_reg == BPF_PSEUDO_CALL) {
		/* callee: arguments, and the caller's stack via pointers */
		e.slots = 0;
		e.t = in->t & ARG_REGS;
		e.w = in->w & ARG_REGS;
		e.all = in->all || in->slots;
		if (m->jmp_target >= 0)
			push(tt, (u32)m->jmp_target, &e);
		/* return site: the caller's frame as it was, R0 from exits */
		e.slots = in->slots;
		e.t = in->t & CALLEE_SAVED;
		e.w = in->w & CALLEE_SAVED;
		e.all = in->all;
		push(tt, i + 1, &e);
		return;
	}
	if (op == BPF_JA) {
		if (m->jmp_target >= 0)
			push(tt, (u32)m->jmp_target, out);
		return;
	}
	push(tt, i + 1, out);
	if (op != BPF_CALL && m->jmp_target >= 0)
		push(tt, (u32)m->jmp_target, out);
}

static void widen(struct xnic_scalar *v, bool wide)
{
	if (wide)
		sc_unknown(v);
	else
		sc_bounded(v, U32_MAX);
}

/* Forget what the metadata of insn i says about tainted operands. */
static void poison(struct vrf_env *env, u32 i, const struct tset *in,
		   const struct tset *out)
{
	const struct bpf_insn *insn = &env->insns[i];
	struct xnic_insn_meta *m = &env->meta->insn[i];
	u8 cls = BPF_CLASS(insn->code);
	u32 d = insn->dst_reg, s = insn->src_reg;
	bool src_reg = cls == BPF_STX || cls == BPF_LDX ||
		       ((cls == BPF_ALU || cls == BPF_ALU64 || cls == BPF_JMP ||
			 cls == BPF_JMP32) &&
			BPF_SRC(insn->code) == BPF_X);

	if (!(m->flags & XNIC_META_SEEN))
		return;
	if (d < VRF_NREGS && (in->t >> d & 1) &&
	    m->dst_reg_kind == XNIC_REG_SCALAR)
		widen(&m->dst, in->w >> d & 1);
	if (src_reg && s < VRF_NREGS && (in->t >> s & 1) &&
	    m->src_reg_kind == XNIC_REG_SCALAR)
		widen(&m->src, in->w >> s & 1);
	if ((cls == BPF_ALU || cls == BPF_ALU64 || cls == BPF_LDX ||
	     cls == BPF_LD) &&
	    d < VRF_NREGS && (out->w >> d & 1))
		env->hi32_bad[i] = 1;
}

static int taint_alloc(struct taint *tt, u32 n)
{
	const struct vrf_env *env = tt->env;
	u32 i;

	tt->in = xnic_zalloc(sizeof(*tt->in) * n);
	tt->queue = xnic_zalloc(sizeof(*tt->queue) * n);
	tt->queued = xnic_zalloc(n);
	tt->calls = xnic_zalloc(sizeof(*tt->calls) * n);
	if (!tt->in || !tt->queue || !tt->queued || !tt->calls)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		const struct bpf_insn *in = &env->insns[i];

		if (BPF_CLASS(in->code) == BPF_JMP &&
		    BPF_OP(in->code) == BPF_CALL &&
		    in->src_reg == BPF_PSEUDO_CALL)
			tt->calls[tt->ncalls++] = i;
	}
	return 0;
}

int prec_widen_meta(struct vrf_env *env)
{
	struct taint tt = {.env = env};
	u32 n = env->insn_cnt, i;
	struct tset x, seed;
	int ret = 0;

	if (taint_alloc(&tt, n)) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (env->poison_all) {
			seed.slots = ~0ULL;
			seed.t = ALL_REGS & ~(1u << BPF_REG_10);
			seed.w = seed.t;
			seed.all = true;
		} else if (env->loose && (env->loose[i].regs ||
					  env->loose[i].slots)) {
			seed.slots = env->loose[i].slots;
			seed.t = env->loose[i].regs;
			seed.w = seed.t;
			seed.all = false;
		} else {
			continue;
		}
		push(&tt, i, &seed);
	}
	while (tt.qlen) {
		i = tt.queue[--tt.qlen];
		tt.queued[i] = 0;
		x = tt.in[i];
		xfer(env, i, &x);
		successors(&tt, i, &x, &tt.in[i]);
	}
	for (i = 0; i < n; i++) {
		x = tt.in[i];
		xfer(env, i, &x);
		poison(env, i, &tt.in[i], &x);
	}
out:
	xnic_free(tt.in);
	xnic_free(tt.queue);
	xnic_free(tt.queued);
	xnic_free(tt.calls);
	return ret;
}
