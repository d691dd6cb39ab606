// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * One hand-assembled microbenchmark per timing rule of docs/timing.md, each
 * asserting the exact cycle count computed by hand in its comment (default
 * configuration).  Raw runs start at cycle T with no dispatch or egress,
 * so cycles = what the program itself costs.
 */
#include "test_sim_common.h"

/* Run src raw with a 16-byte EMEM buffer (R1); returns cycles. */
static u64 cycles_of(const char *src, u64 *r0)
{
	struct xnic_sim *s = sim_t_load(src, XNIC_PROG_XDP, NULL, 0, NULL);
	struct xnic_sim_pkt_result r;
	u32 mem[4] = {0xaaaa, 0xbbbb, 3, 4};

	assert_non_null(s);
	assert_int_equal(
		xnic_sim_run_raw(s, NULL, mem, sizeof(mem), XNIC_MEM_EMEM, &r),
		0);
	if (r0)
		*r0 = r.r0;
	xnic_sim_destroy(s);
	return r.cycles;
}

/* Rule 1: one cycle per instruction. 4 + halt = 5. */
static void t_issue(void **st)
{
	u64 r0;

	assert_int_equal(cycles_of("nop\nnop\nnop\nimmed[ab0, 5]\nhalt\n", &r0),
			 5);
	assert_int_equal(r0, 5);
}

/* Rule 2: taken br = 1 + P(2) - defer(0) = 3; halt 1: total 4. */
static void t_br_taken(void **st)
{
	assert_int_equal(cycles_of("br[l1]\nnop\nl1: halt\n", NULL), 4);
}

/*
 * br defer[1]: 1 + (2 - 1) = 2, the slot 1, halt 1: 4; the slot ran
 * (r0 = 7), the nop after it did not.
 */
static void t_br_defer(void **st)
{
	u64 r0;

	assert_int_equal(cycles_of("br[l1], defer[1]\nimmed[ab0, 7]\n"
				   "immed[ab0, 9]\nl1: halt\n",
				   &r0),
			 4);
	assert_int_equal(r0, 7);
}

/* defer[2] on br hides the whole penalty: 1 + 0 + 2 slots + halt = 4. */
static void t_br_defer2(void **st)
{
	assert_int_equal(cycles_of("br[l1], defer[2]\nnop\nnop\nnop\n"
				   "l1: halt\n",
				   NULL),
			 4);
}

/*
 * Conditional taken: immed 1, alu 1, beq 1 + 3 = 4, halt 1: 7.
 * Not taken: immed 1, alu 1, bne 1, immed 1, halt 1: 5.
 */
static void t_bcc(void **st)
{
	u64 r0;

	assert_int_equal(cycles_of("immed[a2, 1]\nalu[--, a2, sub, 1]\n"
				   "beq[l1]\nnop\nl1: halt\n",
				   NULL),
			 7);
	assert_int_equal(cycles_of("immed[a2, 1]\nalu[--, a2, sub, 1]\n"
				   "bne[l1]\nimmed[ab0, 1]\nhalt\n"
				   "l1: immed[ab0, 2]\nhalt\n",
				   &r0),
			 5);
	assert_int_equal(r0, 1);
}

/* Conditional with defer[3]: 1 + 0 + 3 slots + halt = 5 (plus 2 setup). */
static void t_bcc_defer3(void **st)
{
	assert_int_equal(cycles_of("immed[a2, 1]\nalu[--, a2, sub, 1]\n"
				   "beq[l1], defer[3]\nnop\nnop\nnop\nnop\n"
				   "l1: halt\n",
				   NULL),
			 7);
}

/* rtn costs as a conditional: immed 1, rtn 1 + 3, halt 1 = 6. */
static void t_rtn(void **st)
{
	assert_int_equal(cycles_of("immed[a4, 3]\nrtn[a4]\nnop\nhalt\n", NULL),
			 6);
}

/* br_bit / br_byte taken: immed 1 + (1 + 3) + halt 1 = 6. */
static void t_br_bit_byte(void **st)
{
	assert_int_equal(cycles_of("immed[a4, 0x100]\nbr_bset[a4, 8, l1]\n"
				   "nop\nl1: halt\n",
				   NULL),
			 6);
	assert_int_equal(
		cycles_of("immed[a4, 0x100]\nbr_byte_eq[a4, 1, 1, l1]\n"
			  "nop\nl1: halt\n",
			  NULL),
		6);
}

/* Rule 3: yield = 1 + swap 2, ready at once; halt 1: 4. */
static void t_swap(void **st)
{
	assert_int_equal(cycles_of("yield\nhalt\n", NULL), 4);
}

/*
 * Rule 5, EMEM read (336): issue at T, command leaves at T+1, completes
 * T+1+336 = T+337; the context swaps (T+3), the ME idles to T+337; alu
 * T+338, halt T+339.
 */
static void t_emem_read(void **st)
{
	u64 r0;

	assert_int_equal(cycles_of("emem[read, $0, a2, 0, 1], ctx_swap[s0]\n"
				   "alu[ab0, --, pass, $xi0]\nhalt\n",
				   &r0),
			 339);
	assert_int_equal(r0, 0xaaaa);
}

/*
 * Per-8-byte extra latency: a 4-word (16 B) read adds (16-1)/8 = 1:
 * T+1+336+1 = T+338, alu T+339, halt T+340.
 */
static void t_emem_read16(void **st)
{
	u64 r0;

	assert_int_equal(cycles_of("emem[read, $0, a2, 0, 4], ctx_swap[s0]\n"
				   "alu[ab0, --, pass, $xi3]\nhalt\n",
				   &r0),
			 340);
	assert_int_equal(r0, 4);
}

/* Write latencies by unit: EMEM 290 -> 1 + 290 + halt 1 = 292. */
static void t_emem_write(void **st)
{
	assert_int_equal(cycles_of("alu[$xo0, --, pass, 1]\n"
				   "emem[write, $0, a2, 0, 1], ctx_swap[s0]\n"
				   "halt\n",
				   NULL),
			 1 + 1 + 290 + 1);
}

/* CTM read: the buffer placed in CTM; 1 + 70 + alu + halt = 73. */
static void t_ctm_read(void **st)
{
	struct xnic_sim *s =
		sim_t_load("ctm[read, $0, a2, 0, 1], ctx_swap[s0]\n"
			   "alu[ab0, --, pass, $xi0]\nhalt\n",
			   XNIC_PROG_XDP, NULL, 0, NULL);
	struct xnic_sim_pkt_result r;
	u32 mem = 0x1234;

	assert_non_null(s);
	assert_int_equal(xnic_sim_run_raw(s, NULL, &mem, 4, XNIC_MEM_CTM, &r),
			 0);
	assert_int_equal(r.cycles, 73);
	assert_int_equal(r.r0, 0x1234);
	xnic_sim_destroy(s);
}

/*
 * Atomic with return (EMEM 190): 1 + 190, alu, halt = 193; the memory
 * word was incremented by 5.
 */
static void t_atomic(void **st)
{
	struct xnic_sim *s =
		sim_t_load("alu[$xo0, --, pass, 5]\n"
			   "emem[add_ret, $0, a2, 0, 1], ctx_swap[s0]\n"
			   "alu[ab0, --, pass, $xi0]\nhalt\n",
			   XNIC_PROG_XDP, NULL, 0, NULL);
	struct xnic_sim_pkt_result r;
	u32 mem = 10;

	assert_non_null(s);
	assert_int_equal(xnic_sim_run_raw(s, NULL, &mem, 4, XNIC_MEM_EMEM, &r),
			 0);
	assert_int_equal(r.cycles, 1 + 1 + 190 + 1 + 1);
	assert_int_equal(r.r0, 10);
	assert_int_equal(mem, 15);
	xnic_sim_destroy(s);
}

/*
 * Queueing: two back-to-back EMEM reads (service 2).  First leaves T+1,
 * unit busy to T+3, done T+337; second leaves T+2, waits to T+3, done
 * T+339.  ctx_arb at T+2 -> T+3, swap -> T+5, wakes T+339; alu T+340;
 * halt T+341.
 */
static void t_queue(void **st)
{
	u64 r0;

	assert_int_equal(cycles_of("emem[read, $0, a2, 0, 1], sig_done[s1]\n"
				   "emem[read, $1, a2, 4, 1], sig_done[s2]\n"
				   "ctx_arb[s1, s2]\nalu[ab0, --, pass, $xi1]\n"
				   "halt\n",
				   &r0),
			 341);
	assert_int_equal(r0, 0xbbbb);
}

/*
 * ctx_swap defer[2]: the swap penalty is 2 - 2 = 0 and the two slots run
 * in the shadow of the read: issue T, slots T+1, T+2 (now T+3), wake at
 * T+337, alu T+338, halt T+339: the same as without the slots.
 */
static void t_swap_defer(void **st)
{
	assert_int_equal(
		cycles_of("emem[read, $0, a2, 0, 1], ctx_swap[s0], defer[2]\n"
			  "nop\nnop\nalu[ab0, --, pass, $xi0]\nhalt\n",
			  NULL),
		339);
}

/*
 * Rule 4: lm_addr0 written at instruction i is seen from i+4; i+1..i+3
 * read the old pointer (0).  11 instructions, 11 cycles.
 */
static void t_lm_hazard(void **st)
{
	struct xnic_sim *s = sim_t_load("immed[a1, 0x11]\n"
					"alu[lm1[0], --, pass, a1]\n"
					"immed[a1, 0x22]\n"
					"alu[lm1[15], --, pass, a1]\n"
					"immed[a3, 60]\n"
					"csr_wr[lm_addr0, a3]\n"
					"alu[ab0, --, pass, lm0[0]]\n"
					"alu[ab2, --, pass, lm0[0]]\n"
					"alu[ab4, --, pass, lm0[0]]\n"
					"alu[ab6, --, pass, lm0[0]]\n"
					"halt\n",
					XNIC_PROG_XDP, NULL, 0, NULL);
	struct xnic_sim_pkt_result r;
	u32 v;

	assert_non_null(s);
	assert_int_equal(xnic_sim_run_raw(s, NULL, NULL, 0, XNIC_MEM_EMEM, &r),
			 0);
	assert_int_equal(r.cycles, 11);
	xnic_sim_ctx_reg(s, 0, 0, 0, 0, &v);
	assert_int_equal(v, 0x11);
	xnic_sim_ctx_reg(s, 0, 0, 0, 4, &v);
	assert_int_equal(v, 0x11);
	xnic_sim_ctx_reg(s, 0, 0, 1, 6, &v);
	assert_int_equal(v, 0x22);
	xnic_sim_destroy(s);
}

static void hazard0(struct xnic_sim_config *c)
{
	c->lm_hazard = 0;
}

/* With lm_hazard = 0 (configurable), the next instruction sees it. */
static void t_lm_hazard_cfg(void **st)
{
	struct xnic_sim *s = sim_t_load("immed[a1, 0x22]\n"
					"alu[lm1[15], --, pass, a1]\n"
					"immed[a3, 60]\n"
					"csr_wr[lm_addr0, a3]\n"
					"alu[ab0, --, pass, lm0[0]]\nhalt\n",
					XNIC_PROG_XDP, NULL, 0, hazard0);

	assert_non_null(s);
	assert_int_equal(sim_t_raw(s, NULL) & 0xffffffff, 0x22);
	xnic_sim_destroy(s);
}

/*
 * A frame run adds the firmware: dispatch issue 1 + swap 2, metadata CTM
 * read of 16 B done at T+1+70+1 = T+72, dispatch 12 -> T+84, immed T+85,
 * halt T+86, egress 8 -> T+94.  C = 1+2+12+1+1+8 = 25.
 */
static void t_frame(void **st)
{
	struct xnic_sim *s = sim_t_load("immed[ab0, 2]\nhalt\n", XNIC_PROG_XDP,
					NULL, 0, NULL);
	struct xnic_sim_pkt_result r;
	u8 frame[64] = {0}, out[128];

	assert_non_null(s);
	assert_int_equal(xnic_sim_run_frame(s, frame, sizeof(frame), 0, out,
					    sizeof(out), &r),
			 0);
	assert_int_equal(r.cycles, 94);
	assert_int_equal(r.busy, 25);
	assert_int_equal(r.verdict, XNIC_SIM_PASS);
	assert_int_equal(r.len, 64);
	/* deterministic: the same frame again costs the same */
	assert_int_equal(xnic_sim_run_frame(s, frame, sizeof(frame), 0, out,
					    sizeof(out), &r),
			 0);
	assert_int_equal(r.cycles, 94);
	xnic_sim_destroy(s);
}

/*
 * A firmware routine: udiv64 costs fw_div (70) busy cycles and no memory:
 * immed x4 (4), fwcall 1 + 70, alu, halt: 77.
 */
static void t_fwcall_div(void **st)
{
	u64 r0;

	assert_int_equal(cycles_of("immed[ab28, 100]\nimmed[ab29, 0]\n"
				   "immed[ab30, 7]\nimmed[ab31, 0]\n"
				   "fwcall[udiv64]\nalu[ab0, --, pass, a28]\n"
				   "halt\n",
				   &r0),
			 4 + 1 + 70 + 1 + 1);
	assert_int_equal(r0, 14);
}

static void wd_small(struct xnic_sim_config *c)
{
	c->watchdog = 1000;
}

/* The watchdog stops a runaway loop: -ETIMEDOUT, verdict aborted. */
static void t_watchdog(void **st)
{
	struct xnic_sim *s =
		sim_t_load("l: br[l]\n", XNIC_PROG_XDP, NULL, 0, wd_small);
	struct xnic_sim_pkt_result r;

	assert_non_null(s);
	assert_int_equal(xnic_sim_run_raw(s, NULL, NULL, 0, XNIC_MEM_EMEM, &r),
			 -ETIMEDOUT);
	assert_int_equal(r.verdict, XNIC_SIM_ABORTED);
	assert_non_null(strstr(r.errmsg, "watchdog"));
	xnic_sim_destroy(s);
}

/*
 * Profile: alu (cycle 1), beq taken: 1 + 3 (stall 3 at word 1, now 5),
 * emem read issued at 5, leaves 6, done 342; swap 2 (stall 2, now 8),
 * then the wait 8 -> 342 (stall 334): word 3 stalls 336; halt 343.
 */
static void t_profile(void **st)
{
	struct xnic_sim *s =
		sim_t_load("alu[--, a2, sub, b2]\nbeq[l1]\nnop\n"
			   "l1: emem[read, $0, a2, 0, 1], ctx_swap[s0]\n"
			   "halt\n",
			   XNIC_PROG_XDP, NULL, 0, NULL);
	static const u64 exec[5] = {1, 1, 0, 1, 1};
	static const u64 stl[5] = {0, 3, 0, 336, 0};
	const struct xnic_sim_profile *p;
	struct xnic_sim_pkt_result r;
	u32 mem = 0, i;

	assert_non_null(s);
	assert_null(xnic_sim_get_profile(s));
	assert_int_equal(xnic_sim_profile_enable(s, true), 0);
	assert_int_equal(xnic_sim_run_raw(s, NULL, &mem, 4, XNIC_MEM_EMEM, &r),
			 0);
	assert_int_equal(r.cycles, 343);
	p = xnic_sim_get_profile(s);
	assert_non_null(p);
	assert_int_equal(p->len, 5);
	for (i = 0; i < 5; i++) {
		assert_int_equal(p->exec[i], exec[i]);
		assert_int_equal(p->stall[i], stl[i]);
	}
	xnic_sim_destroy(s);
}

struct tr_log {
	u32 n;
	u32 pc[8];
	u64 cycle[8];
};

static void tr_cb(void *arg, const struct xnic_sim_trace_ev *ev)
{
	struct tr_log *l = arg;

	if (l->n < 8) {
		l->pc[l->n] = ev->pc;
		l->cycle[l->n] = ev->cycle;
	}
	l->n++;
}

/* Trace: one event per executed word with the ME clock after it. */
static void t_trace(void **st)
{
	struct xnic_sim *s = sim_t_load("br[l1], defer[1]\nnop\nnop\n"
					"l1: immed[ab0, 3]\nhalt\n",
					XNIC_PROG_XDP, NULL, 0, NULL);
	struct tr_log l = {0};

	assert_non_null(s);
	xnic_sim_set_trace(s, tr_cb, &l);
	assert_int_equal(sim_t_raw(s, NULL), 3);
	/* br 1 + (2 - 1) = 2, slot 3, immed 4, halt 5 */
	assert_int_equal(l.n, 4);
	assert_int_equal(l.pc[0], 0);
	assert_int_equal(l.cycle[0], 2);
	assert_int_equal(l.pc[1], 1);
	assert_int_equal(l.cycle[1], 3);
	assert_int_equal(l.pc[2], 3);
	assert_int_equal(l.pc[3], 4);
	assert_int_equal(l.cycle[3], 5);
	xnic_sim_destroy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_issue),
		cmocka_unit_test(t_br_taken),
		cmocka_unit_test(t_br_defer),
		cmocka_unit_test(t_br_defer2),
		cmocka_unit_test(t_bcc),
		cmocka_unit_test(t_bcc_defer3),
		cmocka_unit_test(t_rtn),
		cmocka_unit_test(t_br_bit_byte),
		cmocka_unit_test(t_swap),
		cmocka_unit_test(t_emem_read),
		cmocka_unit_test(t_emem_read16),
		cmocka_unit_test(t_emem_write),
		cmocka_unit_test(t_ctm_read),
		cmocka_unit_test(t_atomic),
		cmocka_unit_test(t_queue),
		cmocka_unit_test(t_swap_defer),
		cmocka_unit_test(t_lm_hazard),
		cmocka_unit_test(t_lm_hazard_cfg),
		cmocka_unit_test(t_frame),
		cmocka_unit_test(t_fwcall_div),
		cmocka_unit_test(t_watchdog),
		cmocka_unit_test(t_profile),
		cmocka_unit_test(t_trace),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
