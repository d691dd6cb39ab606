// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Random BPF programs for differential testing: the reference interpreter
 * against the host kernel (tests/unit/test_bpf_interp_kernel.c) and
 * against any conformance backend (xnic-conformance --fuzz), far beyond
 * what the 313 vectors reach.
 *
 * Every program terminates and the kernel verifier accepts it: branches
 * go forward, except the back edge of counted loops (1-4 iterations, the
 * counter in r6-r8 untouched by the loop body, no jump lands inside a
 * loop); bpf-to-bpf calls go to leaf subprograms after the main exit that
 * read only their arguments, and the caller re-initialises r1-r5 after
 * each call (their values are undefined then); all registers and 64 bytes
 * of stack are initialised first, shift immediates are in range, constant
 * divisors are non-zero.  Values lean on the edges of the arithmetic (0,
 * -1, INT_MIN, 2^32 ...).  With use_mem, r1 points at a
 * XNIC_FUZZ_MEM_LEN-byte buffer that loads, stores and atomics reach; r1
 * and its copy r9 are then never written nor read as values (a pointer's
 * numeric value differs between engines).  Deterministic for a seed.
 */
#include "xnic/conformance.h"

#define MAX_BLOCKS 4
#define MAX_CALLS  2

struct gen {
	u64 *seed;
	bool use_mem;
	bool in_callee; /* only r0-r5 exist there */
	struct xnic_fuzz_prog *p;
	/* no forward jump may land in [prot_lo, prot_hi) */
	u32 prot_lo[MAX_BLOCKS], prot_hi[MAX_BLOCKS], nprot;
	u32 call_pc[MAX_CALLS], ncalls;
};

#define BODY 24

static u64 rnd(struct gen *g)
{
	*g->seed = *g->seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return *g->seed >> 33;
}

static void put(struct gen *g, u8 code, u8 dst, u8 src, s16 off, s32 imm)
{
	struct bpf_insn *in;

	if (g->p->cnt >= XNIC_FUZZ_MAX_INSNS)
		return;
	in = &g->p->insns[g->p->cnt++];
	memset(in, 0, sizeof(*in));
	in->code = code;
	in->dst_reg = dst;
	in->src_reg = src;
	in->off = off;
	in->imm = imm;
}

/*
 * A register the code may read and write: r0-r9, minus r1 and r9 (the
 * buffer pointer and its saved copy) with memory; r0-r5 in a callee.
 */
static u8 reg(struct gen *g)
{
	static const u8 mem_main[] = {0, 2, 3, 4, 5, 6, 7, 8};
	static const u8 mem_callee[] = {0, 2, 3, 4, 5};

	if (g->in_callee)
		return g->use_mem ?
			       mem_callee[rnd(g) % ARRAY_SIZE(mem_callee)] :
			       (u8)(rnd(g) % 6);
	if (g->use_mem)
		return mem_main[rnd(g) % ARRAY_SIZE(mem_main)];
	return (u8)(rnd(g) % 10);
}

static u64 value(struct gen *g)
{
	static const u64 edges[] = {
		0,
		1,
		2,
		0xffffffffffffffffULL,
		0x8000000000000000ULL,
		0x7fffffffffffffffULL,
		0x80000000ULL,
		0x7fffffffULL,
		0xffffffffULL,
		0xffffffff80000000ULL,
		0x100000000ULL,
		0xff,
		0x8081,
	};

	if (rnd(g) % 2)
		return edges[rnd(g) % ARRAY_SIZE(edges)];
	return rnd(g) << 33 ^ rnd(g) << 7 ^ rnd(g);
}

static s32 imm_value(struct gen *g)
{
	static const s32 edges[] = {1,	-1,	    2,	     3,	   7,
				    -7, 0x7fffffff, S32_MIN, 0xff, -256};

	return rnd(g) % 2 ? edges[rnd(g) % ARRAY_SIZE(edges)] : (s32)rnd(g);
}

static void gen_alu(struct gen *g, u8 avoid)
{
	static const u8 ops[] = {BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV,
				 BPF_OR,  BPF_AND, BPF_LSH, BPF_RSH,
				 BPF_MOD, BPF_XOR, BPF_MOV, BPF_ARSH};
	bool is64 = rnd(g) % 2;
	u8 cls = is64 ? BPF_ALU64 : BPF_ALU;
	u8 op = ops[rnd(g) % ARRAY_SIZE(ops)];
	u8 dst = reg(g), src = reg(g);
	s16 off = 0;
	s32 imm;

	while (dst == avoid)
		dst = reg(g);
	if ((op == BPF_DIV || op == BPF_MOD) && rnd(g) % 2)
		off = 1; /* sdiv / smod */
	if (rnd(g) % 2) {
		put(g, cls | op | BPF_X, dst, src, off, 0);
		return;
	}
	imm = imm_value(g);
	if (op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH)
		imm = (s32)(rnd(g) % (is64 ? 64 : 32));
	if ((op == BPF_DIV || op == BPF_MOD) && !imm)
		imm = 3; /* the verifier refuses a constant zero divisor */
	put(g, cls | op | BPF_K, dst, 0, off, imm);
}

/* Base register and aligned offset of a memory operand of bytes size. */
static void place(struct gen *g, u32 bytes, u8 *base, s16 *off)
{
	if (g->use_mem && (g->in_callee || rnd(g) % 2)) {
		*base = BPF_REG_1;
		*off = (s16)(bytes * (rnd(g) % (XNIC_FUZZ_MEM_LEN / bytes)));
		return;
	}
	/* a slot in the 64 bytes of stack the prologue zeroed */
	*base = BPF_REG_10;
	*off = (s16)(-8 * (s16)(1 + rnd(g) % 8) +
		     (s16)(bytes * (rnd(g) % (8 / bytes))));
}

static void gen_other(struct gen *g)
{
	static const s16 sx[] = {8, 16, 32};
	static const s32 atomics[] = {BPF_ADD,
				      BPF_OR,
				      BPF_AND,
				      BPF_XOR,
				      BPF_ADD | BPF_FETCH,
				      BPF_OR | BPF_FETCH,
				      BPF_AND | BPF_FETCH,
				      BPF_XOR | BPF_FETCH,
				      BPF_XCHG,
				      BPF_CMPXCHG};
	static const u8 sizes[] = {BPF_B, BPF_H, BPF_W, BPF_DW};
	u8 dst = reg(g), src = reg(g), base;
	u8 size = sizes[rnd(g) % 4];
	u32 bytes = size == BPF_B ? 1 :
		    size == BPF_H ? 2 :
		    size == BPF_W ? 4 :
				    8;
	s16 off, w;

	switch (rnd(g) % 7) {
	case 0:
		put(g, (rnd(g) % 2 ? BPF_ALU64 : BPF_ALU) | BPF_NEG | BPF_K,
		    dst, 0, 0, 0);
		break;
	case 1:
		w = (s16)(16 << (rnd(g) % 3));
		switch (rnd(g) % 3) {
		case 0:
			put(g, BPF_ALU | BPF_END | BPF_TO_LE, dst, 0, 0, w);
			break;
		case 1:
			put(g, BPF_ALU | BPF_END | BPF_TO_BE, dst, 0, 0, w);
			break;
		default:
			put(g, BPF_ALU64 | BPF_END | BPF_TO_LE, dst, 0, 0, w);
		}
		break;
	case 2:
		put(g, (rnd(g) % 2 ? BPF_ALU : BPF_ALU64) | BPF_MOV | BPF_X,
		    dst, src, sx[rnd(g) % 2], 0);
		if (rnd(g) % 2)
			put(g, BPF_ALU64 | BPF_MOV | BPF_X, reg(g), src,
			    sx[rnd(g) % 3], 0);
		break;
	case 3:
		place(g, bytes, &base, &off);
		put(g, BPF_STX | BPF_MEM | size, base, src, off, 0);
		break;
	case 4:
		place(g, bytes, &base, &off);
		put(g, BPF_ST | BPF_MEM | size, base, 0, off, imm_value(g));
		break;
	case 5:
		place(g, bytes, &base, &off);
		put(g,
		    BPF_LDX |
			    (size != BPF_DW && rnd(g) % 2 ? BPF_MEMSX :
							    BPF_MEM) |
			    size,
		    dst, base, off, 0);
		break;
	default:
		size = rnd(g) % 2 ? BPF_W : BPF_DW;
		place(g, size == BPF_W ? 4 : 8, &base, &off);
		put(g, BPF_STX | BPF_ATOMIC | size, base, src, off,
		    atomics[rnd(g) % ARRAY_SIZE(atomics)]);
	}
}

static void gen_jump(struct gen *g, u32 left)
{
	static const u8 ops[] = {BPF_JEQ,  BPF_JNE,  BPF_JGT,  BPF_JGE,
				 BPF_JLT,  BPF_JLE,  BPF_JSGT, BPF_JSGE,
				 BPF_JSLT, BPF_JSLE, BPF_JSET};
	u8 cls = rnd(g) % 2 ? BPF_JMP : BPF_JMP32;
	u8 op = ops[rnd(g) % ARRAY_SIZE(ops)];
	s16 off = (s16)(rnd(g) % (left < 3 ? left + 1 : 4));

	if (rnd(g) % 2)
		put(g, cls | op | BPF_X, reg(g), reg(g), off, 0);
	else
		put(g, cls | op | BPF_K, reg(g), 0, off, imm_value(g));
}

/* mov rC, n; L: 1-3 ALU ops not writing rC; rC -= 1; if rC != 0 goto L */
static void gen_loop(struct gen *g)
{
	u8 c = (u8)(BPF_REG_6 + rnd(g) % 3);
	u32 head, n = 1 + rnd(g) % 3, k;

	put(g, BPF_ALU64 | BPF_MOV | BPF_K, c, 0, 0, (s32)(1 + rnd(g) % 4));
	head = g->p->cnt;
	for (k = 0; k < n; k++)
		gen_alu(g, c);
	put(g, BPF_ALU64 | BPF_SUB | BPF_K, c, 0, 0, 1);
	put(g, BPF_JMP | BPF_JNE | BPF_K, c, 0,
	    (s16)((s32)head - (s32)g->p->cnt - 1), 0);
	g->prot_lo[g->nprot] = head;
	g->prot_hi[g->nprot++] = g->p->cnt;
}

/* call local (target fixed later), then r1-r5 defined again */
static void gen_call(struct gen *g)
{
	u32 pc = g->p->cnt;
	u8 r;

	g->call_pc[g->ncalls++] = pc;
	put(g, BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, 0);
	if (g->use_mem)
		put(g, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_1, BPF_REG_9, 0, 0);
	else
		put(g, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_1, 0, 0,
		    imm_value(g));
	for (r = BPF_REG_2; r <= BPF_REG_5; r++)
		put(g, BPF_ALU64 | BPF_MOV | BPF_K, r, 0, 0, imm_value(g));
	/* landing on the first re-init insn is fine, inside it is not */
	g->prot_lo[g->nprot] = pc + 2;
	g->prot_hi[g->nprot++] = g->p->cnt;
}

/* A leaf: r0 from an argument, a few ALU ops, maybe one buffer access. */
static void gen_callee(struct gen *g)
{
	u32 n = 2 + rnd(g) % 3, k;

	g->in_callee = true;
	put(g, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_0, 0, 0, 0);
	g->p->insns[g->p->cnt - 1].src_reg = (u8)(2 + rnd(g) % 4);
	for (k = 0; k < n; k++)
		gen_alu(g, 0xff);
	if (g->use_mem && rnd(g) % 2)
		gen_other(g);
	put(g, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	g->in_callee = false;
}

/*
 * Forward jumps that would land inside a loop (skipping its counter's
 * init) or inside a call's re-init go to the end of that block instead.
 */
static void fix_jumps(struct gen *g, u32 from, u32 to)
{
	u32 pc, k;

	for (pc = from; pc < to; pc++) {
		struct bpf_insn *in = &g->p->insns[pc];
		u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
		u32 t;

		if ((cls != BPF_JMP && cls != BPF_JMP32) || op == BPF_CALL ||
		    op == BPF_EXIT || op == BPF_JA || in->off < 0)
			continue;
		t = pc + 1 + (u32)in->off;
		for (k = 0; k < g->nprot; k++)
			if (pc < g->prot_lo[k] && t >= g->prot_lo[k] &&
			    t < g->prot_hi[k])
				in->off = (s16)(g->prot_hi[k] - pc - 1);
	}
}

void xnic_conformance_fuzz_prog(u64 *seed, bool use_mem,
				struct xnic_fuzz_prog *p)
{
	struct gen g = {.seed = seed, .use_mem = use_mem, .p = p};
	u32 start, r, k;

	p->cnt = 0;
	for (r = 0; r < 10; r++) {
		u64 v = value(&g);

		if (use_mem && r == BPF_REG_1)
			continue;
		if (use_mem && r == BPF_REG_9) {
			/* the pointer's copy, to restore r1 after calls */
			put(&g, BPF_ALU64 | BPF_MOV | BPF_X, r, BPF_REG_1, 0,
			    0);
			continue;
		}
		put(&g, BPF_LD | BPF_IMM | BPF_DW, r, 0, 0, (s32)(u32)v);
		put(&g, 0, 0, 0, 0, (s32)(u32)(v >> 32));
	}
	for (r = 1; r <= 8; r++)
		put(&g, BPF_ST | BPF_MEM | BPF_DW, BPF_REG_10, 0, (s16)(-8 * r),
		    0);
	start = p->cnt;
	while (p->cnt - start < BODY - 4) {
		u32 kind = rnd(&g) % 10;

		if (kind < 5)
			gen_alu(&g, 0xff);
		else if (kind < 8)
			gen_other(&g);
		else if (kind == 8)
			gen_jump(&g, BODY - 4 - (p->cnt - start));
		else if (rnd(&g) % 2 && g.nprot < MAX_BLOCKS)
			gen_loop(&g);
		else if (g.ncalls < MAX_CALLS && g.nprot < MAX_BLOCKS)
			gen_call(&g);
	}
	fix_jumps(&g, start, p->cnt);
	/*
	 * r0 = some register, so the result depends on the whole body; the
	 * no-op shift is there for callers that need r0's high half alone
	 * (they set its imm to 32).
	 */
	put(&g, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_0, reg(&g), 0, 0);
	put(&g, BPF_ALU64 | BPF_RSH | BPF_K, BPF_REG_0, 0, 0, 0);
	p->main_exit = p->cnt;
	put(&g, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	for (k = 0; k < g.ncalls; k++) {
		p->insns[g.call_pc[k]].imm = (s32)(p->cnt - g.call_pc[k] - 1);
		gen_callee(&g);
	}
}
