// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Known-bits ("tnum") arithmetic: each bit of a value is either known
 * (mask bit 0, its value in .value) or unknown.  The operations are the
 * usual carry-propagation bounds, so every result over-approximates all
 * concrete results of the inputs.
 */
#include "internal.h"

struct tnum tn_const(u64 v)
{
	struct tnum t = {v, 0};

	return t;
}

struct tnum tn_unknown(void)
{
	struct tnum t = {0, ~0ULL};

	return t;
}

static u32 fls64_(u64 x)
{
	u32 n = 0;

	while (x) {
		n++;
		x >>= 1;
	}
	return n;
}

struct tnum tn_range(u64 min, u64 max)
{
	u64 chi = min ^ max, delta;
	u32 bits = fls64_(chi);
	struct tnum t;

	if (bits > 63)
		return tn_unknown();
	delta = (1ULL << bits) - 1;
	t.value = min & ~delta;
	t.mask = delta;
	return t;
}

struct tnum tn_add(struct tnum a, struct tnum b)
{
	u64 sm = a.mask + b.mask, sv = a.value + b.value;
	u64 chi = (sm + sv) ^ sv, mu = chi | a.mask | b.mask;
	struct tnum t = {sv & ~mu, mu};

	return t;
}

struct tnum tn_sub(struct tnum a, struct tnum b)
{
	u64 dv = a.value - b.value;
	u64 chi = (dv + a.mask) ^ (dv - b.mask);
	u64 mu = chi | a.mask | b.mask;
	struct tnum t = {dv & ~mu, mu};

	return t;
}

struct tnum tn_and(struct tnum a, struct tnum b)
{
	u64 v = a.value & b.value;
	struct tnum t = {v, (a.value | a.mask) & (b.value | b.mask) & ~v};

	return t;
}

struct tnum tn_or(struct tnum a, struct tnum b)
{
	u64 v = a.value | b.value;
	struct tnum t = {v, (a.mask | b.mask) & ~v};

	return t;
}

struct tnum tn_xor(struct tnum a, struct tnum b)
{
	u64 mu = a.mask | b.mask;
	struct tnum t = {(a.value ^ b.value) & ~mu, mu};

	return t;
}

/* Trailing bits known to be zero. */
static u32 tn_tz(struct tnum a)
{
	u64 ones = a.value | a.mask;
	u32 n = 0;

	while (n < 64 && !((ones >> n) & 1))
		n++;
	return n;
}

struct tnum tn_mul(struct tnum a, struct tnum b)
{
	u32 tz;

	if (!a.mask && !b.mask)
		return tn_const(a.value * b.value);
	/* Only the product's trailing zeros are certain. */
	tz = tn_tz(a) + tn_tz(b);
	if (tz >= 64)
		return tn_const(0);
	return tn_lsh(tn_unknown(), tz);
}

struct tnum tn_lsh(struct tnum a, u32 s)
{
	struct tnum t = {a.value << s, a.mask << s};

	return t;
}

struct tnum tn_rsh(struct tnum a, u32 s)
{
	struct tnum t = {a.value >> s, a.mask >> s};

	return t;
}

struct tnum tn_arsh(struct tnum a, u32 s, u32 width)
{
	struct tnum t;

	if (width == 32) {
		t.value = (u32)((s32)(u32)a.value >> s);
		t.mask = (u32)((s32)(u32)a.mask >> s);
	} else {
		t.value = (u64)((s64)a.value >> s);
		t.mask = (u64)((s64)a.mask >> s);
	}
	return t;
}

struct tnum tn_intersect(struct tnum a, struct tnum b)
{
	u64 v = a.value | b.value, mu = a.mask & b.mask;
	struct tnum t = {v & ~mu, mu};

	return t;
}

struct tnum tn_union(struct tnum a, struct tnum b)
{
	u64 mu = a.mask | b.mask | (a.value ^ b.value);
	struct tnum t = {a.value & b.value & ~mu, mu};

	return t;
}

struct tnum tn_cast(struct tnum a, u32 bytes)
{
	u64 keep = bytes >= 8 ? ~0ULL : (1ULL << (bytes * 8)) - 1;

	a.value &= keep;
	a.mask &= keep;
	return a;
}

bool tn_in(struct tnum outer, struct tnum inner)
{
	if (inner.mask & ~outer.mask)
		return false;
	return (inner.value & ~outer.mask) == outer.value;
}

bool tn_is_const(struct tnum a)
{
	return !a.mask;
}
