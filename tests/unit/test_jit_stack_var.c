// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The JIT's run-time-addressed stack accesses (variable offsets: the
 * verifier's off_min < off_max), checked against the reference
 * interpreter.  A loop writes a 64-byte stack array with stores of one
 * width at a loop-indexed offset, a second loop reads it back with loads
 * of another width (zero- or sign-extending) and folds them into r0.  The
 * verifier sees a different constant offset on each iteration, so the
 * merged metadata is a range and the JIT must use its dynamic lowering;
 * every pair of widths shows the byte layout of both sides agrees.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "xnic/bpf_interp.h"
#include "xnic/caps.h"
#include "xnic/diag.h"
#include "xnic/jit.h"
#include "xnic/sim.h"
#include "xnic/verifier.h"

#include "helpers/jit_runner.h"

#define MAX_INSNS 64

struct prog {
	struct bpf_insn p[MAX_INSNS];
	u32 n;
};

static void emit(struct prog *g, u8 code, u8 dst, u8 src, s16 off, s32 imm)
{
	struct bpf_insn *in = &g->p[g->n++];

	assert_true(g->n <= MAX_INSNS);
	in->code = code;
	in->dst_reg = dst;
	in->src_reg = src;
	in->off = off;
	in->imm = imm;
}

static u8 bpf_size(u32 bytes)
{
	return bytes == 1 ? BPF_B :
	       bytes == 2 ? BPF_H :
	       bytes == 4 ? BPF_W :
			    BPF_DW;
}

/* r3 = fp - 64 + r7 * bytes */
static void index_ptr(struct prog *g, u32 bytes)
{
	emit(g, BPF_ALU64 | BPF_MOV | BPF_X, 2, 7, 0, 0);
	emit(g, BPF_ALU64 | BPF_MUL | BPF_K, 2, 0, 0, (s32)bytes);
	emit(g, BPF_ALU64 | BPF_MOV | BPF_X, 3, 10, 0, 0);
	emit(g, BPF_ALU64 | BPF_ADD | BPF_K, 3, 0, 0, -64);
	emit(g, BPF_ALU64 | BPF_ADD | BPF_X, 3, 2, 0, 0);
}

static void build(struct prog *g, u32 ws, u32 rs, bool sx, bool st)
{
	u32 loop;

	g->n = 0;
	emit(g, BPF_LD | BPF_IMM | BPF_DW, 6, 0, 0, (s32)0x89abcdef);
	emit(g, 0, 0, 0, 0, 0x01234567);
	emit(g, BPF_ALU64 | BPF_MOV | BPF_K, 7, 0, 0, 0);
	loop = g->n;
	index_ptr(g, ws);
	if (st) {
		emit(g, BPF_ST | BPF_MEM | bpf_size(ws), 3, 0, 0, -0x5a5a5a6);
	} else {
		emit(g, BPF_ALU64 | BPF_MOV | BPF_X, 4, 6, 0, 0);
		emit(g, BPF_ALU64 | BPF_XOR | BPF_X, 4, 7, 0, 0);
		emit(g, BPF_ALU64 | BPF_MUL | BPF_K, 4, 0, 0, 0x9e3779b1);
		emit(g, BPF_STX | BPF_MEM | bpf_size(ws), 3, 4, 0, 0);
	}
	emit(g, BPF_ALU64 | BPF_ADD | BPF_K, 7, 0, 0, 1);
	emit(g, BPF_JMP | BPF_JLT | BPF_K, 7, 0,
	     (s16)((s32)loop - (s32)g->n - 1), (s32)(64 / ws));
	emit(g, BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0);
	emit(g, BPF_ALU64 | BPF_MOV | BPF_K, 7, 0, 0, 0);
	loop = g->n;
	index_ptr(g, rs);
	emit(g, BPF_LDX | (sx ? BPF_MEMSX : BPF_MEM) | bpf_size(rs), 4, 3, 0,
	     0);
	emit(g, BPF_ALU64 | BPF_MUL | BPF_K, 0, 0, 0, 31);
	emit(g, BPF_ALU64 | BPF_ADD | BPF_X, 0, 4, 0, 0);
	emit(g, BPF_ALU64 | BPF_ADD | BPF_K, 7, 0, 0, 1);
	emit(g, BPF_JMP | BPF_JLT | BPF_K, 7, 0,
	     (s16)((s32)loop - (s32)g->n - 1), (s32)(64 / rs));
	emit(g, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
}

static void run_one(struct runner *r, u32 ws, u32 rs, bool sx, bool st)
{
	struct xnic_bpf_interp_cfg icfg;
	struct xnic_bpf_interp_result ires;
	struct xnic_sim_pkt_result sres;
	struct xnic_prog_meta meta;
	struct xnic_prog prog = {0};
	struct xnic_image img;
	struct xnic_diag d;
	struct prog g;
	char dbuf[1024], err[256];
	u32 i;
	bool ranged = false;

	build(&g, ws, rs, sx, st);
	prog.name = "stack_var";
	prog.type = XNIC_PROG_XDP;
	prog.insns = g.p;
	prog.insn_cnt = g.n;
	xnic_diag_init(&d, dbuf, sizeof(dbuf));
	if (xnic_verify(&prog, &r->caps, NULL, &meta, &d))
		fail_msg("w%u r%u: verifier: %s", ws, rs, dbuf);
	/* the accesses really are ranges: the dynamic lowering runs */
	for (i = 0; i < g.n; i++)
		if (meta.insn[i].ptr_kind == XNIC_PTR_STACK &&
		    meta.insn[i].off_min < meta.insn[i].off_max)
			ranged = true;
	assert_true(ranged);

	memset(&icfg, 0, sizeof(icfg));
	icfg.insns = g.p;
	icfg.insn_cnt = g.n;
	assert_int_equal(xnic_bpf_interp_run(&icfg, &ires), 0);

	if (xnic_jit_compile(&prog, &meta, &r->caps, &img, &d))
		fail_msg("w%u r%u: jit: %s", ws, rs, dbuf);
	xnic_prog_meta_free(&meta);
	if (xnic_sim_load(r->sim, &img, err, sizeof(err)))
		fail_msg("w%u r%u: load: %s", ws, rs, err);
	xnic_image_release(&img);
	memset(&sres, 0, sizeof(sres));
	xnic_sim_run_raw(r->sim, NULL, NULL, 0, XNIC_MEM_EMEM, &sres);
	if (sres.err)
		fail_msg("w%u r%u: simulator: %s", ws, rs, sres.errmsg);
	if (sres.r0 != ires.r0)
		fail_msg("store %u%s, load %u%s: r0 0x%llx on the NIC, 0x%llx "
			 "in the interpreter",
			 ws, st ? " (imm)" : "", rs, sx ? " (sx)" : "",
			 (unsigned long long)sres.r0,
			 (unsigned long long)ires.r0);
}

static void test_width_pairs(void **state)
{
	static const u32 w[] = {1, 2, 4, 8};
	struct runner *r = *state;
	u32 a, b, sx, st;

	for (a = 0; a < 4; a++)
		for (b = 0; b < 4; b++)
			for (sx = 0; sx < (w[b] < 8 ? 2u : 1u); sx++)
				for (st = 0; st < 2; st++)
					run_one(r, w[a], w[b], sx, st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width_pairs),
	};

	return cmocka_run_group_tests(tests, jit_runner_setup,
				      jit_runner_teardown);
}
