// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The comparisons behind the driver's cross-check (xnic/crosscheck.h):
 * do two sound descriptions of the same register have a value in common,
 * and the messages that show both when they do not.
 */
#include "xnic/crosscheck.h"

static const char *const kind_names[] = {
	[XNIC_REG_UNSEEN] = "unseen",
	[XNIC_REG_NOT_INIT] = "not initialised",
	[XNIC_REG_SCALAR] = "scalar",
	[XNIC_REG_CTX] = "ctx",
	[XNIC_REG_PACKET] = "packet",
	[XNIC_REG_PACKET_END] = "packet end",
	[XNIC_REG_STACK] = "stack",
	[XNIC_REG_MAP_VALUE] = "map value",
	[XNIC_REG_MAP_VALUE_OR_NULL] = "map value or null",
	[XNIC_REG_MAP_PTR] = "map",
	[XNIC_REG_MIXED] = "mixed",
};

static const char *const ptr_names[] = {
	[XNIC_PTR_NONE] = "no",
	[XNIC_PTR_CTX] = "ctx",
	[XNIC_PTR_PACKET] = "packet",
	[XNIC_PTR_STACK] = "stack",
	[XNIC_PTR_MAP_VALUE] = "map value",
};

const char *xnic_xc_kind_name(int kind)
{
	if (kind < 0 || kind >= (int)ARRAY_SIZE(kind_names))
		return "other";
	return kind_names[kind];
}

bool xnic_xc_meet_u64(u64 alo, u64 ahi, u64 blo, u64 bhi)
{
	return (alo > blo ? alo : blo) <= (ahi < bhi ? ahi : bhi);
}

bool xnic_xc_meet_s64(s64 alo, s64 ahi, s64 blo, s64 bhi)
{
	return (alo > blo ? alo : blo) <= (ahi < bhi ? ahi : bhi);
}

bool xnic_xc_tnum_compatible(u64 av, u64 am, u64 bv, u64 bm)
{
	return !((av ^ bv) & ~am & ~bm);
}

/*
 * The values with the known bits of both tnums lie between the combined
 * tnum's smallest (unknown bits 0) and largest (unknown bits 1) members;
 * both u64 ranges must reach into that span, in 64 and in 32 bits.
 */
static bool bits_meet(const struct xnic_scalar *a, const struct xnic_scalar *b)
{
	u64 m = a->tnum_mask & b->tnum_mask;
	u64 v = ((a->tnum_value & ~a->tnum_mask) |
		 (b->tnum_value & ~b->tnum_mask)) &
		~m;
	u64 lo = a->umin > b->umin ? a->umin : b->umin;
	u64 hi = a->umax < b->umax ? a->umax : b->umax;
	u32 lo32 = a->u32_min > b->u32_min ? a->u32_min : b->u32_min;
	u32 hi32 = a->u32_max < b->u32_max ? a->u32_max : b->u32_max;

	return xnic_xc_meet_u64(v, v | m, lo, hi) &&
	       xnic_xc_meet_u64((u32)v, (u32)(v | m), lo32, hi32);
}

enum xnic_xc_dim xnic_xc_scalar_meet(const struct xnic_scalar *a,
				     const struct xnic_scalar *b)
{
	if (!xnic_xc_meet_u64(a->umin, a->umax, b->umin, b->umax))
		return XNIC_XC_U64;
	if (!xnic_xc_meet_s64(a->smin, a->smax, b->smin, b->smax))
		return XNIC_XC_S64;
	if (!xnic_xc_meet_u64(a->u32_min, a->u32_max, b->u32_min, b->u32_max))
		return XNIC_XC_U32;
	if (!xnic_xc_meet_s64(a->s32_min, a->s32_max, b->s32_min, b->s32_max))
		return XNIC_XC_S32;
	if (!xnic_xc_tnum_compatible(a->tnum_value, a->tnum_mask, b->tnum_value,
				     b->tnum_mask))
		return XNIC_XC_TNUM;
	if (!bits_meet(a, b))
		return XNIC_XC_BITS;
	return XNIC_XC_MEET;
}

int xnic_xc_fmt_scalar(char *buf, size_t len, const struct xnic_scalar *v,
		       enum xnic_xc_dim dim)
{
	unsigned long long tv = v->tnum_value, tm = v->tnum_mask;

	/* A constant says everything about itself in any view. */
	if (v->umin == v->umax)
		return (s64)v->umin < 0 ?
			       xnic_snprintf(buf, len, "%lld",
					     (long long)(s64)v->umin) :
			       xnic_snprintf(buf, len, "%llu",
					     (unsigned long long)v->umin);
	switch (dim) {
	case XNIC_XC_S64:
		return xnic_snprintf(buf, len, "s64 [%lld, %lld]",
				     (long long)v->smin, (long long)v->smax);
	case XNIC_XC_U32:
		return xnic_snprintf(buf, len, "u32 [%u, %u]", v->u32_min,
				     v->u32_max);
	case XNIC_XC_S32:
		return xnic_snprintf(buf, len, "s32 [%d, %d]", v->s32_min,
				     v->s32_max);
	case XNIC_XC_TNUM:
		return xnic_snprintf(buf, len, "var_off=(0x%llx; 0x%llx)", tv,
				     tm);
	case XNIC_XC_BITS:
		return xnic_snprintf(buf, len,
				     "[%llu, %llu] var_off=(0x%llx; 0x%llx)",
				     (unsigned long long)v->umin,
				     (unsigned long long)v->umax, tv, tm);
	default:
		return xnic_snprintf(buf, len, "[%llu, %llu]",
				     (unsigned long long)v->umin,
				     (unsigned long long)v->umax);
	}
}

int xnic_xc_check_scalar(u32 insn, u8 regno, const struct xnic_scalar *kern,
			 const struct xnic_scalar *ours, char *msg, size_t len)
{
	enum xnic_xc_dim dim = xnic_xc_scalar_meet(kern, ours);
	char k[96], o[96];

	if (dim == XNIC_XC_MEET)
		return 0;
	xnic_xc_fmt_scalar(k, sizeof(k), kern, dim);
	xnic_xc_fmt_scalar(o, sizeof(o), ours, dim);
	xnic_snprintf(msg, len,
		      "insn %u: R%u is %s for the kernel verifier but %s for "
		      "the offload verifier",
		      insn, regno, k, o);
	return -EINVAL;
}

int xnic_xc_check_kind(u32 insn, u8 regno, int kern, int ours, char *msg,
		       size_t len)
{
	/* No opinion: no kernel counterpart, dead for us, or path-dependent. */
	if (kern < 0 || ours == XNIC_REG_UNSEEN || ours == XNIC_REG_MIXED ||
	    ours < 0 || ours >= (int)ARRAY_SIZE(kind_names) || kern == ours)
		return 0;
	if (kern == XNIC_REG_MAP_VALUE_OR_NULL && ours == XNIC_REG_MAP_VALUE)
		return XNIC_XC_REFINED;
	xnic_snprintf(msg, len,
		      "insn %u: R%u is %s for the kernel verifier but %s for "
		      "the offload verifier",
		      insn, regno, xnic_xc_kind_name(kern),
		      xnic_xc_kind_name(ours));
	return -EINVAL;
}

static s64 sat_add(s64 a, s64 b)
{
	if (b > 0 && a > S64_MAX - b)
		return S64_MAX;
	if (b < 0 && a < S64_MIN - b)
		return S64_MIN;
	return a + b;
}

void xnic_xc_ptr_range(const struct xnic_scalar *var, s64 fixed, s64 *lo,
		       s64 *hi)
{
	s64 vlo = var->smin, vhi = var->smax;

	/* Non-negative in the signed view: the unsigned view bounds it too. */
	if (vlo >= 0) {
		if (var->umin <= (u64)S64_MAX && (s64)var->umin > vlo)
			vlo = (s64)var->umin;
		if (var->umax <= (u64)S64_MAX && (s64)var->umax < vhi)
			vhi = (s64)var->umax;
	}
	*lo = sat_add(fixed, vlo);
	*hi = sat_add(fixed, vhi);
}

static int fmt_offsets(char *buf, size_t len, s64 lo, s64 hi)
{
	if (lo == hi)
		return xnic_snprintf(buf, len, "offset %lld", (long long)lo);
	return xnic_snprintf(buf, len, "offsets [%lld, %lld]", (long long)lo,
			     (long long)hi);
}

int xnic_xc_check_offset(u32 insn, u8 regno, u8 ptr_kind, s64 klo, s64 khi,
			 s64 olo, s64 ohi, char *msg, size_t len)
{
	char k[64], o[64];

	if (xnic_xc_meet_s64(klo, khi, olo, ohi))
		return 0;
	fmt_offsets(k, sizeof(k), klo, khi);
	fmt_offsets(o, sizeof(o), olo, ohi);
	xnic_snprintf(msg, len,
		      "insn %u: R%u accesses %s %s for the kernel verifier but "
		      "%s for the offload verifier",
		      insn, regno,
		      ptr_kind < ARRAY_SIZE(ptr_names) ? ptr_names[ptr_kind] :
							 "unknown",
		      k, o);
	return -EINVAL;
}

int xnic_xc_map_mismatch(u32 insn, u8 regno, const char *kern_map, u32 our_idx,
			 const char *our_map, char *msg, size_t len)
{
	xnic_snprintf(msg, len,
		      "insn %u: R%u is map '%s' for the kernel verifier but "
		      "map #%u '%s' for the offload verifier",
		      insn, regno, kern_map, our_idx, our_map);
	return -EINVAL;
}

int xnic_xc_check_lookup(u32 insn, const struct xnic_xc_lookup *l, char *msg,
			 size_t len)
{
	char why[80];

	if (l->map_type != BPF_MAP_TYPE_ARRAY)
		xnic_snprintf(why, sizeof(why),
			      "it is not an array (map type %u)", l->map_type);
	else if (l->key_size != 4)
		xnic_snprintf(why, sizeof(why), "its key is %u bytes",
			      l->key_size);
	else if (l->key_known && l->key >= l->max_entries)
		xnic_snprintf(why, sizeof(why),
			      "the kernel verifier's key %u is not below "
			      "max_entries %u",
			      l->key, l->max_entries);
	else
		return 0;
	xnic_snprintf(msg, len,
		      "insn %u: the offload verifier treats the lookup in map "
		      "'%s' as never failing, but %s",
		      insn, l->map_name, why);
	return -EINVAL;
}

bool xnic_xc_edge_pruned(const struct xnic_prog_meta *meta,
			 const struct bpf_insn *insns, u32 insn_cnt, u32 from,
			 u32 to)
{
	const struct bpf_insn *insn;
	u32 flags;
	u8 cls, op;

	if (!meta || !meta->insn || from >= insn_cnt || from >= meta->insn_cnt)
		return false;
	insn = &insns[from];
	cls = BPF_CLASS(insn->code);
	op = BPF_OP(insn->code);
	if ((cls != BPF_JMP && cls != BPF_JMP32) || op == BPF_JA ||
	    op == BPF_CALL || op == BPF_EXIT || insn->off == 0)
		return false; /* one successor only (off 0: both are next) */
	flags = meta->insn[from].flags;
	if (flags & XNIC_META_BRANCH_NEVER)
		return (s64)to == (s64)from + 1 + insn->off;
	if (flags & XNIC_META_BRANCH_ALWAYS)
		return to == from + 1;
	return false;
}

void xnic_xc_scalar_const(struct xnic_scalar *v, u64 c)
{
	v->umin = v->umax = c;
	v->smin = v->smax = (s64)c;
	v->u32_min = v->u32_max = (u32)c;
	v->s32_min = v->s32_max = (s32)c;
	v->tnum_value = c;
	v->tnum_mask = 0;
}

/* Both bounds as one signed or unsigned 64-bit view, for the compares. */
struct xc_view {
	u64 umin, umax;
	s64 smin, smax;
	u64 known, mask; /* tnum, narrowed to 32 bits for JMP32 */
};

static void xc_view(struct xc_view *w, const struct xnic_scalar *v, bool is32)
{
	if (is32) {
		w->umin = v->u32_min;
		w->umax = v->u32_max;
		w->smin = v->s32_min;
		w->smax = v->s32_max;
		w->known = (u32)v->tnum_value;
		w->mask = (u32)v->tnum_mask;
	} else {
		w->umin = v->umin;
		w->umax = v->umax;
		w->smin = v->smin;
		w->smax = v->smax;
		w->known = v->tnum_value;
		w->mask = v->tnum_mask;
	}
}

/* 1 when lhs > rhs (or >= with @eq) always holds, 0 when never, else -1. */
static int xc_gt_u(const struct xc_view *a, const struct xc_view *b, bool eq)
{
	if (eq ? a->umin >= b->umax : a->umin > b->umax)
		return 1;
	if (eq ? a->umax < b->umin : a->umax <= b->umin)
		return 0;
	return -1;
}

static int xc_gt_s(const struct xc_view *a, const struct xc_view *b, bool eq)
{
	if (eq ? a->smin >= b->smax : a->smin > b->smax)
		return 1;
	if (eq ? a->smax < b->smin : a->smax <= b->smin)
		return 0;
	return -1;
}

static int xc_not(int r)
{
	return r < 0 ? r : !r;
}

int xnic_xc_branch_outcome(u8 code, const struct xnic_scalar *dst,
			   const struct xnic_scalar *src)
{
	bool is32 = BPF_CLASS(code) == BPF_JMP32;
	struct xc_view d, s;

	xc_view(&d, dst, is32);
	xc_view(&s, src, is32);
	switch (BPF_OP(code)) {
	case BPF_JEQ:
	case BPF_JNE: {
		int eq = -1;

		if (d.umin == d.umax && s.umin == s.umax && d.umin == s.umin)
			eq = 1;
		else if (!xnic_xc_meet_u64(d.umin, d.umax, s.umin, s.umax) ||
			 !xnic_xc_meet_s64(d.smin, d.smax, s.smin, s.smax) ||
			 !xnic_xc_tnum_compatible(d.known, d.mask, s.known,
						  s.mask))
			eq = 0;
		return BPF_OP(code) == BPF_JEQ ? eq : xc_not(eq);
	}
	case BPF_JSET:
		if (d.known & ~d.mask & s.known & ~s.mask)
			return 1;
		if (!((d.known | d.mask) & (s.known | s.mask)))
			return 0;
		return -1;
	case BPF_JGT:
		return xc_gt_u(&d, &s, false);
	case BPF_JGE:
		return xc_gt_u(&d, &s, true);
	case BPF_JLT:
		return xc_gt_u(&s, &d, false);
	case BPF_JLE:
		return xc_gt_u(&s, &d, true);
	case BPF_JSGT:
		return xc_gt_s(&d, &s, false);
	case BPF_JSGE:
		return xc_gt_s(&d, &s, true);
	case BPF_JSLT:
		return xc_gt_s(&s, &d, false);
	case BPF_JSLE:
		return xc_gt_s(&s, &d, true);
	default:
		return -1;
	}
}

int xnic_xc_check_branch(u32 insn, int claim, int outcome, char *msg,
			 size_t len)
{
	if (claim < 0 || outcome < 0 || claim == outcome)
		return 0;
	xnic_snprintf(msg, len,
		      "insn %u: the kernel verifier proves this branch is %s "
		      "taken but the offload verifier that it is %s taken",
		      insn, outcome ? "always" : "never",
		      claim ? "always" : "never");
	return -EINVAL;
}
