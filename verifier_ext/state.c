// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Abstract states: allocation, copying, and the subsumption test that
 * state pruning relies on.  A stored checkpoint "old" covers the current
 * state "cur" when every concrete state cur describes is also described by
 * old, in everything old's continuation relied on; old was explored to the
 * end without error, so cur need not be.  What old relied on is its
 * precision marks (precision.c): an unmarked scalar matches any scalar.
 */
#include "internal.h"

#define IDMAP_SIZE 24

struct idmap {
	u32 n;
	u32 old_id[IDMAP_SIZE];
	u32 cur_id[IDMAP_SIZE];
	bool exact; /* ignore precision marks (loop detection) */
};

const char *kind_name(u8 kind)
{
	static const char *const names[] = {
		[VK_NONE] = "not_init",
		[VK_SCALAR] = "scalar",
		[VK_CTX] = "ctx",
		[VK_PKT] = "pkt",
		[VK_PKT_END] = "pkt_end",
		[VK_STACK] = "fp",
		[VK_MAP_VALUE] = "map_value",
		[VK_MAP_OR_NULL] = "map_value_or_null",
		[VK_MAP_PTR] = "map_ptr",
	};

	return kind < ARRAY_SIZE(names) ? names[kind] : "?";
}

void reg_mark_not_init(struct vrf_reg *r)
{
	xnic_memset(r, 0, sizeof(*r));
	sc_unknown(&r->v);
}

void reg_mark_unknown(struct vrf_reg *r)
{
	xnic_memset(r, 0, sizeof(*r));
	r->kind = VK_SCALAR;
	sc_unknown(&r->v);
}

void reg_mark_const(struct vrf_reg *r, u64 v)
{
	xnic_memset(r, 0, sizeof(*r));
	r->kind = VK_SCALAR;
	sc_const(&r->v, v);
}

struct vrf_frame *fr_new(struct vrf_env *env, u32 callsite, u32 subprog)
{
	struct vrf_frame *fr = xnic_zalloc(sizeof(*fr));
	u32 i;

	if (!fr) {
		env->fatal = -ENOMEM;
		return NULL;
	}
	fr->callsite = callsite;
	fr->subprog = subprog;
	for (i = 0; i < VRF_NREGS; i++)
		reg_mark_not_init(&fr->regs[i]);
	return fr;
}

int fr_grow(struct vrf_env *env, struct vrf_frame *fr, u32 nslots)
{
	struct vrf_slot *s;

	if (nslots <= fr->nslots)
		return 0;
	s = xnic_zalloc(sizeof(*s) * nslots);
	if (!s) {
		env->fatal = -ENOMEM;
		return -ENOMEM;
	}
	if (fr->nslots)
		xnic_memcpy(s, fr->slots, sizeof(*s) * fr->nslots);
	xnic_free(fr->slots);
	fr->slots = s;
	fr->nslots = nslots;
	return 0;
}

static struct vrf_frame *fr_copy(struct vrf_env *env,
				 const struct vrf_frame *src)
{
	struct vrf_frame *fr = xnic_zalloc(sizeof(*fr));

	if (!fr) {
		env->fatal = -ENOMEM;
		return NULL;
	}
	*fr = *src;
	fr->slots = NULL;
	if (src->nslots) {
		fr->slots = xnic_zalloc(sizeof(*fr->slots) * src->nslots);
		if (!fr->slots) {
			xnic_free(fr);
			env->fatal = -ENOMEM;
			return NULL;
		}
		xnic_memcpy(fr->slots, src->slots,
			    sizeof(*fr->slots) * src->nslots);
	}
	return fr;
}

struct vrf_state *st_new(struct vrf_env *env)
{
	struct vrf_state *st = xnic_zalloc(sizeof(*st));

	if (!st)
		env->fatal = -ENOMEM;
	return st;
}

void st_free(struct vrf_state *st)
{
	u32 i;

	if (!st)
		return;
	for (i = 0; i < VRF_MAX_FRAMES; i++) {
		if (st->frames[i]) {
			xnic_free(st->frames[i]->slots);
			xnic_free(st->frames[i]);
		}
	}
	sum_free(&st->sum);
	xnic_free(st);
}

struct vrf_state *st_copy(struct vrf_env *env, const struct vrf_state *src)
{
	struct vrf_state *st = st_new(env);
	u32 i;

	if (!st)
		return NULL;
	st->parent = src->parent;
	st->insn = src->insn;
	st->curframe = src->curframe;
	for (i = 0; i <= src->curframe; i++) {
		st->frames[i] = fr_copy(env, src->frames[i]);
		if (!st->frames[i]) {
			st_free(st);
			return NULL;
		}
	}
	if (sum_copy(env, &st->sum, &src->sum)) {
		st_free(st);
		return NULL;
	}
	return st;
}

static bool id_match(struct idmap *m, u32 old_id, u32 cur_id)
{
	u32 i;

	if (!old_id && !cur_id)
		return true;
	if (!old_id || !cur_id)
		return false;
	for (i = 0; i < m->n; i++) {
		if (m->old_id[i] == old_id)
			return m->cur_id[i] == cur_id;
		if (m->cur_id[i] == cur_id)
			return false;
	}
	if (m->n == IDMAP_SIZE)
		return false;
	m->old_id[m->n] = old_id;
	m->cur_id[m->n] = cur_id;
	m->n++;
	return true;
}

/*
 * @precise: old's continuation relied on this scalar's value.  A scalar it
 * did not rely on matches any scalar; *loose is set when cur's value is
 * not one old explored, so the metadata of the insns after this point
 * does not describe cur's values of it (prec_taint.c).
 */
static bool reg_subsumes(const struct vrf_reg *old, const struct vrf_reg *cur,
			 struct idmap *m, bool precise, bool *loose)
{
	if (old->kind == VK_NONE)
		return true; /* old's continuation never read it */
	if (old->kind != cur->kind)
		return false;
	switch (old->kind) {
	case VK_SCALAR:
		if (!precise && !m->exact) {
			if (!sc_within(&old->v, &cur->v) ||
			    (old->id && !id_match(m, old->id, cur->id)))
				*loose = true;
			return true;
		}
		/* old may have relied on old->id's link to another reg */
		if (old->id && !id_match(m, old->id, cur->id))
			return false;
		return sc_within(&old->v, &cur->v);
	case VK_CTX:
	case VK_PKT_END:
		return old->off == cur->off;
	case VK_MAP_PTR:
		return old->map == cur->map;
	case VK_STACK:
		return old->frame == cur->frame && old->off == cur->off &&
		       sc_within(&old->v, &cur->v);
	case VK_MAP_VALUE:
		return old->map == cur->map && old->off == cur->off &&
		       sc_within(&old->v, &cur->v);
	case VK_MAP_OR_NULL:
		return old->map == cur->map && old->off == cur->off &&
		       sc_within(&old->v, &cur->v) &&
		       id_match(m, old->id, cur->id);
	case VK_PKT:
		return old->off == cur->off && cur->range >= old->range &&
		       sc_within(&old->v, &cur->v) &&
		       id_match(m, old->id, cur->id);
	}
	return false;
}

static bool slot_subsumes(const struct vrf_slot *old,
			  const struct vrf_slot *cur, struct idmap *m,
			  bool precise, bool *loose)
{
	u32 i;

	if (old->type[0] == SB_SPILL) {
		for (i = 0; i < 8; i++)
			if (cur->type[i] != SB_SPILL)
				return false;
		return reg_subsumes(&old->spill, &cur->spill, m, precise,
				    loose);
	}
	for (i = 0; i < 8; i++) {
		u8 o = old->type[i], c = cur->type[i];

		if (o == SB_INVALID)
			continue;
		if (c == SB_INVALID)
			return false;
		if (o == SB_ZERO && c != SB_ZERO)
			return false;
		if (o == SB_MISC && c == SB_SPILL &&
		    cur->spill.kind != VK_SCALAR)
			return false;
		if (o == SB_SPILL)
			return false; /* partial spill: be conservative */
	}
	/* constants old knew (and may have relied on) must hold in cur */
	if (old->kmask & ~cur->kmask)
		return false;
	for (i = 0; i < 8; i++)
		if ((old->kmask >> i & 1) &&
		    ((old->kval ^ cur->kval) >> (8 * i) & 0xff))
			return false;
	return true;
}

static bool ptr_kind(u8 kind)
{
	return kind >= VK_CTX && kind <= VK_MAP_PTR;
}

/* Upper half known zero (pointers are 32-bit chip addresses). */
static bool hi32_zero(const struct vrf_reg *r)
{
	return ptr_kind(r->kind) ||
	       (r->kind == VK_SCALAR && r->v.umax <= U32_MAX);
}

/*
 * A register dead here still reaches the metadata of the insn that next
 * writes it: the JIT leaves the upper half of a destination it knows is
 * zero alone when the insn writes only the lower half.  The value is the
 * same there as here (nothing reads or writes it in between).
 */
static bool dead_differs(const struct vrf_reg *old, const struct vrf_reg *cur)
{
	return hi32_zero(old) && !hi32_zero(cur);
}

static bool frame_subsumes(const struct vrf_frame *old,
			   const struct vrf_frame *cur, u16 live, bool top,
			   struct idmap *m, bool all_precise,
			   struct vrf_loose *loose)
{
	u32 i;
	bool l;

	if (old->callsite != cur->callsite)
		return false;
	for (i = 0; i < VRF_NREGS; i++) {
		if (!(live & (1u << i))) {
			/* a caller's R0-R5 are rewritten by the return */
			if (top && dead_differs(&old->regs[i], &cur->regs[i]))
				loose->regs |= 1u << i;
			continue;
		}
		l = false;
		if (!reg_subsumes(&old->regs[i], &cur->regs[i], m,
				  all_precise || (old->prec_regs >> i & 1), &l))
			return false;
		if (l)
			loose->regs |= 1u << i;
	}
	for (i = 0; i < old->nslots; i++) {
		static const struct vrf_slot invalid;
		const struct vrf_slot *c =
			i < cur->nslots ? &cur->slots[i] : &invalid;

		l = false;
		if (!slot_subsumes(&old->slots[i], c, m,
				   all_precise || (old->prec_slots >> i & 1),
				   &l))
			return false;
		if (l)
			loose->slots |= 1ULL << i;
	}
	return true;
}

/*
 * @exact: compare every scalar exactly (the infinite-loop check, whose
 * checkpoint is still being explored, so its precision marks are not
 * final).  On success @loose says which scalars matched only loosely.
 */
bool st_subsumes(struct vrf_env *env, const struct vrf_state *old,
		 const struct vrf_state *cur, bool exact,
		 struct vrf_loose *loose)
{
	struct idmap m;
	struct vrf_loose fl;
	u32 i;
	/* Caller frames resume after their call: only R6-R9 survive it. */
	const u16 callee_saved = 0x3c0;

	if (old->curframe != cur->curframe)
		return false;
	m.n = 0;
	m.exact = exact;
	xnic_memset(loose, 0, sizeof(*loose));
	for (i = 0; i <= cur->curframe; i++) {
		u16 live = i == cur->curframe ? env->live_in[cur->insn] :
						callee_saved;

		xnic_memset(&fl, 0, sizeof(fl));
		if (!frame_subsumes(old->frames[i], cur->frames[i], live,
				    i == cur->curframe, &m, old->all_precise,
				    &fl))
			return false;
		if (i == cur->curframe) {
			loose->regs = fl.regs;
			loose->slots = fl.slots;
		} else if (fl.regs || fl.slots) {
			loose->other = true;
		}
	}
	return true;
}
