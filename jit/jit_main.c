// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic_jit_compile(): one pass over the BPF instructions, each lowered by
 * its class's file, then branch fixups and the image.  Nothing outside the
 * arguments is read, so the output is a pure function of them.
 */
#include "jit_internal.h"
#include "xnic/verifier.h"

const struct xnic_insn_meta *jit_meta(const struct jit_ctx *c, u32 i)
{
	if (!c->meta || i >= c->meta->insn_cnt)
		return NULL;
	return &c->meta->insn[i];
}

bool jit_flag(const struct jit_ctx *c, u32 i, u32 flag)
{
	const struct xnic_insn_meta *m = jit_meta(c, i);

	return m && (m->flags & flag);
}

/* Pointers are 32-bit chip addresses: their high word is always 0. */
bool jit_ptr_kind(u8 kind)
{
	return kind >= XNIC_REG_CTX && kind <= XNIC_REG_MAP_PTR;
}

/* Does the current insn's destination hold 0 in its high word before it? */
bool jit_dst_hi_zero(const struct jit_ctx *c)
{
	const struct xnic_insn_meta *m = jit_meta(c, c->cur);

	return m && ((m->flags & XNIC_META_DST_HI32_ZERO) ||
		     jit_ptr_kind(m->dst_reg_kind));
}

static bool is_ldimm64(const struct bpf_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW);
}

static bool is_pseudo_call(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_CALL) &&
	       insn->src_reg == BPF_PSEUDO_CALL;
}

/* Jump target of insn i, or -1. */
static s64 jump_target(const struct bpf_insn *insn, u32 i)
{
	u8 cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);

	if (cls != BPF_JMP && cls != BPF_JMP32)
		return -1;
	if (op == BPF_CALL)
		return is_pseudo_call(insn) ? (s64)i + 1 + insn->imm : -1;
	if (op == BPF_EXIT)
		return -1;
	if (cls == BPF_JMP32 && op == BPF_JA)
		return (s64)i + 1 + insn->imm;
	return (s64)i + 1 + insn->off;
}

static int scan(struct jit_ctx *c)
{
	const struct xnic_prog *p = c->prog;
	u32 i, n = p->insn_cnt, s;

	c->is_target = xnic_zalloc(n + 1);
	c->subprog_of = xnic_zalloc((n + 1) * sizeof(u32));
	c->sub_start = xnic_zalloc((n + 1) * sizeof(u32));
	if (!c->is_target || !c->subprog_of || !c->sub_start)
		return -ENOMEM;
	c->sub_start[0] = 0;
	c->nsub = 1;
	for (i = 0; i < n; i++) {
		s64 t = jump_target(&p->insns[i], i);

		if (t < 0)
			continue;
		if (t > n) {
			c->cur = i;
			jit_fail(c, -EINVAL, "jump target %lld out of range",
				 (long long)t);
			return c->err;
		}
		c->is_target[t] = 1;
		if (is_pseudo_call(&p->insns[i]))
			c->sub_start[c->nsub++] = (u32)t;
	}
	/* Sort and dedup subprogram starts (insertion sort: few of them). */
	for (i = 1; i < c->nsub; i++) {
		u32 v = c->sub_start[i], j = i;

		while (j > 0 && c->sub_start[j - 1] > v) {
			c->sub_start[j] = c->sub_start[j - 1];
			j--;
		}
		c->sub_start[j] = v;
	}
	s = 0;
	for (i = 0; i < c->nsub; i++)
		if (!s || c->sub_start[s - 1] != c->sub_start[i])
			c->sub_start[s++] = c->sub_start[i];
	c->nsub = s;
	s = 0;
	for (i = 0; i < n; i++) {
		while (s + 1 < c->nsub && c->sub_start[s + 1] <= i)
			s++;
		c->subprog_of[i] = s;
	}
	return 0;
}

/* BPF registers an instruction writes (bit per register). */
static u32 insn_defs(const struct bpf_insn *in)
{
	switch (BPF_CLASS(in->code)) {
	case BPF_ALU:
	case BPF_ALU64:
	case BPF_LDX:
		return 1u << in->dst_reg;
	case BPF_LD:
		return is_ldimm64(in) ? 1u << in->dst_reg : 1u;
	case BPF_STX:
		if (BPF_MODE(in->code) != BPF_ATOMIC)
			return 0;
		if (in->imm == BPF_CMPXCHG)
			return 1u;
		return in->imm & BPF_FETCH ? 1u << in->src_reg : 0;
	case BPF_JMP:
	case BPF_JMP32:
		return BPF_OP(in->code) == BPF_CALL ? 0x3fu : 0;
	default:
		return 0;
	}
}

/* Drop the packet read cache when its base or the packet may change. */
static void forget(struct jit_ctx *c, const struct bpf_insn *in)
{
	const struct xnic_insn_meta *m = jit_meta(c, c->cur);
	u8 cls = BPF_CLASS(in->code);

	if (!c->pc_valid)
		return;
	if (insn_defs(in) & (1u << c->pc_base))
		c->pc_valid = false;
	if ((cls == BPF_ST || cls == BPF_STX) &&
	    (!m || (m->ptr_kind != XNIC_PTR_STACK &&
		    m->ptr_kind != XNIC_PTR_MAP_VALUE)))
		c->pc_valid = false;
	if ((cls == BPF_JMP || cls == BPF_JMP32) &&
	    BPF_OP(in->code) == BPF_CALL)
		c->pc_valid = false;
}

static void lower(struct jit_ctx *c, const struct bpf_insn *insn)
{
	switch (BPF_CLASS(insn->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		jit_alu(c, insn);
		break;
	case BPF_JMP:
	case BPF_JMP32:
		if (BPF_OP(insn->code) == BPF_CALL)
			jit_call(c, insn);
		else if (BPF_OP(insn->code) == BPF_EXIT)
			jit_exit(c);
		else
			jit_jmp(c, insn);
		break;
	case BPF_LD:
		if (is_ldimm64(insn))
			jit_ld_imm64(c, insn);
		else if (BPF_MODE(insn->code) == BPF_ABS ||
			 BPF_MODE(insn->code) == BPF_IND)
			jit_ld_abs(c, insn);
		else
			jit_fail(c, -EINVAL, "unsupported opcode 0x%02x",
				 insn->code);
		break;
	case BPF_LDX:
	case BPF_ST:
		jit_mem(c, insn);
		break;
	case BPF_STX:
		if (BPF_MODE(insn->code) == BPF_ATOMIC)
			jit_atomic(c, insn);
		else
			jit_mem(c, insn);
		break;
	default:
		jit_fail(c, -EINVAL, "unsupported opcode 0x%02x", insn->code);
	}
}

static int translate(struct jit_ctx *c)
{
	const struct xnic_prog *p = c->prog;
	u32 i, n = p->insn_cnt, s = 0;
	bool skip = false;

	for (i = 0; i < n && !c->err; i++) {
		c->cur = i;
		c->insn_start[i] = c->len;
		if (c->is_target[i]) {
			jit_barrier(c);
			c->lm0_valid = false;
			c->pc_valid = false;
		}
		if (s < c->nsub && c->sub_start[s] == i) {
			c->lm0_valid = false;
			if (i)
				jit_prologue(c, s);
			s++;
		}
		c->body_start[i] = c->len;
		if (skip) {
			skip = false; /* second half of ld_imm64 */
			continue;
		}
		skip = is_ldimm64(&p->insns[i]);
		if (c->meta && !jit_flag(c, i, XNIC_META_SEEN))
			continue; /* dead code */
		lower(c, &p->insns[i]);
		forget(c, &p->insns[i]);
	}
	c->insn_start[n] = c->len;
	return c->err;
}

static int copy_out(struct jit_ctx *c, struct xnic_image *img)
{
	const struct xnic_prog *p = c->prog;
	u32 i, n = p->insn_cnt;
	size_t sz;

	xnic_memset(img, 0, sizeof(*img));
	img->abi_version = XNIC_ABI_VERSION;
	img->prog_type = p->type;
	img->stack_size = c->stack_total;
	if (p->name) {
		sz = xnic_strlen(p->name);
		if (sz >= XNIC_NAME_LEN)
			sz = XNIC_NAME_LEN - 1;
		xnic_memcpy(img->name, p->name, sz);
	}
	img->code = c->code;
	img->code_len = c->len;
	c->code = NULL;
	img->relocs = c->relocs;
	img->reloc_cnt = c->nrelo;
	c->relocs = NULL;
	img->insn_start = c->insn_start;
	img->bpf_insn_cnt = n;
	c->insn_start = NULL;
	if (p->map_cnt) {
		img->maps = xnic_zalloc(p->map_cnt * sizeof(*img->maps));
		if (!img->maps)
			return -ENOMEM;
		xnic_memcpy(img->maps, p->maps, p->map_cnt * sizeof(*img->maps));
		img->map_cnt = p->map_cnt;
	}
	if (p->line_cnt && p->lines) {
		img->lines = xnic_zalloc(p->line_cnt * sizeof(*img->lines));
		if (!img->lines)
			return -ENOMEM;
		xnic_memcpy(img->lines, p->lines,
			    p->line_cnt * sizeof(*img->lines));
		img->line_cnt = p->line_cnt;
	}
	if (p->file_cnt && p->files) {
		img->files = xnic_zalloc(p->file_cnt * sizeof(char *));
		if (!img->files)
			return -ENOMEM;
		img->file_cnt = p->file_cnt;
		for (i = 0; i < p->file_cnt; i++) {
			const char *f = p->files[i] ? p->files[i] : "";

			sz = xnic_strlen(f) + 1;
			img->files[i] = xnic_zalloc(sz);
			if (!img->files[i])
				return -ENOMEM;
			xnic_memcpy(img->files[i], f, sz);
		}
	}
	return 0;
}

static void ctx_free(struct jit_ctx *c)
{
	xnic_free(c->code);
	xnic_free(c->insn_start);
	xnic_free(c->body_start);
	xnic_free(c->is_target);
	xnic_free(c->subprog_of);
	xnic_free(c->labels);
	xnic_free(c->fix);
	xnic_free(c->relocs);
	xnic_free(c->sub_start);
	xnic_free(c->sub_frame);
	xnic_free(c->sub_saves);
}

int xnic_jit_compile(const struct xnic_prog *prog,
		     const struct xnic_prog_meta *meta,
		     const struct xnic_dev_caps *caps, struct xnic_image *img,
		     struct xnic_diag *diag)
{
	struct jit_ctx *c;
	int ret;

	if (!prog || !caps || !img || !prog->insns || !prog->insn_cnt)
		return -EINVAL;
	xnic_memset(img, 0, sizeof(*img));
	if (meta && meta->insn_cnt != prog->insn_cnt)
		meta = NULL;
	c = xnic_zalloc(sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->prog = prog;
	c->meta = meta;
	c->caps = caps;
	c->diag = diag;
	c->limit = caps->code_words && caps->code_words < XNIC_CODE_MAX ?
			   caps->code_words :
			   XNIC_CODE_MAX;
	c->insn_start = xnic_zalloc((prog->insn_cnt + 1) * sizeof(u32));
	c->body_start = xnic_zalloc((prog->insn_cnt + 1) * sizeof(u32));
	ret = -ENOMEM;
	if (!c->insn_start || !c->body_start)
		goto out;
	ret = scan(c);
	if (!ret)
		ret = jit_frames(c);
	if (!ret)
		ret = translate(c);
	if (!ret)
		ret = jit_resolve(c);
	if (!ret)
		ret = copy_out(c, img);
	if (ret && ret != -ENOMEM && !c->err)
		c->err = ret;
	if (ret)
		xnic_image_release(img);
out:
	ctx_free(c);
	xnic_free(c);
	return ret;
}
