// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The exploration driver: walks the program path by path with an explicit
 * work-list (no recursion), prunes paths whose state is covered by a fully
 * explored checkpoint, merges what every path learns into the per-insn
 * metadata, and turns a path's first error into a compiler-style
 * diagnostic before moving on to the other paths, so independent errors
 * are reported together.
 */
#include "internal.h"

#define DEF_MAX_STATES 65536
#define DEF_MAX_INSNS  1000000ULL
/* Pending branches, as the kernel's BPF_COMPLEXITY_LIMIT_JMP_SEQ. */
#define MAX_PENDING    8192
#define MAX_PER_INSN   32

/* meta_seen_once bits */
#define MS_DST	       1
#define MS_SRC	       2
#define MS_KIND	       4
#define MS_MEM	       8
#define MS_TAKEN       16
#define MS_FALL	       32
#define MS_HELPER      64

struct vrf_frame *cur_frame(struct vrf_env *env)
{
	return env->cur->frames[env->cur->curframe];
}

struct vrf_reg *cur_regs(struct vrf_env *env)
{
	return cur_frame(env)->regs;
}

u32 vrf_new_id(struct vrf_env *env)
{
	return ++env->id_gen;
}

void vrf_note_stack(struct vrf_env *env, u32 frame, s64 lowest)
{
	u32 sp = env->cur->frames[frame]->subprog;
	u64 depth = lowest < 0 ? (u64)(-lowest) : 0;

	depth = (depth + 7) & ~7ULL;
	if (depth > env->subprog_depth[sp])
		env->subprog_depth[sp] = (u32)depth;
}

/* "file:line" of an insn from line info, or "" when there is none. */
static void insn_where(const struct vrf_env *env, u32 insn, char *buf, u32 len)
{
	const struct xnic_prog *p = env->prog;
	const struct xnic_line_info *best = NULL;
	u32 lo = 0, hi = p->line_cnt;

	buf[0] = '\0';
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (p->lines[mid].insn_off <= insn) {
			best = &p->lines[mid];
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	if (best && best->file < p->file_cnt && p->files[best->file] &&
	    best->line)
		xnic_snprintf(buf, len, "%s:%u", p->files[best->file],
			      best->line);
}

void vrf_err(struct vrf_env *env, u32 insn, const char *fmt, ...)
{
	char where[96];
	va_list ap;

	env->path_dead = true;
	prec_error(env);
	if (insn < env->insn_cnt && env->err_at[insn])
		return; /* same insn, another path: already reported */
	if (insn < env->insn_cnt)
		env->err_at[insn] = 1;
	env->errors++;
	va_start(ap, fmt);
	xnic_vsnprintf(env->msg, sizeof(env->msg), fmt, ap);
	va_end(ap);
	insn_where(env, insn, where, sizeof(where));
	if (where[0]) {
		xnic_diag_error(env->diag, where, "insn %u: %s", insn,
				env->msg);
	} else {
		xnic_snprintf(where, sizeof(where), "insn %u", insn);
		xnic_diag_error(env->diag, where, "%s", env->msg);
	}
}

int vrf_push(struct vrf_env *env, u32 insn)
{
	struct vrf_state *st, **w;

	if (env->work_len >= MAX_PENDING) {
		vrf_err(env, env->cur->insn,
			"the sequence of %u jumps is too complex",
			MAX_PENDING + 1);
		env->fatal = -E2BIG;
		return -E2BIG;
	}
	if (env->work_len == env->work_cap) {
		u32 cap = env->work_cap ? env->work_cap * 2 : 64;

		w = xnic_zalloc(sizeof(*w) * cap);
		if (!w) {
			env->fatal = -ENOMEM;
			return -ENOMEM;
		}
		if (env->work_len)
			xnic_memcpy(w, env->work, sizeof(*w) * env->work_len);
		xnic_free(env->work);
		env->work = w;
		env->work_cap = cap;
	}
	st = st_copy(env, env->cur);
	if (!st)
		return -ENOMEM;
	st->insn = insn;
	if (st->parent)
		st->parent->branches++;
	env->work[env->work_len++] = st;
	return 0;
}

/* The current path is over: release its claim on its checkpoints. */
static void end_path(struct vrf_env *env)
{
	struct vrf_state *p = env->cur->parent;

	while (p) {
		p->branches--;
		if (p->branches)
			break;
		p = p->parent;
	}
	st_free(env->cur);
	env->cur = NULL;
}

static int add_ckpt(struct vrf_env *env, u32 idx)
{
	struct vrf_state *ck, **a;

	if (env->ckpt_cnt >= env->max_states)
		return 0;
	if (env->ckpt_cnt == env->ckpt_cap) {
		u32 cap = env->ckpt_cap ? env->ckpt_cap * 2 : 256;

		a = xnic_zalloc(sizeof(*a) * cap);
		if (!a) {
			env->fatal = -ENOMEM;
			return -ENOMEM;
		}
		if (env->ckpt_cnt)
			xnic_memcpy(a, env->all_ckpt,
				    sizeof(*a) * env->ckpt_cnt);
		xnic_free(env->all_ckpt);
		env->all_ckpt = a;
		env->ckpt_cap = cap;
	}
	ck = st_copy(env, env->cur);
	if (!ck)
		return -ENOMEM;
	ck->branches = 1;
	ck->next = env->explored[idx];
	env->explored[idx] = ck;
	env->all_ckpt[env->ckpt_cnt++] = ck;
	env->cur->parent = ck;
	/* the checkpoint keeps the segment that led to it; a new one
	 * starts here
	 */
	sum_reset(&env->cur->sum);
	return 0;
}

/*
 * 1: prune this path, 0: go on.  Checkpoints that keep missing are
 * dropped from the list (as the kernel does), and a list never grows past
 * MAX_PER_INSN, so the cost of a visit stays bounded.
 */
static int state_visited(struct vrf_env *env, u32 idx)
{
	struct vrf_state *sl, **pp = &env->explored[idx];
	struct vrf_loose loose;
	u32 n = 0;

	env->visits++;
	while ((sl = *pp)) {
		if (sl->branches) {
			/* still being explored: we came back around a loop
			 * (its precision marks are not final: compare all)
			 */
			if (st_subsumes(env, sl, env->cur, true, &loose)) {
				vrf_err(env, idx,
					"infinite loop detected (back-edge to "
					"insn %u with no progress)",
					idx);
				return 1;
			}
		} else if (st_subsumes(env, sl, env->cur, false, &loose)) {
			sl->hits++;
			prec_from_old(env, sl);
			prec_note_loose(env, idx, &loose);
			return 1;
		} else if (++sl->miss > sl->hits * 3 + 8) {
			*pp = sl->next; /* still owned by all_ckpt */
			continue;
		}
		n++;
		pp = &sl->next;
	}
	if (n < MAX_PER_INSN)
		add_ckpt(env, idx);
	return 0;
}

static u8 reg_kind_pub(const struct vrf_reg *r)
{
	static const u8 map[] = {
		[VK_NONE] = XNIC_REG_NOT_INIT,
		[VK_SCALAR] = XNIC_REG_SCALAR,
		[VK_CTX] = XNIC_REG_CTX,
		[VK_PKT] = XNIC_REG_PACKET,
		[VK_PKT_END] = XNIC_REG_PACKET_END,
		[VK_STACK] = XNIC_REG_STACK,
		[VK_MAP_VALUE] = XNIC_REG_MAP_VALUE,
		[VK_MAP_OR_NULL] = XNIC_REG_MAP_VALUE_OR_NULL,
		[VK_MAP_PTR] = XNIC_REG_MAP_PTR,
	};

	return r->kind < ARRAY_SIZE(map) ? map[r->kind] : XNIC_REG_MIXED;
}

static void merge_kind(u8 *acc, u8 k, bool first)
{
	if (first)
		*acc = k;
	else if (*acc != k)
		*acc = XNIC_REG_MIXED;
}

static void merge_scalar(struct vrf_env *env, u32 idx, u8 bit,
			 struct xnic_scalar *acc, const struct xnic_scalar *v)
{
	if (!(env->meta_seen_once[idx] & bit)) {
		*acc = *v;
		env->meta_seen_once[idx] |= bit;
	} else {
		sc_join(acc, v);
	}
}

/* What the path knows before executing insn idx. */
static void meta_before(struct vrf_env *env, u32 idx,
			const struct bpf_insn *insn)
{
	struct xnic_insn_meta *m = &env->meta->insn[idx];
	struct vrf_reg *regs = cur_regs(env);
	bool first = !(env->meta_seen_once[idx] & MS_KIND);
	u8 cls = BPF_CLASS(insn->code);
	struct xnic_scalar k;

	m->flags |= XNIC_META_SEEN;
	m->frame = (u8)env->cur->curframe;
	if (insn->dst_reg < VRF_NREGS) {
		merge_kind(&m->dst_reg_kind, reg_kind_pub(&regs[insn->dst_reg]),
			   first);
		if (regs[insn->dst_reg].kind == VK_SCALAR)
			merge_scalar(env, idx, MS_DST, &m->dst,
				     &regs[insn->dst_reg].v);
	}
	if ((cls == BPF_ALU || cls == BPF_ALU64 || cls == BPF_JMP ||
	     cls == BPF_JMP32) &&
	    BPF_SRC(insn->code) == BPF_K) {
		/* the immediate is the source operand */
		if (cls == BPF_ALU64 || cls == BPF_JMP)
			sc_const(&k, (u64)(s64)insn->imm);
		else
			sc_const(&k, (u32)insn->imm);
		merge_kind(&m->src_reg_kind, XNIC_REG_SCALAR, first);
		merge_scalar(env, idx, MS_SRC, &m->src, &k);
	} else if (insn->src_reg < VRF_NREGS) {
		merge_kind(&m->src_reg_kind, reg_kind_pub(&regs[insn->src_reg]),
			   first);
		if (regs[insn->src_reg].kind == VK_SCALAR)
			merge_scalar(env, idx, MS_SRC, &m->src,
				     &regs[insn->src_reg].v);
	}
	env->meta_seen_once[idx] |= MS_KIND;
}

/* Record a memory access: the pointer kind must agree on every path. */
void vrf_meta_mem(struct vrf_env *env, u32 idx, u8 kind, s64 lo, s64 hi,
		  u32 map, u32 size)
{
	static const char *const names[] = {"none", "ctx", "packet", "stack",
					    "map_value"};
	struct xnic_insn_meta *m = &env->meta->insn[idx];

	if (!(env->meta_seen_once[idx] & MS_MEM)) {
		env->meta_seen_once[idx] |= MS_MEM;
		m->ptr_kind = kind;
		m->off_min = lo;
		m->off_max = hi;
		m->map_idx = (u16)map;
		m->access_size = (u8)size;
		return;
	}
	if (m->ptr_kind != kind) {
		vrf_err(env, idx,
			"same insn cannot be used with different pointers (%s "
			"and %s)",
			names[m->ptr_kind], names[kind]);
		return;
	}
	if (lo < m->off_min)
		m->off_min = lo;
	if (hi > m->off_max)
		m->off_max = hi;
	if (m->map_idx != map)
		m->map_idx = 0xffff;
}

void vrf_meta_branch(struct vrf_env *env, u32 idx, bool taken, bool fall)
{
	if (taken)
		env->meta_seen_once[idx] |= MS_TAKEN;
	if (fall)
		env->meta_seen_once[idx] |= MS_FALL;
}

void vrf_meta_helper(struct vrf_env *env, u32 idx)
{
	static const u8 pk[] = {
		[VK_CTX] = XNIC_PTR_CTX,
		[VK_PKT] = XNIC_PTR_PACKET,
		[VK_STACK] = XNIC_PTR_STACK,
		[VK_MAP_VALUE] = XNIC_PTR_MAP_VALUE,
	};
	struct xnic_insn_meta *m = &env->meta->insn[idx];
	struct vrf_reg *regs = cur_regs(env);
	u32 i;

	for (i = 0; i < 5; i++) {
		u8 k = regs[i + 1].kind < ARRAY_SIZE(pk) ?
			       pk[regs[i + 1].kind] :
			       XNIC_PTR_NONE;

		if (!(env->meta_seen_once[idx] & MS_HELPER))
			m->helper_arg_kind[i] = k;
		else if (m->helper_arg_kind[i] != k)
			m->helper_arg_kind[i] = XNIC_PTR_NONE;
		if (regs[i + 1].kind == VK_MAP_PTR)
			m->map_idx = regs[i + 1].map;
	}
	env->meta_seen_once[idx] |= MS_HELPER;
}

static void meta_after(struct vrf_env *env, u32 idx,
		       const struct bpf_insn *insn)
{
	const struct vrf_reg *r;

	if (insn->dst_reg >= VRF_NREGS) {
		env->hi32_bad[idx] = 1;
		return;
	}
	r = &cur_regs(env)[insn->dst_reg];
	if (r->kind != VK_SCALAR || r->v.umax > U32_MAX)
		env->hi32_bad[idx] = 1;
}

static void do_ldimm64(struct vrf_env *env, u32 idx,
		       const struct bpf_insn *insn)
{
	struct vrf_reg *d = &cur_regs(env)[insn->dst_reg];
	const struct xnic_map_def *map;

	if (insn->src_reg == 0) {
		reg_mark_const(d, (u64)(u32)insn->imm |
					  ((u64)(u32)insn[1].imm << 32));
		return;
	}
	/* cfg_check validated the map index */
	map = &env->prog->maps[insn->imm];
	xnic_memset(d, 0, sizeof(*d));
	d->map = (u16)insn->imm;
	if (insn->src_reg == BPF_PSEUDO_MAP_FD) {
		d->kind = VK_MAP_PTR;
		sc_const(&d->v, 0);
		return;
	}
	d->kind = VK_MAP_VALUE;
	d->off = insn[1].imm;
	sc_const(&d->v, 0);
	if ((u32)insn[1].imm >= map->value_size)
		vrf_err(env, idx,
			"direct value offset %u out of range for map %s "
			"(value_size %u)",
			(u32)insn[1].imm, map->name, map->value_size);
}

static void init_state(struct vrf_env *env)
{
	struct vrf_frame *fr;

	env->cur = st_new(env);
	if (!env->cur)
		return;
	fr = fr_new(env, U32_MAX, 0);
	if (!fr)
		return;
	env->cur->frames[0] = fr;
	fr->regs[BPF_REG_1].kind = VK_CTX;
	sc_const(&fr->regs[BPF_REG_1].v, 0);
	fr->regs[BPF_REG_10].kind = VK_STACK;
	fr->regs[BPF_REG_10].frame = 0;
	sc_const(&fr->regs[BPF_REG_10].v, 0);
}

/* Execute one insn of the current path; returns false when it ends. */
static bool step(struct vrf_env *env, u32 idx)
{
	const struct bpf_insn *insn = &env->insns[idx];
	u8 cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
	u32 next = idx + 1;

	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		check_alu(env, idx, insn);
		break;
	case BPF_LDX:
	case BPF_ST:
	case BPF_STX:
		check_mem(env, idx, insn);
		break;
	case BPF_LD:
		if (insn_is_ldimm64(insn)) {
			do_ldimm64(env, idx, insn);
			next = idx + 2;
		} else {
			check_ld_abs(env, idx, insn);
		}
		break;
	case BPF_JMP:
	case BPF_JMP32:
		if (op == BPF_JA) {
			next = idx + 1 +
			       (cls == BPF_JMP ? insn->off : insn->imm);
			break;
		}
		if (op == BPF_CALL) {
			if (insn->src_reg == BPF_PSEUDO_CALL) {
				if (check_pseudo_call(env, idx, insn) < 0 ||
				    env->path_dead)
					return false;
				env->cur->sum.broken = true;
				return true;
			}
			check_helper_call(env, idx, insn);
			break;
		}
		if (op == BPF_EXIT) {
			if (check_exit(env, idx) <= 0 || env->path_dead)
				return false;
			env->cur->sum.broken = true;
			return true;
		}
		if (check_cond_jmp(env, idx, insn, &next) < 0)
			return false;
		break;
	}
	if (env->path_dead || env->fatal)
		return false;
	sum_step(env, insn);
	if (cls == BPF_ALU || cls == BPF_ALU64 || cls == BPF_LDX ||
	    cls == BPF_LD)
		meta_after(env, idx, insn);
	else
		env->hi32_bad[idx] = 1;
	env->cur->insn = next;
	return true;
}

static void do_check(struct vrf_env *env)
{
	u32 idx;

	init_state(env);
	while (env->cur && !env->fatal) {
		idx = env->cur->insn;
		env->path_dead = false;
		if (++env->insn_processed > env->max_insns) {
			env->fatal = -E2BIG;
			break;
		}
		if (env->prune_point[idx] && state_visited(env, idx)) {
			end_path(env);
		} else if (!env->fatal) {
			meta_before(env, idx, &env->insns[idx]);
			if (env->opts && env->opts->log && env->opts->log_level)
				vrf_log_state(env, idx);
			if (!step(env, idx))
				end_path(env);
		}
		if (!env->cur && env->work_len)
			env->cur = env->work[--env->work_len];
	}
}

static void finalize_meta(struct vrf_env *env)
{
	struct xnic_prog_meta *meta = env->meta;
	u32 i;

	/* values pruned paths carry that no explored path had */
	if ((env->loose || env->poison_all) && prec_widen_meta(env))
		env->fatal = -ENOMEM;

	for (i = 0; i < env->insn_cnt; i++) {
		struct xnic_insn_meta *m = &meta->insn[i];
		u8 seen = env->meta_seen_once[i];
		u8 cls = BPF_CLASS(env->insns[i].code);

		if (!(m->flags & XNIC_META_SEEN))
			continue;
		if (m->src_reg_kind == XNIC_REG_SCALAR && (seen & MS_SRC)) {
			if (sc_is_const(&m->src))
				m->flags |= XNIC_META_SRC_CONST;
			if (m->src.umax <= U32_MAX)
				m->flags |= XNIC_META_SRC_HI32_ZERO;
		}
		if (m->dst_reg_kind == XNIC_REG_SCALAR && (seen & MS_DST)) {
			if (sc_is_const(&m->dst))
				m->flags |= XNIC_META_DST_CONST;
			if (m->dst.umax <= U32_MAX)
				m->flags |= XNIC_META_DST_HI32_ZERO;
		}
		if (!env->hi32_bad[i])
			m->flags |= XNIC_META_HI32_ZERO;
		if ((cls == BPF_JMP || cls == BPF_JMP32) &&
		    BPF_OP(env->insns[i].code) != BPF_JA &&
		    BPF_OP(env->insns[i].code) != BPF_CALL &&
		    BPF_OP(env->insns[i].code) != BPF_EXIT) {
			if ((seen & MS_TAKEN) && !(seen & MS_FALL))
				m->flags |= XNIC_META_BRANCH_ALWAYS;
			if (!(seen & MS_TAKEN) && (seen & MS_FALL))
				m->flags |= XNIC_META_BRANCH_NEVER;
		}
		if (m->ptr_kind == XNIC_PTR_PACKET &&
		    m->off_max + m->access_size <= env->caps->pkt_window)
			m->flags |= XNIC_META_PKT_IN_WINDOW;
		m->stack_depth = (u16)env->subprog_depth[m->subprog];
	}
	for (i = 0; i < meta->subprog_cnt; i++)
		meta->subprogs[i].stack_depth = env->subprog_depth[i];
	meta->explored_states = env->visits;
	meta->processed_insns = env->insn_processed;
}

static void env_free(struct vrf_env *env)
{
	u32 i;

	st_free(env->cur);
	for (i = 0; i < env->work_len; i++)
		st_free(env->work[i]);
	for (i = 0; i < env->ckpt_cnt; i++)
		st_free(env->all_ckpt[i]);
	xnic_free(env->work);
	xnic_free(env->all_ckpt);
	xnic_free(env->explored);
	xnic_free(env->prune_point);
	xnic_free(env->live_in);
	xnic_free(env->err_at);
	xnic_free(env->meta_seen_once);
	xnic_free(env->hi32_bad);
	xnic_free(env->subprog_depth);
	if (env->loose)
		for (i = 0; i < env->insn_cnt; i++)
			xnic_free(env->loose[i]);
	xnic_free(env->loose);
	xnic_free(env->linked_at);
	xnic_free(env->logbuf);
	xnic_free(env);
}

static int env_alloc(struct vrf_env *env, u32 n)
{
	env->explored = xnic_zalloc(sizeof(*env->explored) * n);
	env->prune_point = xnic_zalloc(n);
	env->live_in = xnic_zalloc(sizeof(*env->live_in) * n);
	env->err_at = xnic_zalloc(n);
	env->meta_seen_once = xnic_zalloc(n);
	env->hi32_bad = xnic_zalloc(n);
	env->subprog_depth = xnic_zalloc(sizeof(u32) * n);
	env->linked_at = xnic_zalloc(sizeof(*env->linked_at) * n);
	env->meta->insn = xnic_zalloc(sizeof(*env->meta->insn) * n);
	if (!env->explored || !env->prune_point || !env->live_in ||
	    !env->err_at || !env->meta_seen_once || !env->hi32_bad ||
	    !env->subprog_depth || !env->linked_at || !env->meta->insn)
		return -ENOMEM;
	return 0;
}

int xnic_verify(const struct xnic_prog *prog, const struct xnic_dev_caps *caps,
		const struct xnic_verifier_opts *opts,
		struct xnic_prog_meta *meta, struct xnic_diag *diag)
{
	struct vrf_env *env;
	int ret;

	xnic_memset(meta, 0, sizeof(*meta));
	if (!prog || !caps || !diag)
		return -EINVAL;
	if (!prog->insns || !prog->insn_cnt) {
		xnic_diag_error(diag, "insn 0", "empty program");
		return -EINVAL;
	}
	if (prog->insn_cnt > 1000000) {
		xnic_diag_error(
			diag, "insn 0",
			"program of %u insns is too large (limit 1000000)",
			prog->insn_cnt);
		return -E2BIG;
	}
	env = xnic_zalloc(sizeof(*env));
	if (!env)
		return -ENOMEM;
	env->prog = prog;
	env->caps = caps;
	env->opts = opts;
	env->meta = meta;
	env->diag = diag;
	env->insns = prog->insns;
	env->insn_cnt = prog->insn_cnt;
	meta->insn_cnt = prog->insn_cnt;
	env->max_states =
		opts && opts->max_states ? opts->max_states : DEF_MAX_STATES;
	env->max_insns = opts && opts->max_insns_processed ?
				 opts->max_insns_processed :
				 DEF_MAX_INSNS;
	if (opts && opts->log && opts->log_level)
		env->logbuf = xnic_zalloc(VRF_LOG_LEN);
	if (env_alloc(env, prog->insn_cnt) ||
	    (opts && opts->log && opts->log_level && !env->logbuf)) {
		env_free(env);
		return -ENOMEM;
	}
	ret = cfg_check(env);
	if (ret || env->errors) {
		ret = ret ? ret : -EINVAL;
		goto out;
	}
	caps_check_static(env);
	cfg_liveness(env);
	do_check(env);
	if (env->fatal == -E2BIG && env->insn_processed > env->max_insns)
		xnic_diag_error(diag, "insn 0",
				"program too complex: gave up after %llu "
				"processed insns (limit %llu)",
				(unsigned long long)env->insn_processed - 1,
				(unsigned long long)env->max_insns);
	if (!env->fatal)
		caps_check_stack(env);
	finalize_meta(env);
	ret = env->fatal ? env->fatal : env->errors ? -EINVAL : 0;
out:
	env_free(env);
	return ret;
}

void xnic_prog_meta_free(struct xnic_prog_meta *meta)
{
	if (!meta)
		return;
	xnic_free(meta->insn);
	xnic_free(meta->subprogs);
	meta->insn = NULL;
	meta->subprogs = NULL;
	meta->insn_cnt = 0;
	meta->subprog_cnt = 0;
}

int xnic_meta_reg_query(const struct xnic_prog_meta *meta, u32 insn, int which,
			enum xnic_reg_kind *kind, struct xnic_scalar *val)
{
	const struct xnic_insn_meta *m;

	if (!meta || !meta->insn || insn >= meta->insn_cnt)
		return -EINVAL;
	m = &meta->insn[insn];
	if (!(m->flags & XNIC_META_SEEN)) {
		*kind = XNIC_REG_UNSEEN;
		return 0;
	}
	*kind = (enum xnic_reg_kind)(which ? m->src_reg_kind : m->dst_reg_kind);
	if (val)
		*val = which ? m->src : m->dst;
	return 0;
}
