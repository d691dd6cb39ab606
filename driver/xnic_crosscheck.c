// SPDX-License-Identifier: GPL-2.0-only
/*
 * insn_hook cross-check: the kernel verifier walks the program path by
 * path and calls insn_hook before each instruction with its register
 * state; verifier_ext has already analysed the same program and merged,
 * per instruction, what it proved over all of its paths.  The JIT trusts
 * verifier_ext, so every kernel path must be compatible with it, or the
 * JIT could compile something the kernel's proof does not cover.  A
 * disagreement rejects the program with both views in the verifier log.
 *
 * Compared, for the registers the instruction reads:
 *  - the kind (scalar, ctx, packet, stack, map value, ...);
 *  - scalars: the kernel's bounds on this path and our merged ones must
 *    have a value in common (u64, s64, u32, s32 ranges and known bits);
 *    a constant the JIT specialises on must lie in the kernel's range;
 * for memory accesses, the base pointer's offset range (and, for map
 * values, which map); for a branch we decided (the JIT drops its dead
 * side), the kernel's bounds must not decide it the other way.
 *
 * No opinion is taken where verifier_ext merged different kinds (MIXED),
 * found the instruction dead (its range tracking may be sharper than the
 * kernel's), or where the kernel's type has no counterpart in verifier_ext.
 * One refinement is accepted: verifier_ext knows that an ARRAY lookup with
 * an in-range constant key cannot fail (map value) where 6.1's verifier
 * still says "map value or null".  At a lookup we say cannot fail, the
 * kernel's map must be such an array and its view of the key's stack
 * bytes, where it has one, in range; where the kernel's null-or-value
 * meets our value, its map must be an array with a lookup we proved.
 *
 * A kernel path through a branch edge we proved is never taken
 * (XNIC_META_BRANCH_NEVER/ALWAYS; the kernel explores the null branch of
 * a refined lookup) describes no real execution: a disagreement there is
 * logged as "no verdict" instead of rejecting.  The pure comparisons live in
 * verifier_ext/crosscheck_compare.c (host unit tests).
 */
#include <linux/bpf_verifier.h>
#include <linux/module.h>

#include "xnic.h"
#include "xnic/crosscheck.h"
#include "xnic/verifier.h"

/*
 * TEST ONLY: corrupt our facts about one instruction before comparing,
 * to prove in a guest that the check fires (scenario 55).
 */
static int xnic_xc_corrupt_insn = -1;
module_param_named(crosscheck_corrupt_insn, xnic_xc_corrupt_insn, int, 0644);
MODULE_PARM_DESC(crosscheck_corrupt_insn,
		 "TEST ONLY: before the insn_hook cross-check compares the "
		 "offload verifier's facts about this insn (-1: none) with "
		 "the kernel's, shift its scalars and memory offsets by 4096, "
		 "call pointer operands of non-memory insns scalars, name the "
		 "next map for a map value access and claim a map lookup "
		 "never fails; or flip a branch it decided");

#define XNIC_XC_SHIFT 4096

struct xnic_xc {
	struct bpf_verifier_env *env;
	const struct xnic_prog_meta *meta;
	struct xnic_bound_prog *bp;
	const struct xnic_insn_meta *m;
	u32 idx;
	char msg[224];
};

static void xnic_xc_shift(struct xnic_scalar *v)
{
	if (v->umin == v->umax) {
		xnic_xc_scalar_const(v, v->umin + XNIC_XC_SHIFT);
		return;
	}
	/* saturating: an unknown value stays a (narrower) range */
	v->umin = v->umin > U64_MAX - XNIC_XC_SHIFT ? U64_MAX :
						      v->umin + XNIC_XC_SHIFT;
	v->umax = v->umax > U64_MAX - XNIC_XC_SHIFT ? U64_MAX :
						      v->umax + XNIC_XC_SHIFT;
	v->smin = v->smin > S64_MAX - XNIC_XC_SHIFT ? S64_MAX :
						      v->smin + XNIC_XC_SHIFT;
	v->smax = v->smax > S64_MAX - XNIC_XC_SHIFT ? S64_MAX :
						      v->smax + XNIC_XC_SHIFT;
	v->u32_min = 0;
	v->u32_max = U32_MAX;
	v->s32_min = S32_MIN;
	v->s32_max = S32_MAX;
	v->tnum_value = 0;
	v->tnum_mask = U64_MAX;
}

static void xnic_xc_corrupt(struct xnic_insn_meta *m, u32 map_cnt)
{
	/* a decided branch: only the decision, so that its check fires */
	if (m->flags & (XNIC_META_BRANCH_NEVER | XNIC_META_BRANCH_ALWAYS)) {
		m->flags ^= XNIC_META_BRANCH_NEVER | XNIC_META_BRANCH_ALWAYS;
		return;
	}
	/* pointer operands of a non-memory insn (r2 += -4): kind flipped */
	if (m->ptr_kind == XNIC_PTR_NONE) {
		if (m->dst_reg_kind > XNIC_REG_SCALAR &&
		    m->dst_reg_kind < XNIC_REG_MIXED)
			m->dst_reg_kind = XNIC_REG_SCALAR;
		if (m->src_reg_kind > XNIC_REG_SCALAR &&
		    m->src_reg_kind < XNIC_REG_MIXED)
			m->src_reg_kind = XNIC_REG_SCALAR;
	}
	xnic_xc_shift(&m->dst);
	xnic_xc_shift(&m->src);
	m->off_min += XNIC_XC_SHIFT;
	m->off_max += XNIC_XC_SHIFT;
	if (m->ptr_kind == XNIC_PTR_MAP_VALUE && m->map_idx < map_cnt)
		m->map_idx = (m->map_idx + 1) % map_cnt;
	m->flags |= XNIC_META_LOOKUP_NONNULL;
	m->flags &= ~XNIC_META_LOOKUP_MAY_FAIL;
}

/* Longest path walked back; beyond it the path counts as feasible. */
#define XNIC_XC_MAX_WALK (1u << 20)

/*
 * Did the kernel's current path take an edge we proved is never taken?
 * Walked backwards from this insn the way the kernel's own precision
 * backtracking reads a path: within a state, the previous insn is the one
 * its jump history records for this insn, else the one before; at the
 * state's first insn the path goes on from its parent state's last insn.
 * The parents of the current state stay allocated until the verifier
 * ends (they still have a branch to explore: ours).
 */
static bool xnic_xc_path_pruned(struct xnic_xc *xc, u32 *from, u32 *to)
{
	const struct bpf_verifier_state *st = xc->env->cur_state;
	const struct bpf_insn *insns = xc->bp->xp.insns;
	u32 n = xc->bp->xp.insn_cnt, steps, cnt;
	int i = xc->idx, prev;

	cnt = st->jmp_history_cnt;
	for (steps = 0; steps < XNIC_XC_MAX_WALK; steps++) {
		if (i == (int)st->first_insn_idx &&
		    (!cnt || (cnt == 1 && st->jmp_history[0].idx == i))) {
			st = st->parent;
			if (!st || (int)st->last_insn_idx < 0)
				return false; /* the program's first insn */
			prev = st->last_insn_idx;
			cnt = st->jmp_history_cnt;
		} else if (cnt && st->jmp_history[cnt - 1].idx == i) {
			prev = st->jmp_history[--cnt].prev_idx;
		} else {
			prev = i - 1;
		}
		if (prev < 0 || prev >= (int)n)
			return false;
		if (xnic_xc_edge_pruned(xc->meta, insns, n, prev, i)) {
			*from = prev;
			*to = i;
			return true;
		}
		i = prev;
	}
	return false;
}

/*
 * A disagreement rejects the program, unless the kernel's path is one we
 * proved cannot happen: then its state is no evidence either way (it is
 * logged, so that a test can tell the two apart).
 */
static int xnic_xc_fail(struct xnic_xc *xc)
{
	u32 from, to;

	if (xnic_xc_path_pruned(xc, &from, &to)) {
		bpf_verifier_log_write(
			xc->env,
			"xnic: no verdict: %s, on a path through "
			"insn %u -> %u, which the offload "
			"verifier proved is never taken\n",
			xc->msg, from, to);
		return 0;
	}
	bpf_verifier_log_write(xc->env, "xnic: %s\n", xc->msg);
	return -EINVAL;
}

/* The kernel's register type as verifier_ext names it; -1: no match. */
static int xnic_kernel_kind(const struct bpf_reg_state *r)
{
	switch (base_type(r->type)) {
	case NOT_INIT:
		return XNIC_REG_NOT_INIT;
	case SCALAR_VALUE:
		return XNIC_REG_SCALAR;
	case PTR_TO_CTX:
		return XNIC_REG_CTX;
	case PTR_TO_PACKET:
		return XNIC_REG_PACKET;
	case PTR_TO_PACKET_END:
		return XNIC_REG_PACKET_END;
	case PTR_TO_STACK:
		return XNIC_REG_STACK;
	case PTR_TO_MAP_VALUE:
		return r->type & PTR_MAYBE_NULL ? XNIC_REG_MAP_VALUE_OR_NULL :
						  XNIC_REG_MAP_VALUE;
	case CONST_PTR_TO_MAP:
		return XNIC_REG_MAP_PTR;
	default:
		return -1;
	}
}

/* Scalar bounds (or a pointer's variable offset) in the core's terms. */
static void xnic_xc_bounds(const struct bpf_reg_state *r, struct xnic_scalar *v)
{
	v->umin = r->umin_value;
	v->umax = r->umax_value;
	v->smin = r->smin_value;
	v->smax = r->smax_value;
	v->u32_min = r->u32_min_value;
	v->u32_max = r->u32_max_value;
	v->s32_min = r->s32_min_value;
	v->s32_max = r->s32_max_value;
	v->tnum_value = r->var_off.value;
	v->tnum_mask = r->var_off.mask;
}

static const char *xnic_xc_map_name(const struct bpf_map *map)
{
	return map->name[0] ? map->name : "(unnamed)";
}

/*
 * Where the kernel still says "map value or null" and we know the value:
 * only an array lookup verifier_ext proved cannot fail (on some path) can
 * have been refined, and the kernel's map must be an array.  The lookup
 * itself was compared with the kernel's view of its map and key by
 * xnic_xc_call().
 */
static int xnic_xc_refined(struct xnic_xc *xc, u8 regno,
			   const struct bpf_reg_state *r)
{
	const struct xnic_prog_meta *meta = xc->meta;
	struct xnic_bound_prog *bp = xc->bp;
	const char *why = "is not an array";
	u32 i, map = bp->xp.map_cnt;

	if (r->map_ptr && r->map_ptr->map_type == BPF_MAP_TYPE_ARRAY) {
		for (i = 0; i < bp->xp.map_cnt; i++)
			if (bp->maps[i] == r->map_ptr)
				map = i;
		why = "has no lookup the offload verifier proved never fails";
		for (i = 0; map < bp->xp.map_cnt && i < meta->insn_cnt; i++)
			if ((meta->insn[i].flags & XNIC_META_LOOKUP_NONNULL) &&
			    meta->insn[i].map_idx == map)
				return 0;
	}
	snprintf(xc->msg, sizeof(xc->msg),
		 "insn %u: R%u is map value or null for the kernel verifier "
		 "but map value for the offload verifier, and map '%s' %s",
		 xc->idx, regno,
		 r->map_ptr ? xnic_xc_map_name(r->map_ptr) : "?", why);
	return xnic_xc_fail(xc);
}

static noinline_for_stack int xnic_xc_reg(struct xnic_xc *xc, int which,
					  u8 regno)
{
	const struct xnic_insn_meta *m = xc->m;
	const struct bpf_reg_state *r;
	struct xnic_scalar kern;
	int ours = which ? m->src_reg_kind : m->dst_reg_kind;
	int ret;

	if (regno >= MAX_BPF_REG)
		return 0;
	r = &cur_regs(xc->env)[regno];
	ret = xnic_xc_check_kind(xc->idx, regno, xnic_kernel_kind(r), ours,
				 xc->msg, sizeof(xc->msg));
	if (ret < 0)
		return xnic_xc_fail(xc);
	if (ret == XNIC_XC_REFINED)
		return xnic_xc_refined(xc, regno, r);
	if (ours != XNIC_REG_SCALAR || r->type != SCALAR_VALUE)
		return 0;
	xnic_xc_bounds(r, &kern);
	if (xnic_xc_check_scalar(xc->idx, regno, &kern,
				 which ? &m->src : &m->dst, xc->msg,
				 sizeof(xc->msg)))
		return xnic_xc_fail(xc);
	return 0;
}

static bool xnic_xc_same_ptr(u8 ptr_kind, const struct bpf_reg_state *r)
{
	switch (ptr_kind) {
	case XNIC_PTR_CTX:
		return r->type == PTR_TO_CTX;
	case XNIC_PTR_PACKET:
		return r->type == PTR_TO_PACKET;
	case XNIC_PTR_STACK:
		return r->type == PTR_TO_STACK;
	case XNIC_PTR_MAP_VALUE:
		return r->type == PTR_TO_MAP_VALUE;
	default:
		return false;
	}
}

/* The map our index names is the kernel's map: else the JIT's is wrong. */
static int xnic_xc_map(struct xnic_xc *xc, u8 regno, const struct bpf_map *kmap)
{
	struct xnic_bound_prog *bp = xc->bp;
	u32 i = xc->m->map_idx;

	if (i < bp->xp.map_cnt && bp->maps[i] == kmap)
		return 0;
	xnic_xc_map_mismatch(xc->idx, regno,
			     kmap ? xnic_xc_map_name(kmap) : "?", i,
			     i < bp->xp.map_cnt ? bp->map_defs[i].name : "?",
			     xc->msg, sizeof(xc->msg));
	return xnic_xc_fail(xc);
}

/*
 * A memory access: same object (the kind check covered the base
 * register's kind where we have one), and offset ranges that meet.
 * Kinds the kernel names differently are left to the kind check.
 */
static noinline_for_stack int xnic_xc_mem(struct xnic_xc *xc,
					  const struct bpf_insn *insn, u8 regno)
{
	const struct xnic_insn_meta *m = xc->m;
	const struct bpf_reg_state *r;
	struct xnic_scalar var;
	s64 lo, hi;

	if (m->ptr_kind == XNIC_PTR_NONE || regno >= MAX_BPF_REG)
		return 0;
	r = &cur_regs(xc->env)[regno];
	if (!xnic_xc_same_ptr(m->ptr_kind, r))
		return 0;
	if (m->ptr_kind == XNIC_PTR_MAP_VALUE && m->map_idx != 0xffff &&
	    xnic_xc_map(xc, regno, r->map_ptr))
		return -EINVAL;
	xnic_xc_bounds(r, &var);
	xnic_xc_ptr_range(&var, (s64)r->off + insn->off, &lo, &hi);
	if (xnic_xc_check_offset(xc->idx, regno, m->ptr_kind, lo, hi,
				 m->off_min, m->off_max, xc->msg,
				 sizeof(xc->msg)))
		return xnic_xc_fail(xc);
	return 0;
}

/*
 * The kernel's view of the 4-byte key R2 points to: all bytes known zero,
 * or bytes of a spilled constant.  Same reading as verifier_ext's, from
 * the kernel's own stack state.
 */
static bool xnic_xc_stack_key(struct bpf_verifier_env *env,
			      const struct bpf_reg_state *r, u32 *key)
{
	const struct bpf_func_state *fs;
	const struct bpf_stack_state *st = NULL;
	int i, spi = -1, zero = 0, spill = 0, base;
	s64 off;

	if (r->type != PTR_TO_STACK || !tnum_is_const(r->var_off) ||
	    r->frameno > env->cur_state->curframe)
		return false;
	fs = env->cur_state->frame[r->frameno];
	off = (s64)r->off + (s64)r->var_off.value;
	if (off > -4 || off < -MAX_BPF_STACK)
		return false;
	for (i = 0; i < 4; i++) {
		int slot = (int)(-(off + i) - 1);
		u8 t;

		if (slot / BPF_REG_SIZE >= fs->allocated_stack / BPF_REG_SIZE)
			return false;
		if (spi >= 0 && spi != slot / BPF_REG_SIZE)
			return false; /* straddles two slots: not read back */
		spi = slot / BPF_REG_SIZE;
		st = &fs->stack[spi];
		t = st->slot_type[slot % BPF_REG_SIZE];
		zero += t == STACK_ZERO;
		spill += t == STACK_SPILL;
	}
	if (zero == 4) {
		*key = 0;
		return true;
	}
	if (spill != 4 || st->spilled_ptr.type != SCALAR_VALUE ||
	    !tnum_is_const(st->spilled_ptr.var_off))
		return false;
	/* the slot's lowest address is -(spi + 1) * 8; little endian */
	base = (int)(off + (spi + 1) * BPF_REG_SIZE);
	*key = (u32)(st->spilled_ptr.var_off.value >> (8 * base));
	return true;
}

/*
 * A branch verifier_ext decided (the JIT drops its dead side): the
 * kernel's bounds must not decide it the other way.
 */
static noinline_for_stack int xnic_xc_branch(struct xnic_xc *xc,
					     const struct bpf_insn *insn)
{
	const struct bpf_reg_state *regs = cur_regs(xc->env);
	struct xnic_scalar d, s;
	u32 f = xc->m->flags;
	int claim, outcome;

	claim = f & XNIC_META_BRANCH_ALWAYS ? 1 :
		f & XNIC_META_BRANCH_NEVER  ? 0 :
					      -1;
	if (claim < 0 || insn->dst_reg >= MAX_BPF_REG ||
	    regs[insn->dst_reg].type != SCALAR_VALUE)
		return 0;
	xnic_xc_bounds(&regs[insn->dst_reg], &d);
	if (BPF_SRC(insn->code) == BPF_X) {
		if (insn->src_reg >= MAX_BPF_REG ||
		    regs[insn->src_reg].type != SCALAR_VALUE)
			return 0;
		xnic_xc_bounds(&regs[insn->src_reg], &s);
	} else {
		xnic_xc_scalar_const(&s, BPF_CLASS(insn->code) == BPF_JMP32 ?
						 (u64)(u32)insn->imm :
						 (u64)(s64)insn->imm);
	}
	outcome = xnic_xc_branch_outcome(insn->code, &d, &s);
	if (xnic_xc_check_branch(xc->idx, claim, outcome, xc->msg,
				 sizeof(xc->msg)))
		return xnic_xc_fail(xc);
	return 0;
}

/*
 * At a map lookup verifier_ext says cannot fail on any of its paths: the
 * kernel's map and key must not contradict it.  The map argument itself
 * is not compared: the JIT guards R1 against the map the metadata names
 * at run time (a call clang shares between two maps names one of them).
 */
static int xnic_xc_call(struct xnic_xc *xc, const struct bpf_insn *insn)
{
	const struct bpf_reg_state *regs = cur_regs(xc->env);
	const struct bpf_map *kmap;
	struct xnic_xc_lookup l = {0};

	if (insn->src_reg != 0) /* bpf-to-bpf or kfunc call */
		return 0;
	if ((xc->m->flags &
	     (XNIC_META_LOOKUP_NONNULL | XNIC_META_LOOKUP_MAY_FAIL)) !=
	    XNIC_META_LOOKUP_NONNULL)
		return 0;
	kmap = regs[BPF_REG_1].type == CONST_PTR_TO_MAP ?
		       regs[BPF_REG_1].map_ptr :
		       NULL;
	if (kmap) {
		l.map_name = xnic_xc_map_name(kmap);
		l.map_type = kmap->map_type;
		l.key_size = kmap->key_size;
		l.max_entries = kmap->max_entries;
	} else {
		l.map_name = "?";
		l.map_type = BPF_MAP_TYPE_UNSPEC;
	}
	l.key_known = xnic_xc_stack_key(xc->env, &regs[BPF_REG_2], &l.key);
	if (xnic_xc_check_lookup(xc->idx, &l, xc->msg, sizeof(xc->msg)))
		return xnic_xc_fail(xc);
	return 0;
}

/*
 * Only registers the instruction reads are compared: the kind a register
 * had before it is overwritten is irrelevant to the code, and the two
 * verifiers legitimately differ there (the kernel turns the null branch
 * of a map lookup into a scalar, clobbers R1-R5 at calls, ...).
 */
static int xnic_xc_insn(struct xnic_xc *xc, const struct bpf_insn *insn)
{
	u8 cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
	bool dst_read, src_read;
	int err;

	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		dst_read = op != BPF_MOV;
		src_read = BPF_SRC(insn->code) == BPF_X && op != BPF_END &&
			   op != BPF_NEG;
		break;
	case BPF_JMP:
	case BPF_JMP32:
		if (op == BPF_CALL)
			return xnic_xc_call(xc, insn);
		if (op == BPF_EXIT || op == BPF_JA)
			return 0;
		dst_read = true;
		src_read = BPF_SRC(insn->code) == BPF_X;
		break;
	case BPF_LDX:
		dst_read = false;
		src_read = true;
		break;
	case BPF_STX:
		dst_read = true;
		src_read = true;
		break;
	case BPF_ST:
		dst_read = true;
		src_read = false;
		break;
	default: /* BPF_LD: ld_imm64 writes dst only */
		return 0;
	}
	if (dst_read) {
		err = xnic_xc_reg(xc, 0, insn->dst_reg);
		if (err)
			return err;
	}
	if (src_read) {
		err = xnic_xc_reg(xc, 1, insn->src_reg);
		if (err)
			return err;
	}
	if (cls == BPF_JMP || cls == BPF_JMP32)
		return xnic_xc_branch(xc, insn);
	if (cls == BPF_LDX)
		return xnic_xc_mem(xc, insn, insn->src_reg);
	if (cls == BPF_ST || cls == BPF_STX)
		return xnic_xc_mem(xc, insn, insn->dst_reg);
	return 0;
}

int xnic_crosscheck_insn(struct bpf_verifier_env *env,
			 const struct xnic_prog_meta *meta,
			 const struct bpf_insn *insn, u32 idx)
{
	struct xnic_insn_meta *corrupt;
	struct xnic_xc xc;
	int err;

	if (!meta || !meta->insn || idx >= meta->insn_cnt ||
	    !(meta->insn[idx].flags & XNIC_META_SEEN))
		return 0;
	/* a path the CPU may only speculate down: not the program's */
	if (env->cur_state->speculative)
		return 0;
	xc.env = env;
	xc.meta = meta;
	xc.bp = xnic_bound_prog(env->prog);
	xc.idx = idx;
	xc.m = &meta->insn[idx];
	if ((int)idx != READ_ONCE(xnic_xc_corrupt_insn))
		return xnic_xc_insn(&xc, insn);
	/* test only: a corrupted copy, off the stack */
	corrupt = kmemdup(xc.m, sizeof(*corrupt), GFP_KERNEL);
	if (!corrupt)
		return -ENOMEM;
	xnic_xc_corrupt(corrupt, xc.bp->xp.map_cnt);
	xc.m = corrupt;
	err = xnic_xc_insn(&xc, insn);
	kfree(corrupt);
	return err;
}
