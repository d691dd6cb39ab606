// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The "sim" conformance backend: the NIC path.  A vector's program is
 * JIT-compiled without verifier metadata (the vectors are not kernel-
 * verifiable programs: r1 is a raw buffer, not a ctx), so every memory
 * access uses the JIT's generic lowering that dispatches on the chip
 * address window at run time; the image then runs on the cycle-accurate
 * simulator with the buffer copied into EMEM (r1 = its chip address,
 * r2 = its length, r10 = the context's 512-byte LM stack).
 *
 * Rejected on purpose, with the reason: helper calls (the NIC's helpers
 * are the BPF helpers of docs/abi.md, not the suite's helper 5), callx,
 * and programs the JIT refuses (e.g. call chains whose frames do not fit
 * the 512 bytes of local memory a context owns).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xnic/caps.h"
#include "xnic/conformance.h"
#include "xnic/jit.h"
#include "xnic/sim.h"

struct sim_backend {
	struct xnic_sim *sim;
	struct xnic_dev_caps caps;
};

static int sim_open(const char *arg, void **ctx, char *why, size_t whylen)
{
	struct xnic_sim_config cfg;
	struct sim_backend *b;
	char err[256];
	int ret;

	(void)arg;
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	xnic_sim_config_default(&cfg);
	cfg.pkt_mes = 1;
	ret = xnic_sim_create(&cfg, &b->sim, err, sizeof(err));
	if (ret) {
		snprintf(why, whylen, "simulator: %s", err);
		free(b);
		return ret;
	}
	xnic_dev_caps_default(&b->caps);
	*ctx = b;
	return 0;
}

static void sim_close(void *ctx)
{
	struct sim_backend *b = ctx;

	if (!b)
		return;
	xnic_sim_destroy(b->sim);
	free(b);
}

/* Instructions the NIC refuses on purpose, with the reason. */
static bool refused(const struct bpf_insn *insns, u32 cnt, char *why,
		    size_t whylen)
{
	u32 i;

	for (i = 0; i < cnt; i++) {
		const struct bpf_insn *in = &insns[i];

		if (in->code == (BPF_JMP | BPF_CALL) &&
		    in->src_reg != BPF_PSEUDO_CALL) {
			snprintf(why, whylen,
				 "insn %u: helper call %d: the NIC runs BPF helpers as firmware routines (docs/abi.md), not the suite's test helpers",
				 i, in->imm);
			return true;
		}
		if (in->code == (BPF_JMP | BPF_CALL | BPF_X)) {
			snprintf(why, whylen,
				 "insn %u: callx: indirect calls are not supported by the NIC",
				 i);
			return true;
		}
	}
	return false;
}

static int sim_run(void *ctx, const struct bpf_insn *insns, u32 cnt,
		   u8 *mem, u32 mem_len, u64 *r0, char *why, size_t whylen)
{
	struct sim_backend *b = ctx;
	struct xnic_sim_pkt_result res;
	struct xnic_prog prog = { 0 };
	struct xnic_image img;
	struct xnic_diag diag;
	char dbuf[1024], err[256];
	int ret;

	if (refused(insns, cnt, why, whylen))
		return XNIC_CONFORMANCE_REJECTED;
	prog.name = "conformance";
	prog.type = XNIC_PROG_XDP;
	prog.insns = insns;
	prog.insn_cnt = cnt;
	xnic_diag_init(&diag, dbuf, sizeof(dbuf));
	ret = xnic_jit_compile(&prog, NULL, &b->caps, &img, &diag);
	if (ret == -EINVAL || ret == -E2BIG) {
		size_t n = strlen(dbuf);

		while (n && dbuf[n - 1] == '\n')
			dbuf[--n] = '\0';
		snprintf(why, whylen, "jit: %s", dbuf);
		return XNIC_CONFORMANCE_REJECTED;
	}
	if (ret) {
		snprintf(why, whylen, "jit: error %d", ret);
		return ret;
	}
	ret = xnic_sim_load(b->sim, &img, err, sizeof(err));
	xnic_image_release(&img);
	if (ret) {
		snprintf(why, whylen, "load: %s", err);
		return ret;
	}
	memset(&res, 0, sizeof(res));
	ret = xnic_sim_run_raw(b->sim, NULL, mem, mem_len, XNIC_MEM_EMEM,
			       &res);
	if (ret || res.err) {
		snprintf(why, whylen, "simulator: %s (%d)",
			 res.errmsg[0] ? res.errmsg : "run failed",
			 ret ? ret : res.err);
		return ret ? ret : res.err;
	}
	*r0 = res.r0;
	return XNIC_CONFORMANCE_RAN;
}

static const struct xnic_conformance_backend sim_backend = {
	.name = "sim",
	.description = "JIT (generic memory lowering) + cycle-accurate NIC simulator",
	.isa_version = 4,
	.open = sim_open,
	.run = sim_run,
	.close = sim_close,
};

const struct xnic_conformance_backend *xnic_conformance_sim_backend(void)
{
	return &sim_backend;
}
