// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Loading images: every malformed image is refused with a clear message
 * (exact text asserted), never a crash; the configuration checks; and a
 * deterministic mutation run over valid programs (each mutated image
 * either loads and runs to an end, or is refused with a message) that
 * make check also runs under ASan+UBSan.  tests/fuzz/ has the libFuzzer
 * versions.
 */
#include "test_sim_common.h"

static const struct xnic_map_def arr = {"arr", BPF_MAP_TYPE_ARRAY, 4, 8, 4, 0};

static int load_words(const u64 *w, u32 n, const struct xnic_map_def *maps,
		      u32 nmaps, const struct xnic_reloc *rel, u32 nrel,
		      char *err)
{
	struct xnic_sim *s = sim_t_chip(NULL);
	struct xnic_image img;
	int ret;

	memset(&img, 0, sizeof(img));
	img.abi_version = XNIC_ABI_VERSION;
	img.code = (u64 *)w;
	img.code_len = n;
	img.maps = (struct xnic_map_def *)maps;
	img.map_cnt = nmaps;
	img.relocs = (struct xnic_reloc *)rel;
	img.reloc_cnt = nrel;
	err[0] = '\0';
	ret = xnic_sim_load(s, &img, err, 256);
	xnic_sim_destroy(s);
	return ret;
}

static u64 word(const char *src)
{
	struct xnic_image img;
	u64 w;

	assert_int_equal(sim_t_asm(src, XNIC_PROG_XDP, &img), 0);
	w = img.code[0];
	free(img.code);
	return w;
}

static void t_bad_words(void **st)
{
	u64 w[4];
	char err[256];

	w[0] = 63ULL << XNIC_OPCODE_SHIFT;
	assert_int_equal(load_words(w, 1, NULL, 0, NULL, 0, err), -EINVAL);
	assert_non_null(strstr(err, "word 0: unknown opcode 63"));
	/* a reserved bit set in a nop */
	w[0] = word("halt\n");
	w[1] = 1ULL << 40;
	assert_int_equal(load_words(w, 2, NULL, 0, NULL, 0, err), -EINVAL);
	assert_non_null(strstr(err, "word 1: reserved bits"));
	assert_int_equal(load_words(w, 0, NULL, 0, NULL, 0, err), -EINVAL);
	assert_non_null(strstr(err, "code size 0"));
}

static void t_bad_flow(void **st)
{
	u64 w[4];
	char err[256];

	/* branch to @3 in a 2-word program */
	w[0] = word("br[@3]\n");
	w[1] = word("halt\n");
	assert_int_equal(load_words(w, 2, NULL, 0, NULL, 0, err), -EINVAL);
	assert_string_equal(
		err, "word 0: branch target @3 outside the code (2 words)");
	/* defer slots past the end */
	w[0] = word("br[@0], defer[2]\nnop\nnop\n");
	assert_int_equal(load_words(w, 2, NULL, 0, NULL, 0, err), -EINVAL);
	assert_string_equal(err,
			    "word 0: defer[2] runs past the end of the code");
	/* a branch in a defer slot */
	w[0] = word("br[@2], defer[1]\nnop\n");
	w[1] = word("br[@2]\n");
	w[2] = word("halt\n");
	assert_int_equal(load_words(w, 3, NULL, 0, NULL, 0, err), -EINVAL);
	assert_string_equal(err, "word 1: br in a defer slot of word 0");
}

static void t_bad_maps(void **st)
{
	struct xnic_map_def m = arr;
	struct xnic_reloc rel = {0, XNIC_RELO_MAP_DESC, 0, 0};
	u64 w[3];
	char err[256];

	w[0] = word("halt\n");
	m.type = BPF_MAP_TYPE_LRU_HASH;
	assert_int_equal(load_words(w, 1, &m, 1, NULL, 0, err), -EINVAL);
	assert_string_equal(err, "map 'arr': type 9 not supported by the NIC");
	m = arr;
	m.key_size = 8;
	assert_int_equal(load_words(w, 1, &m, 1, NULL, 0, err), -EINVAL);
	assert_non_null(strstr(err, "bad sizes"));
	m = arr;
	m.max_entries = 100000000;
	assert_int_equal(load_words(w, 1, &m, 1, NULL, 0, err), -E2BIG);
	assert_non_null(strstr(err, "do not fit"));
	/* relocation on a word that is not an immed pair */
	w[1] = word("halt\n");
	assert_int_equal(load_words(w, 2, &arr, 1, &rel, 1, err), -EINVAL);
	assert_string_equal(
		err, "relocation at word 0: not an immed / immed_w1 pair");
	/* relocation naming a missing map */
	w[0] = word("immed[ab2, 0]\n");
	w[1] = word("immed_w1[ab2, 0]\n");
	w[2] = word("halt\n");
	rel.map = 3;
	assert_int_equal(load_words(w, 3, &arr, 1, &rel, 1, err), -EINVAL);
	assert_string_equal(err, "relocation 0: map 3 does not exist");
	/* value relocation past the ARRAY */
	rel.map = 0;
	rel.type = XNIC_RELO_MAP_VALUE;
	rel.addend = 32;
	assert_int_equal(load_words(w, 3, &arr, 1, &rel, 1, err), -EINVAL);
	assert_non_null(strstr(err, "bad type 1 or offset 32"));
	rel.addend = 8;
	assert_int_equal(load_words(w, 3, &arr, 1, &rel, 1, err), 0);
}

static void t_bad_config(void **st)
{
	struct xnic_sim_config cfg;
	struct xnic_sim *s;
	char err[256];

	xnic_sim_config_default(&cfg);
	cfg.ctx_per_me = 9;
	assert_int_equal(xnic_sim_create(&cfg, &s, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "bad configuration: ctx_per_me must be 1..8");
	xnic_sim_config_default(&cfg);
	assert_int_equal(xnic_sim_config_set(&cfg, "lat.emem.read", 400, err,
					     sizeof(err)),
			 0);
	assert_int_equal(cfg.lat[XNIC_MEM_EMEM][XNIC_SIM_LAT_READ], 400);
	assert_int_equal(
		xnic_sim_config_set(&cfg, "svc.ctm", 3, err, sizeof(err)), 0);
	assert_int_equal(cfg.svc[XNIC_MEM_CTM], 3);
	assert_int_equal(xnic_sim_config_set(&cfg, "nope", 1, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "unknown configuration field 'nope'");
}

/* Deterministic mutations of valid programs. */
static u64 xs(u64 *st)
{
	*st ^= *st << 13;
	*st ^= *st >> 7;
	*st ^= *st << 17;
	return *st;
}

static const char *const seeds[] = {
	"immed[a2, 0x4000, <<16]\nemem[read, $0, a2, 0, 2], ctx_swap[s0]\n"
	"alu[ab0, $xi0, add, b2]\nbne[l], defer[1]\nalu[lm0++, --, pass, a0]\n"
	"l: csr_wr[lm_addr1, a0]\nfwcall[map_lookup]\nhalt\n",
	"immed[ab4, 8]\nfwcall[adjust_head]\nld_field[ab0, 0x3, b22, ror 8]\n"
	"mul_step[--, a2, b3, 32x32, start]\nmul_step[--, a2, b3, 32x32, "
	"step]\n"
	"mul_step[ab0, --, --, 32x32, last]\nrtn[a0]\nhalt\n",
	"ctm[read, $0, a22, 0, 4], sig_done[s1]\nctx_arb[s1]\n"
	"shf[ab0, a3, b4, dshr 3]\nbr_byte_eq[a0, 1, 7, @0]\n"
	"emem[cmpxchg, $0, a2, 0, 2], ctx_swap[s2], defer[1]\nnop\nhalt\n",
};

static void t_mutations(void **st)
{
	u64 rng = 0x1234567887654321ULL;
	u32 it, loaded = 0, refused = 0;
	struct xnic_sim *s = sim_t_chip(NULL);
	struct xnic_image base[3];
	u32 i;

	for (i = 0; i < 3; i++)
		assert_int_equal(sim_t_asm(seeds[i], XNIC_PROG_XDP, &base[i]),
				 0);
	for (it = 0; it < 3000; it++) {
		struct xnic_image img = base[it % 3];
		struct xnic_sim_pkt_result r;
		u64 code[16];
		u8 frame[80] = {0}, out[128], mem[32] = {0};
		char err[256];
		u32 k, nmut = 1 + xs(&rng) % 3;

		memcpy(code, img.code, img.code_len * 8);
		for (k = 0; k < nmut; k++) {
			u32 at = xs(&rng) % img.code_len;

			if (xs(&rng) & 1)
				code[at] ^= 1ULL << (xs(&rng) % 64);
			else
				code[at] ^= xs(&rng) & 0x3ffffffULL;
		}
		img.code = code;
		img.maps = (struct xnic_map_def *)&arr;
		img.map_cnt = 1;
		err[0] = '\0';
		if (xnic_sim_load(s, &img, err, sizeof(err))) {
			assert_true(err[0] != '\0');
			refused++;
			continue;
		}
		loaded++;
		xnic_sim_run_raw(s, NULL, mem, sizeof(mem), XNIC_MEM_EMEM, &r);
		xnic_sim_run_frame(s, frame, sizeof(frame), 0, out, sizeof(out),
				   &r);
		/* faults must come with a message */
		if (r.err)
			assert_true(r.errmsg[0] != '\0');
	}
	assert_true(loaded > 100);
	assert_true(refused > 100);
	for (i = 0; i < 3; i++)
		free(base[i].code);
	xnic_sim_destroy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_bad_words), cmocka_unit_test(t_bad_flow),
		cmocka_unit_test(t_bad_maps),  cmocka_unit_test(t_bad_config),
		cmocka_unit_test(t_mutations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
