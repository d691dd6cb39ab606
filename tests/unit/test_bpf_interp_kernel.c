// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The reference interpreter against the host kernel: random programs of
 * ALU, ALU64, ISA v4 (sdiv, smod, movsx, bswap, sign-extending loads),
 * stack stores, loads and atomics, and forward branches run both in
 * jit/bpf_interp.c and through BPF_PROG_TEST_RUN; every r0 must agree
 * (all 64 bits: each program runs twice in the kernel, once returning the
 * low half and once the high half).  Needs root BPF; skips otherwise.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>
#include <cmocka.h>
#include <bpf/bpf.h>

#include "xnic/bpf_asm.h"
#include "xnic/bpf_interp.h"

#define NPROGS	 2000
#define BODY	 24
#define MAX_PROG (10 * 2 + 8 + BODY + 3)

struct gen {
	u64 seed;
	struct bpf_insn p[MAX_PROG];
	u32 n;
};

static u64 rnd(struct gen *g)
{
	g->seed = g->seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return g->seed >> 33;
}

static void put(struct gen *g, u8 code, u8 dst, u8 src, s16 off, s32 imm)
{
	struct bpf_insn *in = &g->p[g->n++];

	memset(in, 0, sizeof(*in));
	in->code = code;
	in->dst_reg = dst;
	in->src_reg = src;
	in->off = off;
	in->imm = imm;
}

/* Values at the edges of the arithmetic, plus noise. */
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

static void gen_alu(struct gen *g)
{
	static const u8 ops[] = {BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV,
				 BPF_OR,  BPF_AND, BPF_LSH, BPF_RSH,
				 BPF_MOD, BPF_XOR, BPF_MOV, BPF_ARSH};
	bool is64 = rnd(g) % 2;
	u8 cls = is64 ? BPF_ALU64 : BPF_ALU;
	u8 op = ops[rnd(g) % ARRAY_SIZE(ops)];
	u8 dst = rnd(g) % 10, src = rnd(g) % 10;
	s16 off = 0;
	s32 imm;

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
	u8 dst = rnd(g) % 10, src = rnd(g) % 10;
	u8 size = sizes[rnd(g) % 4];
	u32 bytes = size == BPF_B ? 1 :
		    size == BPF_H ? 2 :
		    size == BPF_W ? 4 :
				    8;
	/* an aligned slot in the 64 bytes the prologue zeroed */
	s16 off = (s16)(-8 * (s16)(1 + rnd(g) % 8) +
			(s16)(bytes * (rnd(g) % (8 / bytes))));
	s16 w;

	switch (rnd(g) % 6) {
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
		if (rnd(g) % 2)
			put(g, BPF_ALU64 | BPF_MOV | BPF_X, dst, src, 0, 0);
		put(g, (rnd(g) % 2 ? BPF_ALU : BPF_ALU64) | BPF_MOV | BPF_X,
		    dst, src, sx[rnd(g) % 2], 0);
		if (rnd(g) % 2)
			put(g, BPF_ALU64 | BPF_MOV | BPF_X, dst, src,
			    sx[rnd(g) % 3], 0);
		break;
	case 3:
		put(g, BPF_STX | BPF_MEM | size, BPF_REG_10, src, off, 0);
		break;
	case 4:
		put(g,
		    BPF_LDX |
			    (size != BPF_DW && rnd(g) % 2 ? BPF_MEMSX :
							    BPF_MEM) |
			    size,
		    dst, BPF_REG_10, off, 0);
		break;
	default:
		off = (s16)(-8 * (s16)(1 + rnd(g) % 8));
		put(g, BPF_STX | BPF_ATOMIC | (rnd(g) % 2 ? BPF_W : BPF_DW),
		    BPF_REG_10, src, off,
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
		put(g, cls | op | BPF_X, rnd(g) % 10, rnd(g) % 10, off, 0);
	else
		put(g, cls | op | BPF_K, rnd(g) % 10, 0, off, imm_value(g));
}

/*
 * The program without its epilogue: every register and 64 bytes of stack
 * initialised (the verifier insists), then the random body.
 */
static void generate(struct gen *g)
{
	u32 start, r;

	g->n = 0;
	for (r = 0; r < 10; r++) {
		u64 v = value(g);

		put(g, BPF_LD | BPF_IMM | BPF_DW, r, 0, 0, (s32)(u32)v);
		put(g, 0, 0, 0, 0, (s32)(u32)(v >> 32));
	}
	for (r = 1; r <= 8; r++)
		put(g, BPF_ST | BPF_MEM | BPF_DW, BPF_REG_10, 0, (s16)(-8 * r),
		    0);
	start = g->n;
	while (g->n - start < BODY - 4) {
		u32 kind = rnd(g) % 10;

		if (kind < 5)
			gen_alu(g);
		else if (kind < 8)
			gen_other(g);
		else
			gen_jump(g, BODY - 4 - (g->n - start));
	}
	/* r0 = some register, so the result depends on the whole body */
	put(g, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_0, rnd(g) % 10, 0, 0);
}

static int kernel_run(const struct bpf_insn *insns, u32 cnt, u32 *retval,
		      char *log, size_t loglen)
{
	LIBBPF_OPTS(bpf_prog_load_opts, lopts, .log_buf = log,
		    .log_size = (u32)loglen, .log_level = 1);
	u8 pkt[64] = {0};
	LIBBPF_OPTS(bpf_test_run_opts, topts, .data_in = pkt,
		    .data_size_in = sizeof(pkt), .repeat = 1);
	int fd, err;

	log[0] = 0;
	fd = bpf_prog_load(BPF_PROG_TYPE_SCHED_CLS, "xnic_interp", "GPL", insns,
			   cnt, &lopts);
	if (fd < 0)
		return -errno;
	err = bpf_prog_test_run_opts(fd, &topts);
	close(fd);
	if (err)
		return -errno;
	*retval = topts.retval;
	return 0;
}

static bool kernel_available(char *why, size_t len)
{
	struct bpf_insn prog[2];
	char log[256];
	u32 ret = 0;
	int err;

	memset(prog, 0, sizeof(prog));
	prog[0].code = BPF_ALU64 | BPF_MOV | BPF_K;
	prog[0].imm = 42;
	prog[1].code = BPF_JMP | BPF_EXIT;
	err = kernel_run(prog, 2, &ret, log, sizeof(log));
	if (err || ret != 42) {
		snprintf(why, len, "BPF_PROG_TEST_RUN unavailable (%s)",
			 err ? strerror(-err) : "wrong result");
		return false;
	}
	return true;
}

static void test_random_programs_match_kernel(void **state)
{
	static char log[1 << 16];
	struct gen g = {.seed = 0x1d0c};
	u32 i, agreed = 0, rejected = 0;
	char why[128];

	if (!kernel_available(why, sizeof(why))) {
		print_message("skip: %s; needs root and a kernel with BPF\n",
			      why);
		skip();
	}
	for (i = 0; i < NPROGS; i++) {
		struct xnic_bpf_interp_cfg cfg = {0};
		struct xnic_bpf_interp_result res;
		u32 lo = 0, hi = 0;
		int err;

		generate(&g);
		put(&g, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
		cfg.insns = g.p;
		cfg.insn_cnt = g.n;
		assert_int_equal(xnic_bpf_interp_run(&cfg, &res), 0);
		err = kernel_run(g.p, g.n, &lo, log, sizeof(log));
		if (err == -EACCES || err == -EINVAL) {
			/* the verifier's call, not a semantic disagreement */
			rejected++;
			continue;
		}
		assert_int_equal(err, 0);
		/* same program, high half: rsh r0, 32 before the exit */
		g.p[g.n - 1].code = BPF_ALU64 | BPF_RSH | BPF_K;
		g.p[g.n - 1].imm = 32;
		put(&g, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
		assert_int_equal(kernel_run(g.p, g.n, &hi, log, sizeof(log)),
				 0);
		if (((u64)hi << 32 | lo) != res.r0) {
			char *text = xnic_bpf_disasm(g.p, g.n - 2, 0);

			fail_msg("program %u: interpreter 0x%016llx, kernel "
				 "0x%08x%08x\n%s",
				 i, (unsigned long long)res.r0, hi, lo, text);
		}
		agreed++;
	}
	print_message("interp vs kernel: %u programs agree on all 64 bits, %u "
		      "rejected by the verifier\n",
		      agreed, rejected);
	/* the generator only makes programs the verifier should take */
	assert_true(rejected * 20 < NPROGS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_programs_match_kernel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
