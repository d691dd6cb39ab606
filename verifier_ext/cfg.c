// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Static passes before and after the abstract interpretation: opcode and
 * structure checks, subprogram discovery, jump targets, reachability,
 * pruning points, register liveness (which makes pruning effective), and
 * the device rules that do not depend on values (code size, maps,
 * helpers, combined stack).
 */
#include "internal.h"

bool insn_is_ldimm64(const struct bpf_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW);
}

static const char *cfg_bad_alu(const struct bpf_insn *in)
{
	u8 op = BPF_OP(in->code);
	bool x = BPF_SRC(in->code) == BPF_X;

	if (op > BPF_END)
		return "invalid ALU opcode";
	if (x && in->src_reg > BPF_REG_10)
		return "invalid src register";
	if (!x && in->src_reg)
		return "ALU uses reserved fields";
	switch (op) {
	case BPF_NEG:
		if (x || in->imm || in->off)
			return "BPF_NEG uses reserved fields";
		break;
	case BPF_END:
		if (in->imm != 16 && in->imm != 32 && in->imm != 64)
			return "BPF_END uses reserved fields";
		if (BPF_CLASS(in->code) == BPF_ALU64 && x)
			return "BPF_END uses reserved fields";
		break;
	case BPF_MOV:
		if (!x && in->off)
			return "BPF_MOV uses reserved fields";
		if (x && in->off != 0 && in->off != 8 && in->off != 16 &&
		    !(in->off == 32 && BPF_CLASS(in->code) == BPF_ALU64))
			return "BPF_MOV uses reserved fields";
		if (x && in->imm)
			return "BPF_MOV uses reserved fields";
		break;
	case BPF_DIV:
	case BPF_MOD:
		if (in->off != 0 && in->off != 1)
			return "BPF_DIV/MOD uses reserved fields";
		break;
	default:
		if (in->off)
			return "ALU uses reserved fields";
	}
	return NULL;
}

static const char *cfg_bad_mem(const struct bpf_insn *in)
{
	u8 cls = BPF_CLASS(in->code), mode = BPF_MODE(in->code);
	u8 sz = BPF_SIZE(in->code);

	if (in->src_reg > BPF_REG_10)
		return "invalid src register";
	if (cls == BPF_LDX) {
		if (mode != BPF_MEM && mode != BPF_MEMSX)
			return "invalid LDX mode";
		if (mode == BPF_MEMSX && sz == BPF_DW)
			return "invalid LDX size";
		if (in->imm)
			return "BPF_LDX uses reserved fields";
		return NULL;
	}
	if (cls == BPF_ST) {
		if (mode != BPF_MEM || in->src_reg)
			return "BPF_ST uses reserved fields";
		return NULL;
	}
	if (mode == BPF_ATOMIC) {
		switch (in->imm) {
		case BPF_ADD:
		case BPF_ADD | BPF_FETCH:
		case BPF_AND:
		case BPF_AND | BPF_FETCH:
		case BPF_OR:
		case BPF_OR | BPF_FETCH:
		case BPF_XOR:
		case BPF_XOR | BPF_FETCH:
		case BPF_XCHG:
		case BPF_CMPXCHG:
			break;
		default:
			return "BPF_ATOMIC uses invalid atomic opcode";
		}
		if (sz != BPF_W && sz != BPF_DW)
			return "invalid atomic operand size";
		return NULL;
	}
	if (mode != BPF_MEM || in->imm)
		return "BPF_STX uses reserved fields";
	return NULL;
}

static const char *cfg_bad_jmp(const struct bpf_insn *in)
{
	u8 op = BPF_OP(in->code), cls = BPF_CLASS(in->code);

	if (op == BPF_CALL) {
		if (cls == BPF_JMP32)
			return "invalid JMP32 opcode";
		if (in->src_reg == 2)
			return "kernel function calls are not supported";
		if (in->src_reg != 0 && in->src_reg != BPF_PSEUDO_CALL)
			return "BPF_CALL uses reserved fields";
		if (in->off || in->dst_reg)
			return "BPF_CALL uses reserved fields";
		return NULL;
	}
	if (op == BPF_EXIT) {
		if (cls == BPF_JMP32 || in->src_reg || in->dst_reg || in->imm ||
		    in->off)
			return "BPF_EXIT uses reserved fields";
		return NULL;
	}
	if (op == BPF_JA) {
		if (in->src_reg || in->dst_reg || (cls == BPF_JMP && in->imm) ||
		    (cls == BPF_JMP32 && in->off))
			return "BPF_JA uses reserved fields";
		return NULL;
	}
	if (op > BPF_JSLE)
		return "unsupported jump opcode";
	if (BPF_SRC(in->code) == BPF_X && in->src_reg > BPF_REG_10)
		return "invalid src register";
	if (BPF_SRC(in->code) == BPF_K && in->src_reg)
		return "BPF_JMP/JMP32 uses reserved fields";
	return NULL;
}

static const char *cfg_bad_insn(const struct bpf_insn *in)
{
	if (in->dst_reg > BPF_REG_10)
		return "invalid dst register";
	switch (BPF_CLASS(in->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		return cfg_bad_alu(in);
	case BPF_LDX:
	case BPF_ST:
	case BPF_STX:
		return cfg_bad_mem(in);
	case BPF_JMP:
	case BPF_JMP32:
		return cfg_bad_jmp(in);
	case BPF_LD:
		if (insn_is_ldimm64(in))
			return NULL;
		if ((BPF_MODE(in->code) == BPF_ABS ||
		     BPF_MODE(in->code) == BPF_IND) &&
		    BPF_SIZE(in->code) != BPF_DW) {
			if (in->dst_reg || in->off ||
			    (BPF_MODE(in->code) == BPF_ABS && in->src_reg))
				return "BPF_LD_[ABS|IND] uses reserved fields";
			return NULL;
		}
		return "invalid BPF_LD mode";
	}
	return "unknown opcode";
}

/* Absolute target of a jump or pseudo call, or -1 for other insns. */
static s64 jmp_target(const struct bpf_insn *in, u32 i)
{
	u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);

	if (cls != BPF_JMP && cls != BPF_JMP32)
		return -1;
	if (op == BPF_EXIT)
		return -1;
	if (op == BPF_CALL)
		return in->src_reg == BPF_PSEUDO_CALL ? (s64)i + in->imm + 1 :
							-1;
	if (op == BPF_JA && cls == BPF_JMP32)
		return (s64)i + in->imm + 1;
	return (s64)i + in->off + 1;
}

static bool has_target(const struct bpf_insn *in)
{
	u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);

	if (cls != BPF_JMP && cls != BPF_JMP32)
		return false;
	if (op == BPF_EXIT)
		return false;
	return op != BPF_CALL || in->src_reg == BPF_PSEUDO_CALL;
}

static int find_subprogs(struct vrf_env *env)
{
	struct xnic_prog_meta *meta = env->meta;
	u8 *start = env->err_at; /* scratch, cleared below */
	u32 i, n = 0, sp;
	s64 t;

	start[0] = 1;
	for (i = 0; i < env->insn_cnt; i++) {
		const struct bpf_insn *in = &env->insns[i];

		if (BPF_CLASS(in->code) != BPF_JMP ||
		    BPF_OP(in->code) != BPF_CALL ||
		    in->src_reg != BPF_PSEUDO_CALL)
			continue;
		t = jmp_target(in, i);
		if (t < 0 || t >= env->insn_cnt)
			continue; /* reported by the jump check */
		start[t] = 1;
	}
	for (i = 0; i < env->insn_cnt; i++)
		n += start[i];
	meta->subprogs = xnic_zalloc(sizeof(*meta->subprogs) * n);
	if (!meta->subprogs)
		return -ENOMEM;
	meta->subprog_cnt = n;
	sp = 0;
	for (i = 0; i < env->insn_cnt; i++) {
		if (start[i]) {
			if (sp)
				meta->subprogs[sp - 1].end = i;
			meta->subprogs[sp].start = i;
			env->meta->insn[i].flags |= XNIC_META_SUBPROG_START;
			sp++;
			start[i] = 0;
		}
		meta->insn[i].subprog = sp - 1;
	}
	meta->subprogs[sp - 1].end = env->insn_cnt;
	return 0;
}

static void cfg_err(struct vrf_env *env, u32 idx, const char *fmt, u32 a, u32 b)
{
	vrf_err(env, idx, fmt, a, b);
}

static void check_structure(struct vrf_env *env)
{
	struct xnic_insn_meta *mi = env->meta->insn;
	u32 i;
	s64 t;

	for (i = 0; i < env->insn_cnt; i++) {
		const struct bpf_insn *in = &env->insns[i];
		const char *why = cfg_bad_insn(in);

		mi[i].jmp_target = -1;
		if (why) {
			vrf_err(env, i, "%s (code 0x%02x)", why, in->code);
			continue;
		}
		if (insn_is_ldimm64(in)) {
			if (i + 1 >= env->insn_cnt || env->insns[i + 1].code ||
			    env->insns[i + 1].dst_reg ||
			    env->insns[i + 1].src_reg ||
			    env->insns[i + 1].off) {
				vrf_err(env, i, "invalid ld_imm64 insn");
				continue;
			}
			mi[i + 1].flags |= XNIC_META_LDIMM64_HI;
			mi[i + 1].subprog = mi[i].subprog;
			if (in->src_reg != 0 &&
			    in->src_reg != BPF_PSEUDO_MAP_FD &&
			    in->src_reg != BPF_PSEUDO_MAP_VALUE)
				vrf_err(env, i,
					"unsupported ld_imm64 pseudo source %u",
					in->src_reg);
			else if (in->src_reg &&
				 (u32)in->imm >= env->prog->map_cnt)
				vrf_err(env, i,
					"map index %u out of range (%u maps)",
					(u32)in->imm, env->prog->map_cnt);
			else if (in->src_reg == BPF_PSEUDO_MAP_VALUE &&
				 (env->prog->maps[in->imm].type !=
					  BPF_MAP_TYPE_ARRAY ||
				  env->prog->maps[in->imm].max_entries != 1))
				vrf_err(env, i,
					"direct value access needs a "
					"one-element array map, and map %s is "
					"not one",
					env->prog->maps[in->imm].name);
			i++;
			mi[i].jmp_target = -1;
			continue;
		}
		if (!has_target(in))
			continue;
		t = jmp_target(in, i);
		if (t < 0 || t >= env->insn_cnt) {
			vrf_err(env, i, "jump out of range from insn %u to %d",
				i, (int)t);
			continue;
		}
		if (t > 0 && insn_is_ldimm64(&env->insns[t - 1])) {
			vrf_err(env, i,
				"jump into the middle of ldimm64 insn %u",
				(u32)t - 1);
			continue;
		}
		mi[i].jmp_target = (s32)t;
		mi[t].flags |= XNIC_META_JMP_TARGET;
		if (BPF_OP(in->code) != BPF_CALL &&
		    mi[t].subprog != mi[i].subprog)
			cfg_err(env, i, "jump out of range from insn %u to %u",
				i, (u32)t);
	}
	for (i = 0; i < env->meta->subprog_cnt; i++) {
		u32 last = env->meta->subprogs[i].end - 1;
		const struct bpf_insn *in = &env->insns[last];
		u8 op = BPF_OP(in->code), cls = BPF_CLASS(in->code);

		if (!((cls == BPF_JMP || cls == BPF_JMP32) &&
		      (op == BPF_EXIT || op == BPF_JA)))
			vrf_err(env, last, "last insn is not an exit or jmp");
	}
}

/* Successors of insn i for the static passes; returns their count. */
static u32 successors(const struct vrf_env *env, u32 i, u32 succ[2])
{
	const struct bpf_insn *in = &env->insns[i];
	u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	s32 t = env->meta->insn[i].jmp_target;
	u32 n = 0;

	if (insn_is_ldimm64(in)) {
		succ[n++] = i + 2;
		return n;
	}
	if (cls != BPF_JMP && cls != BPF_JMP32) {
		succ[n++] = i + 1;
		return n;
	}
	if (op == BPF_EXIT)
		return 0;
	if (op == BPF_JA) {
		succ[n++] = (u32)t;
		return n;
	}
	succ[n++] = i + 1;
	if (op != BPF_CALL && t >= 0)
		succ[n++] = (u32)t;
	return n;
}

static void check_reachable(struct vrf_env *env)
{
	u32 *stack = NULL, sp = 0, i, n, k, succ[2];
	u8 *seen = env->hi32_bad; /* scratch, cleared below */

	stack = xnic_zalloc(sizeof(u32) * (env->insn_cnt + 1));
	if (!stack) {
		env->fatal = -ENOMEM;
		return;
	}
	stack[sp++] = 0;
	seen[0] = 1;
	while (sp) {
		i = stack[--sp];
		n = successors(env, i, succ);
		if (BPF_CLASS(env->insns[i].code) == BPF_JMP &&
		    BPF_OP(env->insns[i].code) == BPF_CALL &&
		    env->insns[i].src_reg == BPF_PSEUDO_CALL)
			succ[n++] = (u32)env->meta->insn[i].jmp_target;
		for (k = 0; k < n; k++) {
			if (succ[k] >= env->insn_cnt) {
				vrf_err(env, i,
					"jump out of range from insn %u to %u",
					i, succ[k]);
				continue;
			}
			if (!seen[succ[k]]) {
				seen[succ[k]] = 1;
				stack[sp++] = succ[k];
			}
		}
	}
	for (i = 0; i < env->insn_cnt; i++) {
		if (env->meta->insn[i].flags & XNIC_META_LDIMM64_HI)
			continue;
		if (!seen[i] &&
		    (i == 0 || seen[i - 1] ||
		     (env->meta->insn[i - 1].flags & XNIC_META_LDIMM64_HI)))
			vrf_err(env, i, "unreachable insn %u", i);
	}
	xnic_memset(seen, 0, env->insn_cnt);
	xnic_free(stack);
}

int cfg_check(struct vrf_env *env)
{
	u32 i, succ[2], n;

	if (find_subprogs(env))
		return -ENOMEM;
	check_structure(env);
	if (env->errors)
		return 0;
	check_reachable(env);
	if (env->fatal)
		return env->fatal;
	for (i = 0; i < env->insn_cnt; i++) {
		const struct bpf_insn *in = &env->insns[i];
		u8 cls = BPF_CLASS(in->code);

		if (env->meta->insn[i].flags & XNIC_META_JMP_TARGET)
			env->prune_point[i] = 1;
		if ((cls == BPF_JMP || cls == BPF_JMP32) &&
		    !(env->meta->insn[i].flags & XNIC_META_LDIMM64_HI)) {
			n = successors(env, i, succ);
			if (n == 2 || BPF_OP(in->code) == BPF_CALL)
				env->prune_point[succ[0]] = 1;
		}
	}
	return 0;
}

static u32 helper_arity(u32 id)
{
	switch (id) {
	case BPF_FUNC_ktime_get_ns:
	case BPF_FUNC_get_prandom_u32:
		return 0;
	case BPF_FUNC_map_lookup_elem:
	case BPF_FUNC_map_delete_elem:
	case BPF_FUNC_xdp_adjust_head:
	case BPF_FUNC_xdp_adjust_tail:
		return 2;
	case BPF_FUNC_map_update_elem:
		return 4;
	}
	return 5;
}

static void use_def(const struct bpf_insn *in, u16 *use, u16 *def)
{
	u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	u16 d = 1u << in->dst_reg, s = 1u << in->src_reg;

	*use = 0;
	*def = 0;
	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		if (op != BPF_MOV)
			*use |= d;
		if (BPF_SRC(in->code) == BPF_X && op != BPF_END &&
		    op != BPF_NEG)
			*use |= s;
		*def = d;
		break;
	case BPF_LDX:
		*use = s;
		*def = d;
		break;
	case BPF_ST:
		*use = d;
		break;
	case BPF_STX:
		*use = d | s;
		if (BPF_MODE(in->code) == BPF_ATOMIC) {
			if (in->imm == BPF_CMPXCHG) {
				*use |= 1;
				*def = 1;
			} else if (in->imm & BPF_FETCH) {
				*def = s;
			}
		}
		break;
	case BPF_LD:
		if (insn_is_ldimm64(in)) {
			*def = d;
		} else {
			*use = 1u << BPF_REG_6;
			if (BPF_MODE(in->code) == BPF_IND)
				*use |= s;
			*def = 0x3f;
		}
		break;
	case BPF_JMP:
	case BPF_JMP32:
		if (op == BPF_EXIT) {
			*use = 1;
		} else if (op == BPF_CALL) {
			u32 a = in->src_reg == BPF_PSEUDO_CALL ?
					5 :
					helper_arity((u32)in->imm);

			*use = (u16)(((1u << a) - 1) << 1);
			*def = 0x3f;
		} else if (op != BPF_JA) {
			*use = d;
			if (BPF_SRC(in->code) == BPF_X)
				*use |= s;
		}
		break;
	}
}

void cfg_liveness(struct vrf_env *env)
{
	u32 pass, i, k, n, succ[2];
	bool changed = true;
	u16 use, def, out, in_;

	for (pass = 0; changed && pass < 64; pass++) {
		changed = false;
		for (i = env->insn_cnt; i-- > 0;) {
			if (env->meta->insn[i].flags & XNIC_META_LDIMM64_HI)
				continue;
			n = successors(env, i, succ);
			out = 0;
			for (k = 0; k < n; k++)
				if (succ[k] < env->insn_cnt)
					out |= env->live_in[succ[k]];
			use_def(&env->insns[i], &use, &def);
			in_ = use | (out & ~def);
			if (in_ != env->live_in[i]) {
				env->live_in[i] = in_;
				changed = true;
			}
		}
	}
	if (changed) /* did not converge: everything live is always sound */
		for (i = 0; i < env->insn_cnt; i++)
			env->live_in[i] = 0x7ff;
}

static void map_err(struct vrf_env *env, const struct xnic_map_def *m,
		    const char *what, u32 have, u32 limit)
{
	char where[XNIC_NAME_LEN + 8];

	env->errors++;
	xnic_snprintf(where, sizeof(where), "map %s", m->name);
	xnic_diag_error(env->diag, where,
			"%s %u exceeds the device limit of %u", what, have,
			limit);
}

void caps_check_static(struct vrf_env *env)
{
	const struct xnic_dev_caps *caps = env->caps;
	const struct xnic_prog *p = env->prog;
	u32 i;

	/*
	 * Every BPF insn costs at least one word, so this bound is exact in
	 * one direction only; the JIT knows the real size and refuses a
	 * program that overflows the code store with -E2BIG.  Budgeting a
	 * worst case here would refuse most programs that fit.
	 */
	if (env->insn_cnt > caps->code_words) {
		env->errors++;
		xnic_diag_error(env->diag, "insn 0",
				"program of %u insns needs at least %u microcode "
				"words, more than the device's %u",
				env->insn_cnt, env->insn_cnt, caps->code_words);
	}
	if (p->map_cnt > caps->max_maps) {
		env->errors++;
		xnic_diag_error(
			env->diag, "insn 0",
			"program uses %u maps, more than the device's %u",
			p->map_cnt, caps->max_maps);
	}
	for (i = 0; i < p->map_cnt; i++) {
		const struct xnic_map_def *m = &p->maps[i];

		if (m->type >= 64 || !((caps->map_types >> m->type) & 1)) {
			char where[XNIC_NAME_LEN + 8];

			env->errors++;
			xnic_snprintf(where, sizeof(where), "map %s", m->name);
			xnic_diag_error(
				env->diag, where,
				"map type %u is not supported by the device",
				m->type);
			continue;
		}
		if (m->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY)
			continue;
		if (m->key_size > caps->max_key_size)
			map_err(env, m, "key size", m->key_size,
				caps->max_key_size);
		if (m->value_size > caps->max_value_size)
			map_err(env, m, "value size", m->value_size,
				caps->max_value_size);
		if (m->max_entries > caps->max_entries)
			map_err(env, m, "max_entries", m->max_entries,
				caps->max_entries);
	}
	for (i = 0; i < env->insn_cnt; i++) {
		const struct bpf_insn *in = &env->insns[i];

		if (in->code != (BPF_JMP | BPF_CALL) || in->src_reg)
			continue;
		if (!xnic_caps_has_helper(caps, (u32)in->imm))
			vrf_err(env, i,
				"helper %s#%d is not supported by the device",
				helper_name((u32)in->imm), in->imm);
	}
}

/* Deepest call chain's stack, walked with an explicit stack. */
void caps_check_stack(struct vrf_env *env)
{
	struct {
		u32 sp, pos, depth;
	} st[VRF_MAX_FRAMES + 1];
	struct xnic_prog_meta *meta = env->meta;
	u32 top = 0, max = 0, i;

	st[0].sp = 0;
	st[0].pos = meta->subprogs[0].start;
	st[0].depth = env->subprog_depth[0];
	while (1) {
		u32 sp = st[top].sp, end = meta->subprogs[sp].end;

		if (st[top].depth > max)
			max = st[top].depth;
		for (i = st[top].pos; i < end; i++) {
			const struct bpf_insn *in = &env->insns[i];

			if (in->code == (BPF_JMP | BPF_CALL) &&
			    in->src_reg == BPF_PSEUDO_CALL &&
			    (meta->insn[i].flags & XNIC_META_SEEN))
				break;
		}
		if (i < end && top < VRF_MAX_FRAMES) {
			u32 callee =
				meta->insn[meta->insn[i].jmp_target].subprog;

			st[top].pos = i + 1;
			top++;
			st[top].sp = callee;
			st[top].pos = meta->subprogs[callee].start;
			st[top].depth =
				st[top - 1].depth + env->subprog_depth[callee];
			continue;
		}
		if (i < end) {
			st[top].pos = i + 1;
			continue;
		}
		if (!top)
			break;
		top--;
	}
	meta->max_stack = max;
	if (max > env->caps->stack_size) {
		env->errors++;
		xnic_diag_error(env->diag, "insn 0",
				"combined stack size of %u bytes exceeds the "
				"device's %u bytes",
				max, env->caps->stack_size);
	}
}
