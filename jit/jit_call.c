// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Calls and exits: helpers become fwcall, bpf-to-bpf calls move the frame
 * pointer (GPR 25) below the caller's frame and a 40-byte save area that
 * holds the return address and the R6..R9 the callee writes, EXIT of the
 * main program is halt (the firmware reads the verdict from R0).  Also
 * ld_imm64, whose map forms carry load-time relocations.
 */
#include "jit_internal.h"

static u32 fw_routine(s32 func)
{
	switch (func) {
	case BPF_FUNC_map_lookup_elem:
		return XNIC_FW_MAP_LOOKUP;
	case BPF_FUNC_map_update_elem:
		return XNIC_FW_MAP_UPDATE;
	case BPF_FUNC_map_delete_elem:
		return XNIC_FW_MAP_DELETE;
	case BPF_FUNC_xdp_adjust_head:
		return XNIC_FW_ADJUST_HEAD;
	case BPF_FUNC_xdp_adjust_tail:
		return XNIC_FW_ADJUST_TAIL;
	case BPF_FUNC_get_prandom_u32:
		return XNIC_FW_PRANDOM;
	case BPF_FUNC_ktime_get_ns:
		return XNIC_FW_KTIME;
	case BPF_FUNC_perf_event_output:
		return XNIC_FW_PERF_OUTPUT;
	case BPF_FUNC_csum_diff:
		return XNIC_FW_CSUM_DIFF;
	default:
		return XNIC_FW_COUNT;
	}
}

static u32 sub_index(struct jit_ctx *c, u32 start)
{
	u32 i;

	for (i = 0; i < c->nsub; i++)
		if (c->sub_start[i] == start)
			return i;
	return 0;
}

/* immed/immed_w1 pair of 0 into GPR g, patched by the loader. */
static void e_reloc_addr(struct jit_ctx *c, u32 g, u32 type, u32 map,
			 u32 addend)
{
	jit_add_reloc(c, type, map, addend);
	e_immed(c, ra(g), 0, 0, 0, 0);
	e_immed(c, ra(g), 0, 0, 0, 2);
	jit_barrier(c);
}

/*
 * map_lookup_elem on an ARRAY with the key on the stack, inlined as
 * docs/abi.md allows: value = values + key * stride, NULL past the end.
 * Guards fall back to the firmware routine when R1 is not that map (the
 * metadata names the map of some path) or the key is not word aligned.
 */
static bool inline_array_lookup(struct jit_ctx *c)
{
	const struct xnic_insn_meta *m = jit_meta(c, c->cur);
	const struct xnic_map_def *def;
	u32 stride, l_call, l_null, l_done, sh;

	if (!m || m->map_idx >= c->prog->map_cnt ||
	    m->helper_arg_kind[1] != XNIC_PTR_STACK)
		return false;
	def = &c->prog->maps[m->map_idx];
	if (def->type != BPF_MAP_TYPE_ARRAY || def->key_size != 4 ||
	    !def->max_entries)
		return false;
	stride = (def->value_size + 7) & ~7u;
	l_call = jit_label_new(c);
	l_null = jit_label_new(c);
	l_done = jit_label_new(c);
	e_reloc_addr(c, T0, XNIC_RELO_MAP_DESC, m->map_idx, 0);
	e_alu(c, XNIC_OPND_NONE, ra(lo_g(1)), XNIC_ALU_SUB, rb(T0));
	e_br_label(c, XNIC_CC_NE, l_call);
	e_alu(c, XNIC_OPND_NONE, ra(lo_g(2)), XNIC_ALU_AND, xnic_imm(3));
	e_br_label(c, XNIC_CC_NE, l_call);
	e_csr_wr(c, XNIC_CSR_LM_ADDR0, ra(lo_g(2)));
	c->lm0_valid = false;
	/* Hazard slots: the value area's address and the bound. */
	e_reloc_addr(c, T2, XNIC_RELO_MAP_VALUE, m->map_idx, 0);
	e_const(c, T3, def->max_entries);
	e_mov(c, ra(T1), xnic_lm(0, 0));
	e_alu(c, XNIC_OPND_NONE, ra(T1), XNIC_ALU_SUB, rb(T3));
	e_br_label(c, XNIC_CC_HS, l_null);
	if (!(stride & (stride - 1))) {
		for (sh = 0; (1u << sh) < stride; sh++)
			;
		if (sh)
			e_shf(c, ra(T1), ra(T1), rb(T1), XNIC_SH_LSL, sh);
	} else {
		e_mul(c, XNIC_OPND_NONE, ra(T1),
		      e_opnd_const(c, stride, T3), XNIC_MUL_32X32,
		      XNIC_MSTEP_START);
		for (sh = 0; sh < 4; sh++)
			e_mul(c, XNIC_OPND_NONE, XNIC_OPND_NONE,
			      XNIC_OPND_NONE, XNIC_MUL_32X32,
			      XNIC_MSTEP_STEP);
		e_mul(c, ra(T1), XNIC_OPND_NONE, XNIC_OPND_NONE,
		      XNIC_MUL_32X32, XNIC_MSTEP_LAST);
	}
	e_alu(c, ra(lo_g(0)), ra(T2), XNIC_ALU_ADD, rb(T1));
	e_immed(c, ra(hi_g(0)), 0, 0, 0, 0);
	e_br_label(c, XNIC_CC_AL, l_done);
	jit_label_bind(c, l_null);
	e_immed(c, ra(lo_g(0)), 0, 0, 0, 0);
	e_immed(c, ra(hi_g(0)), 0, 0, 0, 0);
	e_br_label(c, XNIC_CC_AL, l_done);
	jit_label_bind(c, l_call);
	e_fwcall(c, XNIC_FW_MAP_LOOKUP);
	jit_label_bind(c, l_done);
	return true;
}

void jit_call(struct jit_ctx *c, const struct bpf_insn *insn)
{
	u32 frame, target, l_ret;
	struct xnic_insn in;

	if (insn->src_reg != BPF_PSEUDO_CALL) {
		u32 id = fw_routine(insn->imm);

		if (id == XNIC_FW_COUNT ||
		    !xnic_caps_has_helper(c->caps, (u32)insn->imm)) {
			jit_fail(c, -EINVAL, "helper %d is not supported",
				 insn->imm);
			return;
		}
		if (id == XNIC_FW_MAP_LOOKUP && inline_array_lookup(c))
			return;
		e_fwcall(c, id);
		return;
	}
	target = c->cur + 1 + insn->imm;
	frame = c->sub_frame[c->subprog_of[c->cur]] + JIT_SAVE_BYTES;
	l_ret = jit_label_new(c);
	e_alu(c, ra(G_FP), ra(G_FP), XNIC_ALU_SUB, e_opnd_const(c, frame, T1));
	/* Return address into T0; its value is a code address, fixed up. */
	xnic_insn_init(&in, XNIC_K_IMMED);
	in.f[XNIC_F_DST] = ra(T0);
	in.f[XNIC_F_WAB] = 1;
	jit_add_fix(c, c->len, FIX_IMM_LABEL, l_ret);
	jit_emit(c, &in);
	jit_barrier(c);
	e_br_bpf(c, XNIC_CC_AL, target, FIX_BPF);
	jit_label_bind(c, l_ret);
	e_alu(c, ra(G_FP), ra(G_FP), XNIC_ALU_ADD, e_opnd_const(c, frame, T1));
}

/* Callee entry: save the return address and the R6..R9 it writes. */
void jit_prologue(struct jit_ctx *c, u32 sub)
{
	u32 r, w = 1;

	jit_lm_point(c, 1, G_FP, 0);
	e_mov(c, xnic_lm(1, 0), rb(T0));
	for (r = 6; r <= 9; r++, w += 2) {
		if (!(c->sub_saves[sub] & (1u << (r - 6))))
			continue;
		e_mov(c, xnic_lm(1, w), rb(lo_g(r)));
		e_mov(c, xnic_lm(1, w + 1), rb(hi_g(r)));
	}
}

void jit_exit(struct jit_ctx *c)
{
	u32 sub = c->subprog_of[c->cur], r, w = 1;

	if (!sub) {
		e_halt(c);
		return;
	}
	jit_lm_point(c, 1, G_FP, 0);
	for (r = 6; r <= 9; r++, w += 2) {
		if (!(c->sub_saves[sub] & (1u << (r - 6))))
			continue;
		e_mov(c, ra(lo_g(r)), xnic_lm(1, w));
		e_mov(c, ra(hi_g(r)), xnic_lm(1, w + 1));
	}
	e_mov(c, ra(T0), xnic_lm(1, 0));
	e_rtn(c, ra(T0));
}

void jit_ld_imm64(struct jit_ctx *c, const struct bpf_insn *insn)
{
	u32 d = insn->dst_reg;
	const struct bpf_insn *next;

	if (c->cur + 1 >= c->prog->insn_cnt || d >= BPF_REG_10) {
		jit_fail(c, -EINVAL, "truncated or bad ld_imm64");
		return;
	}
	next = insn + 1;
	switch (insn->src_reg) {
	case 0:
		e_const(c, lo_g(d), (u32)insn->imm);
		e_const(c, hi_g(d), (u32)next->imm);
		return;
	case BPF_PSEUDO_MAP_FD:
	case BPF_PSEUDO_MAP_IDX:
	case BPF_PSEUDO_MAP_VALUE:
	case BPF_PSEUDO_MAP_IDX_VALUE:
		break;
	default:
		jit_fail(c, -EINVAL, "unsupported ld_imm64 source %u",
			 insn->src_reg);
		return;
	}
	if ((u32)insn->imm >= c->prog->map_cnt) {
		jit_fail(c, -EINVAL, "map index %d out of range", insn->imm);
		return;
	}
	if (insn->src_reg == BPF_PSEUDO_MAP_FD ||
	    insn->src_reg == BPF_PSEUDO_MAP_IDX)
		jit_add_reloc(c, XNIC_RELO_MAP_DESC, (u32)insn->imm, 0);
	else
		jit_add_reloc(c, XNIC_RELO_MAP_VALUE, (u32)insn->imm,
			      (u32)next->imm);
	e_immed(c, ra(lo_g(d)), 0, 0, 0, 0);
	e_immed(c, ra(lo_g(d)), 0, 0, 0, 2);
	jit_barrier(c);
	e_immed(c, ra(hi_g(d)), 0, 0, 0, 0);
}

/* Deepest stack offset reached through R10 directly (meta-less). */
static u32 scan_depth(struct jit_ctx *c, u32 from, u32 to)
{
	u32 i, depth = 0;

	for (i = from; i < to; i++) {
		const struct bpf_insn *in = &c->prog->insns[i];
		u8 cls = BPF_CLASS(in->code);
		bool lds = cls == BPF_LDX && in->src_reg == BPF_REG_10;
		bool sts = (cls == BPF_ST || cls == BPF_STX) &&
			   in->dst_reg == BPF_REG_10;

		if ((lds || sts) && in->off < 0 && (u32)-in->off > depth)
			depth = (u32)-in->off;
		/* R10 copied: offsets are unknown, assume a full frame. */
		if ((cls == BPF_ALU64 || cls == BPF_ALU) &&
		    BPF_SRC(in->code) == BPF_X && in->src_reg == BPF_REG_10 &&
		    depth < 512 / (c->nsub > 1 ? 8 : 1))
			depth = 512 / (c->nsub > 1 ? 8 : 1);
	}
	return depth;
}

static u8 scan_saves(struct jit_ctx *c, u32 from, u32 to)
{
	u32 i;
	u8 m = 0;

	for (i = from; i < to; i++) {
		const struct bpf_insn *in = &c->prog->insns[i];
		u8 cls = BPF_CLASS(in->code);
		u32 r = 0;

		if (cls == BPF_ALU || cls == BPF_ALU64 || cls == BPF_LDX ||
		    cls == BPF_LD)
			r = in->dst_reg;
		else if (cls == BPF_STX && BPF_MODE(in->code) == BPF_ATOMIC &&
			 (in->imm & BPF_FETCH))
			r = in->src_reg;
		if (r >= 6 && r <= 9)
			m |= 1u << (r - 6);
	}
	return m;
}

/* Frame sizes, callee saves and the deepest call chain's stack. */
int jit_frames(struct jit_ctx *c)
{
	u32 n = c->prog->insn_cnt, i, j, it, *total;
	bool changed = true;

	c->sub_frame = xnic_zalloc(c->nsub * sizeof(u32));
	c->sub_saves = xnic_zalloc(c->nsub);
	total = xnic_zalloc(c->nsub * sizeof(u32));
	if (!c->sub_frame || !c->sub_saves || !total) {
		xnic_free(total);
		return -ENOMEM;
	}
	for (i = 0; i < c->nsub; i++) {
		u32 from = c->sub_start[i];
		u32 to = i + 1 < c->nsub ? c->sub_start[i + 1] : n;
		u32 depth = scan_depth(c, from, to);

		if (c->meta) {
			for (j = 0; j < c->meta->subprog_cnt; j++)
				if (c->meta->subprogs[j].start == from &&
				    c->meta->subprogs[j].stack_depth > depth)
					depth = c->meta->subprogs[j].stack_depth;
		}
		c->sub_frame[i] = (depth + 7) & ~7u;
		c->sub_saves[i] = scan_saves(c, from, to);
	}
	/* Relax over the (acyclic) call graph: at most nsub rounds. */
	for (it = 0; it <= c->nsub && changed; it++) {
		changed = false;
		for (i = 0; i < c->nsub; i++) {
			u32 from = c->sub_start[i];
			u32 to = i + 1 < c->nsub ? c->sub_start[i + 1] : n;
			u32 t = c->sub_frame[i];

			for (j = from; j < to; j++) {
				const struct bpf_insn *in = &c->prog->insns[j];
				u32 callee;

				if (in->code != (BPF_JMP | BPF_CALL) ||
				    in->src_reg != BPF_PSEUDO_CALL)
					continue;
				callee = sub_index(c, j + 1 + in->imm);
				if (c->sub_frame[i] + JIT_SAVE_BYTES +
					    total[callee] >
				    t)
					t = c->sub_frame[i] + JIT_SAVE_BYTES +
					    total[callee];
			}
			if (t != total[i]) {
				total[i] = t;
				changed = true;
			}
		}
	}
	c->stack_total = total[0];
	xnic_free(total);
	if (changed) {
		jit_fail(c, -EINVAL, "recursive bpf-to-bpf calls");
		return c->err;
	}
	if (c->nsub > 1 && c->stack_total > c->caps->stack_size) {
		jit_fail(c, -EINVAL,
			 "stack of %u bytes (frames plus %u-byte call save areas) exceeds the %u bytes of local memory per context",
			 c->stack_total, JIT_SAVE_BYTES, c->caps->stack_size);
		return c->err;
	}
	return 0;
}
