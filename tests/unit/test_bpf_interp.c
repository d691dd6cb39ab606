// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Reference interpreter: exact results for each instruction family, the
 * edge cases the ISA defines (division by zero, INT_MIN / -1, shift
 * masking, sign extension), calls and frames, and every way a program can
 * fail (bounds, limits, malformed code) ending in an error, never a crash.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "xnic/bpf_asm.h"
#include "xnic/bpf_interp.h"

static int helper_identity(struct xnic_bpf_interp *ip, void *priv,
			   const u64 args[5], u64 *ret)
{
	*ret = args[0];
	return 0;
}

static int helper_fail(struct xnic_bpf_interp *ip, void *priv,
		       const u64 args[5], u64 *ret)
{
	return -EPERM;
}

/* Writes args[1] as a u64 to the pointer in args[0] (a stack slot). */
static int helper_store(struct xnic_bpf_interp *ip, void *priv,
			const u64 args[5], u64 *ret)
{
	u8 *p = xnic_bpf_interp_translate(ip, args[0], 8, true);
	int i;

	if (!p)
		return -EFAULT;
	for (i = 0; i < 8; i++)
		p[i] = (u8)(args[1] >> (8 * i));
	*ret = 0;
	return 0;
}

static const xnic_bpf_helper_fn helpers[] = {
	[1] = helper_store,
	[5] = helper_identity,
	[6] = helper_fail,
};

static int run_full(const char *text, u8 *mem, u32 len, u64 max,
		    struct xnic_bpf_interp_result *res)
{
	struct xnic_bpf_interp_cfg cfg = {
		.mem = mem,
		.mem_len = len,
		.helpers = helpers,
		.helper_cnt = ARRAY_SIZE(helpers),
		.max_insns = max,
	};
	struct bpf_insn *insns;
	char err[128];
	u32 cnt;
	int ret;

	ret = xnic_bpf_asm(text, 1, &insns, &cnt, err, sizeof(err));
	if (ret)
		fail_msg("assembler: %s", err);
	cfg.insns = insns;
	cfg.insn_cnt = cnt;
	ret = xnic_bpf_interp_run(&cfg, res);
	free(insns);
	return ret;
}

static u64 run_ok(const char *text, u8 *mem, u32 len)
{
	struct xnic_bpf_interp_result res;
	int ret = run_full(text, mem, len, 0, &res);

	if (ret)
		fail_msg("run failed (%d): %s", ret, res.msg);
	return res.r0;
}

static int run_err(const char *text, u8 *mem, u32 len, char *msg, size_t n)
{
	struct xnic_bpf_interp_result res;
	int ret = run_full(text, mem, len, 1000, &res);

	snprintf(msg, n, "%s", res.msg);
	assert_int_equal(res.err, ret);
	return ret;
}

static void test_alu_basic(void **state)
{
	assert_int_equal(run_ok("mov32 %r0, 5\nadd32 %r0, -7\nexit", NULL, 0),
			 0xfffffffeULL);
	assert_int_equal(run_ok("mov %r0, 5\nadd %r0, -7\nexit", NULL, 0),
			 0xfffffffffffffffeULL);
	assert_int_equal(run_ok("mov %r0, -1\nmov32 %r0, %r0\nexit", NULL, 0),
			 0xffffffffULL);
	assert_int_equal(
		run_ok("lddw %r0, 0x123456789\nmul32 %r0, 16\nexit", NULL, 0),
		0x34567890ULL);
	assert_int_equal(
		run_ok("lddw %r0, 0x8000000000000000\nmul %r0, -1\nexit", NULL,
		       0),
		0x8000000000000000ULL);
	assert_int_equal(run_ok("mov %r0, 0xf0\nxor %r0, 0xff\nor %r0, 0x100\n"
				"and %r0, 0x10f\nexit",
				NULL, 0),
			 0x10fULL);
	assert_int_equal(run_ok("mov %r0, 1\nneg %r0\nexit", NULL, 0), U64_MAX);
	assert_int_equal(run_ok("mov %r0, 1\nneg32 %r0\nexit", NULL, 0),
			 0xffffffffULL);
}

static void test_div_mod(void **state)
{
	/* by zero: quotient 0, remainder = dividend (32-bit: zero-extended) */
	assert_int_equal(
		run_ok("mov %r0, 7\nmov %r1, 0\ndiv %r0, %r1\nexit", NULL, 0),
		0);
	assert_int_equal(
		run_ok("mov %r0, -7\nmov %r1, 0\nmod %r0, %r1\nexit", NULL, 0),
		(u64)-7);
	assert_int_equal(run_ok("mov %r0, -7\nmov %r1, 0\nmod32 %r0, %r1\nexit",
				NULL, 0),
			 0xfffffff9ULL);
	assert_int_equal(run_ok("mov %r0, -7\nsmod %r0, 0\nexit", NULL, 0),
			 (u64)-7);
	assert_int_equal(run_ok("mov %r0, -7\nsdiv32 %r0, 0\nexit", NULL, 0),
			 0);
	/* 32-bit division ignores the upper halves */
	assert_int_equal(run_ok("lddw %r0, 0x100000010\nlddw %r1, 0x100000004\n"
				"div32 %r0, %r1\nexit",
				NULL, 0),
			 4);
	/* unsigned 64-bit division by a sign-extended immediate */
	assert_int_equal(run_ok("mov %r0, -1\ndiv %r0, -1\nexit", NULL, 0), 1);
	/* signed: truncation toward zero, remainder takes the dividend's sign
	 */
	assert_int_equal(run_ok("mov %r0, -7\nsdiv %r0, 2\nexit", NULL, 0),
			 (u64)-3);
	assert_int_equal(run_ok("mov %r0, -7\nsmod %r0, 2\nexit", NULL, 0),
			 (u64)-1);
	assert_int_equal(run_ok("mov %r0, 7\nsmod %r0, -2\nexit", NULL, 0), 1);
	assert_int_equal(run_ok("mov32 %r0, -7\nsmod32 %r0, 2\nexit", NULL, 0),
			 0xffffffffULL);
	/* INT_MIN / -1 wraps, INT_MIN % -1 is 0; never a host trap */
	assert_int_equal(
		run_ok("lddw %r0, 0x8000000000000000\nsdiv %r0, -1\nexit", NULL,
		       0),
		0x8000000000000000ULL);
	assert_int_equal(
		run_ok("lddw %r0, 0x8000000000000000\nsmod %r0, -1\nexit", NULL,
		       0),
		0);
	assert_int_equal(
		run_ok("mov32 %r0, 0x80000000\nsdiv32 %r0, -1\nexit", NULL, 0),
		0x80000000ULL);
	assert_int_equal(
		run_ok("mov32 %r0, 0x80000000\nsmod32 %r0, -1\nexit", NULL, 0),
		0);
}

static void test_shifts_and_swaps(void **state)
{
	/* shift amounts are masked to the operand width */
	assert_int_equal(run_ok("mov %r0, 1\nlsh %r0, 65\nexit", NULL, 0), 2);
	assert_int_equal(run_ok("mov %r0, 1\nmov %r1, 33\nlsh32 %r0, %r1\nexit",
				NULL, 0),
			 2);
	assert_int_equal(
		run_ok("mov32 %r0, 0x80000000\narsh32 %r0, 4\nexit", NULL, 0),
		0xf8000000ULL);
	assert_int_equal(run_ok("mov %r0, -16\narsh %r0, 2\nexit", NULL, 0),
			 (u64)-4);
	assert_int_equal(run_ok("mov %r0, -16\nrsh %r0, 60\nexit", NULL, 0),
			 0xf);
	assert_int_equal(
		run_ok("lddw %r0, 0x1122334455667788\nbe16 %r0\nexit", NULL, 0),
		0x8877);
	assert_int_equal(
		run_ok("lddw %r0, 0x1122334455667788\nbe32 %r0\nexit", NULL, 0),
		0x88776655);
	assert_int_equal(
		run_ok("lddw %r0, 0x1122334455667788\nbe64 %r0\nexit", NULL, 0),
		0x8877665544332211ULL);
	assert_int_equal(
		run_ok("lddw %r0, 0x1122334455667788\nle16 %r0\nexit", NULL, 0),
		0x7788);
	assert_int_equal(
		run_ok("lddw %r0, 0x1122334455667788\nle32 %r0\nexit", NULL, 0),
		0x55667788);
	assert_int_equal(
		run_ok("lddw %r0, 0x1122334455667788\nle64 %r0\nexit", NULL, 0),
		0x1122334455667788ULL);
	assert_int_equal(
		run_ok("lddw %r0, 0x1122334455667788\nbswap32 %r0\nexit", NULL,
		       0),
		0x88776655);
	assert_int_equal(
		run_ok("mov32 %r1, 0x8081\nmovsx864 %r0, %r1\nexit", NULL, 0),
		0xffffffffffffff81ULL);
	assert_int_equal(
		run_ok("mov32 %r1, 0x8081\nmovsx1632 %r0, %r1\nexit", NULL, 0),
		0xffff8081ULL);
	assert_int_equal(
		run_ok("mov32 %r1, 0x80000000\nmovsx3264 %r0, %r1\nexit", NULL,
		       0),
		0xffffffff80000000ULL);
}

static void test_memory(void **state)
{
	u8 mem[8] = {0x11, 0x22, 0x33, 0x44, 0x85, 0x66, 0x77, 0x88};

	/* little-endian loads, r1 = buffer, r2 = its length */
	assert_int_equal(run_ok("ldxh %r0, [%r1+2]\nexit", mem, 8), 0x4433);
	assert_int_equal(run_ok("ldxdw %r0, [%r1]\nexit", mem, 8),
			 0x8877668544332211ULL);
	assert_int_equal(run_ok("mov %r0, %r2\nexit", mem, 8), 8);
	assert_int_equal(run_ok("ldxsb %r0, [%r1+4]\nexit", mem, 8),
			 0xffffffffffffff85ULL);
	assert_int_equal(run_ok("ldxsh %r0, [%r1+6]\nexit", mem, 8),
			 0xffffffffffff8877ULL);
	assert_int_equal(run_ok("ldxsw %r0, [%r1+4]\nexit", mem, 8),
			 0xffffffff88776685ULL);
	/* legacy packet loads are big-endian */
	assert_int_equal(run_ok("ldabsh 2\nexit", mem, 8), 0x3344);
	assert_int_equal(run_ok("mov %r6, 1\nldindw %r6, 3\nexit", mem, 8),
			 0x85667788);
	/* stores reach the caller's buffer */
	assert_int_equal(run_ok("stw [%r1+4], -2\nmov %r0, 0\nexit", mem, 8),
			 0);
	assert_int_equal(mem[4], 0xfe);
	assert_int_equal(mem[7], 0xff);
	/* the stack: 512 zeroed bytes below r10 */
	assert_int_equal(
		run_ok("stdw [%r10-8], -1\nldxw %r0, [%r10-4]\nexit", NULL, 0),
		0xffffffffULL);
	assert_int_equal(run_ok("ldxdw %r0, [%r10-512]\nexit", NULL, 0), 0);
}

static void test_atomics(void **state)
{
	static const struct {
		const char *op;
		u64 mem_after, r1_after;
	} cases[] = {
		{"lock add", 0x1300000000000004ULL, 0x0100000000000003ULL},
		{"lock fetch add", 0x1300000000000004ULL,
		 0x1200000000000001ULL},
		{"lock fetch or", 0x1300000000000003ULL, 0x1200000000000001ULL},
		{"lock fetch and", 0x0000000000000001ULL,
		 0x1200000000000001ULL},
		{"lock fetch xor", 0x1300000000000002ULL,
		 0x1200000000000001ULL},
		{"lock xchg", 0x0100000000000003ULL, 0x1200000000000001ULL},
		{"lock fetch add32", 0x1200000000000004ULL, 1},
		{"lock xor32", 0x1200000000000002ULL, 0x0100000000000003ULL},
	};
	char prog[512];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		snprintf(
			prog, sizeof(prog),
			"lddw %%r0, 0x1200000000000001\nstxdw [%%r10-8], %%r0\n"
			"lddw %%r1, 0x0100000000000003\n%s [%%r10-8], %%r1\n"
			"ldxdw %%r0, [%%r10-8]\nstxdw [%%r10-16], %%r1\nexit",
			cases[i].op);
		assert_int_equal(run_ok(prog, NULL, 0), cases[i].mem_after);
		snprintf(
			prog, sizeof(prog),
			"lddw %%r0, 0x1200000000000001\nstxdw [%%r10-8], %%r0\n"
			"lddw %%r1, 0x0100000000000003\n%s [%%r10-8], %%r1\n"
			"mov %%r0, %%r1\nexit",
			cases[i].op);
		assert_int_equal(run_ok(prog, NULL, 0), cases[i].r1_after);
	}
	/* cmpxchg: r0 gets the old value; the store happens only on a match */
	assert_int_equal(
		run_ok("stdw [%r10-8], 5\nmov %r0, 4\nmov %r1, 9\n"
		       "lock cmpxchg [%r10-8], %r1\nldxdw %r1, [%r10-8]\n"
		       "lsh %r0, 8\nor %r0, %r1\nexit",
		       NULL, 0),
		0x505);
	assert_int_equal(
		run_ok("stdw [%r10-8], 5\nmov %r0, 5\nmov %r1, 9\n"
		       "lock cmpxchg [%r10-8], %r1\nldxdw %r1, [%r10-8]\n"
		       "lsh %r0, 8\nor %r0, %r1\nexit",
		       NULL, 0),
		0x509);
	/* 32-bit compares only the low half of r0 */
	assert_int_equal(run_ok("stdw [%r10-8], 5\nlddw %r0, 0x700000005\n"
				"mov %r1, 9\nlock cmpxchg32 [%r10-8], %r1\n"
				"ldxdw %r0, [%r10-8]\nexit",
				NULL, 0),
			 9);
}

static void test_jumps(void **state)
{
	assert_int_equal(run_ok("mov %r0, 0\nmov32 %r1, -1\njsgt32 %r1, 0, +1\n"
				"mov %r0, 1\nexit",
				NULL, 0),
			 1);
	assert_int_equal(run_ok("mov %r0, 0\nmov32 %r1, -1\njsgt %r1, 0, +1\n"
				"mov %r0, 1\nexit",
				NULL, 0),
			 0);
	assert_int_equal(
		run_ok("mov %r0, 0\nlddw %r1, 0x100000000\n"
		       "jeq32 %r1, 0, yes\nexit\nyes:\nmov %r0, 1\nexit",
		       NULL, 0),
		1);
	assert_int_equal(
		run_ok("mov %r0, 0\nja32 over\nmov %r0, 2\nover:\nexit", NULL,
		       0),
		0);
	/* the suite's implicit "exit" label */
	assert_int_equal(
		run_ok("mov %r0, 3\nja exit\nmov %r0, 4\nexit", NULL, 0), 3);
	assert_int_equal(run_ok("mov %r0, 0\nmov %r1, 5\nloop:\nadd %r0, %r1\n"
				"sub %r1, 1\njne %r1, 0, loop\nexit",
				NULL, 0),
			 15);
}

static void test_calls(void **state)
{
	/* r6-r9 survive a callee that clobbers them; each frame has its own r10
	 */
	assert_int_equal(run_ok("mov %r6, 6\nstdw [%r10-8], 42\nmov %r1, %r10\n"
				"call local f\nadd %r0, %r6\nexit\n"
				"f:\nmov %r6, 100\nstdw [%r10-8], 7\n"
				"ldxdw %r0, [%r1-8]\nexit",
				NULL, 0),
			 48);
	assert_int_equal(run_ok("mov %r1, 77\ncall 5\nexit", NULL, 0), 77);
	assert_int_equal(
		run_ok("mov %r1, 77\nmov %r2, 5\ncall %r2\nexit", NULL, 0), 77);
	/* helpers reach memory only through translate() */
	assert_int_equal(run_ok("mov %r1, %r10\nadd %r1, -8\nmov %r2, 1234\n"
				"call 1\nldxdw %r0, [%r10-8]\nexit",
				NULL, 0),
			 1234);
}

static void test_errors(void **state)
{
	char msg[XNIC_BPF_INTERP_MSG_LEN];
	u8 mem[4] = {0};

	assert_int_equal(
		run_err("ldxw %r0, [%r1+2]\nexit", mem, 4, msg, sizeof(msg)),
		-EFAULT);
	assert_non_null(strstr(msg, "pc 0: load of 4 bytes"));
	/* no memory: r1 is 0 and dereferencing it faults */
	assert_int_equal(
		run_err("ldxb %r0, [%r1]\nexit", NULL, 0, msg, sizeof(msg)),
		-EFAULT);
	assert_int_equal(
		run_err("stb [%r10], 1\nexit", NULL, 0, msg, sizeof(msg)),
		-EFAULT);
	assert_int_equal(
		run_err("lddw %r1, 0x4000000000000000\nldxb %r0, [%r1]\nexit",
			NULL, 0, msg, sizeof(msg)),
		-EFAULT);
	assert_int_equal(run_err("loop:\nja loop", NULL, 0, msg, sizeof(msg)),
			 -ELOOP);
	assert_int_equal(run_err("mov %r0, 1", NULL, 0, msg, sizeof(msg)),
			 -EINVAL);
	assert_non_null(strstr(msg, "fell off the end"));
	assert_int_equal(run_err("ja +5\nexit", NULL, 0, msg, sizeof(msg)),
			 -EINVAL);
	assert_int_equal(run_err("call 9\nexit", NULL, 0, msg, sizeof(msg)),
			 -ENOENT);
	assert_int_equal(run_err("call 6\nexit", NULL, 0, msg, sizeof(msg)),
			 -EPERM);
	assert_int_equal(
		run_err("f:\ncall local f\nexit", NULL, 0, msg, sizeof(msg)),
		-E2BIG);
	assert_int_equal(run_err(".insn 0x00000000000000ff\nexit", NULL, 0, msg,
				 sizeof(msg)),
			 -EINVAL);
	assert_int_equal(
		run_err(".insn 0x0000000000000018", NULL, 0, msg, sizeof(msg)),
		-EINVAL);
	assert_int_equal(
		run_err("mov %r10, 0\nexit", NULL, 0, msg, sizeof(msg)),
		-EINVAL);
	/* mov with an offset that is not a movsx width */
	assert_int_equal(run_err(".insn 0x00000000000401bf\nexit", NULL, 0, msg,
				 sizeof(msg)),
			 -EINVAL);
}

static void test_ld_abs_out_of_bounds_ends_with_zero(void **state)
{
	u8 mem[4] = {1, 2, 3, 4};

	assert_int_equal(
		run_ok("mov %r0, 9\nldabsw 2\nmov %r0, 9\nexit", mem, 4), 0);
}

static void count_steps(void *priv, u32 pc, const u64 regs[MAX_BPF_REG])
{
	u32 *pcs = priv;

	/* pcs[0] counts, pcs[1..] records the first pcs */
	if (pcs[0] < 8)
		pcs[1 + pcs[0]] = pc;
	pcs[0]++;
	if (pc == 2)
		assert_int_equal(regs[BPF_REG_0], 1);
}

static void test_trace_hook_sees_every_step(void **state)
{
	struct bpf_insn *insns;
	struct xnic_bpf_interp_cfg cfg = {0};
	struct xnic_bpf_interp_result res;
	u32 pcs[9] = {0}, cnt;
	char err[64];

	assert_int_equal(xnic_bpf_asm("mov %r0, 1\nja +1\nmov %r0, 2\nexit", 1,
				      &insns, &cnt, err, sizeof(err)),
			 0);
	cfg.insns = insns;
	cfg.insn_cnt = cnt;
	cfg.trace = count_steps;
	cfg.trace_priv = pcs;
	assert_int_equal(xnic_bpf_interp_run(&cfg, &res), 0);
	assert_int_equal(res.r0, 1);
	assert_int_equal(res.insns_executed, 3);
	assert_int_equal(pcs[0], 3);
	assert_int_equal(pcs[1], 0);
	assert_int_equal(pcs[2], 1);
	assert_int_equal(pcs[3], 3);
	free(insns);
}

/* Pseudo lddw (map value) -> the extra region, as a map-aware caller does. */
static int resolve_map_value(struct xnic_bpf_interp *ip, void *priv, u8 src_reg,
			     s32 imm, s32 next_imm, u64 *value)
{
	if (src_reg != BPF_PSEUDO_MAP_VALUE || imm != 0)
		return -ENOENT;
	*value = XNIC_BPF_INTERP_EXTRA_BASE + (u32)next_imm;
	return 0;
}

static void test_pseudo_lddw_and_extra_regions(void **state)
{
	u8 value[16] = {0};
	struct xnic_bpf_interp_region region = {
		.vaddr = XNIC_BPF_INTERP_EXTRA_BASE,
		.host = value,
		.len = sizeof(value),
		.writable = true,
	};
	/* r1 = &value[4] (map 0, offset 4); *(u32 *)r1 += 5; r0 = *(u32 *)r1 */
	struct bpf_insn prog[6];
	struct xnic_bpf_interp_cfg cfg = {
		.insns = prog,
		.insn_cnt = ARRAY_SIZE(prog),
		.extra = &region,
		.extra_cnt = 1,
	};
	struct xnic_bpf_interp_result res;

	memset(prog, 0, sizeof(prog));
	prog[0].code = BPF_LD | BPF_IMM | BPF_DW;
	prog[0].dst_reg = BPF_REG_1;
	prog[0].src_reg = BPF_PSEUDO_MAP_VALUE;
	prog[1].imm = 4;
	prog[2].code = BPF_ST | BPF_MEM | BPF_W;
	prog[2].dst_reg = BPF_REG_1;
	prog[2].imm = 5;
	prog[3].code = BPF_LDX | BPF_MEM | BPF_W;
	prog[3].src_reg = BPF_REG_1;
	prog[4].code = BPF_ALU64 | BPF_ADD | BPF_K;
	prog[4].imm = 1;
	prog[5].code = BPF_JMP | BPF_EXIT;
	/* without a resolver: a clear error */
	assert_int_equal(xnic_bpf_interp_run(&cfg, &res), -EINVAL);
	assert_non_null(strstr(res.msg, "without a resolver"));
	cfg.resolve_ld64 = resolve_map_value;
	assert_int_equal(xnic_bpf_interp_run(&cfg, &res), 0);
	assert_int_equal(res.r0, 6);
	assert_int_equal(value[4], 5);
	/* a region ends where it ends */
	prog[1].imm = 14;
	assert_int_equal(xnic_bpf_interp_run(&cfg, &res), -EFAULT);
}

/* Deterministic generator so a failure reproduces. */
static u64 rnd(u64 *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 33;
}

/*
 * Random programs, most built from valid opcodes with random fields, some
 * fully random: each run must end with r0 or one of the documented
 * errors, and never write outside the buffer it was given (the guard
 * bytes around it stay intact; ASan watches everything else).
 */
static void test_random_programs_never_escape(void **state)
{
	static const u8 codes[] = {
		0x04, 0x0c, 0x07, 0x0f, 0x14, 0x17, 0x24, 0x27, 0x2f, 0x34,
		0x37, 0x3c, 0x3f, 0x44, 0x47, 0x54, 0x57, 0x64, 0x67, 0x6f,
		0x74, 0x77, 0x7f, 0x84, 0x87, 0x94, 0x97, 0x9c, 0x9f, 0xa4,
		0xa7, 0xb4, 0xb7, 0xbc, 0xbf, 0xc4, 0xc7, 0xcf, 0xd4, 0xd7,
		0xdc, 0x18, 0x20, 0x28, 0x30, 0x40, 0x48, 0x50, 0x61, 0x69,
		0x71, 0x79, 0x81, 0x89, 0x91, 0x62, 0x6a, 0x72, 0x7a, 0x63,
		0x6b, 0x73, 0x7b, 0xc3, 0xdb, 0x05, 0x06, 0x15, 0x1d, 0x16,
		0x25, 0x2d, 0x35, 0x45, 0x55, 0x5e, 0x65, 0x75, 0xa5, 0xb5,
		0xc5, 0xd5, 0xd6, 0x85, 0x8d, 0x95,
	};
	static const s32 atomic_ops[] = {0x00, 0x01, 0x40, 0x41, 0x50,
					 0x51, 0xa0, 0xa1, 0xe1, 0xf1};
	u8 buf[64 + 32];
	struct bpf_insn prog[16];
	u64 seed = 0x5eed;
	u32 iter, i, ran = 0;

	for (iter = 0; iter < 20000; iter++) {
		struct xnic_bpf_interp_cfg cfg = {
			.insns = prog,
			.insn_cnt = ARRAY_SIZE(prog),
			.mem = buf + 16,
			.mem_len = 64,
			.helpers = helpers,
			.helper_cnt = ARRAY_SIZE(helpers),
			.max_insns = 5000,
		};
		struct xnic_bpf_interp_result res;
		int ret;

		memset(buf, 0xa5, sizeof(buf));
		for (i = 0; i < ARRAY_SIZE(prog); i++) {
			struct bpf_insn *in = &prog[i];
			u64 r = rnd(&seed);

			memset(in, 0, sizeof(*in));
			in->code = r % 8 ? codes[rnd(&seed) % sizeof(codes)] :
					   (u8)rnd(&seed);
			in->dst_reg = rnd(&seed) % (r % 16 ? 11 : 16);
			in->src_reg = rnd(&seed) % (r % 16 ? 11 : 16);
			in->off = (s16)(rnd(&seed) % 2 ?
						(s64)(rnd(&seed) % 80) - 40 :
						(s64)(u16)rnd(&seed));
			in->imm = (s32)(rnd(&seed) % 2 ?
						(s64)(rnd(&seed) % 80) - 40 :
						(s64)rnd(&seed));
			if (in->code == 0xc3 || in->code == 0xdb)
				in->imm = atomic_ops[rnd(&seed) %
						     ARRAY_SIZE(atomic_ops)];
			if (BPF_CLASS(in->code) == BPF_ALU64 &&
			    BPF_OP(in->code) == BPF_END)
				in->imm = 16 << (rnd(&seed) % 3);
		}
		/* r1 always points at the buffer: make some accesses hit it */
		ret = xnic_bpf_interp_run(&cfg, &res);
		assert_int_equal(ret, res.err);
		if (ret)
			assert_true(ret == -EINVAL || ret == -EFAULT ||
				    ret == -ELOOP || ret == -E2BIG ||
				    ret == -ENOENT || ret == -EPERM);
		else
			ran++;
		for (i = 0; i < 16; i++) {
			assert_int_equal(buf[i], 0xa5);
			assert_int_equal(buf[16 + 64 + i], 0xa5);
		}
	}
	print_message("random programs: %u of 20000 reached exit\n", ran);
	assert_true(ran > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alu_basic),
		cmocka_unit_test(test_div_mod),
		cmocka_unit_test(test_shifts_and_swaps),
		cmocka_unit_test(test_memory),
		cmocka_unit_test(test_atomics),
		cmocka_unit_test(test_jumps),
		cmocka_unit_test(test_calls),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_ld_abs_out_of_bounds_ends_with_zero),
		cmocka_unit_test(test_random_programs_never_escape),
		cmocka_unit_test(test_trace_hook_sees_every_step),
		cmocka_unit_test(test_pseudo_lddw_and_extra_regions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
