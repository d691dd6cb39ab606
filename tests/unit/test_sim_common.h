/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Shared by the tests/unit/test_sim_*.c files: assemble microcode text into
 * an image and load it into a fresh chip.
 */
#ifndef TEST_SIM_COMMON_H
#define TEST_SIM_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "xnic/sim.h"
#include "xnic/uasm.h"

/* Assemble src into img (XDP unless type says otherwise). */
static inline int sim_t_asm(const char *src, u32 type, struct xnic_image *img)
{
	struct xnic_asm_out out;
	struct xnic_diag d;
	char buf[2048];
	int ret;

	memset(img, 0, sizeof(*img));
	xnic_diag_init(&d, buf, sizeof(buf));
	ret = xnic_assemble(src, (u32)strlen(src), "test.s", &out, &d);
	if (ret) {
		fprintf(stderr, "%s", buf);
		return ret;
	}
	img->abi_version = XNIC_ABI_VERSION;
	img->prog_type = type;
	img->code = out.words;
	img->code_len = out.nwords;
	out.words = NULL;
	xnic_asm_out_free(&out);
	return 0;
}

/* A chip with the default config changed by fn (may be NULL). */
static inline struct xnic_sim *sim_t_chip(void (*fn)(struct xnic_sim_config *))
{
	struct xnic_sim_config cfg;
	struct xnic_sim *s;
	char err[256];

	xnic_sim_config_default(&cfg);
	cfg.emem_bytes = 16 << 20;
	if (fn)
		fn(&cfg);
	if (xnic_sim_create(&cfg, &s, err, sizeof(err))) {
		fprintf(stderr, "create: %s\n", err);
		return NULL;
	}
	return s;
}

/* Assemble and load; maps optional. */
static inline struct xnic_sim *sim_t_load(const char *src, u32 type,
					  const struct xnic_map_def *maps,
					  u32 nmaps,
					  void (*fn)(struct xnic_sim_config *))
{
	struct xnic_image img;
	struct xnic_sim *s;
	char err[256];
	int ret;

	if (sim_t_asm(src, type, &img))
		return NULL;
	s = sim_t_chip(fn);
	if (!s) {
		free(img.code);
		return NULL;
	}
	img.maps = (struct xnic_map_def *)maps;
	img.map_cnt = nmaps;
	ret = xnic_sim_load(s, &img, err, sizeof(err));
	free(img.code);
	if (ret) {
		fprintf(stderr, "load: %s\n", err);
		xnic_sim_destroy(s);
		return NULL;
	}
	return s;
}

/* Raw run with no memory: returns R0 (asserting success). */
static inline u64 sim_t_raw(struct xnic_sim *s, u64 *cycles)
{
	struct xnic_sim_pkt_result r;
	int ret = xnic_sim_run_raw(s, NULL, NULL, 0, XNIC_MEM_EMEM, &r);

	if (ret)
		fprintf(stderr, "raw run: %s\n", r.errmsg);
	assert_int_equal(ret, 0);
	if (cycles)
		*cycles = r.cycles;
	return r.r0;
}

#endif /* TEST_SIM_COMMON_H */
