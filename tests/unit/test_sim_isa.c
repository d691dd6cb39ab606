// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Execution semantics of every instruction (docs/simulator.md): flags,
 * carries and borrows, shifts (0..31, asr, ror, dshr, indirect), immed
 * forms, ld_field, multiply steps, branches on bits and bytes, memory
 * actions including every atomic, LM post-increment/decrement, CSRs,
 * next-neighbour registers, and the run-time faults.
 */
#include "test_sim_common.h"

struct run {
	struct xnic_sim *s;
	struct xnic_sim_pkt_result r;
	int ret;
};

static void run_mem(struct run *x, const char *src, void *mem, u32 len,
		    void (*fn)(struct xnic_sim_config *))
{
	x->s = sim_t_load(src, XNIC_PROG_XDP, NULL, 0, fn);
	assert_non_null(x->s);
	x->ret = xnic_sim_run_raw(x->s, NULL, mem, len, XNIC_MEM_EMEM, &x->r);
}

static u32 reg(struct run *x, u32 bank, u32 n)
{
	u32 v = 0;

	assert_int_equal(xnic_sim_ctx_reg(x->s, 0, 0, bank, n, &v), 0);
	return v;
}

/* R0 of a program run with no memory. */
static u64 r0_of(const char *src)
{
	struct run x;
	u64 r0;

	run_mem(&x, src, NULL, 0, NULL);
	if (x.ret)
		fprintf(stderr, "%s\n", x.r.errmsg);
	assert_int_equal(x.ret, 0);
	r0 = x.r.r0;
	xnic_sim_destroy(x.s);
	return r0;
}

static void t_add_carry(void **st)
{
	/* 0x1_ffffffff + 1 = 0x2_00000000 through add / addc */
	assert_int_equal(r0_of("immed[a2, 0, ~]\nimmed[b3, 1]\n"
			       "alu[ab0, a2, add, 1]\nalu[ab1, b3, addc, 0]\n"
			       "halt\n"),
			 0x200000000ULL);
	/* addc without a carry adds nothing extra */
	assert_int_equal(r0_of("immed[a2, 1]\nalu[ab0, a2, add, 1]\n"
			       "alu[ab1, --, addc, 0]\nhalt\n"),
			 2);
}

static void t_sub_borrow(void **st)
{
	/* 0x5_00000000 - 1 = 0x4_ffffffff through sub / subc */
	assert_int_equal(r0_of("immed[a2, 0]\nimmed[b3, 5]\n"
			       "alu[ab0, a2, sub, 1]\nalu[ab1, b3, subc, 0]\n"
			       "halt\n"),
			 0x4ffffffffULL);
}

static void t_logic(void **st)
{
	assert_int_equal(r0_of("immed[a2, 0xf0f0]\nimmed[b3, 0xff00]\n"
			       "alu[ab0, a2, and, b3]\nhalt\n"),
			 0xf000);
	assert_int_equal(r0_of("immed[a2, 0xf0f0]\nimmed[b3, 0xff00]\n"
			       "alu[ab0, a2, or, b3]\nhalt\n"),
			 0xfff0);
	assert_int_equal(r0_of("immed[a2, 0xf0f0]\nimmed[b3, 0xff00]\n"
			       "alu[ab0, a2, xor, b3]\nhalt\n"),
			 0x0ff0);
	assert_int_equal(r0_of("immed[a2, 0xf0f0]\nimmed[b3, 0xff00]\n"
			       "alu[ab0, a2, andn, b3]\nhalt\n"),
			 0x00f0);
	assert_int_equal(r0_of("immed[b3, 0xff00]\nalu[ab0, --, not, b3]\n"
			       "halt\n"),
			 0xffff00ff);
}

/* Branch on a condition after a compare: r0 = 1 taken, 2 not taken. */
static u64 cond(const char *a, const char *b, const char *br)
{
	char src[512];

	snprintf(src, sizeof(src),
		 "immed[a2, %s]\nimmed[b3, %s]\nalu[--, a2, sub, b3]\n"
		 "%s[yes]\nimmed[ab0, 2]\nhalt\nyes: immed[ab0, 1]\nhalt\n",
		 a, b, br);
	return r0_of(src);
}

static void t_conditions(void **st)
{
	/* unsigned: 1 < 2 -> lo; 2 >= 2 -> hs; 3 > 2 -> hi; 2 <= 2 -> ls */
	assert_int_equal(cond("1", "2", "blo"), 1);
	assert_int_equal(cond("2", "1", "blo"), 2);
	assert_int_equal(cond("2", "2", "bhs"), 1);
	assert_int_equal(cond("3", "2", "bhi"), 1);
	assert_int_equal(cond("2", "2", "bhi"), 2);
	assert_int_equal(cond("2", "2", "bls"), 1);
	assert_int_equal(cond("2", "2", "beq"), 1);
	assert_int_equal(cond("2", "3", "bne"), 1);
	/* signed: -1 (0xffffffff) < 1 */
	assert_int_equal(cond("0, ~", "1", "blt"), 1);
	assert_int_equal(cond("0, ~", "1", "bge"), 2);
	assert_int_equal(cond("0, ~", "1", "blo"), 2);
	assert_int_equal(cond("1", "0, ~", "bgt"), 1);
	assert_int_equal(cond("1", "1", "ble"), 1);
	/* 0x80000000 - 1 overflows: V set, N clear -> lt, vs */
	assert_int_equal(cond("0x8000, <<16", "1", "blt"), 1);
	assert_int_equal(cond("0x8000, <<16", "1", "bvs"), 1);
	assert_int_equal(cond("0x8000, <<16", "1", "bpl"), 1);
	assert_int_equal(cond("1", "2", "bmi"), 1);
	assert_int_equal(cond("2", "1", "bvc"), 1);
}

static void t_shifts(void **st)
{
	const char *pre = "immed[b2, 0x8000, <<16]\nalu[b2, b2, or, 1]\n"
			  "immed[a3, 5]\n";
	char src[256];
	static const struct {
		const char *op;
		u32 want;
	} cases[] = {
		{"shf[ab0, --, b2, lsl 4]", 0x10},
		{"shf[ab0, --, b2, lsr 4]", 0x08000000},
		{"shf[ab0, --, b2, asr 4]", 0xf8000000},
		{"shf[ab0, --, b2, ror 4]", 0x18000000},
		{"shf[ab0, a3, b2, dshr 4]", 0x58000000},
		{"shf[ab0, a3, b2, dshr 0]", 0x80000001},
		{"shf[ab0, --, b2, lsr 0]", 0x80000001},
		{"shf[ab0, --, b2, lsl 31]", 0x80000000},
		{"shf[ab0, --, b2, asr 31]", 0xffffffff},
		{"shf[ab0, --, b2, ror 0]", 0x80000001},
		{"alu_shf[ab0, a3, add, b2, lsl 1]", 0x7},
		{"alu_shf[ab0, a3, or, b2, asr 1]", 0xc0000005},
	};
	u32 i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		snprintf(src, sizeof(src), "%s%s\nhalt\n", pre, cases[i].op);
		assert_int_equal(r0_of(src) & 0xffffffff, cases[i].want);
	}
	/* indirect amount: bits 4..0 of the last alu result (5 + 32 -> 5) */
	assert_int_equal(r0_of("immed[b2, 1]\nimmed[a3, 37]\n"
			       "alu[--, --, pass, a3]\n"
			       "shf[ab0, --, b2, lsl ind]\nhalt\n") &
				 0xffffffff,
			 1u << 5);
	assert_int_equal(r0_of("immed[b2, 0x100]\nalu[--, --, pass, 4]\n"
			       "alu_shf[ab0, --, pass, b2, lsr ind]\nhalt\n") &
				 0xffffffff,
			 0x10);
}

static void t_immed(void **st)
{
	assert_int_equal(r0_of("immed[ab0, 0x1234, <<16]\nhalt\n") & 0xffffffff,
			 0x12340000);
	assert_int_equal(r0_of("immed[ab0, 0x1234, <<8, ~]\nhalt\n") &
				 0xffffffff,
			 0xffedcbff);
	assert_int_equal(r0_of("immed[ab0, 0xaaaa, <<24]\nhalt\n") & 0xffffffff,
			 0xaa000000);
	assert_int_equal(r0_of("immed[ab0, 0x1111]\nimmed_w1[ab0, 0x2222]\n"
			       "halt\n") &
				 0xffffffff,
			 0x22221111);
	assert_int_equal(r0_of("immed[ab0, 0x1111, <<16]\n"
			       "immed_w0[ab0, 0x3333]\nhalt\n") &
				 0xffffffff,
			 0x11113333);
}

static void t_ld_field(void **st)
{
	const char *pre = "immed[ab0, 0x3344]\nimmed_w1[ab0, 0x1122]\n"
			  "immed[b2, 0xccdd]\nimmed_w1[b2, 0xaabb]\n";
	char src[256];

	/* b ror 8 = 0xddaabbcc; bytes 0 and 2 -> 0x11aa33cc */
	snprintf(src, sizeof(src), "%sld_field[ab0, 0x5, b2, ror 8]\nhalt\n",
		 pre);
	assert_int_equal(r0_of(src) & 0xffffffff, 0x11aa33cc);
	snprintf(src, sizeof(src),
		 "%sld_field_w_clr[ab0, 0x5, b2, ror 8]\nhalt\n", pre);
	assert_int_equal(r0_of(src) & 0xffffffff, 0x00aa00cc);
	snprintf(src, sizeof(src), "%sld_field[ab0, 0xf, b2, ror 0]\nhalt\n",
		 pre);
	assert_int_equal(r0_of(src) & 0xffffffff, 0xaabbccdd);
}

static void t_mul(void **st)
{
	assert_int_equal(r0_of("immed[a2, 0x5678]\nimmed_w1[a2, 0x1234]\n"
			       "immed[b3, 0xdef0]\nimmed_w1[b3, 0x9abc]\n"
			       "mul_step[--, a2, b3, 32x32, start]\n"
			       "mul_step[--, a2, b3, 32x32, step]\n"
			       "mul_step[--, a2, b3, 32x32, step]\n"
			       "mul_step[--, a2, b3, 32x32, step]\n"
			       "mul_step[--, a2, b3, 32x32, step]\n"
			       "mul_step[ab0, --, --, 32x32, last]\n"
			       "mul_step[ab1, --, --, 32x32, last_hi]\nhalt\n"),
			 0x0b00ea4e242d2080ULL);
	assert_int_equal(r0_of("immed[a2, 0xffff]\nimmed[b3, 0xffff]\n"
			       "mul_step[--, a2, b3, 16x16, start]\n"
			       "mul_step[--, a2, b3, 16x16, step]\n"
			       "mul_step[--, a2, b3, 16x16, step]\n"
			       "mul_step[ab0, --, --, 16x16, last]\nhalt\n"),
			 0xfffe0001);
	/* 24x8 uses A[23:0] and B[7:0]; extra steps change nothing */
	assert_int_equal(r0_of("immed[a2, 0xffff, ~]\nimmed[b3, 0xffff]\n"
			       "mul_step[--, a2, b3, 24x8, start]\n"
			       "mul_step[--, a2, b3, 24x8, step]\n"
			       "mul_step[--, a2, b3, 24x8, step]\n"
			       "mul_step[ab0, --, --, 24x8, last]\nhalt\n"),
			 0xffff0000ULL * 0 + (0xff0000ULL * 0xff));
}

static void t_br_bit_byte(void **st)
{
	assert_int_equal(
		r0_of("immed[a2, 0x10]\nbr_bclr[a2, 4, no]\n"
		      "immed[ab0, 1]\nhalt\nno: immed[ab0, 2]\nhalt\n"),
		1);
	assert_int_equal(
		r0_of("immed[a2, 0x10]\nbr_bclr[a2, 3, no]\n"
		      "immed[ab0, 1]\nhalt\nno: immed[ab0, 2]\nhalt\n"),
		2);
	assert_int_equal(
		r0_of("immed[a2, 0x3400]\nbr_byte_ne[a2, 1, 0x34, no]\n"
		      "immed[ab0, 1]\nhalt\nno: immed[ab0, 2]\nhalt\n"),
		1);
	assert_int_equal(
		r0_of("immed[a2, 0x3400]\nbr_byte_ne[a2, 0, 0x34, no]\n"
		      "immed[ab0, 1]\nhalt\nno: immed[ab0, 2]\nhalt\n"),
		2);
}

static void t_mem_actions(void **st)
{
	struct run x;
	u32 mem[8] = {10, 0xf0, 0xff, 7, 0xffffffff, 1, 0, 0};

	run_mem(&x,
		/* and_ret word 1 with 0x3c, or_ret word 2 with 0x100 */
		"alu[$xo0, --, pass, 0x3c]\n"
		"emem[and_ret, $0, a2, 4, 1], ctx_swap[s0]\n"
		"alu[ab6, --, pass, $xi0]\n"
		"immed[$xo0, 0x100]\n"
		"emem[or_ret, $0, a2, 8, 1], ctx_swap[s0]\n"
		"alu[$xo0, --, pass, 0xff]\n"
		"emem[xor_ret, $0, a2, 8, 1], ctx_swap[s0]\n"
		/* cmpxchg word 3: expect 7 -> 9 (succeeds), then 7 -> 11
		   (fails) */
		"alu[$xo0, --, pass, 7]\nalu[$xo1, --, pass, 9]\n"
		"emem[cmpxchg, $0, a2, 12, 1], ctx_swap[s0]\n"
		"alu[ab8, --, pass, $xi0]\n"
		"alu[$xo0, --, pass, 7]\nalu[$xo1, --, pass, 11]\n"
		"emem[cmpxchg, $0, a2, 12, 1], ctx_swap[s0]\n"
		"alu[ab10, --, pass, $xi0]\n"
		/* 64-bit add at words 4..5: 0x1_ffffffff + 1 */
		"alu[$xo0, --, pass, 1]\nalu[$xo1, --, pass, 0]\n"
		"emem[add, $0, a2, 16, 2], ctx_swap[s0]\n"
		/* swap word 0 with 99, tas word 6 with 0x80 */
		"alu[$xo0, --, pass, 99]\n"
		"emem[swap, $0, a2, 0, 1], ctx_swap[s0]\n"
		"alu[ab12, --, pass, $xi0]\n"
		"alu[$xo0, --, pass, 0x80]\n"
		"emem[tas, $0, a2, 24, 1], ctx_swap[s0]\n"
		/* write_b 3 bytes at byte 28 from $xo0 = 0x44332211 */
		"immed[$xo0, 0x2211]\nimmed_w1[$xo0, 0x4433]\n"
		"emem[write_b, $0, a2, 28, 3], ctx_swap[s0]\n"
		"halt\n",
		mem, sizeof(mem), NULL);
	assert_int_equal(x.ret, 0);
	assert_int_equal(reg(&x, 0, 6), 0xf0); /* and_ret old */
	assert_int_equal(mem[1], 0x30);
	assert_int_equal(mem[2], (0xff | 0x100) ^ 0xff);
	assert_int_equal(reg(&x, 0, 8), 7);
	assert_int_equal(reg(&x, 0, 10), 9);
	assert_int_equal(mem[3], 9);
	assert_int_equal(mem[4], 0);
	assert_int_equal(mem[5], 2);
	assert_int_equal(reg(&x, 0, 12), 10);
	assert_int_equal(mem[0], 99);
	assert_int_equal(mem[6], 0x80);
	assert_int_equal(mem[7], 0x332211);
	xnic_sim_destroy(x.s);
}

static void t_mem_read_multi(void **st)
{
	struct run x;
	u32 mem[4] = {1, 2, 3, 4};

	/* unaligned byte address: words start at byte 2 (little-endian) */
	run_mem(&x,
		"emem[read, $4, a2, 0, 4], ctx_swap[s3]\n"
		"emem[read, $8, a2, 2, 1], ctx_swap[s3]\n"
		"alu[ab0, --, pass, $xi7]\nalu[ab1, --, pass, $xi8]\nhalt\n",
		mem, sizeof(mem), NULL);
	assert_int_equal(x.ret, 0);
	assert_int_equal(x.r.r0, 4 | (u64)0x20000 << 32);
	assert_int_equal(reg(&x, 2, 5), 2);
	xnic_sim_destroy(x.s);
}

static void t_lm_postinc(void **st)
{
	struct run x;

	run_mem(&x,
		"alu[lm0++, --, pass, 1]\nalu[lm0++, --, pass, 2]\n"
		"alu[ab0, --, pass, lm1[0]]\nalu[ab2, --, pass, lm1[1]]\n"
		"csr_rd[ab4, lm_addr0]\n"
		"alu[lm0--, --, pass, 3]\ncsr_rd[ab6, lm_addr0]\n"
		"alu[ab8, --, pass, lm1[2]]\nhalt\n",
		NULL, 0, NULL);
	assert_int_equal(x.ret, 0);
	assert_int_equal(reg(&x, 0, 0), 1);
	assert_int_equal(reg(&x, 0, 2), 2);
	assert_int_equal(reg(&x, 0, 4), 8);
	assert_int_equal(reg(&x, 0, 6), 4);
	assert_int_equal(reg(&x, 0, 8), 3);
	xnic_sim_destroy(x.s);
}

static void t_csr(void **st)
{
	struct run x;

	run_mem(&x,
		"nop\ncsr_rd[ab0, timestamp_lo]\ncsr_rd[ab2, ctx_num]\n"
		"csr_rd[ab4, me_num]\ncsr_rd[ab6, timestamp_hi]\nhalt\n",
		NULL, 0, NULL);
	assert_int_equal(x.ret, 0);
	assert_int_equal(reg(&x, 0, 0), 1); /* fresh chip: cycle 1 */
	assert_int_equal(reg(&x, 0, 2), 0);
	assert_int_equal(reg(&x, 0, 4), 0);
	assert_int_equal(reg(&x, 0, 6), 0);
	xnic_sim_destroy(x.s);
}

static void one_me(struct xnic_sim_config *c)
{
	c->islands = 1;
	c->mes_per_island = 1;
	c->pkt_mes = 1;
}

static void t_nn(void **st)
{
	struct run x;

	/* A write lands in the next ME: ME 0 does not see it ... */
	run_mem(&x, "alu[nn3, --, pass, 7]\nalu[ab0, --, pass, nn3]\nhalt\n",
		NULL, 0, NULL);
	assert_int_equal(x.ret, 0);
	assert_int_equal(x.r.r0, 0);
	xnic_sim_destroy(x.s);
	/* ... unless it is its own next neighbour (a one-ME chip). */
	run_mem(&x, "alu[nn3, --, pass, 7]\nalu[ab0, --, pass, nn3]\nhalt\n",
		NULL, 0, one_me);
	assert_int_equal(x.ret, 0);
	assert_int_equal(x.r.r0, 7);
	xnic_sim_destroy(x.s);
}

static void expect_fault(const char *src, void *mem, u32 len, int err,
			 const char *msg)
{
	struct run x;

	run_mem(&x, src, mem, len, NULL);
	assert_int_equal(x.ret, err);
	assert_int_equal(x.r.verdict, XNIC_SIM_ABORTED);
	if (!strstr(x.r.errmsg, msg))
		fprintf(stderr, "got '%s'\n", x.r.errmsg);
	assert_non_null(strstr(x.r.errmsg, msg));
	xnic_sim_destroy(x.s);
}

static void t_faults(void **st)
{
	u32 mem[2] = {0};

	/* past the end of EMEM (16 MiB in these tests) */
	expect_fault("immed[a4, 0x40ff, <<16]\nimmed_w0[a4, 0xfffe]\n"
		     "emem[read, $0, a4, 0, 1], ctx_swap[s0]\nhalt\n",
		     mem, 8, -EFAULT, "outside emem memory");
	expect_fault("immed[a4, 0x1000, <<16]\n"
		     "imem[read, $0, a4, 0, 1], ctx_swap[s0]\nhalt\n",
		     NULL, 0, -EFAULT, "outside imem memory");
	expect_fault("alu[$xo0, --, pass, 1]\n"
		     "emem[add_ret, $0, a2, 2, 1], ctx_swap[s0]\nhalt\n",
		     mem, 8, -EFAULT, "alignment");
	expect_fault("immed[a4, 500]\nrtn[a4]\nhalt\n", NULL, 0, -EFAULT,
		     "outside the code");
	expect_fault("ctx_arb[s5]\nhalt\n", NULL, 0, -EDEADLK, "signal");
	expect_fault("nop\n", NULL, 0, -EFAULT, "end of the code");
	expect_fault("fwcall[map_lookup]\nhalt\n", NULL, 0, -EFAULT,
		     "not a map descriptor");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_add_carry),
		cmocka_unit_test(t_sub_borrow),
		cmocka_unit_test(t_logic),
		cmocka_unit_test(t_conditions),
		cmocka_unit_test(t_shifts),
		cmocka_unit_test(t_immed),
		cmocka_unit_test(t_ld_field),
		cmocka_unit_test(t_mul),
		cmocka_unit_test(t_br_bit_byte),
		cmocka_unit_test(t_mem_actions),
		cmocka_unit_test(t_mem_read_multi),
		cmocka_unit_test(t_lm_postinc),
		cmocka_unit_test(t_csr),
		cmocka_unit_test(t_nn),
		cmocka_unit_test(t_faults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
