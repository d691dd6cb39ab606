// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Variable-offset stack accesses (buf[i & 15] on a stack array), accepted
 * as the kernel accepts them for privileged programs: every byte the
 * access may touch, [smin + off, smax + off + size), must be inside the
 * frame; a load needs every byte of that range initialised (the kernel's
 * rule for variable-offset reads); a store may or may not reach each byte
 * of the range, so it can only make bytes less known.
 *
 * Two places are stricter than the kernel, because the NIC's pointers are
 * 32-bit chip addresses and never equal the host's: a variable-offset
 * store of a pointer is rejected, and so is a load whose range covers a
 * spilled pointer.  A store over a spilled pointer makes the whole slot
 * unreadable rather than "some bytes" (its bytes may still be pointer
 * bits), and bytes never written stay uninitialised (the store may miss
 * them), where a privileged kernel program could read them.
 */
#include "stack_var.h"

/* The kernel's bound on variable offsets (BPF_MAX_VAR_OFF). */
#define VAR_OFF_MAX (1LL << 29)

static struct vrf_slot *slot_of(struct vrf_frame *fr, s64 o)
{
	return &fr->slots[(-o - 1) / 8];
}

/* Byte o of its slot: o is negative, o & 7 counts from the slot's start. */
static u32 byte_of(s64 o)
{
	return (u32)(o & 7);
}

static bool var_range(struct vrf_env *env, u32 idx, u32 regno,
		      const struct vrf_reg *reg, s32 off, u32 size, bool write,
		      s64 *lo, s64 *hi)
{
	const char *what = write ? "write to" : "read from";
	struct tnum t = sc_tnum(&reg->v);
	s64 fixed = (s64)reg->off + off;
	struct tnum at;

	/* checked first, as the kernel does; stack accesses are always
	 * strictly aligned (kernel and NIC)
	 */
	at = tn_add(t, tn_const((u64)fixed));
	if ((at.value | at.mask) & (size - 1)) {
		vrf_err(env, idx,
			"misaligned variable-offset stack access "
			"var_off=(0x%llx; "
			"0x%llx) off=%lld size %u",
			(unsigned long long)t.value, (unsigned long long)t.mask,
			(long long)fixed, size);
		return false;
	}
	if (reg->v.smax >= VAR_OFF_MAX || reg->v.smin <= -VAR_OFF_MAX) {
		vrf_err(env, idx,
			"invalid unbounded variable-offset %s stack R%u", what,
			regno);
		return false;
	}
	*lo = fixed + reg->v.smin;
	*hi = fixed + reg->v.smax + size;
	if (*lo < -VRF_STACK_MAX || *hi > 0) {
		vrf_err(env, idx,
			"invalid variable-offset %s stack R%u var_off=(0x%llx; "
			"0x%llx) off=%lld size=%u: bytes %lld..%lld leave the "
			"%d-byte frame",
			what, regno, (unsigned long long)t.value,
			(unsigned long long)t.mask, (long long)fixed, size,
			(long long)*lo, (long long)*hi - 1, VRF_STACK_MAX);
		return false;
	}
	return true;
}

/*
 * The loaded value is unknown even when every byte in range is known zero:
 * the host kernel (6.18) says so too, and both must agree on what a
 * program may do with it.
 */
static bool var_read(struct vrf_env *env, u32 idx, u32 regno,
		     const struct vrf_reg *reg, struct vrf_frame *fr, s64 lo,
		     s64 hi, u32 size, struct vrf_reg *out)
{
	s64 o;

	for (o = lo; o < hi; o++) {
		struct vrf_slot *sl = slot_of(fr, o);
		u8 t = sl->type[byte_of(o)];

		if (t == SB_INVALID) {
			vrf_err(env, idx,
				"invalid variable-offset read from stack R%u "
				"off %lld+%lld size %u: byte %lld may be "
				"uninitialised",
				regno, (long long)lo, (long long)(o - lo), size,
				(long long)o);
			return false;
		}
		if (t == SB_SPILL && sl->spill.kind != VK_SCALAR) {
			vrf_err(env, idx,
				"variable-offset read from stack R%u may read "
				"the spilled %s pointer at off %lld",
				regno, kind_name(sl->spill.kind),
				(long long)(o & ~7LL));
			return false;
		}
	}
	reg_mark_unknown(out);
	if (size < 8)
		sc_bounded(&out->v, (1ULL << (size * 8)) - 1);
	return true;
}

/* A spilled register in a slot the store may reach stops being one. */
static void unspill(struct vrf_env *env, u32 frame, struct vrf_slot *sl,
		    s64 slot_off)
{
	bool c;
	u32 i;

	if (sl->type[0] != SB_SPILL)
		return;
	if (sl->spill.kind != VK_SCALAR) {
		/* the bytes the store misses still hold pointer bits */
		for (i = 0; i < 8; i++)
			sl->type[i] = SB_INVALID;
		sl->kmask = 0;
		reg_mark_not_init(&sl->spill);
		return;
	}
	c = sc_is_const(&sl->spill.v);
	if (c)
		prec_slot(env, frame, slot_off); /* its bytes stay known */
	for (i = 0; i < 8; i++)
		sl->type[i] = SB_MISC;
	sl->kval = c ? sl->spill.v.umin : 0;
	sl->kmask = c ? 0xff : 0;
	reg_mark_not_init(&sl->spill);
}

/*
 * Every byte the store may reach becomes "some value" (a zero over a zero
 * too: the kernel keeps that one only for register stores, and the two
 * must agree).
 */
static void var_write(struct vrf_env *env, u32 frame, struct vrf_frame *fr,
		      s64 lo, s64 hi)
{
	s64 o;

	for (o = lo & ~7LL; o < hi; o += 8)
		unspill(env, frame, slot_of(fr, o), o);
	for (o = lo; o < hi; o++) {
		struct vrf_slot *sl = slot_of(fr, o);
		u32 b = byte_of(o);

		/* the store may miss it: never written stays so */
		if (sl->type[b] == SB_INVALID)
			continue;
		sl->type[b] = SB_MISC;
		sl->kmask &= ~(1u << b);
		sl->kval &= ~(0xffULL << (8 * b));
	}
}

bool stack_var_access(struct vrf_env *env, u32 idx, u32 regno,
		      const struct vrf_reg *reg, s32 off, u32 size, bool write,
		      const struct vrf_reg *val, struct vrf_reg *out)
{
	struct vrf_frame *fr = env->cur->frames[reg->frame];
	s64 lo, hi;

	if (write && val && val->kind != VK_SCALAR) {
		vrf_err(env, idx,
			"variable-offset stack store of a pointer via R%u is "
			"not supported by the device",
			regno);
		return false;
	}
	if (!var_range(env, idx, regno, reg, off, size, write, &lo, &hi))
		return false;
	if (fr_grow(env, fr, (u32)((-lo + 7) / 8)))
		return false;
	vrf_note_stack(env, reg->frame, lo);
	vrf_meta_mem(env, idx, XNIC_PTR_STACK, lo, hi - size, 0, size);
	if (reg->frame != env->cur->curframe)
		env->meta->insn[idx].flags |= XNIC_META_CALLER_STACK;
	if (!write)
		return var_read(env, idx, regno, reg, fr, lo, hi, size, out);
	var_write(env, reg->frame, fr, lo, hi);
	return true;
}
