// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Loads, stores and atomics: dispatch on the kind of the base pointer and
 * check the access against what that object allows (context fields,
 * packet bytes proven against data_end, initialised stack slots, map value
 * bounds).  Stack slots remember spilled registers so pointers survive a
 * spill and fill.
 */
#include "internal.h"
#include "ctx_fields.h"
#include "stack_var.h"

#define MAX_VAR_OFF (1LL << 29)

static void load_unknown(struct vrf_reg *out, u32 size)
{
	reg_mark_unknown(out);
	if (size < 8)
		sc_bounded(&out->v, (1ULL << (size * 8)) - 1);
}

/*
 * Narrow (1- or 2-byte) loads of a 4-byte __sk_buff field, at any offset
 * inside it aligned to the size, as the kernel allows them (the bytes of
 * the little-endian field; the kernel masks and shifts the full load).
 * The kernel allows none on xdp_md, and no narrow stores; pointer fields
 * are checked by the caller.
 */
static bool ctx_narrow_ok(enum xnic_prog_type type, s32 off, u32 size,
			  bool write)
{
	return type == XNIC_PROG_TC && !write && (size == 1 || size == 2) &&
	       off >= 0 && !(off % (s32)size);
}

static bool ctx_access(struct vrf_env *env, u32 idx, u32 regno,
		       const struct vrf_reg *reg, s32 off, u32 size, bool write,
		       const struct vrf_reg *val, struct vrf_reg *out)
{
	const struct vrf_ctx_field *f;
	bool ok;

	if (!sc_is_const(&reg->v) || reg->v.umin) {
		vrf_err(env, idx, "variable ctx access via R%u disallowed",
			regno);
		return false;
	}
	if (reg->off) {
		vrf_err(env, idx,
			"dereference of modified ctx ptr R%u off=%d disallowed",
			regno, reg->off);
		return false;
	}
	f = ctx_field(env->prog->type, off & ~3);
	if (f && size != 4)
		ok = f->kind == VK_SCALAR &&
		     ctx_narrow_ok(env->prog->type, off, size, write);
	else
		ok = f && off == f->off;
	if (!ok || (write && !f->writable)) {
		vrf_err(env, idx, "invalid bpf_context access off=%d size=%u",
			off, size);
		return false;
	}
	if (!f->supported) {
		vrf_err(env, idx,
			"ctx field %s (off %d) is not supported by the device",
			f->name, off);
		return false;
	}
	vrf_meta_mem(env, idx, XNIC_PTR_CTX, off, off, 0, size);
	if (write) {
		if (val->kind != VK_SCALAR) {
			vrf_err(env, idx, "R%u leaks addr into ctx", regno);
			return false;
		}
		return true;
	}
	xnic_memset(out, 0, sizeof(*out));
	out->kind = f->kind;
	if (f->kind == VK_SCALAR)
		load_unknown(out, size);
	else
		sc_const(&out->v, 0);
	return true;
}

static bool pkt_access(struct vrf_env *env, u32 idx, u32 regno,
		       const struct vrf_reg *reg, s32 off, u32 size, bool write,
		       const struct vrf_reg *val, struct vrf_reg *out)
{
	s64 fixed = (s64)reg->off + off;
	s64 lo, hi;

	if (reg->v.smin < 0) {
		vrf_err(env, idx,
			"R%u min value is negative, either use unsigned index "
			"or do a if (index >=0) check",
			regno);
		return false;
	}
	if (reg->v.umax > VRF_MAX_PKT_OFF ||
	    (s64)reg->v.umax + fixed + size > VRF_MAX_PKT_OFF) {
		vrf_err(env, idx, "R%u unbounded memory access to packet",
			regno);
		return false;
	}
	if (fixed < 0 || fixed + size > reg->range) {
		vrf_err(env, idx,
			"invalid access to packet, off=%lld size=%u, R%u "
			"range=%u: check the pointer against data_end first",
			(long long)fixed, size, regno, reg->range);
		return false;
	}
	lo = fixed + (s64)reg->v.umin;
	hi = fixed + (s64)reg->v.umax;
	vrf_meta_mem(env, idx, XNIC_PTR_PACKET, lo, hi, 0, size);
	if ((u64)hi + size > env->meta->max_pkt_off)
		env->meta->max_pkt_off = (u32)(hi + size);
	if (hi + size > env->caps->pkt_window) {
		vrf_err(env, idx,
			"packet access up to byte %lld is outside the device's "
			"%u-byte packet window",
			(long long)(hi + size), env->caps->pkt_window);
		return false;
	}
	if (write) {
		if (val->kind != VK_SCALAR) {
			vrf_err(env, idx, "R%u leaks addr into packet", regno);
			return false;
		}
		return true;
	}
	load_unknown(out, size);
	return true;
}

static bool map_access(struct vrf_env *env, u32 idx, u32 regno,
		       const struct vrf_reg *reg, s32 off, u32 size, bool write,
		       const struct vrf_reg *val, struct vrf_reg *out)
{
	const struct xnic_map_def *m = &env->prog->maps[reg->map];
	s64 fixed = (s64)reg->off + off, lo, hi;

	if (reg->v.smin < 0) {
		vrf_err(env, idx,
			"R%u min value is negative, either use unsigned index "
			"or do a if (index >=0) check",
			regno);
		return false;
	}
	if (reg->v.umax >= (u64)MAX_VAR_OFF) {
		vrf_err(env, idx,
			"R%u unbounded memory access, make sure to bounds "
			"check any such access",
			regno);
		return false;
	}
	lo = fixed + (s64)reg->v.umin;
	hi = fixed + (s64)reg->v.umax;
	if (lo < 0 || hi + size > m->value_size) {
		vrf_err(env, idx,
			"invalid access to map value, value_size=%u off=%lld "
			"size=%u",
			m->value_size, (long long)(lo < 0 ? lo : hi), size);
		return false;
	}
	vrf_meta_mem(env, idx, XNIC_PTR_MAP_VALUE, lo, hi, reg->map, size);
	if (write) {
		if (val && val->kind != VK_SCALAR) {
			vrf_err(env, idx, "R%u leaks addr into map", regno);
			return false;
		}
		return true;
	}
	load_unknown(out, size);
	return true;
}

/* Resolve a stack access to its frame and fixed offset. */
static struct vrf_frame *stack_frame(struct vrf_env *env, u32 idx, u32 regno,
				     const struct vrf_reg *reg, s32 off,
				     u32 size, bool write, s64 *total)
{
	struct vrf_frame *fr = env->cur->frames[reg->frame];

	if (!sc_is_const(&reg->v)) {
		vrf_err(env, idx,
			"variable offset stack access via R%u is not supported",
			regno);
		return NULL;
	}
	*total = (s64)reg->off + (s64)reg->v.umin + off;
	if (*total < -VRF_STACK_MAX || *total + size > 0) {
		vrf_err(env, idx, "invalid %s stack R%u off=%lld size=%u",
			write ? "write to" : "read from", regno,
			(long long)*total, size);
		return NULL;
	}
	if (*total % size) {
		vrf_err(env, idx, "misaligned stack access off %lld size %u",
			(long long)*total, size);
		return NULL;
	}
	if (fr_grow(env, fr, (u32)((-*total + 7) / 8)))
		return NULL;
	vrf_note_stack(env, reg->frame, *total);
	return fr;
}

static struct vrf_slot *slot_at(struct vrf_frame *fr, s64 o)
{
	return &fr->slots[(-o - 1) / 8];
}

static void stack_write(struct vrf_frame *fr, s64 total, u32 size,
			const struct vrf_reg *val)
{
	struct vrf_slot *sl = slot_at(fr, total);
	bool known = val && val->kind == VK_SCALAR && sc_is_const(&val->v);
	u64 v = known ? val->v.umin : 0;
	u32 i, b;

	if (size == 8 && val) {
		for (i = 0; i < 8; i++)
			sl->type[i] = SB_SPILL;
		sl->spill = *val;
		sl->kmask = 0;
		return;
	}
	if (sl->type[0] == SB_SPILL) {
		/* the rest of a spilled constant stays known */
		bool c = sl->spill.kind == VK_SCALAR &&
			 sc_is_const(&sl->spill.v);

		for (i = 0; i < 8; i++)
			sl->type[i] = SB_MISC;
		sl->kval = c ? sl->spill.v.umin : 0;
		sl->kmask = c ? 0xff : 0;
	}
	for (i = 0; i < size; i++) {
		b = (u32)((total + i) & 7);
		sl->type[b] =
			known && !((v >> (8 * i)) & 0xff) ? SB_ZERO : SB_MISC;
		sl->kval &= ~(0xffULL << (8 * b));
		if (known) {
			sl->kval |= ((v >> (8 * i)) & 0xff) << (8 * b);
			sl->kmask |= 1u << b;
		} else {
			sl->kmask &= ~(1u << b);
		}
	}
}

static bool stack_access(struct vrf_env *env, u32 idx, u32 regno,
			 const struct vrf_reg *reg, s32 off, u32 size,
			 bool write, const struct vrf_reg *val,
			 struct vrf_reg *out)
{
	struct vrf_frame *fr;
	struct vrf_slot *sl;
	bool zero = true;
	s64 total;
	u32 i;

	if (!sc_is_const(&reg->v))
		return stack_var_access(env, idx, regno, reg, off, size, write,
					val, out);
	fr = stack_frame(env, idx, regno, reg, off, size, write, &total);
	if (!fr)
		return false;
	vrf_meta_mem(env, idx, XNIC_PTR_STACK, total, total, 0, size);
	if (reg->frame != env->cur->curframe)
		env->meta->insn[idx].flags |= XNIC_META_CALLER_STACK;
	sl = slot_at(fr, total);
	/* the slot is known now, not when the value turns out to matter */
	if (!write && regno != BPF_REG_10)
		prec_slot(env, reg->frame, total);
	/* a narrow store keeps the rest of a spilled constant as known
	 * bytes, compared exactly from now on
	 */
	if (write && size < 8 && sl->type[0] == SB_SPILL &&
	    sl->spill.kind == VK_SCALAR && sc_is_const(&sl->spill.v))
		prec_slot(env, reg->frame, total);
	if (write) {
		if (val && val->kind != VK_SCALAR && size != 8) {
			vrf_err(env, idx, "invalid size of register spill");
			return false;
		}
		stack_write(fr, total, size, val);
		return true;
	}
	if (sl->type[0] == SB_SPILL) {
		if (size == 8) {
			*out = sl->spill;
			return true;
		}
		if (sl->spill.kind != VK_SCALAR) {
			vrf_err(env, idx, "invalid size of register fill");
			return false;
		}
		if (sc_is_const(&sl->spill.v)) {
			u64 v = sl->spill.v.umin >> (8 * (total & 7));

			reg_mark_const(out, v & ((1ULL << (size * 8)) - 1));
		} else {
			load_unknown(out, size);
		}
		return true;
	}
	for (i = 0; i < size; i++) {
		u8 t = sl->type[(total + i) & 7];

		if (t == SB_INVALID) {
			vrf_err(env, idx,
				"invalid read from stack off %lld+%u size %u",
				(long long)total, i, size);
			return false;
		}
		if (t != SB_ZERO)
			zero = false;
	}
	if (zero) {
		reg_mark_const(out, 0);
	} else if ((sl->kmask >> (total & 7) & ((1u << size) - 1)) ==
		   (1u << size) - 1) {
		u64 v = sl->kval >> (8 * (total & 7));

		reg_mark_const(out,
			       size == 8 ? v : v & ((1ULL << (size * 8)) - 1));
	} else {
		load_unknown(out, size);
	}
	return true;
}

/* One memory access through register regno; out gets a loaded value. */
static bool mem_access(struct vrf_env *env, u32 idx, u32 regno, s32 off,
		       u32 size, bool write, const struct vrf_reg *val,
		       struct vrf_reg *out)
{
	const struct vrf_reg *reg = &cur_regs(env)[regno];

	switch (reg->kind) {
	case VK_NONE:
		vrf_err(env, idx, "R%u !read_ok", regno);
		return false;
	case VK_CTX:
		return ctx_access(env, idx, regno, reg, off, size, write, val,
				  out);
	case VK_PKT:
		return pkt_access(env, idx, regno, reg, off, size, write, val,
				  out);
	case VK_STACK:
		return stack_access(env, idx, regno, reg, off, size, write, val,
				    out);
	case VK_MAP_VALUE:
		return map_access(env, idx, regno, reg, off, size, write, val,
				  out);
	}
	vrf_err(env, idx, "R%u invalid mem access '%s'", regno,
		kind_name(reg->kind));
	return false;
}

static void check_atomic(struct vrf_env *env, u32 idx,
			 const struct bpf_insn *in)
{
	struct vrf_reg *regs = cur_regs(env);
	struct vrf_reg val, old;
	u32 size = xnic_bpf_size_bytes(in->code);
	u8 kind = regs[in->dst_reg].kind;

	if (regs[in->src_reg].kind == VK_NONE) {
		vrf_err(env, idx, "R%u !read_ok", in->src_reg);
		return;
	}
	if (in->imm == BPF_CMPXCHG && regs[BPF_REG_0].kind == VK_NONE) {
		vrf_err(env, idx, "R0 !read_ok");
		return;
	}
	if (regs[in->src_reg].kind != VK_SCALAR ||
	    (in->imm == BPF_CMPXCHG && regs[BPF_REG_0].kind != VK_SCALAR)) {
		vrf_err(env, idx, "R%u leaks addr into mem",
			in->imm == BPF_CMPXCHG &&
					regs[BPF_REG_0].kind != VK_SCALAR ?
				0 :
				in->src_reg);
		return;
	}
	if (kind != VK_STACK && kind != VK_MAP_VALUE && kind != VK_NONE &&
	    kind != VK_SCALAR && kind != VK_MAP_OR_NULL) {
		vrf_err(env, idx,
			"BPF_ATOMIC stores into R%u %s is not allowed",
			in->dst_reg, kind_name(kind));
		return;
	}
	if (kind == VK_STACK && !sc_is_const(&regs[in->dst_reg].v)) {
		/* jit_atomic reaches the stack at constant offsets only */
		vrf_err(env, idx,
			"variable offset stack access via R%u is not supported "
			"by BPF_ATOMIC",
			in->dst_reg);
		return;
	}
	if (!mem_access(env, idx, in->dst_reg, in->off, size, false, NULL,
			&old))
		return;
	load_unknown(&val, size);
	if (!mem_access(env, idx, in->dst_reg, in->off, size, true, &val, &old))
		return;
	if (kind == VK_STACK && size == 8) {
		/* the slot now holds an unknown scalar, not the old spill */
		struct vrf_reg *b = &cur_regs(env)[in->dst_reg];
		struct vrf_frame *fr = env->cur->frames[b->frame];
		s64 t = (s64)b->off + (s64)b->v.umin + in->off;

		reg_mark_unknown(&slot_at(fr, t)->spill);
	}
	if (in->imm == BPF_CMPXCHG)
		load_unknown(&cur_regs(env)[BPF_REG_0], size);
	else if (in->imm & BPF_FETCH)
		load_unknown(&cur_regs(env)[in->src_reg], size);
}

void check_mem(struct vrf_env *env, u32 idx, const struct bpf_insn *in)
{
	struct vrf_reg *regs = cur_regs(env);
	u32 size = xnic_bpf_size_bytes(in->code);
	struct vrf_reg val, out;
	u8 cls = BPF_CLASS(in->code);

	if (cls == BPF_LDX) {
		if (regs[in->src_reg].kind == VK_NONE) {
			vrf_err(env, idx, "R%u !read_ok", in->src_reg);
			return;
		}
		if (in->dst_reg == BPF_REG_10) {
			vrf_err(env, idx, "frame pointer is read only");
			return;
		}
		if (!mem_access(env, idx, in->src_reg, in->off, size, false,
				NULL, &out))
			return;
		if (BPF_MODE(in->code) == BPF_MEMSX && out.kind == VK_SCALAR)
			sc_sext_load(&out.v, size);
		regs[in->dst_reg] = out;
		return;
	}
	if (cls == BPF_STX && BPF_MODE(in->code) == BPF_ATOMIC) {
		check_atomic(env, idx, in);
		return;
	}
	if (regs[in->dst_reg].kind == VK_NONE) {
		vrf_err(env, idx, "R%u !read_ok", in->dst_reg);
		return;
	}
	if (cls == BPF_ST) {
		reg_mark_const(&val,
			       size == 8 ? (u64)(s64)in->imm :
					   (u64)(u32)in->imm &
						   (size == 4 ? 0xffffffffULL :
						    size == 2 ? 0xffffULL :
								0xffULL));
	} else {
		if (regs[in->src_reg].kind == VK_NONE) {
			vrf_err(env, idx, "R%u !read_ok", in->src_reg);
			return;
		}
		val = regs[in->src_reg];
		/*
		 * A store through another stack pointer: the slot is known
		 * now, not when its value turns out to matter.  A narrow
		 * store of a constant leaves known bytes, which pruning
		 * compares exactly (the kernel marks such stores of zero
		 * precise at once too).
		 */
		if (regs[in->dst_reg].kind == VK_STACK &&
		    val.kind == VK_SCALAR &&
		    (in->dst_reg != BPF_REG_10 ||
		     (size < 8 && sc_is_const(&val.v))))
			prec_reg(env, in->src_reg);
	}
	mem_access(env, idx, in->dst_reg, in->off, size, true, &val, &out);
}

/* Helper memory arguments: @size bytes at reg must be readable. */
bool check_helper_mem(struct vrf_env *env, u32 idx, u32 regno,
		      const struct vrf_reg *reg, u64 size, bool write)
{
	struct vrf_frame *fr;
	s64 total, o;

	if (!size)
		return true;
	switch (reg->kind) {
	case VK_PKT:
		if (reg->v.smin < 0 || reg->off < 0 ||
		    reg->v.umax + reg->off + size > VRF_MAX_PKT_OFF ||
		    (u64)reg->off + size > reg->range) {
			vrf_err(env, idx,
				"invalid access to packet, off=%d size=%llu, "
				"R%u range=%u: check the pointer against "
				"data_end first",
				reg->off, (unsigned long long)size, regno,
				reg->range);
			return false;
		}
		return true;
	case VK_MAP_VALUE: {
		const struct xnic_map_def *m = &env->prog->maps[reg->map];

		if (reg->v.smin < 0 || reg->off < 0 ||
		    reg->v.umax + reg->off + size > m->value_size) {
			vrf_err(env, idx,
				"invalid access to map value, value_size=%u "
				"off=%d size=%llu",
				m->value_size, reg->off,
				(unsigned long long)size);
			return false;
		}
		return true;
	}
	case VK_STACK:
		if (size > VRF_STACK_MAX) {
			vrf_err(env, idx,
				"invalid indirect access to stack R%u size "
				"%llu",
				regno, (unsigned long long)size);
			return false;
		}
		fr = stack_frame(env, idx, regno, reg, 0, 1, write, &total);
		if (!fr)
			return false;
		if (total + (s64)size > 0) {
			vrf_err(env, idx,
				"invalid indirect access to stack R%u off=%lld "
				"size=%llu",
				regno, (long long)total,
				(unsigned long long)size);
			return false;
		}
		vrf_note_stack(env, reg->frame, total);
		for (o = total; o < total + (s64)size; o++) {
			struct vrf_slot *sl = slot_at(fr, o);

			if (sl->type[o & 7] == SB_INVALID) {
				vrf_err(env, idx,
					"invalid indirect read from stack R%u "
					"off %lld+%lld size %llu",
					regno, (long long)total,
					(long long)(o - total),
					(unsigned long long)size);
				return false;
			}
		}
		return true;
	}
	vrf_err(env, idx, "R%u type=%s expected=fp, pkt, map_value", regno,
		kind_name(reg->kind));
	return false;
}

void check_ld_abs(struct vrf_env *env, u32 idx, const struct bpf_insn *in)
{
	struct vrf_reg *regs = cur_regs(env);
	u32 i;

	if (env->prog->type != XNIC_PROG_TC) {
		vrf_err(env, idx,
			"BPF_LD_[ABS|IND] instructions not allowed for this "
			"program type");
		return;
	}
	if (regs[BPF_REG_6].kind != VK_CTX) {
		vrf_err(env, idx,
			"at the time of BPF_LD_ABS|IND R6 != pointer to skb");
		return;
	}
	if (BPF_MODE(in->code) == BPF_IND &&
	    regs[in->src_reg].kind != VK_SCALAR) {
		vrf_err(env, idx, "R%u %s", in->src_reg,
			regs[in->src_reg].kind == VK_NONE ? "!read_ok" :
							    "must be a scalar");
		return;
	}
	if (BPF_MODE(in->code) == BPF_IND)
		prec_reg(env, in->src_reg); /* the packet offset */
	for (i = BPF_REG_1; i <= BPF_REG_5; i++)
		reg_mark_not_init(&regs[i]);
	load_unknown(&regs[BPF_REG_0], xnic_bpf_size_bytes(in->code));
}
