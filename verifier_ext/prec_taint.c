// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Keeping the metadata true on pruned paths.  The JIT trusts facts merged
 * over the explored paths (operand ranges and constants, "upper half
 * zero").  A path pruned against a checkpoint whose imprecise scalar did
 * not contain the path's value (a "loose" match, state.c) goes on with
 * values no explored path had, so facts derived from them may not hold
 * for it.  Safety does not depend on those values (precision.c marks
 * everything that does), but the code the JIT emits must still compute
 * the right result with them.
 *
 * After exploration, a forward dataflow over the control-flow graph
 * (calls and returns included, context-insensitive, no branch refinement)
 * follows the loosely matched registers from each such pruning point,
 * starting from the values the pruned paths had there, through every
 * instruction that copies or computes from them; operands not derived
 * from them are covered by the explored paths' merged metadata, which the
 * computation uses for them.  The metadata of each tainted operand is then
 * joined with what the pruned paths can bring, and "upper half zero" is
 * withdrawn from results that may now be wider.  Loosely matched stack
 * slots are followed as "some value".  Only insns explored paths reached
 * are visited: a pruned path takes no branch its checkpoint's paths did
 * not (the values deciding branches are precise).  Programs without loose
 * prunes keep their metadata unchanged.
 */
#include "internal.h"

#define ALL_REGS     0x7ffu
#define ARG_REGS     0x3eu   /* R1-R5 */
#define CALLEE_SAVED 0x7c0u  /* R6-R10 */
#define LINK_MEM     0x8000u /* linked_at: a spilled or caller-frame copy */
#define MAX_CHANGES                                   \
	16 /* at a loop head, then changing registers \
	    * become unknown                          \
	    */

/* What pruned paths may bring to the start of an insn. */
struct pstate {
	u64 slots; /* tainted slots of the current frame */
	u16 t;	   /* tainted registers; their values in v[] */
	bool all;  /* any stack slot (any frame) may be tainted */
	u8 changes;
	struct xnic_scalar v[VRF_NREGS];
};

struct taint {
	struct vrf_env *env;
	struct pstate **in; /* per insn, allocated when first reached */
	u8 *queued;	    /* to visit in the current or next sweep */
	u32 qlen;	    /* insns queued since the sweep began */
	u32 *calls;	    /* pseudo-call insns */
	u32 ncalls;
	/* back-edge targets and subprogram entries: where a value can keep
	 * growing (loops; calls and returns joined across call sites)
	 */
	u8 *loop_head;
	struct pstate x, e; /* scratch, kept off the C stack */
};

static bool same_scalar(const struct xnic_scalar *a,
			const struct xnic_scalar *b)
{
	return a->umin == b->umin && a->umax == b->umax && a->smin == b->smin &&
	       a->smax == b->smax && a->u32_min == b->u32_min &&
	       a->u32_max == b->u32_max && a->s32_min == b->s32_min &&
	       a->s32_max == b->s32_max && a->tnum_value == b->tnum_value &&
	       a->tnum_mask == b->tnum_mask;
}

/* Join x into insn i's state; queue i when it grew. */
static int push(struct taint *tt, u32 i, const struct pstate *x)
{
	struct pstate *a = tt->in[i];
	struct xnic_scalar old;
	bool changed = false;
	u32 r;

	if (!(tt->env->meta->insn[i].flags & XNIC_META_SEEN))
		return 0;
	if (!a) {
		a = xnic_zalloc(sizeof(*a));
		if (!a)
			return -ENOMEM;
		tt->in[i] = a;
	}
	if ((a->slots | x->slots) != a->slots || (x->all && !a->all))
		changed = true;
	a->slots |= x->slots;
	a->all |= x->all;
	for (r = 0; r < VRF_NREGS; r++) {
		if (!(x->t >> r & 1))
			continue;
		if (!(a->t >> r & 1)) {
			a->v[r] = x->v[r];
			a->t |= (u16)(1u << r);
			changed = true;
			continue;
		}
		old = a->v[r];
		sc_join(&a->v[r], &x->v[r]);
		if (same_scalar(&old, &a->v[r]))
			continue;
		changed = true;
		/* a loop keeps growing it: give up on the value */
		if (tt->loop_head[i] && a->changes >= MAX_CHANGES)
			sc_unknown(&a->v[r]);
	}
	if (!changed)
		return 0;
	if (a->changes < MAX_CHANGES)
		a->changes++;
	if (!tt->queued[i]) {
		tt->queued[i] = 1;
		tt->qlen++;
	}
	return 0;
}

static void untaint(struct pstate *x, u32 r)
{
	x->t &= (u16) ~(1u << r);
}

static void taint_val(struct pstate *x, u32 r, const struct xnic_scalar *v)
{
	x->t |= (u16)(1u << r);
	x->v[r] = *v;
}

/* Register r may also hold v (its value before a refinement). */
static void before(struct pstate *x, u32 r, const struct xnic_scalar *v)
{
	if (x->t >> r & 1) {
		sc_join(&x->v[r], v);
		return;
	}
	taint_val(x, r, v);
}

static void taint_unknown(struct pstate *x, u32 r, u32 size)
{
	x->t |= (u16)(1u << r);
	if (size < 8)
		sc_bounded(&x->v[r], (1ULL << (size * 8)) - 1);
	else
		sc_unknown(&x->v[r]);
}

static bool fp_slot(s16 off, u32 *slot)
{
	if (off >= 0 || off < -VRF_STACK_MAX)
		return false;
	*slot = (u32)(-(s32)off - 1) / 8;
	return true;
}

static void xfer_alu(const struct xnic_insn_meta *m, const struct bpf_insn *in,
		     struct pstate *x)
{
	u8 op = BPF_OP(in->code);
	bool is64 = BPF_CLASS(in->code) == BPF_ALU64;
	bool k = BPF_SRC(in->code) == BPF_K;
	u32 d = in->dst_reg, s = in->src_reg;
	bool td = x->t >> d & 1, ts = !k && (x->t >> s & 1);
	struct xnic_scalar dv, sv;

	if (op == BPF_MOV) {
		if (!ts) {
			untaint(x, d);
			return;
		}
		dv = x->v[s];
		if (m->src_reg_kind == XNIC_REG_SCALAR)
			sc_join(&dv, &m->src);
		if (in->off)
			sc_movsx(&dv, &x->v[s], (u32)in->off, is64);
		else if (!is64)
			sc_zext32(&dv);
		taint_val(x, d, &dv);
		return;
	}
	if (!td && !ts)
		return;
	/*
	 * The merged metadata covers an operand on every pruned path that
	 * did not derive it from a loose value; a tainted operand is that,
	 * or what the taint computed (taints of different pruned paths meet
	 * at joins, so a register tainted by one is not by another).
	 */
	if (m->dst_reg_kind == XNIC_REG_SCALAR)
		dv = m->dst;
	else
		sc_unknown(&dv);
	if (td)
		sc_join(&dv, &x->v[d]);
	if (op == BPF_END) {
		sc_end(&dv, BPF_SRC(in->code), is64, (u32)in->imm);
		taint_val(x, d, &dv);
		return;
	}
	if (op == BPF_NEG) {
		sc_alu(&dv, &dv, BPF_NEG, is64, 0);
		taint_val(x, d, &dv);
		return;
	}
	if (m->src_reg_kind == XNIC_REG_SCALAR)
		sv = m->src;
	else
		sc_unknown(&sv);
	if (ts)
		sc_join(&sv, &x->v[s]);
	if (m->dst_reg_kind != XNIC_REG_SCALAR ||
	    (!k && m->src_reg_kind != XNIC_REG_SCALAR)) {
		/* not scalar arithmetic on explored paths: know nothing */
		sc_unknown(&dv);
		taint_val(x, d, &dv);
		return;
	}
	sc_alu(&dv, &sv, op, is64, in->off);
	taint_val(x, d, &dv);
}

static void xfer_mem(const struct vrf_env *env, u32 i,
		     const struct bpf_insn *in, struct pstate *x)
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
		if (!t)
			untaint(x, in->dst_reg);
		else
			taint_unknown(x, in->dst_reg,
				      mode == BPF_MEMSX ?
					      8 :
					      xnic_bpf_size_bytes(in->code));
		return;
	}
	if (cls == BPF_STX && mode == BPF_ATOMIC) {
		/* atomics leave values the analysis never knew */
		if (in->imm == BPF_CMPXCHG)
			untaint(x, BPF_REG_0);
		else if (in->imm & BPF_FETCH)
			untaint(x, in->src_reg);
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

/* Effect of insn i on a state (successor edges aside). */
static void xfer(const struct vrf_env *env, u32 i, struct pstate *x)
{
	const struct bpf_insn *in = &env->insns[i];
	const struct xnic_insn_meta *m = &env->meta->insn[i];
	u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	struct xnic_scalar unknown;
	u16 l;
	u32 r;

	sc_unknown(&unknown);

	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		xfer_alu(m, in, x);
		break;
	case BPF_LDX:
	case BPF_ST:
	case BPF_STX:
		xfer_mem(env, i, in, x);
		break;
	case BPF_LD:
		if (insn_is_ldimm64(in))
			untaint(x, in->dst_reg);
		else
			x->t &= (u16)~0x3fu;
		break;
	case BPF_JMP:
	case BPF_JMP32:
		if (op == BPF_CALL && in->src_reg != BPF_PSEUDO_CALL) {
			x->t &= (u16)~0x3fu;
		} else if (op != BPF_CALL && op != BPF_EXIT && op != BPF_JA) {
			/* explored paths refined every copy of a tainted
			 * operand; pruned paths' copies are not refined
			 */
			if (!(x->t >> in->dst_reg & 1) &&
			    !(BPF_SRC(in->code) == BPF_X &&
			      (x->t >> in->src_reg & 1)))
				break;
			/*
			 * Each operand was refined by the other: on a pruned
			 * path where one is tainted, the other is worth what
			 * it was before the branch, not what the explored
			 * paths refined it to.
			 */
			if (BPF_SRC(in->code) == BPF_X) {
				before(x, in->dst_reg,
				       m->dst_reg_kind == XNIC_REG_SCALAR ?
					       &m->dst :
					       &unknown);
				before(x, in->src_reg,
				       m->src_reg_kind == XNIC_REG_SCALAR ?
					       &m->src :
					       &unknown);
			}
			l = env->linked_at[i];
			for (r = 0; r < VRF_NREGS; r++)
				if ((l >> r & 1) && !(x->t >> r & 1))
					taint_unknown(x, r, 8);
			if (l & LINK_MEM)
				x->all = true;
		}
		break;
	}
}

static int successors(struct taint *tt, u32 i, const struct pstate *out,
		      const struct pstate *in)
{
	const struct vrf_env *env = tt->env;
	const struct bpf_insn *insn = &env->insns[i];
	const struct xnic_insn_meta *m = &env->meta->insn[i];
	u8 cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
	struct pstate *e = &tt->e;
	u32 c, start;
	int err = 0;

	if (insn_is_ldimm64(insn))
		return push(tt, i + 2, out);
	if (cls != BPF_JMP && cls != BPF_JMP32)
		return push(tt, i + 1, out);
	if (op == BPF_EXIT) {
		if (!m->subprog)
			return 0;
		start = env->meta->subprogs[m->subprog].start;
		*e = *out;
		e->slots = 0;
		e->t &= 1u; /* R0 */
		for (c = 0; c < tt->ncalls && !err; c++)
			if (env->meta->insn[tt->calls[c]].jmp_target ==
			    (s32)start)
				err = push(tt, tt->calls[c] + 1, e);
		return err;
	}
	if (op == BPF_CALL && insn->src_reg == BPF_PSEUDO_CALL) {
		/* callee: arguments, and the caller's stack via pointers */
		*e = *in;
		e->slots = 0;
		e->t &= ARG_REGS;
		e->all = in->all || in->slots;
		if (m->jmp_target >= 0)
			err = push(tt, (u32)m->jmp_target, e);
		/* return site: the caller's frame as it was, R0 from exits */
		*e = *in;
		e->t &= CALLEE_SAVED;
		return err ? err : push(tt, i + 1, e);
	}
	if (op == BPF_JA)
		return m->jmp_target >= 0 ? push(tt, (u32)m->jmp_target, out) :
					    0;
	err = push(tt, i + 1, out);
	if (!err && op != BPF_CALL && m->jmp_target >= 0)
		err = push(tt, (u32)m->jmp_target, out);
	return err;
}

/* Join what pruned paths bring into the metadata of insn i. */
static void poison(struct vrf_env *env, u32 i, const struct pstate *in,
		   const struct pstate *out)
{
	const struct bpf_insn *insn = &env->insns[i];
	struct xnic_insn_meta *m = &env->meta->insn[i];
	u8 cls = BPF_CLASS(insn->code);
	u32 d = insn->dst_reg, s = insn->src_reg;
	bool src_reg = cls == BPF_STX || cls == BPF_LDX ||
		       ((cls == BPF_ALU || cls == BPF_ALU64 || cls == BPF_JMP ||
			 cls == BPF_JMP32) &&
			BPF_SRC(insn->code) == BPF_X);

	if (d < VRF_NREGS && (in->t >> d & 1) &&
	    m->dst_reg_kind == XNIC_REG_SCALAR)
		sc_join(&m->dst, &in->v[d]);
	if (src_reg && s < VRF_NREGS && (in->t >> s & 1) &&
	    m->src_reg_kind == XNIC_REG_SCALAR)
		sc_join(&m->src, &in->v[s]);
	if ((cls == BPF_ALU || cls == BPF_ALU64 || cls == BPF_LDX ||
	     cls == BPF_LD) &&
	    d < VRF_NREGS && (out->t >> d & 1) && out->v[d].umax > U32_MAX)
		env->hi32_bad[i] = 1;
}

static int taint_alloc(struct taint *tt, u32 n)
{
	const struct vrf_env *env = tt->env;
	u32 i;

	tt->in = xnic_zalloc(sizeof(*tt->in) * n);
	tt->queued = xnic_zalloc(n);
	tt->calls = xnic_zalloc(sizeof(*tt->calls) * n);
	tt->loop_head = xnic_zalloc(n);
	if (!tt->in || !tt->queued || !tt->calls || !tt->loop_head)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		const struct bpf_insn *in = &env->insns[i];
		s32 t = env->meta->insn[i].jmp_target;

		if (BPF_CLASS(in->code) == BPF_JMP &&
		    BPF_OP(in->code) == BPF_CALL &&
		    in->src_reg == BPF_PSEUDO_CALL)
			tt->calls[tt->ncalls++] = i;
		if (t >= 0 && (u32)t < n && (u32)t <= i)
			tt->loop_head[t] = 1;
		if (env->meta->insn[i].flags & XNIC_META_SUBPROG_START)
			tt->loop_head[i] = 1;
	}
	return 0;
}

/* The seed of insn i: what its loose prunes let through. */
static bool seed(const struct vrf_env *env, u32 i, struct pstate *x)
{
	const struct vrf_loose_seed *sd = env->loose ? env->loose[i] : NULL;
	u32 r;

	xnic_memset(x, 0, sizeof(*x));
	if (env->poison_all) {
		x->slots = ~0ULL;
		x->all = true;
		for (r = 0; r < BPF_REG_10; r++)
			taint_unknown(x, r, 8);
		return true;
	}
	if (!sd)
		return false;
	x->slots = sd->slots;
	x->t = sd->regs;
	xnic_memcpy(x->v, sd->v, sizeof(x->v));
	return true;
}

static int run(struct taint *tt)
{
	struct vrf_env *env = tt->env;
	u32 n = env->insn_cnt, i;
	int err;

	for (i = 0; i < n; i++) {
		if (seed(env, i, &tt->x)) {
			err = push(tt, i, &tt->x);
			if (err)
				return err;
		}
	}
	/* sweeps in program order: joins settle before a value moves on,
	 * so straight-line code is visited once per sweep
	 */
	while (tt->qlen) {
		tt->qlen = 0;
		for (i = 0; i < n; i++) {
			if (!tt->queued[i])
				continue;
			tt->queued[i] = 0;
			tt->x = *tt->in[i];
			xfer(env, i, &tt->x);
			err = successors(tt, i, &tt->x, tt->in[i]);
			if (err)
				return err;
		}
	}
	for (i = 0; i < n; i++) {
		if (!tt->in[i])
			continue;
		tt->x = *tt->in[i];
		xfer(env, i, &tt->x);
		poison(env, i, tt->in[i], &tt->x);
	}
	return 0;
}

int prec_widen_meta(struct vrf_env *env)
{
	struct taint *tt = xnic_zalloc(sizeof(*tt));
	u32 i;
	int ret;

	if (!tt)
		return -ENOMEM;
	tt->env = env;
	ret = taint_alloc(tt, env->insn_cnt);
	if (!ret)
		ret = run(tt);
	if (tt->in)
		for (i = 0; i < env->insn_cnt; i++)
			xnic_free(tt->in[i]);
	xnic_free(tt->in);
	xnic_free(tt->queued);
	xnic_free(tt->calls);
	xnic_free(tt->loop_head);
	xnic_free(tt);
	return ret;
}
