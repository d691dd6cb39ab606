// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Whole-chip behaviour: latency hiding by the 8 contexts of an ME, a
 * memory unit saturating at its service rate when many MEs hammer it,
 * determinism of a multi-ME stream, and the analytic estimate.
 */
#include "test_sim_common.h"

/* 4 dependent EMEM reads per packet: memory-latency bound. */
static const char mem_loop[] = "immed[a2, 0x4000, <<16]\n"
			       "emem[read, $0, a2, 0, 1], ctx_swap[s0]\n"
			       "emem[read, $0, a2, 8, 1], ctx_swap[s0]\n"
			       "emem[read, $0, a2, 16, 1], ctx_swap[s0]\n"
			       "emem[read, $0, a2, 24, 1], ctx_swap[s0]\n"
			       "immed[ab0, 2]\nhalt\n";

#define NPKT 2000

static u8 frame64[64];
static struct xnic_sim_frame frames[NPKT];
static u32 g_ctx, g_mes, g_mbps;

static void cfg(struct xnic_sim_config *c)
{
	c->ctx_per_me = g_ctx;
	c->pkt_mes = g_mes;
	if (g_mbps)
		c->port_mbps = g_mbps;
}

static void stream_v(const char *src, u32 ctx, u32 mes, u32 mbps, u32 verdict,
		     struct xnic_sim_stream_result *r)
{
	struct xnic_sim *s;
	u32 i;

	for (i = 0; i < NPKT; i++) {
		frames[i].data = frame64;
		frames[i].len = sizeof(frame64);
	}
	g_ctx = ctx;
	g_mes = mes;
	g_mbps = mbps;
	s = sim_t_load(src, XNIC_PROG_XDP, NULL, 0, cfg);
	assert_non_null(s);
	assert_int_equal(xnic_sim_run_stream(s, frames, NPKT, NULL, NULL, r),
			 0);
	assert_int_equal(r->packets, NPKT);
	assert_int_equal(r->verdicts[verdict], NPKT);
	xnic_sim_destroy(s);
}

static void stream(const char *src, u32 ctx, u32 mes, u32 mbps,
		   struct xnic_sim_stream_result *r)
{
	stream_v(src, ctx, mes, mbps, XNIC_SIM_PASS, r);
}

/*
 * One context: a packet costs dispatch 1 + 2 (swap), metadata read done
 * at +72, dispatch 12 (84), immed (85), four reads of 1 + 336 each (1433),
 * immed, halt (1435), egress 8: 1443 cycles, back to back.  The first
 * 64-byte frame has arrived after (64 + 20) * 8 bits at 25 Gb/s = 21
 * cycles, so elapsed = 21 + 2000 * 1443.  Eight contexts overlap the
 * reads: close to 8 times the throughput.
 */
static void t_latency_hiding(void **st)
{
	struct xnic_sim_stream_result one, eight;
	u64 ratio_x1000;

	stream(mem_loop, 1, 1, 0, &one);
	assert_int_equal(one.elapsed, 21 + NPKT * 1443ULL);
	stream(mem_loop, 8, 1, 0, &eight);
	/* the model's exact figure, then the band it must be in */
	assert_int_equal(eight.elapsed, 360973);
	ratio_x1000 = one.elapsed * 1000 / eight.elapsed;
	assert_true(ratio_x1000 >= 7500 && ratio_x1000 <= 8000);
}

/*
 * 16 EMEM reads per packet on 50 MEs x 8 contexts with unlimited ports:
 * EMEM (service 2 cycles) serves at most 400 M commands/s, so 25 Mpps;
 * the unit is saturated (utilisation >= 98%).
 */
static void t_contention(void **st)
{
	char src[2048];
	struct xnic_sim_stream_result r;
	u32 i, n = 0;

	n += snprintf(src + n, sizeof(src) - n, "immed[a2, 0x4000, <<16]\n");
	for (i = 0; i < 16; i++)
		n += snprintf(src + n, sizeof(src) - n,
			      "emem[read, $0, a2, %u, 1], ctx_swap[s0]\n",
			      8 * i);
	snprintf(src + n, sizeof(src) - n, "immed[ab0, 2]\nhalt\n");
	stream(src, 8, 50, 100000000, &r);
	assert_int_equal(r.units[XNIC_MEM_EMEM].cmds, 16 * NPKT);
	assert_true(r.util_permille[XNIC_MEM_EMEM] >= 980);
	/* within 3% of the service-rate bound of 25 Mpps */
	assert_true(r.pps <= 25000000 && r.pps >= 24250000);
	/* one ME alone is far from saturating the unit */
	stream(src, 8, 1, 100000000, &r);
	assert_true(r.util_permille[XNIC_MEM_EMEM] < 300);
}

/*
 * Egress: XDP_TX of frames grown by 100 bytes (64 in, 164 out) on the port
 * they came from.  Output needs (164 + 20) * 8 bits per frame, so each
 * 25G port sends at most 16.98 Mpps and the two together 33.97 Mpps,
 * below the 74.4 Mpps arriving: the egress ports set the rate.
 */
static void t_egress(void **st)
{
	struct xnic_sim_stream_result r;

	stream_v("immed[ab4, 99, ~]\nimmed[ab5, 0, ~]\nfwcall[adjust_head]\n"
		 "immed[ab0, 3]\nimmed[ab1, 0]\nhalt\n",
		 8, 50, 0, XNIC_SIM_TX, &r);
	assert_true(r.pps <= 33970000 && r.pps >= 33000000);
}

static void t_deterministic(void **st)
{
	struct xnic_sim_stream_result a, b;

	stream(mem_loop, 8, 50, 0, &a);
	stream(mem_loop, 8, 50, 0, &b);
	assert_int_equal(a.elapsed, b.elapsed);
	assert_int_equal(a.busy, b.busy);
	assert_memory_equal(a.units, b.units, sizeof(a.units));
}

/*
 * Estimate from one packet: C = 3 + 12 + 1 + 4 * 3 + 1 + 1 + 8 = 38,
 * L = 1443 (above).  L/T = 180 > C: latency bound, one ME does
 * 800e6 / 180 = 4444444 pps, 50 MEs 222222200; EMEM allows 400e6 / 4 =
 * 100 Mpps; two 25G ports carry 50e9 / (84 * 8) = 74404761 pps of
 * 64-byte frames: the line is the bottleneck.
 */
static void t_estimate(void **st)
{
	struct xnic_sim *s = sim_t_load(mem_loop, XNIC_PROG_XDP, NULL, 0, NULL);
	struct xnic_sim_pkt_result r;
	struct xnic_sim_estimate_in in = {0};
	struct xnic_sim_estimate e;
	u32 t;

	assert_int_equal(xnic_sim_run_frame(s, frame64, 64, 0, NULL, 0, &r), 0);
	assert_int_equal(r.busy, 38);
	assert_int_equal(r.cycles, 1443);
	in.packets = 1;
	in.sum_busy = r.busy;
	in.sum_cycles = r.cycles;
	in.sum_bytes = 64;
	for (t = 0; t < XNIC_MEM_COUNT; t++)
		in.sum_cmds[t] = r.mem_cmds[t];
	assert_int_equal(in.sum_cmds[XNIC_MEM_EMEM], 4);
	xnic_sim_estimate(s, &in, &e);
	assert_int_equal(e.me_pps, 4444444);
	assert_int_equal(e.mes_pps, 222222200);
	assert_int_equal(e.unit_pps[XNIC_MEM_EMEM], 100000000);
	assert_int_equal(e.line_pps, 74404761);
	assert_int_equal(e.pps, 74404761);
	assert_int_equal(e.bottleneck, XNIC_SIM_BN_LINE);
	xnic_sim_destroy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_latency_hiding),
		cmocka_unit_test(t_contention),
		cmocka_unit_test(t_egress),
		cmocka_unit_test(t_deterministic),
		cmocka_unit_test(t_estimate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
