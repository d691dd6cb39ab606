// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Abstract scalars: known bits plus unsigned and signed 64- and 32-bit
 * ranges.  Every operation over-approximates; sc_sync() lets the five
 * views tighten each other.  32-bit ALU results are computed on the
 * zero-extended low halves and truncated, which is exact for the ops whose
 * low bits depend only on the operands' low bits and conservative for the
 * rest.
 */
#include "internal.h"

#define LOW32	   0xffffffffULL
#define JSET_NOT   0xf0 /* private op: "bits of src not all clear" negated */

#define MAX_(a, b) ((a) > (b) ? (a) : (b))
#define MIN_(a, b) ((a) < (b) ? (a) : (b))

struct tnum sc_tnum(const struct xnic_scalar *s)
{
	struct tnum t = {s->tnum_value, s->tnum_mask};

	return t;
}

void sc_set_tnum(struct xnic_scalar *s, struct tnum t)
{
	s->tnum_value = t.value;
	s->tnum_mask = t.mask;
}

static void sc_full32(struct xnic_scalar *s)
{
	s->u32_min = 0;
	s->u32_max = U32_MAX;
	s->s32_min = S32_MIN;
	s->s32_max = S32_MAX;
}

static void sc_full64(struct xnic_scalar *s)
{
	s->umin = 0;
	s->umax = U64_MAX;
	s->smin = S64_MIN;
	s->smax = S64_MAX;
}

void sc_unknown(struct xnic_scalar *s)
{
	sc_full64(s);
	sc_full32(s);
	sc_set_tnum(s, tn_unknown());
}

void sc_const(struct xnic_scalar *s, u64 v)
{
	s->umin = s->umax = v;
	s->smin = s->smax = (s64)v;
	s->u32_min = s->u32_max = (u32)v;
	s->s32_min = s->s32_max = (s32)(u32)v;
	sc_set_tnum(s, tn_const(v));
}

/* Unknown value in [0, umax]. */
void sc_bounded(struct xnic_scalar *s, u64 umax)
{
	sc_unknown(s);
	s->umax = umax;
	sc_set_tnum(s, tn_range(0, umax));
	sc_sync(s);
}

bool sc_is_const(const struct xnic_scalar *s)
{
	return !s->tnum_mask || s->umin == s->umax;
}

bool sc_is_const32(const struct xnic_scalar *s)
{
	return !(u32)s->tnum_mask || s->u32_min == s->u32_max;
}

static void sc_sync_once(struct xnic_scalar *s)
{
	struct tnum t = sc_tnum(s), lo;
	u64 hi;

	s->umin = MAX_(s->umin, t.value);
	s->umax = MIN_(s->umax, t.value | t.mask);
	s->u32_min = MAX_(s->u32_min, (u32)t.value);
	s->u32_max = MIN_(s->u32_max, (u32)(t.value | t.mask));
	/* u64 <-> s64 when the range does not cross the sign boundary */
	if (((s64)s->umin >= 0) == ((s64)s->umax >= 0) && s->umin <= s->umax) {
		s->smin = MAX_(s->smin, (s64)s->umin);
		s->smax = MIN_(s->smax, (s64)s->umax);
	}
	if ((s->smin >= 0 || s->smax < 0) && s->smin <= s->smax) {
		s->umin = MAX_(s->umin, (u64)s->smin);
		s->umax = MIN_(s->umax, (u64)s->smax);
	}
	/* 64 -> 32 when the upper halves agree */
	if ((s->umin >> 32) == (s->umax >> 32) && s->umin <= s->umax) {
		s->u32_min = MAX_(s->u32_min, (u32)s->umin);
		s->u32_max = MIN_(s->u32_max, (u32)s->umax);
		if ((s32)(u32)s->umin <= (s32)(u32)s->umax) {
			s->s32_min = MAX_(s->s32_min, (s32)(u32)s->umin);
			s->s32_max = MIN_(s->s32_max, (s32)(u32)s->umax);
		}
	}
	if ((s->smin >> 32) == (s->smax >> 32) && s->smin <= s->smax &&
	    (s32)s->smin <= (s32)s->smax) {
		s->s32_min = MAX_(s->s32_min, (s32)s->smin);
		s->s32_max = MIN_(s->s32_max, (s32)s->smax);
	}
	/* u32 <-> s32 */
	if (((s32)s->u32_min >= 0) == ((s32)s->u32_max >= 0) &&
	    s->u32_min <= s->u32_max) {
		s->s32_min = MAX_(s->s32_min, (s32)s->u32_min);
		s->s32_max = MIN_(s->s32_max, (s32)s->u32_max);
	}
	if ((s->s32_min >= 0 || s->s32_max < 0) && s->s32_min <= s->s32_max) {
		s->u32_min = MAX_(s->u32_min, (u32)s->s32_min);
		s->u32_max = MIN_(s->u32_max, (u32)s->s32_max);
	}
	/* 32 -> 64 when the upper half is known */
	if ((s->umin >> 32) == (s->umax >> 32) && s->umin <= s->umax) {
		hi = s->umin & ~LOW32;
		s->umin = MAX_(s->umin, hi | s->u32_min);
		s->umax = MIN_(s->umax, hi | s->u32_max);
	}
	/* ranges -> known bits */
	if (s->umin <= s->umax)
		t = tn_intersect(t, tn_range(s->umin, s->umax));
	if (s->u32_min <= s->u32_max) {
		lo = tn_intersect(tn_cast(t, 4),
				  tn_range(s->u32_min, s->u32_max));
		t.value = (t.value & ~LOW32) | lo.value;
		t.mask = (t.mask & ~LOW32) | lo.mask;
		t.value &= ~t.mask;
	}
	sc_set_tnum(s, t);
}

void sc_sync(struct xnic_scalar *s)
{
	sc_sync_once(s);
	sc_sync_once(s);
}

bool sc_empty(const struct xnic_scalar *s)
{
	return s->umin > s->umax || s->smin > s->smax ||
	       s->u32_min > s->u32_max || s->s32_min > s->s32_max;
}

/* Keep the low 32 bits, zero-extended. */
void sc_zext32(struct xnic_scalar *s)
{
	struct tnum t = tn_cast(sc_tnum(s), 4);

	if ((s->umin >> 32) != (s->umax >> 32)) {
		s->u32_min = 0;
		s->u32_max = U32_MAX;
		s->s32_min = S32_MIN;
		s->s32_max = S32_MAX;
	} else if (s->umin <= s->umax) {
		s->u32_min = MAX_(s->u32_min, (u32)s->umin);
		s->u32_max = MIN_(s->u32_max, (u32)s->umax);
	}
	sc_set_tnum(s, t);
	s->umin = s->u32_min;
	s->umax = s->u32_max;
	s->smin = (s64)s->umin;
	s->smax = (s64)s->umax;
	sc_sync(s);
}

bool sc_within(const struct xnic_scalar *o, const struct xnic_scalar *i)
{
	return o->umin <= i->umin && i->umax <= o->umax && o->smin <= i->smin &&
	       i->smax <= o->smax && o->u32_min <= i->u32_min &&
	       i->u32_max <= o->u32_max && o->s32_min <= i->s32_min &&
	       i->s32_max <= o->s32_max && tn_in(sc_tnum(o), sc_tnum(i));
}

void sc_join(struct xnic_scalar *a, const struct xnic_scalar *s)
{
	a->umin = MIN_(a->umin, s->umin);
	a->umax = MAX_(a->umax, s->umax);
	a->smin = MIN_(a->smin, s->smin);
	a->smax = MAX_(a->smax, s->smax);
	a->u32_min = MIN_(a->u32_min, s->u32_min);
	a->u32_max = MAX_(a->u32_max, s->u32_max);
	a->s32_min = MIN_(a->s32_min, s->s32_min);
	a->s32_max = MAX_(a->s32_max, s->s32_max);
	sc_set_tnum(a, tn_union(sc_tnum(a), sc_tnum(s)));
}

/* The concrete BPF semantics, for constant folding. */
static u64 alu_concrete(u8 op, bool is64, u64 a, u64 b, s16 off)
{
	u32 a32 = (u32)a, b32 = (u32)b;

	if (!is64) {
		switch (op) {
		case BPF_ADD:
			return (u32)(a32 + b32);
		case BPF_SUB:
			return (u32)(a32 - b32);
		case BPF_MUL:
			return (u32)(a32 * b32);
		case BPF_OR:
			return a32 | b32;
		case BPF_AND:
			return a32 & b32;
		case BPF_XOR:
			return a32 ^ b32;
		case BPF_LSH:
			return (u32)(a32 << (b32 & 31));
		case BPF_RSH:
			return a32 >> (b32 & 31);
		case BPF_ARSH:
			return (u32)((s32)a32 >> (b32 & 31));
		case BPF_NEG:
			return (u32)-a32;
		case BPF_DIV:
			if (!b32)
				return 0;
			if (off == 1) {
				if ((s32)a32 == S32_MIN && (s32)b32 == -1)
					return a32;
				return (u32)((s32)a32 / (s32)b32);
			}
			return a32 / b32;
		case BPF_MOD:
			if (!b32)
				return a32;
			if (off == 1) {
				if ((s32)b32 == -1)
					return 0;
				return (u32)((s32)a32 % (s32)b32);
			}
			return a32 % b32;
		}
		return 0;
	}
	switch (op) {
	case BPF_ADD:
		return a + b;
	case BPF_SUB:
		return a - b;
	case BPF_MUL:
		return a * b;
	case BPF_OR:
		return a | b;
	case BPF_AND:
		return a & b;
	case BPF_XOR:
		return a ^ b;
	case BPF_LSH:
		return a << (b & 63);
	case BPF_RSH:
		return a >> (b & 63);
	case BPF_ARSH:
		return (u64)((s64)a >> (b & 63));
	case BPF_NEG:
		return -a;
	case BPF_DIV:
		if (!b)
			return 0;
		if (off == 1) {
			if ((s64)a == S64_MIN && (s64)b == -1)
				return a;
			return (u64)div64_s64((s64)a, (s64)b);
		}
		return div64_u64(a, b);
	case BPF_MOD:
		if (!b)
			return a;
		if (off == 1) {
			if ((s64)b == -1)
				return 0;
			return (u64)((s64)a -
				     div64_s64((s64)a, (s64)b) * (s64)b);
		}
		return xnic_mod_u64(a, b);
	}
	return 0;
}

static void alu64(struct xnic_scalar *d, const struct xnic_scalar *s, u8 op,
		  s16 off)
{
	struct tnum td = sc_tnum(d), ts = sc_tnum(s), t = tn_unknown();
	struct xnic_scalar r;
	bool sconst = sc_is_const(s);
	u64 c = s->umin;
	s64 x, y;

	sc_unknown(&r);
	switch (op) {
	case BPF_ADD:
		t = tn_add(td, ts);
		if (d->umax <= U64_MAX - s->umax) {
			r.umin = d->umin + s->umin;
			r.umax = d->umax + s->umax;
		}
		if (!__builtin_add_overflow(d->smin, s->smin, &x) &&
		    !__builtin_add_overflow(d->smax, s->smax, &y)) {
			r.smin = x;
			r.smax = y;
		}
		break;
	case BPF_SUB:
		t = tn_sub(td, ts);
		if (d->umin >= s->umax) {
			r.umin = d->umin - s->umax;
			r.umax = d->umax - s->umin;
		}
		if (!__builtin_sub_overflow(d->smin, s->smax, &x) &&
		    !__builtin_sub_overflow(d->smax, s->smin, &y)) {
			r.smin = x;
			r.smax = y;
		}
		break;
	case BPF_MUL:
		t = tn_mul(td, ts);
		if (d->umax <= U32_MAX && s->umax <= U32_MAX) {
			r.umin = d->umin * s->umin;
			r.umax = d->umax * s->umax;
		}
		break;
	case BPF_DIV:
		if (off == 1)
			break;
		if (sconst && !c) {
			sc_const(&r, 0);
			t = tn_const(0);
		} else if (sconst) {
			r.umin = div64_u64(d->umin, c);
			r.umax = div64_u64(d->umax, c);
		} else {
			r.umax = d->umax;
		}
		break;
	case BPF_MOD:
		if (off == 1)
			break;
		if (sconst && (!c || d->umax < c)) {
			r = *d;
			t = td;
		} else if (sconst) {
			r.umax = c - 1;
		} else {
			r.umax = d->umax;
		}
		break;
	case BPF_AND:
		t = tn_and(td, ts);
		r.umin = t.value;
		r.umax = MIN_(d->umax, s->umax);
		break;
	case BPF_OR:
		t = tn_or(td, ts);
		r.umin = MAX_(d->umin, s->umin);
		r.umax = t.value | t.mask;
		break;
	case BPF_XOR:
		t = tn_xor(td, ts);
		break;
	case BPF_LSH:
		if (!sconst || c > 63)
			break;
		t = tn_lsh(td, (u32)c);
		if (d->umax <= (U64_MAX >> c)) {
			r.umin = d->umin << c;
			r.umax = d->umax << c;
		}
		break;
	case BPF_RSH:
		if (!sconst || c > 63) {
			r.umax = d->umax;
			break;
		}
		t = tn_rsh(td, (u32)c);
		r.umin = d->umin >> c;
		r.umax = d->umax >> c;
		break;
	case BPF_ARSH:
		if (!sconst || c > 63)
			break;
		t = tn_arsh(td, (u32)c, 64);
		r.smin = d->smin >> c;
		r.smax = d->smax >> c;
		break;
	default:
		break;
	}
	sc_set_tnum(&r, t);
	sc_full32(&r);
	sc_sync(&r);
	*d = r;
}

void sc_alu(struct xnic_scalar *d, const struct xnic_scalar *s, u8 op,
	    bool is64, s16 off)
{
	struct xnic_scalar a, b;

	if (op == BPF_NEG) {
		if (is64 ? sc_is_const(d) : sc_is_const32(d))
			sc_const(d, alu_concrete(op, is64, d->umin, 0, off));
		else
			sc_unknown(d);
		if (!is64)
			sc_zext32(d);
		return;
	}
	/*
	 * A shift by the width or more may be out of range: the ISA masks the
	 * amount, but like the kernel we assume nothing about the result.
	 */
	if ((op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) &&
	    s->umax >= (is64 ? 64u : 32u)) {
		sc_unknown(d);
		if (!is64)
			sc_zext32(d);
		return;
	}
	if (is64 && sc_is_const(d) && sc_is_const(s)) {
		sc_const(d, alu_concrete(op, true, d->umin, s->umin, off));
		return;
	}
	if (!is64 && sc_is_const32(d) && sc_is_const32(s)) {
		sc_const(d,
			 alu_concrete(op, false, d->u32_min, s->u32_min, off));
		return;
	}
	if (is64) {
		alu64(d, s, op, off);
		return;
	}
	a = *d;
	b = *s;
	sc_zext32(&a);
	sc_zext32(&b);
	if (op == BPF_ARSH) {
		if (sc_is_const(&b)) {
			sc_movsx(&a, &a, 32, true);
			b.umin &= 31;
			sc_const(&b, b.umin);
		} else {
			sc_unknown(&a);
			b = a;
		}
	} else if ((op == BPF_LSH || op == BPF_RSH) && sc_is_const(&b)) {
		sc_const(&b, b.umin & 31);
	} else if ((op == BPF_DIV || op == BPF_MOD) && off == 1) {
		sc_unknown(&a);
		sc_zext32(&a);
		*d = a;
		return;
	}
	alu64(&a, &b, op, 0);
	sc_zext32(&a);
	*d = a;
}

/* Sign-extend the low @bits of src into dst (movsx / ldsx). */
void sc_movsx(struct xnic_scalar *d, const struct xnic_scalar *s, u32 bits,
	      bool is64)
{
	u64 half = 1ULL << (bits - 1);
	struct xnic_scalar r = *s;

	if (sc_is_const(s) || (bits == 32 && sc_is_const32(s))) {
		u64 v = bits == 64 ? s->umin : (s->umin & ((half << 1) - 1));

		if (bits < 64 && (v & half))
			v |= ~((half << 1) - 1);
		sc_const(&r, v);
	} else if (bits < 64 && s->umax >= half) {
		sc_unknown(&r);
		r.smin = -(s64)half;
		r.smax = (s64)(half - 1);
		sc_sync(&r);
	}
	if (!is64)
		sc_zext32(&r);
	*d = r;
}

void sc_sext_load(struct xnic_scalar *d, u32 bytes)
{
	sc_movsx(d, d, bytes * 8, true);
}

static u64 bswap_n(u64 v, u32 bits)
{
	u64 r = 0;
	u32 i;

	for (i = 0; i < bits / 8; i++)
		r = (r << 8) | ((v >> (i * 8)) & 0xff);
	return r;
}

void sc_end(struct xnic_scalar *d, u8 src_bit, bool is64, u32 bits)
{
	bool swap = is64 || src_bit == BPF_TO_BE;
	u64 keep = bits >= 64 ? U64_MAX : (1ULL << bits) - 1;

	if (sc_is_const(d)) {
		u64 v = d->umin & keep;

		sc_const(d, swap ? bswap_n(v, bits) : v);
		return;
	}
	if (swap || d->umax > keep) {
		sc_bounded(d, keep);
		return;
	}
	/* a little-endian no-op conversion only truncates */
	sc_set_tnum(d, tn_cast(sc_tnum(d), bits / 8));
	sc_sync(d);
}

u8 sc_negate_op(u8 op)
{
	switch (op) {
	case BPF_JEQ:
		return BPF_JNE;
	case BPF_JNE:
		return BPF_JEQ;
	case BPF_JGT:
		return BPF_JLE;
	case BPF_JLE:
		return BPF_JGT;
	case BPF_JGE:
		return BPF_JLT;
	case BPF_JLT:
		return BPF_JGE;
	case BPF_JSGT:
		return BPF_JSLE;
	case BPF_JSLE:
		return BPF_JSGT;
	case BPF_JSGE:
		return BPF_JSLT;
	case BPF_JSLT:
		return BPF_JSGE;
	case BPF_JSET:
		return JSET_NOT;
	case JSET_NOT:
		return BPF_JSET;
	}
	return op;
}

/* Bounds of one width/signedness view, as signed 128-ish via s64/u64. */
struct view {
	u64 umin, umax;
	s64 smin, smax;
};

static struct view view_of(const struct xnic_scalar *s, bool is32)
{
	struct view v;

	if (is32) {
		v.umin = s->u32_min;
		v.umax = s->u32_max;
		v.smin = s->s32_min;
		v.smax = s->s32_max;
	} else {
		v.umin = s->umin;
		v.umax = s->umax;
		v.smin = s->smin;
		v.smax = s->smax;
	}
	return v;
}

static void view_set(struct xnic_scalar *s, const struct view *v, bool is32)
{
	if (is32) {
		s->u32_min = (u32)v->umin;
		s->u32_max = (u32)v->umax;
		s->s32_min = (s32)v->smin;
		s->s32_max = (s32)v->smax;
	} else {
		s->umin = v->umin;
		s->umax = v->umax;
		s->smin = v->smin;
		s->smax = v->smax;
	}
}

int sc_branch(const struct xnic_scalar *sa, const struct xnic_scalar *sb, u8 op,
	      bool is32)
{
	struct view a = view_of(sa, is32), b = view_of(sb, is32);
	struct tnum ta = sc_tnum(sa), tb = sc_tnum(sb);

	if (is32) {
		ta = tn_cast(ta, 4);
		tb = tn_cast(tb, 4);
	}
	switch (op) {
	case BPF_JEQ:
	case BPF_JNE: {
		int eq = -1;

		if (a.umin == a.umax && b.umin == b.umax && a.umin == b.umin)
			eq = 1;
		else if (a.umax < b.umin || b.umax < a.umin ||
			 a.smax < b.smin || b.smax < a.smin ||
			 ((ta.value ^ tb.value) & ~(ta.mask | tb.mask)))
			eq = 0;
		if (eq < 0 || op == BPF_JEQ)
			return eq;
		return !eq;
	}
	case BPF_JGT:
		return a.umin > b.umax ? 1 : a.umax <= b.umin ? 0 : -1;
	case BPF_JGE:
		return a.umin >= b.umax ? 1 : a.umax < b.umin ? 0 : -1;
	case BPF_JLT:
		return a.umax < b.umin ? 1 : a.umin >= b.umax ? 0 : -1;
	case BPF_JLE:
		return a.umax <= b.umin ? 1 : a.umin > b.umax ? 0 : -1;
	case BPF_JSGT:
		return a.smin > b.smax ? 1 : a.smax <= b.smin ? 0 : -1;
	case BPF_JSGE:
		return a.smin >= b.smax ? 1 : a.smax < b.smin ? 0 : -1;
	case BPF_JSLT:
		return a.smax < b.smin ? 1 : a.smin >= b.smax ? 0 : -1;
	case BPF_JSLE:
		return a.smax <= b.smin ? 1 : a.smin > b.smax ? 0 : -1;
	case BPF_JSET:
	case JSET_NOT: {
		int r = -1;

		if (tn_is_const(tb) && (ta.value & tb.value))
			r = 1;
		else if (!((ta.value | ta.mask) & (tb.value | tb.mask)))
			r = 0;
		if (r < 0 || op == BPF_JSET)
			return r;
		return !r;
	}
	}
	return -1;
}

/* Make "a op b" hold in a and b (unsigned or signed view). */
static void refine_view(struct view *a, struct view *b, u8 op)
{
	switch (op) {
	case BPF_JEQ:
		a->umin = b->umin = MAX_(a->umin, b->umin);
		a->umax = b->umax = MIN_(a->umax, b->umax);
		a->smin = b->smin = MAX_(a->smin, b->smin);
		a->smax = b->smax = MIN_(a->smax, b->smax);
		break;
	case BPF_JNE:
		if (b->umin == b->umax) {
			if (a->umin == b->umin)
				a->umin++;
			else if (a->umax == b->umin)
				a->umax--;
		}
		if (b->smin == b->smax) {
			if (a->smin == b->smin)
				a->smin++;
			else if (a->smax == b->smin)
				a->smax--;
		}
		break;
	case BPF_JGT:
		a->umin = MAX_(a->umin, b->umin + 1);
		b->umax = MIN_(b->umax, a->umax - 1);
		break;
	case BPF_JGE:
		a->umin = MAX_(a->umin, b->umin);
		b->umax = MIN_(b->umax, a->umax);
		break;
	case BPF_JLT:
		refine_view(b, a, BPF_JGT);
		break;
	case BPF_JLE:
		refine_view(b, a, BPF_JGE);
		break;
	case BPF_JSGT:
		a->smin = MAX_(a->smin, b->smin + 1);
		b->smax = MIN_(b->smax, a->smax - 1);
		break;
	case BPF_JSGE:
		a->smin = MAX_(a->smin, b->smin);
		b->smax = MIN_(b->smax, a->smax);
		break;
	case BPF_JSLT:
		refine_view(b, a, BPF_JSGT);
		break;
	case BPF_JSLE:
		refine_view(b, a, BPF_JSGE);
		break;
	}
}

void sc_refine(struct xnic_scalar *sa, struct xnic_scalar *sb, u8 op, bool is32)
{
	struct view a = view_of(sa, is32), b = view_of(sb, is32);
	struct tnum ta = sc_tnum(sa), tb = sc_tnum(sb), t;
	u64 keep = is32 ? LOW32 : U64_MAX;

	if (op == BPF_JSET || op == JSET_NOT) {
		if (op == JSET_NOT && tn_is_const(tb)) {
			ta.value &= ~(tb.value & keep);
			ta.mask &= ~(tb.value & keep);
			sc_set_tnum(sa, ta);
		}
		sc_sync(sa);
		return;
	}
	/* When a comparison cannot be satisfied at all the branch is dead;
	 * the caller found that with sc_branch(), so bounds stay ordered.
	 */
	refine_view(&a, &b, op);
	view_set(sa, &a, is32);
	view_set(sb, &b, is32);
	if (op == BPF_JEQ) {
		t = tn_intersect(ta, tb);
		ta.value = (ta.value & ~keep) | (t.value & keep);
		ta.mask = (ta.mask & ~keep) | (t.mask & keep);
		tb.value = (tb.value & ~keep) | (t.value & keep);
		tb.mask = (tb.mask & ~keep) | (t.mask & keep);
		ta.value &= ~ta.mask;
		tb.value &= ~tb.mask;
		sc_set_tnum(sa, ta);
		sc_set_tnum(sb, tb);
	}
	if (!sc_empty(sa))
		sc_sync(sa);
	if (!sc_empty(sb))
		sc_sync(sb);
}
