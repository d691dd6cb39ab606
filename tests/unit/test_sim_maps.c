// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Maps and the firmware routines: the host map API with the kernel's
 * errors (ARRAY and HASH), the fwcall routines reached from microcode
 * (map update/lookup/delete through relocated descriptors, adjust_head,
 * adjust_tail, csum_diff, prandom, ktime, perf_output), packets beyond the
 * CTM split, and the verdict mapping.
 */
#include "test_sim_common.h"

static const struct xnic_map_def arr = {"arr", BPF_MAP_TYPE_ARRAY, 4, 8, 4, 0};
static const struct xnic_map_def hsh = {"hsh", BPF_MAP_TYPE_HASH, 4, 8, 2, 0};
static const struct xnic_map_def perf = {
	"ev", BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4, 4, 0};

static struct xnic_sim *load_maps(const char *src, u32 type,
				  const struct xnic_map_def *maps, u32 nmaps,
				  const struct xnic_reloc *rel, u32 nrel)
{
	struct xnic_image img;
	struct xnic_sim *s;
	char err[256];
	int ret;

	if (sim_t_asm(src, type, &img))
		return NULL;
	s = sim_t_chip(NULL);
	assert_non_null(s);
	img.maps = (struct xnic_map_def *)maps;
	img.map_cnt = nmaps;
	img.relocs = (struct xnic_reloc *)rel;
	img.reloc_cnt = nrel;
	ret = xnic_sim_load(s, &img, err, sizeof(err));
	free(img.code);
	if (ret)
		fprintf(stderr, "load: %s\n", err);
	assert_int_equal(ret, 0);
	return s;
}

static void t_array_api(void **st)
{
	struct xnic_sim *s =
		load_maps("halt\n", XNIC_PROG_XDP, &arr, 1, NULL, 0);
	u64 v = 0, w = 0x1122334455667788ULL;
	u32 k, next;

	k = 0;
	assert_int_equal(xnic_sim_map_lookup(s, 0, &k, &v), 0);
	assert_int_equal(v, 0);
	k = 1;
	assert_int_equal(xnic_sim_map_update(s, 0, &k, &w, BPF_ANY), 0);
	assert_int_equal(xnic_sim_map_lookup(s, 0, &k, &v), 0);
	assert_int_equal(v, w);
	assert_int_equal(xnic_sim_map_update(s, 0, &k, &w, BPF_NOEXIST),
			 -EEXIST);
	assert_int_equal(xnic_sim_map_update(s, 0, &k, &w, BPF_EXIST), 0);
	assert_int_equal(xnic_sim_map_update(s, 0, &k, &w, 3), -EINVAL);
	k = 4;
	assert_int_equal(xnic_sim_map_update(s, 0, &k, &w, BPF_ANY), -E2BIG);
	assert_int_equal(xnic_sim_map_lookup(s, 0, &k, &v), -ENOENT);
	assert_int_equal(xnic_sim_map_delete(s, 0, &k), -EINVAL);
	assert_int_equal(xnic_sim_map_get_next_key(s, 0, NULL, &next), 0);
	assert_int_equal(next, 0);
	k = 2;
	assert_int_equal(xnic_sim_map_get_next_key(s, 0, &k, &next), 0);
	assert_int_equal(next, 3);
	k = 3;
	assert_int_equal(xnic_sim_map_get_next_key(s, 0, &k, &next), -ENOENT);
	k = 99;
	assert_int_equal(xnic_sim_map_get_next_key(s, 0, &k, &next), 0);
	assert_int_equal(next, 0);
	assert_int_equal(xnic_sim_map_lookup(s, 7, &k, &v), -ENOENT);
	xnic_sim_destroy(s);
}

static void t_hash_api(void **st)
{
	struct xnic_sim *s =
		load_maps("halt\n", XNIC_PROG_XDP, &hsh, 1, NULL, 0);
	u64 v, a = 1, b = 2;
	u32 k1 = 10, k2 = 20, k3 = 30, k, seen = 0, n = 0;
	int ret;

	assert_int_equal(xnic_sim_map_lookup(s, 0, &k1, &v), -ENOENT);
	assert_int_equal(xnic_sim_map_update(s, 0, &k1, &a, BPF_NOEXIST), 0);
	assert_int_equal(xnic_sim_map_update(s, 0, &k1, &a, BPF_NOEXIST),
			 -EEXIST);
	assert_int_equal(xnic_sim_map_update(s, 0, &k2, &b, BPF_EXIST),
			 -ENOENT);
	assert_int_equal(xnic_sim_map_update(s, 0, &k2, &b, BPF_ANY), 0);
	assert_int_equal(xnic_sim_map_update(s, 0, &k3, &b, BPF_ANY), -E2BIG);
	/* updating an existing key of a full map works */
	assert_int_equal(xnic_sim_map_update(s, 0, &k2, &a, BPF_EXIST), 0);
	assert_int_equal(xnic_sim_map_lookup(s, 0, &k2, &v), 0);
	assert_int_equal(v, 1);
	/* iteration visits every key once */
	ret = xnic_sim_map_get_next_key(s, 0, NULL, &k);
	while (!ret) {
		seen |= k == k1 ? 1 : k == k2 ? 2 : 4;
		n++;
		ret = xnic_sim_map_get_next_key(s, 0, &k, &k);
	}
	assert_int_equal(ret, -ENOENT);
	assert_int_equal(n, 2);
	assert_int_equal(seen, 3);
	assert_int_equal(xnic_sim_map_delete(s, 0, &k1), 0);
	assert_int_equal(xnic_sim_map_delete(s, 0, &k1), -ENOENT);
	assert_int_equal(xnic_sim_map_update(s, 0, &k3, &b, BPF_ANY), 0);
	assert_int_equal(xnic_sim_map_lookup(s, 0, &k3, &v), 0);
	assert_int_equal(v, 2);
	xnic_sim_destroy(s);
}

/* Map routines from microcode; the descriptor comes by relocation. */
#define SET_R1_MAP                          \
	"immed[ab2, 0]\nimmed_w1[ab2, 0]\n" \
	"immed[ab3, 0]\n"
static const char map_prog[] = SET_R1_MAP /* words 0..2 */
	"alu[lm0[0], --, pass, 10]\n"	  /* key 10 at LM 0 */
	"alu[lm0[2], --, pass, 77]\n"	  /* value 77 at LM 8 */
	"alu[lm0[3], --, pass, 0]\n"
	"immed[ab4, 0]\nimmed[ab5, 0]\n" /* R2 = &key */
	"immed[ab6, 8]\nimmed[ab7, 0]\n" /* R3 = &value */
	"immed[ab8, 0]\nimmed[ab9, 0]\n" /* R4 = BPF_ANY */
	"fwcall[map_update]\n"
	"alu[ab12, --, pass, a0]\n" /* R6 = update result */
	SET_R1_MAP		    /* words 14..16 */
	"immed[ab4, 0]\nimmed[ab5, 0]\n"
	"fwcall[map_lookup]\n"
	"alu[--, --, pass, a0]\nbeq[done]\n" /* NULL: not found */
	"emem[read, $0, a0, 0, 1], ctx_swap[s0]\n"
	"alu[ab0, --, pass, $xi0]\n"
	"done: halt\n";

static void t_fw_maps(void **st)
{
	const struct xnic_map_def *maps[2] = {&arr, &hsh};
	struct xnic_reloc rel[2] = {{0, XNIC_RELO_MAP_DESC, 0, 0},
				    {14, XNIC_RELO_MAP_DESC, 0, 0}};
	u32 i;

	for (i = 0; i < 2; i++) {
		struct xnic_sim *s =
			load_maps(map_prog, XNIC_PROG_XDP, maps[i], 1, rel, 2);
		struct xnic_sim_pkt_result r;
		u32 k = 10, v;
		u64 val;

		assert_int_equal(
			xnic_sim_run_raw(s, NULL, NULL, 0, XNIC_MEM_EMEM, &r),
			0);
		xnic_sim_ctx_reg(s, 0, 0, 0, 12, &v);
		if (i == 0) {
			/* ARRAY of 4: key 10 is out of range */
			assert_int_equal((s32)v, -E2BIG);
			assert_int_equal(xnic_sim_map_lookup(s, 0, &k, &val),
					 -ENOENT);
			assert_int_equal(r.r0, 0);
			xnic_sim_destroy(s);
			continue;
		}
		assert_int_equal(v, 0);
		assert_int_equal(r.r0, 77);
		assert_int_equal(xnic_sim_map_lookup(s, 0, &k, &val), 0);
		assert_int_equal(val, 77);
		/* routines charge memory: IMEM descriptor reads and more */
		assert_true(r.mem_cmds[XNIC_MEM_IMEM] >= 4);
		assert_true(r.mem_cmds[XNIC_MEM_EMEM] >= 2);
		xnic_sim_destroy(s);
	}
}

static int frame(struct xnic_sim *s, const u8 *in, u32 len, u8 *out,
		 struct xnic_sim_pkt_result *r)
{
	return xnic_sim_run_frame(s, in, len, 0, out, 4096, r);
}

static void t_adjust_head(void **st)
{
	struct xnic_sim *s =
		load_maps("immed[ab4, 14, ~]\nalu[ab4, a4, add, 1]\n" /* -14 */
			  "immed[ab5, 0, ~]\nfwcall[adjust_head]\n"
			  "alu[ab12, --, pass, a0]\n"
			  "alu[ab14, a23, sub, b22]\n" /* data_end - data */
			  "immed[ab0, 3]\nimmed[ab1, 0]\nhalt\n",
			  XNIC_PROG_XDP, NULL, 0, NULL, 0);
	struct xnic_sim_pkt_result r;
	u8 in[64], out[4096];
	u32 i, v;

	for (i = 0; i < sizeof(in); i++)
		in[i] = (u8)i;
	assert_int_equal(frame(s, in, sizeof(in), out, &r), 0);
	assert_int_equal(r.verdict, XNIC_SIM_TX);
	assert_int_equal(r.len, 78);
	for (i = 0; i < 14; i++)
		assert_int_equal(out[i], 0);
	assert_memory_equal(out + 14, in, sizeof(in));
	xnic_sim_ctx_reg(s, 0, 0, 0, 12, &v);
	assert_int_equal(v, 0);
	xnic_sim_ctx_reg(s, 0, 0, 0, 14, &v);
	assert_int_equal(v, 78);
	xnic_sim_destroy(s);
}

static void t_adjust_head_bad(void **st)
{
	/* +60 leaves 4 bytes < ETH_HLEN: -EINVAL, packet unchanged */
	struct xnic_sim *s = load_maps("immed[ab4, 60]\nfwcall[adjust_head]\n"
				       "halt\n",
				       XNIC_PROG_XDP, NULL, 0, NULL, 0);
	struct xnic_sim_pkt_result r;
	u8 in[64] = {1}, out[4096];

	assert_int_equal(frame(s, in, sizeof(in), out, &r), 0);
	assert_int_equal((s64)r.r0, -EINVAL);
	assert_int_equal(r.retval, (u32)-EINVAL);
	assert_int_equal(r.verdict, XNIC_SIM_ABORTED);
	assert_int_equal(r.len, 64);
	xnic_sim_destroy(s);
}

/* At most 216 bytes can be pushed, as in the kernel's test run. */
static void t_adjust_head_limit(void **st)
{
	/* ~215 = -216, ~216 = -217 */
	struct xnic_sim *ok = load_maps("immed[ab4, 215, ~]\nimmed[ab5, 0, ~]\n"
					"fwcall[adjust_head]\nhalt\n",
					XNIC_PROG_XDP, NULL, 0, NULL, 0);
	struct xnic_sim *bad = load_maps("immed[ab4, 216, ~]\nimmed[ab5, 0, ~]\n"
					 "fwcall[adjust_head]\nhalt\n",
					 XNIC_PROG_XDP, NULL, 0, NULL, 0);
	struct xnic_sim_pkt_result r;
	u8 in[64] = { 0 }, out[4096];

	assert_int_equal(frame(ok, in, sizeof(in), out, &r), 0);
	assert_int_equal(r.r0, 0);
	assert_int_equal(r.len, 64 + 216);
	assert_int_equal(frame(bad, in, sizeof(in), out, &r), 0);
	assert_int_equal((s64)r.r0, -EINVAL);
	assert_int_equal(r.len, 64);
	xnic_sim_destroy(ok);
	xnic_sim_destroy(bad);
}

static void t_adjust_tail(void **st)
{
	struct xnic_sim *s = load_maps("alu[ab4, --, pass, a20]\n"
				       "fwcall[adjust_tail]\n"
				       "immed[ab0, 2]\nhalt\n",
				       XNIC_PROG_XDP, NULL, 0, NULL, 0);
	struct xnic_sim_pkt_result r;
	u8 in[2000], out[4096];
	u32 i;
	u64 regs[11] = {0};

	(void)regs;
	for (i = 0; i < sizeof(in); i++)
		in[i] = (u8)(i * 7);
	/* a20 is 0 at entry: delta 0, a 64-byte frame passes unchanged */
	assert_int_equal(frame(s, in, 64, out, &r), 0);
	assert_int_equal(r.len, 64);
	/* a 2000-byte frame: 1536 in CTM, 464 in the EMEM tail, reassembled */
	assert_int_equal(frame(s, in, sizeof(in), out, &r), 0);
	assert_int_equal(r.verdict, XNIC_SIM_PASS);
	assert_int_equal(r.len, 2000);
	assert_memory_equal(out, in, 2000);
	xnic_sim_destroy(s);
}

static void t_adjust_tail_grow(void **st)
{
	struct xnic_sim *s =
		load_maps("immed[ab4, 20]\nfwcall[adjust_tail]\n"
			  "immed[ab4, 10, ~]\nalu[ab4, a4, add, 1]\n"
			  "fwcall[adjust_tail]\n" /* -10 */
			  "alu[ab0, --, pass, a24]\nhalt\n",
			  XNIC_PROG_TC, NULL, 0, NULL, 0);
	struct xnic_sim_pkt_result r;
	u8 in[100], out[4096];

	memset(in, 0xab, sizeof(in));
	assert_int_equal(frame(s, in, sizeof(in), out, &r), 0);
	assert_int_equal(r.len, 110);
	assert_int_equal(r.retval, 110);
	assert_memory_equal(out, in, 100);
	assert_int_equal(out[100], 0);
	assert_int_equal(out[109], 0);
	/* TC: an unknown action drops */
	assert_int_equal(r.verdict, XNIC_SIM_DROP);
	xnic_sim_destroy(s);
}

/*
 * Growing as far as the kernel's test run: a 64-byte frame may reach
 * 3520 bytes (bytes past the 2 KiB CTM buffer go to the EMEM tail and
 * read as zero); 3521 is refused.
 */
static void t_adjust_tail_far(void **st)
{
	struct xnic_sim *ok = load_maps("immed[ab4, 3456]\nfwcall[adjust_tail]\n"
					"alu[ab0, --, pass, a24]\nhalt\n",
					XNIC_PROG_TC, NULL, 0, NULL, 0);
	struct xnic_sim *bad = load_maps("immed[ab4, 3457]\nfwcall[adjust_tail]\n"
					 "halt\n",
					 XNIC_PROG_TC, NULL, 0, NULL, 0);
	static u8 out[4096], zero[4096];
	struct xnic_sim_pkt_result r;
	u8 in[64];

	memset(in, 0x77, sizeof(in));
	assert_int_equal(frame(ok, in, sizeof(in), out, &r), 0);
	assert_int_equal(r.retval, 3520);
	assert_int_equal(r.len, 3520);
	assert_memory_equal(out, in, 64);
	assert_memory_equal(out + 64, zero, 3520 - 64);
	assert_int_equal(frame(bad, in, sizeof(in), out, &r), 0);
	assert_int_equal((s64)r.r0, -EINVAL);
	assert_int_equal(r.len, 64);
	xnic_sim_destroy(ok);
	xnic_sim_destroy(bad);
}

static void t_split_window(void **st)
{
	struct xnic_sim *s = load_maps("alu[ab0, a23, sub, b22]\n"
				       "alu[ab2, --, pass, a24]\nhalt\n",
				       XNIC_PROG_XDP, NULL, 0, NULL, 0);
	struct xnic_sim_pkt_result r;
	u8 in[3000] = {0}, out[4096];
	u32 v;

	assert_int_equal(frame(s, in, sizeof(in), out, &r), 0);
	assert_int_equal(r.retval, 1536);
	xnic_sim_ctx_reg(s, 0, 0, 0, 2, &v);
	assert_int_equal(v, 3000);
	assert_int_equal(r.len, 3000);
	/* too big and too small frames are refused, not run */
	assert_int_equal(xnic_sim_run_frame(s, in, 13, 0, out, 4096, &r),
			 -EINVAL);
	xnic_sim_destroy(s);
}

static void t_csum_diff(void **st)
{
	/* to = {0xffffffff, 2}, from = {1}, seed 5 */
	struct xnic_sim *s =
		load_maps("immed[a2, 0, ~]\nalu[lm0[0], --, pass, a2]\n"
			  "alu[lm0[1], --, pass, 2]\nalu[lm0[2], --, pass, 1]\n"
			  "immed[ab2, 8]\nimmed[ab3, 0]\n" /* from @8 */
			  "immed[ab4, 4]\nimmed[ab5, 0]\n"
			  "immed[ab6, 0]\nimmed[ab7, 0]\n" /* to @0 */
			  "immed[ab8, 8]\nimmed[ab9, 0]\n"
			  "immed[ab10, 5]\nimmed[ab11, 0]\n"
			  "fwcall[csum_diff]\nhalt\n",
			  XNIC_PROG_XDP, NULL, 0, NULL, 0);
	u64 r0 = sim_t_raw(s, NULL);

	/* ~1 + 0xffffffff + 2 + 5 = 0x2_00000004 -> fold -> 6 */
	assert_int_equal(r0, 6);
	xnic_sim_destroy(s);
	s = load_maps("immed[ab4, 3]\nfwcall[csum_diff]\nhalt\n", XNIC_PROG_XDP,
		      NULL, 0, NULL, 0);
	assert_int_equal((s64)sim_t_raw(s, NULL), -EINVAL);
	xnic_sim_destroy(s);
}

static void t_prandom_ktime(void **st)
{
	const char *src = "fwcall[prandom]\nalu[ab12, --, pass, a0]\n"
			  "fwcall[prandom]\nalu[ab14, --, pass, a0]\n"
			  "fwcall[ktime]\nhalt\n";
	struct xnic_sim *s1 = load_maps(src, XNIC_PROG_XDP, NULL, 0, NULL, 0);
	struct xnic_sim *s2 = load_maps(src, XNIC_PROG_XDP, NULL, 0, NULL, 0);
	u32 a1, b1, a2, b2;
	u64 t1 = sim_t_raw(s1, NULL), t2 = sim_t_raw(s2, NULL);

	xnic_sim_ctx_reg(s1, 0, 0, 0, 12, &a1);
	xnic_sim_ctx_reg(s1, 0, 0, 0, 14, &b1);
	xnic_sim_ctx_reg(s2, 0, 0, 0, 12, &a2);
	xnic_sim_ctx_reg(s2, 0, 0, 0, 14, &b2);
	assert_int_not_equal(a1, b1);
	assert_int_equal(a1, a2); /* same seed, same numbers */
	assert_int_equal(b1, b2);
	/*
	 * Each prandom costs 1 + fw_small 4 and each alu 1, so ktime issues
	 * at cycle 12 of a fresh chip and reads the clock at the end of its
	 * issue slot: 13 cycles * 1000 / 800 MHz = 16 ns.
	 */
	assert_int_equal(t1, t2);
	assert_int_equal(t1, 13 * 1000 / 800);
	xnic_sim_destroy(s1);
	xnic_sim_destroy(s2);
}

static void t_perf(void **st)
{
	struct xnic_reloc rel = {0, XNIC_RELO_MAP_DESC, 0, 0};
	struct xnic_sim *s = load_maps(
		"immed[ab4, 0]\nimmed_w1[ab4, 0]\n" /* R2 = perf map */
		"immed[ab5, 0]\n"
		"immed[ab6, 0, ~]\nimmed[ab7, 0]\n" /* R3 = CURRENT_CPU */
		"immed[ab8, 0]\nimmed[ab9, 0]\n"    /* R4 = LM 0 */
		"immed[ab10, 8]\nimmed[ab11, 0]\n"  /* R5 = 8 */
		"alu[lm0[0], --, pass, 0x11]\nalu[lm0[1], --, pass, 0x22]\n"
		"fwcall[perf_output]\nhalt\n",
		XNIC_PROG_XDP, &perf, 1, &rel, 1);
	u32 buf[4] = {0}, idx = 9;

	/* the map-routine relocation sits at R2 here: patch word 0 */
	assert_int_equal(sim_t_raw(s, NULL), 0);
	assert_int_equal(xnic_sim_perf_read(s, buf, sizeof(buf), &idx), 8);
	assert_int_equal(idx, 0);
	assert_int_equal(buf[0], 0x11);
	assert_int_equal(buf[1], 0x22);
	assert_int_equal(xnic_sim_perf_read(s, buf, sizeof(buf), &idx),
			 -ENOENT);
	assert_int_equal(xnic_sim_perf_lost(s), 0);
	xnic_sim_destroy(s);
}

static void t_verdicts(void **st)
{
	static const struct {
		u32 type;
		u32 r0;
		u32 verdict;
		u32 port;
	} cases[] = {
		{XNIC_PROG_XDP, 0, XNIC_SIM_ABORTED, 1},
		{XNIC_PROG_XDP, 1, XNIC_SIM_DROP, 1},
		{XNIC_PROG_XDP, 2, XNIC_SIM_PASS, 1},
		{XNIC_PROG_XDP, 3, XNIC_SIM_TX, 1},
		{XNIC_PROG_XDP, 4, XNIC_SIM_REDIRECT, 0},
		{XNIC_PROG_XDP, 9, XNIC_SIM_ABORTED, 1},
		{XNIC_PROG_TC, 0, XNIC_SIM_PASS, 1},
		{XNIC_PROG_TC, 0xffffffff, XNIC_SIM_PASS, 1},
		{XNIC_PROG_TC, 2, XNIC_SIM_DROP, 1},
		{XNIC_PROG_TC, 7, XNIC_SIM_REDIRECT, 0},
	};
	u8 in[60] = {0}, out[128];
	u32 i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char src[128];
		struct xnic_sim *s;
		struct xnic_sim_pkt_result r;

		snprintf(src, sizeof(src),
			 "immed[ab0, 0x%x]\nimmed_w1[ab0, 0x%x]\nhalt\n",
			 cases[i].r0 & 0xffff, cases[i].r0 >> 16);
		s = load_maps(src, cases[i].type, NULL, 0, NULL, 0);
		assert_int_equal(xnic_sim_run_frame(s, in, sizeof(in), 1, out,
						    sizeof(out), &r),
				 0);
		assert_int_equal(r.retval, cases[i].r0);
		assert_int_equal(r.verdict, cases[i].verdict);
		if (r.verdict == XNIC_SIM_TX || r.verdict == XNIC_SIM_REDIRECT)
			assert_int_equal(r.out_port, cases[i].port);
		xnic_sim_destroy(s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_array_api),
		cmocka_unit_test(t_hash_api),
		cmocka_unit_test(t_fw_maps),
		cmocka_unit_test(t_adjust_head),
		cmocka_unit_test(t_adjust_head_bad),
		cmocka_unit_test(t_adjust_head_limit),
		cmocka_unit_test(t_adjust_tail),
		cmocka_unit_test(t_adjust_tail_grow),
		cmocka_unit_test(t_adjust_tail_far),
		cmocka_unit_test(t_split_window),
		cmocka_unit_test(t_csum_diff),
		cmocka_unit_test(t_prandom_ktime),
		cmocka_unit_test(t_perf),
		cmocka_unit_test(t_verdicts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
