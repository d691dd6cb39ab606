// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Precision tracking.  A checkpoint's scalar is "precise" when some path
 * explored below the checkpoint relied on its value: a pointer moved by
 * it, a helper size, a branch it decided, an array key.  Pruning compares
 * precise scalars exactly and lets any scalar match an imprecise one
 * (state.c), so paths that differ only in values nothing checks are
 * pruned, as the kernel does (kernel/bpf/verifier.c, mark_chain_precision).
 *
 * Where the kernel walks each path's instruction history backwards when a
 * value turns out to matter, every state here carries a dependency
 * summary of its path segment (struct vrf_sum), updated forward one insn
 * at a time: for each register and stack slot of the current frame, the
 * registers and slots at the segment start (the parent checkpoint) its
 * value came from.  A demand is then mapped through the summary to the
 * parent, marked there, mapped through the parent's own segment to its
 * parent, and so on, stopping at the first checkpoint where nothing new
 * gets marked: every mark already present was propagated further up when
 * it was made.  A demand costs the length of the chain it marks, never a
 * walk over the instructions.
 *
 * Segments that cross a bpf-to-bpf call or return are not summarised:
 * precision reaching one marks every scalar of every checkpoint above it
 * (all_precise), as the kernel's mark_all_scalars_precise does.  Stores
 * and loads through a stack pointer other than R10 demand precision at
 * once (the slot is known then, not later).  Branches refine registers
 * that share an id with an operand, so from such a branch on the linked
 * registers share their dependencies: relying on one relies on all.
 *
 * Marks are final when a checkpoint is fully explored (no live path below
 * it): every path below it either ended, or was pruned against a fully
 * explored checkpoint whose marks it then propagated (prec_from_old).
 * Only fully explored checkpoints prune; the infinite-loop check against
 * a checkpoint still being explored compares exactly.
 */
#include "internal.h"

#define NSLOTS (VRF_STACK_MAX / 8)

void sum_reset(struct vrf_sum *s)
{
	u32 i;

	xnic_free(s->s);
	s->s = NULL;
	for (i = 0; i < VRF_NREGS; i++) {
		s->r[i].regs = (u16)(1u << i);
		s->r[i].slots = 0;
	}
	s->broken = false;
}

void sum_free(struct vrf_sum *s)
{
	xnic_free(s->s);
	s->s = NULL;
}

int sum_copy(struct vrf_env *env, struct vrf_sum *dst,
	     const struct vrf_sum *src)
{
	*dst = *src;
	if (!src->s)
		return 0;
	dst->s = xnic_zalloc(sizeof(*dst->s) * NSLOTS);
	if (!dst->s) {
		env->fatal = -ENOMEM;
		return -ENOMEM;
	}
	xnic_memcpy(dst->s, src->s, sizeof(*dst->s) * NSLOTS);
	return 0;
}

static struct vrf_deps slot_deps(const struct vrf_sum *s, u32 i)
{
	struct vrf_deps d;

	if (s->s)
		return s->s[i];
	d.regs = 0;
	d.slots = 1ULL << i;
	return d;
}

/* The slot's entry, materialising the identity summary on first write. */
static struct vrf_deps *slot_deps_mut(struct vrf_env *env, struct vrf_sum *s,
				      u32 i)
{
	u32 k;

	if (!s->s) {
		s->s = xnic_zalloc(sizeof(*s->s) * NSLOTS);
		if (!s->s) {
			env->fatal = -ENOMEM;
			return NULL;
		}
		for (k = 0; k < NSLOTS; k++)
			s->s[k].slots = 1ULL << k;
	}
	return &s->s[i];
}

/* Slot of an R10-relative access at @off (the access was checked). */
static bool fp_slot(s16 off, u32 *slot)
{
	if (off >= 0 || off < -VRF_STACK_MAX)
		return false;
	*slot = (u32)(-(s32)off - 1) / 8;
	return true;
}

static void clear_regs(struct vrf_sum *s, u32 from, u32 to)
{
	u32 i;

	for (i = from; i <= to; i++) {
		s->r[i].regs = 0;
		s->r[i].slots = 0;
	}
}

static void sum_mem(struct vrf_env *env, struct vrf_sum *s,
		    const struct bpf_insn *in)
{
	u8 cls = BPF_CLASS(in->code), mode = BPF_MODE(in->code);
	bool dw = BPF_SIZE(in->code) == BPF_DW;
	struct vrf_deps *d;
	u32 slot;

	if (cls == BPF_LDX) {
		if (in->src_reg == BPF_REG_10 && fp_slot(in->off, &slot)) {
			s->r[in->dst_reg] = slot_deps(s, slot);
			return;
		}
		/* packet, map, ctx: nothing tracked; stack: demanded at
		 * the load (check_mem)
		 */
		clear_regs(s, in->dst_reg, in->dst_reg);
		return;
	}
	if (cls == BPF_STX && mode == BPF_ATOMIC) {
		/* atomics leave unknown values behind */
		if (in->dst_reg == BPF_REG_10 && dw &&
		    fp_slot(in->off, &slot)) {
			d = slot_deps_mut(env, s, slot);
			if (d) {
				d->regs = 0;
				d->slots = 0;
			}
		}
		if (in->imm == BPF_CMPXCHG)
			clear_regs(s, BPF_REG_0, BPF_REG_0);
		else if (in->imm & BPF_FETCH)
			clear_regs(s, in->src_reg, in->src_reg);
		return;
	}
	if (in->dst_reg != BPF_REG_10 || !fp_slot(in->off, &slot))
		return; /* through another pointer: demanded at the store */
	if (cls == BPF_ST && !dw)
		return; /* the rest of the slot keeps its sources */
	d = slot_deps_mut(env, s, slot);
	if (!d)
		return;
	if (cls == BPF_ST) {
		d->regs = 0;
		d->slots = 0;
	} else if (dw) {
		*d = s->r[in->src_reg];
	} else {
		d->regs |= s->r[in->src_reg].regs;
		d->slots |= s->r[in->src_reg].slots;
	}
}

/* The current state executed @in: extend its segment summary. */
void sum_step(struct vrf_env *env, const struct bpf_insn *in)
{
	struct vrf_sum *s = &env->cur->sum;
	u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);

	if (s->broken)
		return;
	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		if (op == BPF_MOV) {
			if (BPF_SRC(in->code) == BPF_K)
				clear_regs(s, in->dst_reg, in->dst_reg);
			else
				s->r[in->dst_reg] = s->r[in->src_reg];
		} else if (BPF_SRC(in->code) == BPF_X && op != BPF_END &&
			   op != BPF_NEG) {
			s->r[in->dst_reg].regs |= s->r[in->src_reg].regs;
			s->r[in->dst_reg].slots |= s->r[in->src_reg].slots;
		}
		break;
	case BPF_LDX:
	case BPF_ST:
	case BPF_STX:
		sum_mem(env, s, in);
		break;
	case BPF_LD:
		if (insn_is_ldimm64(in))
			clear_regs(s, in->dst_reg, in->dst_reg);
		else /* LD_ABS/IND: packet data in R0, R1-R5 clobbered */
			clear_regs(s, BPF_REG_0, BPF_REG_5);
		break;
	case BPF_JMP:
	case BPF_JMP32:
		if (op == BPF_CALL) /* helper: R0 new, R1-R5 clobbered */
			clear_regs(s, BPF_REG_0, BPF_REG_5);
		break;
	}
}

/* Bytes of a slot that are not a spill but whose value is known. */
static bool slot_known_bytes(const struct vrf_slot *sl)
{
	u32 i;

	if (sl->kmask)
		return true;
	for (i = 0; i < 8; i++)
		if (sl->type[i] == SB_ZERO)
			return true;
	return false;
}

/* Every checkpoint from @st up marks all its scalars. */
static void mark_all(struct vrf_state *st)
{
	while (st && !st->all_precise) {
		st->all_precise = true;
		st = st->parent;
	}
}

/*
 * Mark env->bt's scalars in @st.  env->bt keeps what must go on to the
 * parent: the newly marked scalars (a mark already there was propagated
 * when it was made) and the slots holding known bytes that are not a
 * spilled register: they are compared exactly here, but the bytes came
 * from values before this checkpoint, which a state pruned further up
 * must match.  Returns whether anything goes on.
 */
static bool apply_marks(struct vrf_env *env, struct vrf_state *st)
{
	struct vrf_prec_set *bt = &env->bt;
	bool any = false;
	u32 f, i;

	for (f = 0; f < VRF_MAX_FRAMES; f++) {
		struct vrf_frame *fr = f <= st->curframe ? st->frames[f] : NULL;
		u16 nr = 0;
		u64 ns = 0, pass = 0;

		if (!fr) {
			bt->regs[f] = 0;
			bt->slots[f] = 0;
			continue;
		}
		for (i = 0; i < VRF_NREGS; i++)
			if ((bt->regs[f] >> i & 1) &&
			    fr->regs[i].kind == VK_SCALAR &&
			    !(fr->prec_regs >> i & 1))
				nr |= (u16)(1u << i);
		for (i = 0; i < fr->nslots && i < NSLOTS; i++) {
			const struct vrf_slot *sl = &fr->slots[i];

			if (!(bt->slots[f] >> i & 1))
				continue;
			if (sl->type[0] == SB_SPILL) {
				if (sl->spill.kind == VK_SCALAR &&
				    !(fr->prec_slots >> i & 1))
					ns |= 1ULL << i;
			} else if (slot_known_bytes(sl)) {
				pass |= 1ULL << i;
			}
		}
		fr->prec_regs |= nr;
		fr->prec_slots |= ns;
		bt->regs[f] = nr;
		bt->slots[f] = ns | pass;
		if (nr || ns || pass)
			any = true;
	}
	return any;
}

/* env->bt at the end of @s's segment -> at its start (frame @f). */
static void map_back(struct vrf_env *env, const struct vrf_sum *s, u32 f)
{
	struct vrf_prec_set *bt = &env->bt;
	u16 regs = 0;
	u64 slots = 0;
	struct vrf_deps d;
	u32 i;

	for (i = 0; i < VRF_NREGS; i++) {
		if (!(bt->regs[f] >> i & 1))
			continue;
		regs |= s->r[i].regs;
		slots |= s->r[i].slots;
	}
	for (i = 0; i < NSLOTS; i++) {
		if (!(bt->slots[f] >> i & 1))
			continue;
		d = slot_deps(s, i);
		regs |= d.regs;
		slots |= d.slots;
	}
	bt->regs[f] = regs;
	bt->slots[f] = slots;
}

static bool bt_empty(const struct vrf_prec_set *bt)
{
	u32 f;

	for (f = 0; f < VRF_MAX_FRAMES; f++)
		if (bt->regs[f] || bt->slots[f])
			return false;
	return true;
}

/* env->bt holds what the current state's path relies on, as of now. */
static void propagate(struct vrf_env *env)
{
	struct vrf_state *st = env->cur;

	if (bt_empty(&env->bt))
		return;
	for (;;) {
		if (st->sum.broken) {
			mark_all(st->parent);
			return;
		}
		map_back(env, &st->sum, st->curframe);
		st = st->parent;
		if (!st || st->all_precise || !apply_marks(env, st))
			return;
	}
}

/*
 * The current path ends in an error: its checkpoints never learn what
 * the rest of the path would have relied on, so they compare exactly, as
 * before precision tracking, and report the same errors.
 */
void prec_error(struct vrf_env *env)
{
	if (env->cur)
		mark_all(env->cur->parent);
}

void prec_reg(struct vrf_env *env, u32 regno)
{
	struct vrf_sum *s = &env->cur->sum;

	if (regno >= VRF_NREGS || !env->cur->parent)
		return;
	xnic_memset(&env->bt, 0, sizeof(env->bt));
	env->bt.regs[env->cur->curframe] = (u16)(1u << regno);
	propagate(env);
	/* what it depends on is marked now: later demands on the same
	 * value need not walk the chain again
	 */
	if (!s->broken) {
		s->r[regno].regs = 0;
		s->r[regno].slots = 0;
	}
}

void prec_slot(struct vrf_env *env, u32 frame, s64 off)
{
	if (off >= 0 || off < -VRF_STACK_MAX || frame > env->cur->curframe ||
	    !env->cur->parent)
		return;
	xnic_memset(&env->bt, 0, sizeof(env->bt));
	env->bt.slots[frame] = 1ULL << ((-off - 1) / 8);
	propagate(env);
}

/*
 * The current state is pruned against @old: what old's continuation
 * relied on, the current path relies on too.
 */
void prec_from_old(struct vrf_env *env, const struct vrf_state *old)
{
	const struct vrf_state *cur = env->cur;
	/* Caller frames resume after their call: only R6-R9 survive it. */
	const u16 callee_saved = 0x3c0;
	u32 f, i;

	if (!cur->parent)
		return;
	xnic_memset(&env->bt, 0, sizeof(env->bt));
	for (f = 0; f <= old->curframe; f++) {
		const struct vrf_frame *fr = old->frames[f];
		u16 live = f == cur->curframe ? env->live_in[cur->insn] :
						callee_saved;
		u16 pr = old->all_precise ? 0x7ff : fr->prec_regs;
		u64 ps = old->all_precise ? ~0ULL : fr->prec_slots;

		for (i = 0; i < VRF_NREGS; i++)
			if ((pr & live) >> i & 1 &&
			    fr->regs[i].kind == VK_SCALAR)
				env->bt.regs[f] |= (u16)(1u << i);
		for (i = 0; i < fr->nslots && i < NSLOTS; i++)
			if ((ps >> i & 1) && fr->slots[i].type[0] == SB_SPILL &&
			    fr->slots[i].spill.kind == VK_SCALAR)
				env->bt.slots[f] |= 1ULL << i;
	}
	propagate(env);
}

/*
 * An undecided branch refines each operand by the other, and every
 * register sharing an operand's id: from here on, relying on one of them
 * relies on the others' sources too (the kernel's "dreg <cond> sreg").
 * Links into caller frames cannot be summarised: demand them now.
 */
void prec_link_operands(struct vrf_env *env, u32 idx, const struct bpf_insn *in)
{
	struct vrf_state *st = env->cur;
	struct vrf_frame *cf = st->frames[st->curframe];
	struct vrf_sum *s = &st->sum;
	u32 ids[2], nid = 0, f, i, k;
	u16 regs = 0;
	u64 slots = 0;
	bool far = false;
	struct vrf_deps u = {0, 0}, *d;

	regs = (u16)(1u << in->dst_reg);
	if (BPF_SRC(in->code) == BPF_X)
		regs |= (u16)(1u << in->src_reg);
	if (cf->regs[in->dst_reg].id)
		ids[nid++] = cf->regs[in->dst_reg].id;
	if (BPF_SRC(in->code) == BPF_X && cf->regs[in->src_reg].id)
		ids[nid++] = cf->regs[in->src_reg].id;
	for (f = 0; f <= st->curframe && nid; f++) {
		struct vrf_frame *fr = st->frames[f];

		for (i = 0; i < VRF_NREGS; i++)
			for (k = 0; k < nid; k++)
				if (fr->regs[i].kind == VK_SCALAR &&
				    fr->regs[i].id == ids[k]) {
					if (f == st->curframe)
						regs |= (u16)(1u << i);
					else
						far = true;
				}
		for (i = 0; i < fr->nslots && i < NSLOTS; i++)
			for (k = 0; k < nid; k++)
				if (fr->slots[i].type[0] == SB_SPILL &&
				    fr->slots[i].spill.kind == VK_SCALAR &&
				    fr->slots[i].spill.id == ids[k]) {
					if (f == st->curframe)
						slots |= 1ULL << i;
					else
						far = true;
				}
	}
	env->linked_at[idx] |= regs | (slots || far ? 0x8000 : 0);
	if (!far && !slots && !(regs & (regs - 1)))
		return; /* one register, no copies: nothing to share */
	if (far) {
		/* rely on every copy now: the operands and the far ones */
		xnic_memset(&env->bt, 0, sizeof(env->bt));
		for (f = 0; f <= st->curframe; f++) {
			struct vrf_frame *fr = st->frames[f];

			for (i = 0; i < VRF_NREGS; i++)
				for (k = 0; k < nid; k++)
					if (fr->regs[i].kind == VK_SCALAR &&
					    fr->regs[i].id == ids[k])
						env->bt.regs[f] |=
							(u16)(1u << i);
			for (i = 0; i < fr->nslots && i < NSLOTS; i++)
				for (k = 0; k < nid; k++)
					if (fr->slots[i].type[0] == SB_SPILL &&
					    fr->slots[i].spill.id == ids[k])
						env->bt.slots[f] |= 1ULL << i;
		}
		env->bt.regs[st->curframe] |= regs; /* both operands */
		if (st->parent)
			propagate(env);
		return;
	}
	if (s->broken)
		return;
	for (i = 0; i < VRF_NREGS; i++)
		if (regs >> i & 1) {
			u.regs |= s->r[i].regs;
			u.slots |= s->r[i].slots;
		}
	for (i = 0; i < NSLOTS; i++)
		if (slots >> i & 1) {
			struct vrf_deps sd = slot_deps(s, i);

			u.regs |= sd.regs;
			u.slots |= sd.slots;
		}
	for (i = 0; i < VRF_NREGS; i++)
		if (regs >> i & 1)
			s->r[i] = u;
	for (i = 0; i < NSLOTS; i++)
		if (slots >> i & 1) {
			d = slot_deps_mut(env, s, i);
			if (d)
				*d = u;
		}
}

/* Remember where pruning let a value through that old never explored. */
void prec_note_loose(struct vrf_env *env, u32 idx,
		     const struct vrf_loose *loose)
{
	const struct vrf_reg *regs = cur_regs(env);
	struct vrf_loose_seed *sd;
	struct xnic_scalar v;
	u32 i;

	if (loose->other)
		env->poison_all = true;
	if (!loose->regs && !loose->slots)
		return;
	if (!env->loose) {
		env->loose = xnic_zalloc(sizeof(*env->loose) * env->insn_cnt);
		if (!env->loose) {
			env->fatal = -ENOMEM;
			return;
		}
	}
	sd = env->loose[idx];
	if (!sd) {
		sd = xnic_zalloc(sizeof(*sd));
		if (!sd) {
			env->fatal = -ENOMEM;
			return;
		}
		env->loose[idx] = sd;
	}
	for (i = 0; i < VRF_NREGS; i++) {
		if (!(loose->regs >> i & 1))
			continue;
		/* dead registers too: a pointer's upper half is zero, an
		 * uninitialised register's is anything
		 */
		if (regs[i].kind == VK_SCALAR)
			v = regs[i].v;
		else if (regs[i].kind == VK_NONE)
			sc_unknown(&v);
		else
			sc_bounded(&v, U32_MAX);
		if (sd->regs >> i & 1)
			sc_join(&sd->v[i], &v);
		else
			sd->v[i] = v;
	}
	sd->regs |= loose->regs;
	sd->slots |= loose->slots;
}
