// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Calls and returns: helper prototypes (argument kinds, return kinds, the
 * helpers that move the packet), bpf-to-bpf call frames, and exit checks.
 */
#include "internal.h"

enum arg_kind {
	A_NONE = 0,
	A_MAP,
	A_KEY,
	A_VALUE,
	A_ANY,
	A_CTX,
	A_MEM,
	A_MEM_OR_NULL,
	A_SIZE,
};

/* Like the kernel, a helper's integer result is a full 64-bit unknown. */
enum ret_kind { R_SCALAR, R_MAP_OR_NULL };

struct helper_proto {
	u32 id;
	const char *name;
	u8 args[5];
	u8 ret;
	bool xdp_only;
	bool pkt_change;
};

static const struct helper_proto protos[] = {
	{BPF_FUNC_map_lookup_elem,
	 "bpf_map_lookup_elem",
	 {A_MAP, A_KEY},
	 R_MAP_OR_NULL,
	 false,
	 false},
	{BPF_FUNC_map_update_elem,
	 "bpf_map_update_elem",
	 {A_MAP, A_KEY, A_VALUE, A_ANY},
	 R_SCALAR,
	 false,
	 false},
	{BPF_FUNC_map_delete_elem,
	 "bpf_map_delete_elem",
	 {A_MAP, A_KEY},
	 R_SCALAR,
	 false,
	 false},
	{BPF_FUNC_ktime_get_ns,
	 "bpf_ktime_get_ns",
	 {0},
	 R_SCALAR,
	 false,
	 false},
	{BPF_FUNC_get_prandom_u32,
	 "bpf_get_prandom_u32",
	 {0},
	 R_SCALAR,
	 false,
	 false},
	{BPF_FUNC_perf_event_output,
	 "bpf_perf_event_output",
	 {A_CTX, A_MAP, A_ANY, A_MEM, A_SIZE},
	 R_SCALAR,
	 false,
	 false},
	{BPF_FUNC_csum_diff,
	 "bpf_csum_diff",
	 {A_MEM_OR_NULL, A_SIZE, A_MEM_OR_NULL, A_SIZE, A_ANY},
	 R_SCALAR,
	 false,
	 false},
	{BPF_FUNC_xdp_adjust_head,
	 "bpf_xdp_adjust_head",
	 {A_CTX, A_ANY},
	 R_SCALAR,
	 true,
	 true},
	{BPF_FUNC_xdp_adjust_tail,
	 "bpf_xdp_adjust_tail",
	 {A_CTX, A_ANY},
	 R_SCALAR,
	 true,
	 true},
};

static const struct helper_proto *find_proto(u32 id)
{
	u32 i;

	for (i = 0; i < ARRAY_SIZE(protos); i++)
		if (protos[i].id == id)
			return &protos[i];
	return NULL;
}

/* Names of common helpers the device lacks, for clearer messages. */
static const struct {
	u32 id;
	const char *name;
} other_names[] = {
	{BPF_FUNC_probe_read, "bpf_probe_read"},
	{BPF_FUNC_trace_printk, "bpf_trace_printk"},
	{BPF_FUNC_get_smp_processor_id, "bpf_get_smp_processor_id"},
	{BPF_FUNC_skb_store_bytes, "bpf_skb_store_bytes"},
	{BPF_FUNC_l3_csum_replace, "bpf_l3_csum_replace"},
	{BPF_FUNC_l4_csum_replace, "bpf_l4_csum_replace"},
	{BPF_FUNC_tail_call, "bpf_tail_call"},
	{BPF_FUNC_redirect, "bpf_redirect"},
	{BPF_FUNC_skb_load_bytes, "bpf_skb_load_bytes"},
	{BPF_FUNC_redirect_map, "bpf_redirect_map"},
	{BPF_FUNC_xdp_adjust_meta, "bpf_xdp_adjust_meta"},
	{BPF_FUNC_fib_lookup, "bpf_fib_lookup"},
	{BPF_FUNC_ringbuf_output, "bpf_ringbuf_output"},
	{BPF_FUNC_loop, "bpf_loop"},
};

const char *helper_name(u32 id)
{
	const struct helper_proto *p = find_proto(id);
	u32 i;

	if (p)
		return p->name;
	for (i = 0; i < ARRAY_SIZE(other_names); i++)
		if (other_names[i].id == id)
			return other_names[i].name;
	return "helper";
}

static bool check_size_arg(struct vrf_env *env, u32 idx, u32 regno,
			   const struct vrf_reg *r)
{
	if (r->kind == VK_SCALAR)
		prec_reg(env, regno); /* bounds the helper's access */
	if (r->kind != VK_SCALAR) {
		vrf_err(env, idx, "R%u type=%s expected=scalar", regno,
			kind_name(r->kind));
		return false;
	}
	if (r->v.smin < 0) {
		vrf_err(env, idx,
			"R%u min value is negative, either use unsigned or "
			"'var &= const'",
			regno);
		return false;
	}
	if (r->v.umax >= (1ULL << 29)) {
		vrf_err(env, idx,
			"R%u unbounded memory access, use 'var &= const' or "
			"'if (var < const)'",
			regno);
		return false;
	}
	return true;
}

static bool check_arg(struct vrf_env *env, u32 idx,
		      const struct helper_proto *p, u32 i)
{
	struct vrf_reg *regs = cur_regs(env);
	const struct vrf_reg *r = &regs[i + 1];
	const struct xnic_map_def *m = NULL;
	u32 regno = i + 1, k;

	if (p->args[i] == A_NONE)
		return true;
	if (r->kind == VK_NONE) {
		vrf_err(env, idx, "R%u !read_ok", regno);
		return false;
	}
	for (k = 0; k < 5; k++)
		if (p->args[k] == A_MAP && regs[k + 1].kind == VK_MAP_PTR)
			m = &env->prog->maps[regs[k + 1].map];
	switch (p->args[i]) {
	case A_MAP:
		if (r->kind != VK_MAP_PTR) {
			vrf_err(env, idx, "R%u type=%s expected=map_ptr", regno,
				kind_name(r->kind));
			return false;
		}
		m = &env->prog->maps[r->map];
		if ((p->id == BPF_FUNC_perf_event_output) !=
		    (m->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY)) {
			vrf_err(env, idx,
				"cannot pass map_type %u into func %s#%u",
				m->type, p->name, p->id);
			return false;
		}
		return true;
	case A_KEY:
	case A_VALUE:
		if (r->kind != VK_STACK && r->kind != VK_PKT &&
		    r->kind != VK_MAP_VALUE) {
			vrf_err(env, idx,
				"R%u type=%s expected=fp, pkt, map_value",
				regno, kind_name(r->kind));
			return false;
		}
		return check_helper_mem(env, idx, regno, r,
					p->args[i] == A_KEY ? m->key_size :
							      m->value_size,
					false);
	case A_CTX:
		if (r->kind != VK_CTX || r->off) {
			vrf_err(env, idx, "R%u type=%s expected=ctx", regno,
				kind_name(r->kind));
			return false;
		}
		return true;
	case A_MEM_OR_NULL:
		if (r->kind == VK_SCALAR)
			prec_reg(env, regno); /* NULL or not decides */
		if (r->kind == VK_SCALAR && sc_is_const(&r->v) && !r->v.umin)
			return check_size_arg(env, idx, regno + 1,
					      &regs[regno + 1]);
		fallthrough;
	case A_MEM:
		if (!check_size_arg(env, idx, regno + 1, &regs[regno + 1]))
			return false;
		if (r->kind != VK_STACK && r->kind != VK_PKT &&
		    r->kind != VK_MAP_VALUE) {
			vrf_err(env, idx,
				"R%u type=%s expected=fp, pkt, map_value",
				regno, kind_name(r->kind));
			return false;
		}
		return check_helper_mem(env, idx, regno, r,
					regs[regno + 1].v.umax, false);
	}
	return true; /* A_ANY, A_SIZE (checked with its buffer) */
}

/*
 * An array lookup with a constant in-range key cannot fail, so its result
 * needs no null check (as the kernel knows since 6.13).  Only keys we can
 * read back the way the kernel does count: all-zero key bytes or a spilled
 * 8-byte constant.
 */
static bool array_key_in_range(struct vrf_env *env, const struct vrf_reg *key,
			       const struct xnic_map_def *m)
{
	const struct vrf_frame *fr;
	const struct vrf_slot *sl;
	s64 off;
	u32 i;

	if (m->type != BPF_MAP_TYPE_ARRAY || key->kind != VK_STACK ||
	    !sc_is_const(&key->v) || m->key_size != 4)
		return false;
	off = (s64)key->off + (s64)key->v.umin;
	/* the key's value decides the result's kind */
	prec_slot(env, key->frame, off);
	fr = env->cur->frames[key->frame];
	if (off > -4 || off % 4 || (u64)(-off + 7) / 8 > fr->nslots)
		return false;
	sl = &fr->slots[(-off - 1) / 8];
	if (sl->type[0] == SB_SPILL)
		return sl->spill.kind == VK_SCALAR &&
		       sc_is_const(&sl->spill.v) &&
		       (u32)(sl->spill.v.umin >> (8 * (off & 7))) <
			       m->max_entries;
	/* like the kernel, only an all-zero key counts for narrow stores */
	for (i = 0; i < 4; i++)
		if (sl->type[(off + i) & 7] != SB_ZERO)
			return false;
	return m->max_entries > 0;
}

/* After a helper that may move the packet, no packet pointer is valid. */
static void clear_pkt_pointers(struct vrf_env *env)
{
	struct vrf_state *st = env->cur;
	u32 f, i;

	for (f = 0; f <= st->curframe; f++) {
		struct vrf_frame *fr = st->frames[f];

		for (i = 0; i < VRF_NREGS; i++)
			if (fr->regs[i].kind == VK_PKT ||
			    fr->regs[i].kind == VK_PKT_END)
				reg_mark_unknown(&fr->regs[i]);
		for (i = 0; i < fr->nslots; i++)
			if (fr->slots[i].type[0] == SB_SPILL &&
			    (fr->slots[i].spill.kind == VK_PKT ||
			     fr->slots[i].spill.kind == VK_PKT_END))
				reg_mark_unknown(&fr->slots[i].spill);
	}
}

void check_helper_call(struct vrf_env *env, u32 idx,
		       const struct bpf_insn *insn)
{
	const struct helper_proto *p = find_proto((u32)insn->imm);
	struct vrf_reg *regs = cur_regs(env);
	struct vrf_reg *r0 = &regs[BPF_REG_0];
	u16 map = regs[BPF_REG_1].map;
	bool never_null = false;
	u32 i;

	if (!p) {
		vrf_err(env, idx, "invalid func %s#%d",
			helper_name((u32)insn->imm), insn->imm);
		return;
	}
	if (p->xdp_only && env->prog->type != XNIC_PROG_XDP) {
		vrf_err(env, idx,
			"helper %s#%u is not available to TC programs", p->name,
			p->id);
		return;
	}
	for (i = 0; i < 5; i++)
		if (!check_arg(env, idx, p, i))
			return;
	vrf_meta_helper(env, idx);
	if (p->ret == R_MAP_OR_NULL)
		never_null = array_key_in_range(env, &regs[BPF_REG_2],
						&env->prog->maps[map]);
	if (p->ret == R_MAP_OR_NULL) /* for the driver's cross-check */
		env->meta->insn[idx].flags |= never_null ?
						      XNIC_META_LOOKUP_NONNULL :
						      XNIC_META_LOOKUP_MAY_FAIL;
	for (i = BPF_REG_1; i <= BPF_REG_5; i++)
		reg_mark_not_init(&regs[i]);
	switch (p->ret) {
	case R_MAP_OR_NULL:
		xnic_memset(r0, 0, sizeof(*r0));
		r0->kind = never_null ? VK_MAP_VALUE : VK_MAP_OR_NULL;
		r0->map = map;
		r0->id = never_null ? 0 : vrf_new_id(env);
		sc_const(&r0->v, 0);
		break;
	default:
		reg_mark_unknown(r0);
	}
	if (p->pkt_change)
		clear_pkt_pointers(env);
}

int check_pseudo_call(struct vrf_env *env, u32 idx, const struct bpf_insn *insn)
{
	struct vrf_state *st = env->cur;
	u32 target = (u32)((s64)idx + insn->imm + 1);
	struct vrf_frame *caller = st->frames[st->curframe], *fr;
	u32 i;

	if (st->curframe + 1 >= VRF_MAX_FRAMES) {
		vrf_err(env, idx, "the call stack of %u frames is too deep",
			st->curframe + 2);
		return -EINVAL;
	}
	fr = fr_new(env, idx, env->meta->insn[target].subprog);
	if (!fr)
		return -ENOMEM;
	for (i = BPF_REG_1; i <= BPF_REG_5; i++)
		fr->regs[i] = caller->regs[i];
	fr->regs[BPF_REG_10].kind = VK_STACK;
	fr->regs[BPF_REG_10].frame = (u8)(st->curframe + 1);
	sc_const(&fr->regs[BPF_REG_10].v, 0);
	st->curframe++;
	st->frames[st->curframe] = fr;
	st->insn = target;
	return 0;
}

static void drop_dangling(struct vrf_frame *fr, u32 depth)
{
	u32 i;

	for (i = 0; i < VRF_NREGS; i++)
		if (fr->regs[i].kind == VK_STACK && fr->regs[i].frame > depth)
			reg_mark_unknown(&fr->regs[i]);
	for (i = 0; i < fr->nslots; i++)
		if (fr->slots[i].type[0] == SB_SPILL &&
		    fr->slots[i].spill.kind == VK_STACK &&
		    fr->slots[i].spill.frame > depth)
			reg_mark_unknown(&fr->slots[i].spill);
}

int check_exit(struct vrf_env *env, u32 idx)
{
	struct vrf_state *st = env->cur;
	struct vrf_frame *callee = st->frames[st->curframe], *caller;
	struct vrf_reg *r0 = &callee->regs[BPF_REG_0];
	u32 i;

	if (r0->kind == VK_NONE) {
		vrf_err(env, idx, "R0 !read_ok");
		return 0;
	}
	if (!st->curframe) {
		if (r0->kind != VK_SCALAR)
			vrf_err(env, idx, "R0 leaks addr as return value");
		return 0;
	}
	if (r0->kind == VK_STACK && r0->frame == st->curframe) {
		vrf_err(env, idx,
			"cannot return stack pointer to the caller frame");
		return 0;
	}
	caller = st->frames[st->curframe - 1];
	caller->regs[BPF_REG_0] = *r0;
	for (i = BPF_REG_1; i <= BPF_REG_5; i++)
		reg_mark_not_init(&caller->regs[i]);
	st->insn = callee->callsite + 1;
	xnic_free(callee->slots);
	xnic_free(callee);
	st->frames[st->curframe] = NULL;
	st->curframe--;
	for (i = 0; i <= st->curframe; i++)
		drop_dangling(st->frames[i], st->curframe);
	return 1;
}
