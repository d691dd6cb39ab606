// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ALU instructions: scalar arithmetic on the abstract values, and the
 * pointer arithmetic rules (which pointers may move, by what, and what a
 * pointer becomes when an operation makes it meaningless).
 */
#include "internal.h"

#define MAX_VAR_OFF (1LL << 29)

static const char *alu_str(u8 op)
{
	static const char *const s[] = {
		"+=",  "-=",  "*=", "/=", "|=", "&=",	"<<=",
		">>=", "neg", "%=", "^=", "=",	"s>>=", "endian",
	};

	return (op >> 4) < ARRAY_SIZE(s) ? s[op >> 4] : "?";
}

/* dst (a pointer) op= scalar; ptr is the pointer operand, sc the scalar. */
static void ptr_alu(struct vrf_env *env, u32 idx, const struct bpf_insn *in,
		    struct vrf_reg *dst, const struct vrf_reg *ptr,
		    const struct vrf_reg *sc)
{
	u8 op = BPF_OP(in->code);
	struct vrf_reg res = *ptr;
	s64 c;

	if (BPF_CLASS(in->code) != BPF_ALU64) {
		if (op == BPF_SUB) {
			reg_mark_unknown(dst);
			return;
		}
		vrf_err(env, idx, "R%u 32-bit pointer arithmetic prohibited",
			in->dst_reg);
		return;
	}
	if (op == BPF_AND || op == BPF_OR || op == BPF_XOR) {
		vrf_err(env, idx,
			"R%u bitwise operator %s on pointer prohibited",
			in->dst_reg, alu_str(op));
		return;
	}
	if (op != BPF_ADD && op != BPF_SUB) {
		vrf_err(env, idx,
			"R%u pointer arithmetic with %s operator prohibited",
			in->dst_reg, alu_str(op));
		return;
	}
	if (op == BPF_SUB && ptr != dst) {
		vrf_err(env, idx, "R%u tried to subtract pointer from scalar",
			in->dst_reg);
		return;
	}
	switch (ptr->kind) {
	case VK_MAP_OR_NULL:
		vrf_err(env, idx,
			"R%u pointer arithmetic on map_value_or_null "
			"prohibited, null-check it first",
			in->dst_reg);
		return;
	case VK_MAP_PTR:
	case VK_PKT_END:
		vrf_err(env, idx, "R%u pointer arithmetic on %s prohibited",
			in->dst_reg, kind_name(ptr->kind));
		return;
	}
	if (sc_is_const(&sc->v)) {
		c = (s64)sc->v.umin;
		if (op == BPF_SUB)
			c = -c;
		if (c >= MAX_VAR_OFF || c <= -MAX_VAR_OFF ||
		    res.off + c >= MAX_VAR_OFF || res.off + c <= -MAX_VAR_OFF) {
			vrf_err(env, idx,
				"value %lld makes %s pointer be out of bounds",
				(long long)c, kind_name(ptr->kind));
			return;
		}
		res.off += (s32)c;
		*dst = res;
		return;
	}
	/* As the kernel: the offset's minimum must be sane; the maximum is
	 * checked when the pointer is used.
	 */
	if (sc->v.smin == S64_MIN) {
		vrf_err(env, idx,
			"math between %s pointer and register with unbounded "
			"min value is not allowed",
			kind_name(ptr->kind));
		return;
	}
	if (sc->v.smin >= MAX_VAR_OFF || sc->v.smin <= -MAX_VAR_OFF) {
		vrf_err(env, idx,
			"value %lld makes %s pointer be out of bounds",
			(long long)sc->v.smin, kind_name(ptr->kind));
		return;
	}
	sc_alu(&res.v, &sc->v, op, true, 0);
	if (ptr->kind == VK_PKT) {
		/* a new variable part: nothing is known about its range yet */
		res.id = vrf_new_id(env);
		res.range = 0;
	}
	*dst = res;
}

static struct vrf_reg *regs_of(struct vrf_env *env)
{
	return cur_regs(env);
}

static void do_mov(struct vrf_env *env, u32 idx, const struct bpf_insn *in,
		   struct vrf_reg *dst, const struct vrf_reg *src)
{
	bool is64 = BPF_CLASS(in->code) == BPF_ALU64;
	struct vrf_reg tmp;

	if (BPF_SRC(in->code) == BPF_K) {
		reg_mark_const(dst, is64 ? (u64)(s64)in->imm : (u32)in->imm);
		return;
	}
	tmp = *src;
	if (in->off) {
		if (tmp.kind != VK_SCALAR) {
			vrf_err(env, idx, "R%u sign-extension part of pointer",
				in->src_reg);
			return;
		}
		sc_movsx(&tmp.v, &src->v, (u32)in->off, is64);
		tmp.id = 0;
		*dst = tmp;
		return;
	}
	if (is64) {
		/* copies of an unknown scalar share an id so that a bound
		 * learnt on one of them applies to all
		 */
		if (tmp.kind == VK_SCALAR && !sc_is_const(&tmp.v)) {
			if (!tmp.id)
				tmp.id = vrf_new_id(env);
			regs_of(env)[in->src_reg].id = tmp.id;
		}
		*dst = tmp;
		return;
	}
	if (tmp.kind != VK_SCALAR) {
		reg_mark_unknown(dst); /* partial copy of a pointer */
		sc_zext32(&dst->v);
		return;
	}
	tmp.id = 0;
	sc_zext32(&tmp.v);
	*dst = tmp;
}

void check_alu(struct vrf_env *env, u32 idx, const struct bpf_insn *in)
{
	struct vrf_reg *regs = cur_regs(env);
	struct vrf_reg *dst = &regs[in->dst_reg], srcv;
	const struct vrf_reg *src = &srcv;
	bool is64 = BPF_CLASS(in->code) == BPF_ALU64;
	u8 op = BPF_OP(in->code);

	if (in->dst_reg == BPF_REG_10) {
		vrf_err(env, idx, "frame pointer is read only");
		return;
	}
	if (BPF_SRC(in->code) == BPF_X && op != BPF_END && op != BPF_NEG) {
		if (regs[in->src_reg].kind == VK_NONE) {
			vrf_err(env, idx, "R%u !read_ok", in->src_reg);
			return;
		}
		srcv = regs[in->src_reg];
	} else {
		reg_mark_const(&srcv, is64 ? (u64)(s64)in->imm : (u32)in->imm);
	}
	if (op == BPF_MOV) {
		do_mov(env, idx, in, dst, src);
		return;
	}
	if (dst->kind == VK_NONE) {
		vrf_err(env, idx, "R%u !read_ok", in->dst_reg);
		return;
	}
	if (op == BPF_END || op == BPF_NEG) {
		if (dst->kind != VK_SCALAR) {
			reg_mark_unknown(dst);
			return;
		}
		if (op == BPF_END)
			sc_end(&dst->v, BPF_SRC(in->code), is64, (u32)in->imm);
		else
			sc_alu(&dst->v, &dst->v, BPF_NEG, is64, 0);
		dst->id = 0;
		return;
	}
	if (BPF_SRC(in->code) == BPF_K) {
		if ((op == BPF_DIV || op == BPF_MOD) && !in->imm) {
			vrf_err(env, idx, "division by zero");
			return;
		}
		if ((op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) &&
		    (u32)in->imm >= (is64 ? 64u : 32u)) {
			vrf_err(env, idx, "invalid shift %d", in->imm);
			return;
		}
	}
	if (dst->kind != VK_SCALAR && src->kind != VK_SCALAR) {
		if (op == BPF_SUB) {
			reg_mark_unknown(dst);
			return;
		}
		vrf_err(env, idx, "R%u pointer %s pointer prohibited",
			in->dst_reg, alu_str(op));
		return;
	}
	if (dst->kind != VK_SCALAR) {
		/* the scalar moves a pointer: its value matters */
		if (BPF_SRC(in->code) == BPF_X)
			prec_reg(env, in->src_reg);
		ptr_alu(env, idx, in, dst, dst, src);
		return;
	}
	if (src->kind != VK_SCALAR) {
		prec_reg(env, in->dst_reg);
		srcv = regs[in->src_reg];
		if (op == BPF_ADD && is64) {
			struct vrf_reg sc = *dst;

			ptr_alu(env, idx, in, dst, &srcv, &sc);
			return;
		}
		if (op == BPF_SUB && is64) {
			vrf_err(env, idx,
				"R%u tried to subtract pointer from scalar",
				in->dst_reg);
			return;
		}
		ptr_alu(env, idx, in, dst, &srcv, dst);
		return;
	}
	sc_alu(&dst->v, &src->v, op, is64, in->off);
	dst->id = 0;
}
