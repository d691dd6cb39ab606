// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The metadata must hold on every concrete run, pruned paths included:
 * random programs (scalar ALU, branches, spills and fills, narrow stack
 * stores, stack through another pointer, bpf-to-bpf calls, bounded loops)
 * are verified, then run on the reference interpreter with random helper
 * results, and before each insn every fact the JIT may use is checked:
 * SEEN, the merged range and known bits of each scalar operand the insn
 * reads, DST/SRC_HI32_ZERO (also for a destination the insn only writes:
 * the JIT then leaves a known-zero upper half alone), HI32_ZERO of the
 * result and BRANCH_ALWAYS/NEVER.  Deterministic: fixed seeds, exact
 * counts.  This is what found the pruning bugs precision tracking had to
 * avoid (docs/verifier.md, "Precision").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "xnic/bpf_interp.h"
#include "xnic/caps.h"
#include "xnic/verifier.h"

#define I(c, d, s, o, i)                   \
	((struct bpf_insn){.code = (c),    \
			   .dst_reg = (d), \
			   .src_reg = (s), \
			   .off = (o),     \
			   .imm = (i)})
#define MAX_INSNS	1024
/* the exact workload (fixed seeds), so a change in it is noticed */
#define ORACLE_ACCEPTED 874
#define ORACLE_CHECKS	283319

struct oracle {
	u64 gen_rng, helper_rng;
	struct bpf_insn p[MAX_INSNS];
	u32 n;
	struct xnic_prog_meta meta;
	u32 prev; /* insn before the current one, ~0u: none to check */
	u64 checks, violations;
};

static u64 next(u64 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static int h_ktime(struct xnic_bpf_interp *ip, void *priv, const u64 a[5],
		   u64 *ret)
{
	struct oracle *o = priv;
	u64 v = next(&o->helper_rng);

	switch (v % 4) { /* small, 32-bit, 64-bit and single-bit values */
	case 0:
		*ret = v;
		break;
	case 1:
		*ret = v & 0xff;
		break;
	case 2:
		*ret = v & 0xffffffff;
		break;
	default:
		*ret = 1ULL << (v % 64);
	}
	return 0;
}

static int h_prandom(struct xnic_bpf_interp *ip, void *priv, const u64 a[5],
		     u64 *ret)
{
	*ret = next(&((struct oracle *)priv)->helper_rng) & 0xffffffff;
	return 0;
}

static bool in_scalar(const struct xnic_scalar *s, u64 v)
{
	return v >= s->umin && v <= s->umax && (s64)v >= s->smin &&
	       (s64)v <= s->smax && (u32)v >= s->u32_min &&
	       (u32)v <= s->u32_max && (s32)v >= s->s32_min &&
	       (s32)v <= s->s32_max && (v & ~s->tnum_mask) == s->tnum_value;
}

static void violation(struct oracle *o, u32 pc, const char *what, u64 v)
{
	if (o->violations++ < 5)
		fprintf(stderr, "insn %u: %s does not hold (value 0x%llx)\n",
			pc, what, (unsigned long long)v);
}

static bool is_cond_jmp(const struct bpf_insn *in)
{
	u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);

	return (cls == BPF_JMP || cls == BPF_JMP32) && op != BPF_CALL &&
	       op != BPF_EXIT && op != BPF_JA;
}

/* What the previous insn's metadata said about its result and branch. */
static void check_prev(struct oracle *o, u32 pc, const u64 *regs)
{
	const struct xnic_insn_meta *m = &o->meta.insn[o->prev];
	const struct bpf_insn *in = &o->p[o->prev];
	u8 cls = BPF_CLASS(in->code);

	if ((cls == BPF_ALU || cls == BPF_ALU64 || cls == BPF_LDX) &&
	    (m->flags & XNIC_META_HI32_ZERO) && regs[in->dst_reg] >> 32)
		violation(o, o->prev, "HI32_ZERO", regs[in->dst_reg]);
	if (is_cond_jmp(in)) {
		bool taken = pc != o->prev + 1;

		if ((m->flags & XNIC_META_BRANCH_ALWAYS) && !taken)
			violation(o, o->prev, "BRANCH_ALWAYS", 0);
		if ((m->flags & XNIC_META_BRANCH_NEVER) && taken)
			violation(o, o->prev, "BRANCH_NEVER", 0);
	}
}

static void trace(void *priv, u32 pc, const u64 regs[MAX_BPF_REG])
{
	struct oracle *o = priv;
	const struct xnic_insn_meta *m = &o->meta.insn[pc];
	const struct bpf_insn *in = &o->p[pc];
	u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	bool alu = cls == BPF_ALU || cls == BPF_ALU64;
	bool dst_read = (alu && op != BPF_MOV) || is_cond_jmp(in);
	bool src_read = cls == BPF_STX || ((alu || is_cond_jmp(in)) &&
					   BPF_SRC(in->code) == BPF_X);
	u64 v;

	o->checks++;
	if (!(m->flags & XNIC_META_SEEN))
		violation(o, pc, "SEEN", 0);
	if (o->prev != ~0u)
		check_prev(o, pc, regs);
	/* after a call or an ld_imm64 the next traced insn is elsewhere */
	o->prev = (cls == BPF_JMP && op == BPF_CALL) ||
				  in->code == (BPF_LD | BPF_IMM | BPF_DW) ?
			  ~0u :
			  pc;
	if (m->dst_reg_kind == XNIC_REG_SCALAR && in->dst_reg < MAX_BPF_REG) {
		v = regs[in->dst_reg];
		if ((m->flags & XNIC_META_DST_HI32_ZERO) && v >> 32)
			violation(o, pc, "DST_HI32_ZERO", v);
		if (dst_read && !in_scalar(&m->dst, v))
			violation(o, pc, "dst range", v);
	}
	if (src_read && m->src_reg_kind == XNIC_REG_SCALAR) {
		v = regs[in->src_reg];
		if ((m->flags & XNIC_META_SRC_HI32_ZERO) && v >> 32)
			violation(o, pc, "SRC_HI32_ZERO", v);
		if (!in_scalar(&m->src, v))
			violation(o, pc, "src range", v);
	}
}

static void put(struct oracle *o, struct bpf_insn in)
{
	assert_true(o->n < MAX_INSNS);
	o->p[o->n++] = in;
}

/* Stack through another pointer, a call, or a bounded loop over r8. */
static void gen_extra(struct oracle *o, u32 d, u32 s, u32 *calls, u32 *nc)
{
	u32 r, head;

	switch (next(&o->gen_rng) % 3) {
	case 0:
		put(o, I(BPF_ALU64 | BPF_MOV | BPF_X, 1, 10, 0, 0));
		put(o, I(BPF_ALU64 | BPF_ADD | BPF_K, 1, 0, 0,
			 -8 * (s32)(1 + next(&o->gen_rng) % 2)));
		if (next(&o->gen_rng) % 2)
			put(o, I(BPF_STX | BPF_MEM | BPF_DW, 1, s == 1 ? 2 : s,
				 0, 0));
		else
			put(o, I(BPF_LDX | BPF_MEM | BPF_W, d == 1 ? 2 : d, 1,
				 0, 0));
		put(o, I(BPF_ALU64 | BPF_MOV | BPF_K, 1, 0, 0, 7));
		break;
	case 1:
		calls[(*nc)++] = o->n;
		put(o, I(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, 0));
		for (r = 1; r <= 5; r++)
			put(o, I(BPF_ALU64 | BPF_MOV | BPF_K, r, 0, 0,
				 (s32)(next(&o->gen_rng) % 1000)));
		break;
	default:
		put(o, I(BPF_ALU64 | BPF_MOV | BPF_K, 8, 0, 0, 0));
		head = o->n;
		put(o, I(BPF_ALU64 | BPF_ADD | BPF_K, 8, 0, 0, 1));
		put(o, I(BPF_ALU64 | BPF_XOR | BPF_X, d == 8 ? 9 : d, 8, 0, 0));
		put(o,
		    I(BPF_JMP | BPF_JLT | BPF_K, 8, 0, (s16)(head - o->n - 1),
		      (s32)(3 + next(&o->gen_rng) % 3)));
	}
}

static void gen(struct oracle *o, u32 body)
{
	static const u8 ops[] = {BPF_ADD, BPF_SUB, BPF_MUL, BPF_OR,   BPF_AND,
				 BPF_XOR, BPF_LSH, BPF_RSH, BPF_ARSH, BPF_MOV,
				 BPF_DIV, BPF_MOD, BPF_NEG};
	static const u8 jops[] = {BPF_JEQ, BPF_JNE,  BPF_JGT,  BPF_JGE, BPF_JLT,
				  BPF_JLE, BPF_JSGT, BPF_JSLT, BPF_JSET};
	u32 i, r, calls[MAX_INSNS], nc = 0, sub;
	u64 *g = &o->gen_rng;

	o->n = 0;
	for (r = 6; r <= 8; r++) { /* r6-r8: helper results */
		put(o, I(BPF_JMP | BPF_CALL, 0, 0, 0,
			 r == 7 ? BPF_FUNC_get_prandom_u32 :
				  BPF_FUNC_ktime_get_ns));
		put(o, I(BPF_ALU64 | BPF_MOV | BPF_X, r, 0, 0, 0));
	}
	put(o, I(BPF_ALU64 | BPF_MOV | BPF_K, 9, 0, 0, (s32)next(g)));
	for (r = 1; r <= 5; r++)
		put(o, I(BPF_ALU64 | BPF_MOV | BPF_K, r, 0, 0,
			 (s32)(next(g) % 1000)));
	put(o, I(BPF_ST | BPF_MEM | BPF_DW, 10, 0, -8, 0));
	put(o, I(BPF_ST | BPF_MEM | BPF_DW, 10, 0, -16, 3));
	for (i = 0; i < body; i++) {
		u32 t = next(g) % 16, d = next(g) % 10, s = next(g) % 10;
		bool is64 = next(g) % 3, x = next(g) % 2;
		u8 op = ops[next(g) % sizeof(ops)];
		s32 imm;

		switch (next(g) % 4) {
		case 0:
			imm = (s32)(next(g) % 8);
			break;
		case 1:
			imm = (s32)next(g);
			break;
		case 2:
			imm = -(s32)(next(g) % 8);
			break;
		default:
			imm = 1 << (next(g) % 31);
		}
		if (t < 8) {
			if (op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH)
				imm = (s32)(next(g) % (is64 ? 64 : 32));
			if ((op == BPF_DIV || op == BPF_MOD) && !imm)
				imm = 3;
			if (op == BPF_NEG)
				x = false;
			put(o,
			    I((is64 ? BPF_ALU64 : BPF_ALU) | op |
				      (x ? BPF_X : BPF_K),
			      d, x ? s : 0, 0, x || op == BPF_NEG ? 0 : imm));
		} else if (t < 12) {
			put(o, I((next(g) % 4 ? BPF_JMP : BPF_JMP32) |
					 jops[next(g) % sizeof(jops)] |
					 (x ? BPF_X : BPF_K),
				 d, x ? s : 0, (s16)(1 + next(g) % 6),
				 x ? 0 : imm));
		} else if (t == 12) {
			put(o, I(BPF_STX | BPF_MEM | BPF_DW, 10, s,
				 -8 * (s16)(1 + next(g) % 2), 0));
		} else if (t == 13) {
			put(o, I(BPF_LDX | BPF_MEM |
					 (next(g) % 2 ? BPF_DW : BPF_W),
				 d, 10, -8 * (s16)(1 + next(g) % 2), 0));
		} else if (t == 14) {
			put(o, I(BPF_STX | BPF_MEM | BPF_W, 10, s,
				 -4 - 8 * (s16)(next(g) % 2), 0));
		} else if (next(g) % 3 == 0) {
			gen_extra(o, d, s, calls, &nc);
		} else {
			put(o, I(BPF_ALU | BPF_MOV | BPF_X, d, s, 0, 0));
		}
	}
	/* forward jumps may overshoot the body: land on the final insns */
	for (r = 0; r < 6; r++)
		put(o, I(BPF_ALU64 | BPF_MOV | BPF_X, 0, next(g) % 10, 0, 0));
	put(o, I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0));
	if (!nc)
		return;
	sub = o->n; /* r0 = r1 (+ r2 when r2 is even) + k */
	put(o, I(BPF_ALU64 | BPF_MOV | BPF_X, 0, 1, 0, 0));
	put(o, I(BPF_JMP | BPF_JSET | BPF_K, 2, 0, 1, 1));
	put(o, I(BPF_ALU64 | BPF_ADD | BPF_X, 0, 2, 0, 0));
	put(o, I(BPF_ALU64 | BPF_ADD | BPF_K, 0, 0, 0, (s32)(next(g) % 5)));
	put(o, I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0));
	for (i = 0; i < nc; i++)
		o->p[calls[i]].imm = (s32)(sub - calls[i] - 1);
}

static void run_programs(struct oracle *o, u32 progs, u32 body, u32 runs,
			 u32 *accepted)
{
	xnic_bpf_helper_fn helpers[8] = {0};
	struct xnic_dev_caps caps;
	struct xnic_diag diag;
	static char buf[4096];
	u32 it, j;

	helpers[BPF_FUNC_ktime_get_ns] = h_ktime;
	helpers[BPF_FUNC_get_prandom_u32] = h_prandom;
	xnic_dev_caps_default(&caps);
	for (it = 0; it < progs; it++) {
		struct xnic_prog pr = {.name = "o", .type = XNIC_PROG_XDP};
		struct xnic_bpf_interp_cfg cfg = {.helpers = helpers,
						  .helper_cnt = 8,
						  .helper_priv = o,
						  .trace = trace,
						  .trace_priv = o};
		struct xnic_bpf_interp_result res;

		gen(o, body);
		pr.insns = o->p;
		pr.insn_cnt = o->n;
		xnic_diag_init(&diag, buf, sizeof(buf));
		if (xnic_verify(&pr, &caps, NULL, &o->meta, &diag)) {
			xnic_prog_meta_free(&o->meta);
			continue; /* !read_ok and the like: nothing to check */
		}
		(*accepted)++;
		cfg.insns = o->p;
		cfg.insn_cnt = o->n;
		for (j = 0; j < runs; j++) {
			o->prev = ~0u;
			assert_int_equal(xnic_bpf_interp_run(&cfg, &res), 0);
		}
		xnic_prog_meta_free(&o->meta);
	}
}

static void test_meta_holds(void **state)
{
	struct oracle *o = calloc(1, sizeof(*o));
	u32 accepted = 0;

	assert_non_null(o);
	o->gen_rng = 0x2545f4914f6cdd1dULL;
	o->helper_rng = 0x9e3779b97f4a7c15ULL;
	run_programs(o, 1000, 40, 6, &accepted);
	assert_int_equal(o->violations, 0);
	assert_int_equal(accepted, ORACLE_ACCEPTED);
	assert_int_equal(o->checks, ORACLE_CHECKS);
	free(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meta_holds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
