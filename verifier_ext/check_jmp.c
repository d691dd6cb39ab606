// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Conditional jumps: decide branches that are always or never taken,
 * refine scalar ranges on each side (and on every copy sharing the
 * scalar's id), turn map_value_or_null into map_value or NULL after a null
 * check, and learn packet ranges from comparisons with data_end.
 */
#include "internal.h"

static struct vrf_reg *state_regs(struct vrf_state *st)
{
	return st->frames[st->curframe]->regs;
}

/* Apply fn to every register and spilled register of the state. */
#define FOR_EACH_REG(st, r, body)                                       \
	do {                                                            \
		u32 f_, i_;                                             \
		for (f_ = 0; f_ <= (st)->curframe; f_++) {              \
			struct vrf_frame *fr_ = (st)->frames[f_];       \
			for (i_ = 0; i_ < VRF_NREGS; i_++) {            \
				r = &fr_->regs[i_];                     \
				body;                                   \
			}                                               \
			for (i_ = 0; i_ < fr_->nslots; i_++) {          \
				if (fr_->slots[i_].type[0] != SB_SPILL) \
					continue;                       \
				r = &fr_->slots[i_].spill;              \
				body;                                   \
			}                                               \
		}                                                       \
	} while (0)

static void mark_null(struct vrf_state *st, u32 id, bool is_null)
{
	struct vrf_reg *r;

	FOR_EACH_REG(st, r, {
		if (r->kind == VK_MAP_OR_NULL && r->id == id) {
			if (is_null) {
				reg_mark_const(r, 0);
			} else {
				r->kind = VK_MAP_VALUE;
				r->id = 0;
			}
		}
	});
}

static void set_scalar(struct vrf_state *st, u32 regno,
		       const struct xnic_scalar *v)
{
	struct vrf_reg *self = &state_regs(st)[regno], *r;
	u32 id = self->id;

	self->v = *v;
	if (!id)
		return;
	FOR_EACH_REG(st, r, {
		if (r->kind == VK_SCALAR && r->id == id)
			r->v = *v;
	});
}

/* Packet pointers of reg's id are readable up to off (+1 if strict). */
static void good_pkt(struct vrf_state *st, const struct vrf_reg *reg,
		     bool strict)
{
	struct vrf_reg *r;
	u32 range;

	if (reg->off < 0 || (reg->off == 0 && strict))
		return;
	if (reg->v.umax > VRF_MAX_PKT_OFF ||
	    reg->v.umax + (u64)reg->off > VRF_MAX_PKT_OFF)
		return;
	range = (u32)reg->off + (strict ? 1 : 0);
	FOR_EACH_REG(st, r, {
		if (r->kind == VK_PKT && r->id == reg->id && r->range < range)
			r->range = range;
	});
}

/* pkt vs pkt_end; returns false when this is not such a comparison. */
static int pkt_compare(struct vrf_env *env, u32 idx, const struct bpf_insn *in,
		       u32 target, u32 *next)
{
	struct vrf_reg *regs = cur_regs(env);
	struct vrf_reg *d = &regs[in->dst_reg], *s = &regs[in->src_reg];
	struct vrf_reg pkt;
	bool pkt_is_dst, strict, in_taken;
	u8 op = BPF_OP(in->code);
	struct vrf_state *taken;

	if (BPF_SRC(in->code) != BPF_X || BPF_CLASS(in->code) == BPF_JMP32)
		return 0;
	if (d->kind == VK_PKT && s->kind == VK_PKT_END)
		pkt_is_dst = true;
	else if (d->kind == VK_PKT_END && s->kind == VK_PKT)
		pkt_is_dst = false;
	else
		return 0;
	/* Normalise to "pkt OP end", then see which side proves pkt <= end
	 * (range off) or pkt < end (range off + 1).
	 */
	if (!pkt_is_dst) {
		switch (op) {
		case BPF_JGT:
			op = BPF_JLT;
			break;
		case BPF_JLT:
			op = BPF_JGT;
			break;
		case BPF_JGE:
			op = BPF_JLE;
			break;
		case BPF_JLE:
			op = BPF_JGE;
			break;
		}
	}
	switch (op) {
	case BPF_JGT:
		in_taken = false;
		strict = false;
		break;
	case BPF_JGE:
		in_taken = false;
		strict = true;
		break;
	case BPF_JLT:
		in_taken = true;
		strict = true;
		break;
	case BPF_JLE:
		in_taken = true;
		strict = false;
		break;
	default:
		return 0;
	}
	pkt = pkt_is_dst ? *d : *s;
	if (vrf_push(env, target))
		return -1;
	taken = env->work[env->work_len - 1];
	good_pkt(in_taken ? taken : env->cur, &pkt, strict);
	vrf_meta_branch(env, idx, true, true);
	*next = idx + 1;
	return 1;
}

static void prec_operands(struct vrf_env *env, const struct bpf_insn *in)
{
	prec_reg(env, in->dst_reg);
	if (BPF_SRC(in->code) == BPF_X)
		prec_reg(env, in->src_reg);
}

int check_cond_jmp(struct vrf_env *env, u32 idx, const struct bpf_insn *in,
		   u32 *next)
{
	struct vrf_reg *regs = cur_regs(env);
	struct vrf_reg *d = &regs[in->dst_reg], *s = NULL;
	bool is32 = BPF_CLASS(in->code) == BPF_JMP32;
	u8 op = BPF_OP(in->code);
	u32 target = idx + 1 + in->off;
	struct xnic_scalar *k = &env->tmp[0], *ta = &env->tmp[1],
			   *tb = &env->tmp[2];
	bool t_ok, f_ok;
	struct vrf_state *taken;
	int r;

	if (d->kind == VK_NONE) {
		vrf_err(env, idx, "R%u !read_ok", in->dst_reg);
		return -1;
	}
	if (BPF_SRC(in->code) == BPF_X) {
		s = &regs[in->src_reg];
		if (s->kind == VK_NONE) {
			vrf_err(env, idx, "R%u !read_ok", in->src_reg);
			return -1;
		}
		*k = s->v;
	} else {
		sc_const(k, is32 ? (u64)(u32)in->imm : (u64)(s64)in->imm);
	}
	if (d->kind != VK_SCALAR || (s && s->kind != VK_SCALAR)) {
		bool k_zero = (!s || s->kind == VK_SCALAR) && sc_is_const(k) &&
			      !k->umin;

		/* a scalar compared with a pointer: a null check or a
		 * decided comparison may depend on its value
		 */
		if (d->kind == VK_SCALAR)
			prec_reg(env, in->dst_reg);
		if (s && s->kind == VK_SCALAR)
			prec_reg(env, in->src_reg);

		/* the kernel's null check takes an immediate 0 only */
		if (!is32 && (op == BPF_JEQ || op == BPF_JNE) &&
		    d->kind == VK_MAP_OR_NULL && !s && k_zero) {
			u32 id = d->id;

			if (vrf_push(env, target))
				return -1;
			taken = env->work[env->work_len - 1];
			mark_null(taken, id, op == BPF_JEQ);
			mark_null(env->cur, id, op == BPF_JNE);
			vrf_meta_branch(env, idx, true, true);
			*next = idx + 1;
			return 0;
		}
		/* equal to a non-NULL pointer: that register is not NULL */
		if (!is32 && s && (op == BPF_JEQ || op == BPF_JNE) &&
		    d->kind != VK_SCALAR && s->kind != VK_SCALAR &&
		    (d->kind == VK_MAP_OR_NULL) !=
			    (s->kind == VK_MAP_OR_NULL)) {
			u32 nr = d->kind == VK_MAP_OR_NULL ? in->dst_reg :
							     in->src_reg;
			struct vrf_state *eq;

			if (vrf_push(env, target))
				return -1;
			eq = op == BPF_JEQ ? env->work[env->work_len - 1] :
					     env->cur;
			state_regs(eq)[nr].kind = VK_MAP_VALUE;
			state_regs(eq)[nr].id = 0;
			vrf_meta_branch(env, idx, true, true);
			*next = idx + 1;
			return 0;
		}
		r = pkt_compare(env, idx, in, target, next);
		if (r)
			return r < 0 ? -1 : 0;
		/* a map value pointer is never NULL (as the kernel knows) */
		if (!is32 && (op == BPF_JEQ || op == BPF_JNE) &&
		    d->kind == VK_MAP_VALUE && k_zero) {
			vrf_meta_branch(env, idx, op == BPF_JNE, op == BPF_JEQ);
			*next = op == BPF_JNE ? target : idx + 1;
			return 0;
		}
		/* other pointer comparisons: both ways, nothing learnt */
		if (vrf_push(env, target))
			return -1;
		vrf_meta_branch(env, idx, true, true);
		*next = idx + 1;
		return 0;
	}
	r = sc_branch(&d->v, k, op, is32);
	if (r >= 0) {
		/* the values decided the branch: a path with other values
		 * might take the other side, so they must match exactly
		 */
		prec_operands(env, in);
		vrf_meta_branch(env, idx, r == 1, r == 0);
		*next = r == 1 ? target : idx + 1;
		return 0;
	}
	prec_link_operands(env, idx, in);
	*ta = d->v;
	*tb = *k;
	sc_refine(ta, tb, op, is32);
	t_ok = !sc_empty(ta) && !sc_empty(tb);
	if (!t_ok)
		prec_operands(env, in); /* decided after all */
	env->tmp[3] = *k;
	f_ok = true;
	vrf_meta_branch(env, idx, t_ok, true);
	if (t_ok) {
		if (vrf_push(env, target))
			return -1;
		taken = env->work[env->work_len - 1];
		set_scalar(taken, in->dst_reg, ta);
		if (s)
			set_scalar(taken, in->src_reg, tb);
	}
	*ta = d->v;
	*tb = env->tmp[3];
	sc_refine(ta, tb, sc_negate_op(op), is32);
	f_ok = !sc_empty(ta) && !sc_empty(tb);
	if (!f_ok) {
		prec_operands(env, in);
		/* only the jump is possible: continue there instead */
		if (t_ok) {
			st_free(env->cur);
			env->cur = env->work[--env->work_len];
			if (env->cur->parent)
				env->cur->parent->branches--;
			*next = target;
			return 0;
		}
		return -1;
	}
	set_scalar(env->cur, in->dst_reg, ta);
	if (s)
		set_scalar(env->cur, in->src_reg, tb);
	*next = idx + 1;
	return 0;
}
