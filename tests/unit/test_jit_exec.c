// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * JIT differential tests: generated programs run on the reference
 * interpreter (jit/bpf_interp.c) and, JIT-compiled, on the cycle-accurate
 * simulator; r0 and the memory buffer must agree exactly.  Programs mix
 * every ALU/ALU64 op (K and X, signed division, movsx, byte swaps, shifts)
 * on edge values, forward conditional jumps of every condition, and loads,
 * stores and atomics of every size on the stack and on a buffer in EMEM
 * (the generic, meta-less lowering).  Deterministic: a fixed xorshift seed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "xnic/bpf_interp.h"
#include "xnic/jit.h"
#include "xnic/sim.h"

#include "helpers/jit_runner.h"

#define MAX_INSNS 256
#define MEM_LEN	  64

struct gen {
	u64 s;
	struct bpf_insn p[MAX_INSNS];
	u32 n;
};

static u64 rnd(struct gen *g)
{
	g->s ^= g->s >> 12;
	g->s ^= g->s << 25;
	g->s ^= g->s >> 27;
	return g->s * 0x2545f4914f6cdd1dULL;
}

static u32 pick(struct gen *g, u32 n)
{
	return (u32)(rnd(g) % n);
}

static const u64 edges[] = {
	0,
	1,
	2,
	3,
	7,
	0xff,
	0x7fff,
	0x8000,
	0xffff,
	0x7fffffff,
	0x80000000,
	0xffffffff,
	0x100000000ULL,
	0x7fffffffffffffffULL,
	0x8000000000000000ULL,
	0xffffffffffffffffULL,
	0xfffffffffffffffeULL,
	0x123456789abcdef0ULL,
};

static u64 value(struct gen *g)
{
	return pick(g, 3) ? edges[pick(g, ARRAY_SIZE(edges))] : rnd(g);
}

static s32 imm(struct gen *g)
{
	static const s32 small[] = {0,	     1,	      -1,	 2,	3,
				    5,	     7,	      16,	 255,	256,
				    -255,    1000,    65535,	 65536, -65536,
				    S32_MAX, S32_MIN, 0x12345678};

	return pick(g, 2) ? small[pick(g, ARRAY_SIZE(small))] : (s32)rnd(g);
}

static void emit(struct gen *g, u8 code, u8 dst, u8 src, s16 off, s32 imm_)
{
	struct bpf_insn *in = &g->p[g->n++];

	memset(in, 0, sizeof(*in));
	in->code = code;
	in->dst_reg = dst;
	in->src_reg = src;
	in->off = off;
	in->imm = imm_;
}

static void lddw(struct gen *g, u8 dst, u64 v)
{
	emit(g, BPF_LD | BPF_IMM | BPF_DW, dst, 0, 0, (s32)(u32)v);
	emit(g, 0, 0, 0, 0, (s32)(u32)(v >> 32));
}

/* One random ALU instruction on registers 0..nregs-1. */
static void alu_insn(struct gen *g, u32 nregs)
{
	static const u8 ops[] = {BPF_ADD, BPF_SUB, BPF_MUL,  BPF_DIV, BPF_OR,
				 BPF_AND, BPF_LSH, BPF_RSH,  BPF_NEG, BPF_MOD,
				 BPF_XOR, BPF_MOV, BPF_ARSH, BPF_END};
	u8 op = ops[pick(g, ARRAY_SIZE(ops))];
	u8 cls = pick(g, 2) ? BPF_ALU64 : BPF_ALU;
	u8 src = pick(g, 2) ? BPF_X : BPF_K;
	u8 d = (u8)pick(g, nregs), s = (u8)pick(g, nregs);
	s16 off = 0;
	s32 k = imm(g);

	switch (op) {
	case BPF_LSH:
	case BPF_RSH:
	case BPF_ARSH:
		k = (s32)pick(g, cls == BPF_ALU64 ? 64 : 32);
		break;
	case BPF_DIV:
	case BPF_MOD:
		off = (s16)pick(g, 2); /* sdiv/smod */
		break;
	case BPF_MOV:
		if (src == BPF_X && pick(g, 3) == 0) {
			static const s16 sx[] = {8, 16, 32};

			off = sx[pick(g, cls == BPF_ALU64 ? 3 : 2)];
		}
		break;
	case BPF_NEG:
		src = BPF_K;
		k = 0;
		break;
	case BPF_END: {
		static const s32 w[] = {16, 32, 64};

		k = w[pick(g, 3)];
		/* ALU64 END is bswap (to_le only); ALU: to_le or to_be. */
		src = cls == BPF_ALU64 ? BPF_K : (pick(g, 2) ? BPF_X : BPF_K);
		break;
	}
	}
	emit(g, cls | op | src, d, s, off, k);
}

/* A forward conditional jump over 1..3 instructions. */
static void jmp_insn(struct gen *g, u32 nregs, u32 skip)
{
	static const u8 ops[] = {BPF_JEQ, BPF_JGT,  BPF_JGE,  BPF_JSET,
				 BPF_JNE, BPF_JSGT, BPF_JSGE, BPF_JLT,
				 BPF_JLE, BPF_JSLT, BPF_JSLE};
	u8 cls = pick(g, 2) ? BPF_JMP : BPF_JMP32;
	u8 src = pick(g, 2) ? BPF_X : BPF_K;

	emit(g, cls | ops[pick(g, ARRAY_SIZE(ops))] | src, (u8)pick(g, nregs),
	     (u8)pick(g, nregs), (s16)skip, imm(g));
}

/* r0 = a mix of r0..r(n-1), so every register's value is checked. */
static void fold(struct gen *g, u32 nregs)
{
	u8 i;

	for (i = 1; i < nregs; i++) {
		emit(g, BPF_ALU64 | BPF_XOR | BPF_X, 0, i, 0, 0);
		emit(g, BPF_ALU64 | BPF_MOV | BPF_X, i, 0, 0, 0);
		emit(g, BPF_ALU64 | BPF_LSH | BPF_K, 0, 0, 0, 7);
		emit(g, BPF_ALU64 | BPF_RSH | BPF_K, i, 0, 0, 57);
		emit(g, BPF_ALU64 | BPF_OR | BPF_X, 0, i, 0, 0);
	}
	emit(g, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
}

static void print_prog(const struct gen *g)
{
	u32 i;

	for (i = 0; i < g->n; i++)
		fprintf(stderr,
			"  %3u: code 0x%02x dst %u src %u off %d imm %d\n", i,
			g->p[i].code, g->p[i].dst_reg, g->p[i].src_reg,
			g->p[i].off, g->p[i].imm);
}

/* Run g on both sides; mem (may be NULL) is given to each as a copy. */
static void compare(struct runner *r, struct gen *g, const u8 *mem, u32 iter)
{
	struct xnic_bpf_interp_cfg icfg;
	struct xnic_bpf_interp_result ires;
	struct xnic_sim_pkt_result sres;
	struct xnic_prog prog = {0};
	struct xnic_image img;
	struct xnic_diag d;
	u8 m_ref[MEM_LEN], m_nic[MEM_LEN];
	char dbuf[512], err[256];

	if (mem) {
		memcpy(m_ref, mem, MEM_LEN);
		memcpy(m_nic, mem, MEM_LEN);
	}
	memset(&icfg, 0, sizeof(icfg));
	icfg.insns = g->p;
	icfg.insn_cnt = g->n;
	icfg.mem = mem ? m_ref : NULL;
	icfg.mem_len = mem ? MEM_LEN : 0;
	assert_int_equal(xnic_bpf_interp_run(&icfg, &ires), 0);

	prog.name = "gen";
	prog.insns = g->p;
	prog.insn_cnt = g->n;
	xnic_diag_init(&d, dbuf, sizeof(dbuf));
	if (xnic_jit_compile(&prog, NULL, &r->caps, &img, &d))
		fail_msg("iteration %u: jit: %s", iter, dbuf);
	if (xnic_sim_load(r->sim, &img, err, sizeof(err)))
		fail_msg("iteration %u: load: %s", iter, err);
	xnic_image_release(&img);
	memset(&sres, 0, sizeof(sres));
	xnic_sim_run_raw(r->sim, NULL, mem ? m_nic : NULL, mem ? MEM_LEN : 0,
			 XNIC_MEM_EMEM, &sres);
	if (sres.err) {
		print_prog(g);
		fail_msg("iteration %u: simulator: %s", iter, sres.errmsg);
	}
	if (sres.r0 != ires.r0) {
		print_prog(g);
		fail_msg("iteration %u: r0 0x%llx on the NIC, 0x%llx in the "
			 "interpreter",
			 iter, (unsigned long long)sres.r0,
			 (unsigned long long)ires.r0);
	}
	if (mem && memcmp(m_ref, m_nic, MEM_LEN)) {
		print_prog(g);
		fail_msg("iteration %u: memory differs", iter);
	}
}

static void test_random_alu(void **state)
{
	struct runner *r = *state;
	struct gen g;
	u32 iter, i;

	g.s = 0x9e3779b97f4a7c15ULL;
	for (iter = 0; iter < 400; iter++) {
		g.n = 0;
		for (i = 0; i < 10; i++)
			lddw(&g, (u8)i, value(&g));
		for (i = 0; i < 24; i++) {
			if (pick(&g, 5) == 0 && i < 20) {
				u32 skip = 1 + pick(&g, 3);

				jmp_insn(&g, 10, skip);
				while (skip--)
					alu_insn(&g, 10);
			} else {
				alu_insn(&g, 10);
			}
		}
		fold(&g, 10);
		compare(r, &g, NULL, iter);
	}
}

/* Loads, stores and atomics on the stack and on an EMEM buffer. */
static void mem_insn(struct gen *g)
{
	static const u8 sizes[] = {BPF_B, BPF_H, BPF_W, BPF_DW};
	static const s32 aops[] = {BPF_ADD,
				   BPF_AND,
				   BPF_OR,
				   BPF_XOR,
				   BPF_ADD | BPF_FETCH,
				   BPF_AND | BPF_FETCH,
				   BPF_OR | BPF_FETCH,
				   BPF_XOR | BPF_FETCH,
				   BPF_XCHG,
				   BPF_CMPXCHG};
	u8 sz = sizes[pick(g, 4)], bytes = sz == BPF_B ? 1 :
					   sz == BPF_H ? 2 :
					   sz == BPF_W ? 4 :
							 8;
	bool stack = pick(g, 2);
	u8 base = stack ? BPF_REG_10 : BPF_REG_9;
	s16 off = (s16)(pick(g, MEM_LEN / bytes) * bytes);
	u8 reg = (u8)pick(g, 9);

	if (stack)
		off = (s16)(off - MEM_LEN);
	switch (pick(g, 5)) {
	case 0:
		emit(g, BPF_LDX | BPF_MEM | sz, reg, base, off, 0);
		break;
	case 1:
		if (sz != BPF_DW) {
			emit(g, BPF_LDX | BPF_MEMSX | sz, reg, base, off, 0);
			break;
		}
		emit(g, BPF_ST | BPF_MEM | sz, base, 0, off, imm(g));
		break;
	case 2:
		emit(g, BPF_STX | BPF_MEM | sz, base, reg, off, 0);
		break;
	case 3:
		if (sz == BPF_W || sz == BPF_DW) {
			emit(g, BPF_STX | BPF_ATOMIC | sz, base, reg, off,
			     aops[pick(g, ARRAY_SIZE(aops))]);
			break;
		}
		emit(g, BPF_ST | BPF_MEM | sz, base, 0, off, imm(g));
		break;
	default:
		alu_insn(g, 9);
	}
}

static void test_random_mem(void **state)
{
	struct runner *r = *state;
	u8 mem[MEM_LEN];
	struct gen g;
	u32 iter, i;

	g.s = 0x243f6a8885a308d3ULL;
	for (iter = 0; iter < 300; iter++) {
		g.n = 0;
		for (i = 0; i < MEM_LEN; i++)
			mem[i] = (u8)rnd(&g);
		emit(&g, BPF_ALU64 | BPF_MOV | BPF_X, 9, 1, 0, 0);
		for (i = 0; i < 9; i++)
			lddw(&g, (u8)i, value(&g));
		/* The interpreter's stack starts zeroed; the NIC's need not. */
		for (i = 0; i < MEM_LEN / 8; i++)
			emit(&g, BPF_ST | BPF_MEM | BPF_DW, BPF_REG_10, 0,
			     (s16)(-8 * (s32)(i + 1)), 0);
		for (i = 0; i < 40; i++)
			mem_insn(&g);
		/* Fold the stack into r0 too. */
		for (i = 0; i < MEM_LEN / 8; i++) {
			emit(&g, BPF_LDX | BPF_MEM | BPF_DW, 8, BPF_REG_10,
			     (s16)(-8 * (s32)(i + 1)), 0);
			emit(&g, BPF_ALU64 | BPF_XOR | BPF_X, 0, 8, 0, 0);
			emit(&g, BPF_ALU64 | BPF_LSH | BPF_K, 8, 0, 0, 3);
			emit(&g, BPF_ALU64 | BPF_ADD | BPF_X, 0, 8, 0, 0);
		}
		fold(&g, 9);
		compare(r, &g, mem, iter);
	}
}

static void test_calls(void **state)
{
	struct runner *r = *state;
	struct gen g;
	u32 iter, i;

	g.s = 0xb7e151628aed2a6bULL;
	for (iter = 0; iter < 100; iter++) {
		u32 call_at;

		g.n = 0;
		for (i = 0; i < 10; i++)
			lddw(&g, (u8)i, value(&g));
		emit(&g, BPF_ST | BPF_MEM | BPF_DW, BPF_REG_10, 0, -8, 11);
		call_at = g.n;
		emit(&g, BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, 0);
		/* Right after the return: the frame pointer just moved back. */
		emit(&g, BPF_LDX | BPF_MEM | BPF_DW, 1, BPF_REG_10, -8, 0);
		emit(&g, BPF_ALU64 | BPF_XOR | BPF_X, 0, 1, 0, 0);
		for (i = 0; i < 8; i++)
			alu_insn(&g, 10);
		emit(&g, BPF_LDX | BPF_MEM | BPF_DW, 1, BPF_REG_10, -8, 0);
		emit(&g, BPF_ALU64 | BPF_ADD | BPF_X, 0, 1, 0, 0);
		fold(&g, 10);
		/* The callee clobbers R6..R9 (restored) and uses its stack. */
		g.p[call_at].imm = (s32)(g.n - call_at - 1);
		emit(&g, BPF_ST | BPF_MEM | BPF_DW, BPF_REG_10, 0, -8, 99);
		for (i = 0; i < 12; i++)
			alu_insn(&g, 10);
		emit(&g, BPF_LDX | BPF_MEM | BPF_DW, 2, BPF_REG_10, -8, 0);
		emit(&g, BPF_ALU64 | BPF_ADD | BPF_X, 0, 2, 0, 0);
		emit(&g, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
		compare(r, &g, NULL, iter);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_alu),
		cmocka_unit_test(test_random_mem),
		cmocka_unit_test(test_calls),
	};

	return cmocka_run_group_tests(tests, jit_runner_setup,
				      jit_runner_teardown);
}
