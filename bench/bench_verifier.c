// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Verifier throughput on large generated programs, next to the host
 * kernel's BPF_PROG_LOAD time for the same instructions measured in the
 * same run (what bpftool prog load does, minus the ELF parsing).
 *
 *   linear    100k insns of packet loads and ALU after one data_end check
 *   diamonds  8000 if/else diamonds (2^8000 paths; pruning keeps it linear;
 *             8000 stays under both verifiers' 8192 pending-branch limit)
 *   loop      a bounded loop of 20k iterations over a 10-insn body
 *   calls     1000 calls to 10 subprograms touching caller stack
 *   million   a loop of 1,000,000 iterations: a million states checked at
 *             the loop head, with our insn limit raised to 4M for this row
 *             (the kernel stops at 1M processed insns and rejects)
 *   storm     24 branches adding different constants to r7, then 2000
 *             XORs on it: 2^24 paths that differ only in r7, which no
 *             check relies on; precision tracking prunes all but the
 *             first (before it, we ran into the 1M-insn limit)
 * The device's code-store limit is lifted for the benchmark (caps
 * code_words), since these programs are far larger than a NIC holds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include "xnic/caps.h"
#include "xnic/frontend.h"
#include "xnic/verifier.h"

#define INS(c, d, s, o, i)                 \
	((struct bpf_insn){.code = (c),    \
			   .dst_reg = (d), \
			   .src_reg = (s), \
			   .off = (o),     \
			   .imm = (i)})
#define MOV_K(d, i)	   INS(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define MOV_X(d, s)	   INS(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define ALU_K(op, d, i)	   INS(BPF_ALU64 | (op) | BPF_K, d, 0, 0, i)
#define ALU_X(op, d, s)	   INS(BPF_ALU64 | (op) | BPF_X, d, s, 0, 0)
#define LDX(sz, d, s, o)   INS(BPF_LDX | BPF_MEM | (sz), d, s, o, 0)
#define STX(sz, d, s, o)   INS(BPF_STX | BPF_MEM | (sz), d, s, o, 0)
#define JMP_K(op, d, i, o) INS(BPF_JMP | (op) | BPF_K, d, 0, o, i)
#define JMP_X(op, d, s, o) INS(BPF_JMP | (op) | BPF_X, d, s, o, 0)
#define JA(o)		   INS(BPF_JMP | BPF_JA, 0, 0, o, 0)
#define CALL(id)	   INS(BPF_JMP | BPF_CALL, 0, 0, 0, id)
#define PCALL(o)	   INS(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, o)
#define EXIT()		   INS(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

struct gen {
	struct bpf_insn *p;
	u32 n, cap;
};

static void put(struct gen *g, struct bpf_insn in)
{
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 1024;
		g->p = realloc(g->p, g->cap * sizeof(*g->p));
		if (!g->p)
			exit(1);
	}
	g->p[g->n++] = in;
}

/* r2 = data, proven 64 bytes long; r3 = data_end. */
static void pkt_prologue(struct gen *g)
{
	put(g, LDX(BPF_W, 2, 1, 0));
	put(g, LDX(BPF_W, 3, 1, 4));
	put(g, MOV_X(4, 2));
	put(g, ALU_K(BPF_ADD, 4, 64));
	put(g, JMP_X(BPF_JLE, 4, 3, 2));
	put(g, MOV_K(0, 1));
	put(g, EXIT());
	put(g, MOV_K(6, 0));
}

static void gen_linear(struct gen *g)
{
	u32 i;

	pkt_prologue(g);
	for (i = 0; g->n < 100000 - 4; i++) {
		put(g, LDX(BPF_B, 0, 2, (s16)(i % 64)));
		put(g, ALU_X(BPF_ADD, 6, 0));
		put(g, ALU_K(BPF_XOR, 6, (s32)i));
	}
	put(g, MOV_X(0, 6));
	put(g, ALU_K(BPF_AND, 0, 1));
	put(g, EXIT());
}

static void gen_diamonds(struct gen *g)
{
	pkt_prologue(g);
	while (g->n < 8 + 8000 * 6) {
		put(g, LDX(BPF_B, 7, 2, 5));
		put(g, JMP_K(BPF_JSET, 7, 1, 2));
		put(g, LDX(BPF_B, 8, 2, 1));
		put(g, JA(1));
		put(g, LDX(BPF_B, 8, 2, 2));
		put(g, ALU_X(BPF_ADD, 6, 8));
	}
	put(g, MOV_X(0, 6));
	put(g, ALU_K(BPF_AND, 0, 1));
	put(g, EXIT());
}

static void gen_loop(struct gen *g)
{
	u32 i;

	pkt_prologue(g);
	put(g, MOV_K(7, 0));
	for (i = 0; i < 8; i++) {
		put(g, LDX(BPF_B, 0, 2, (s16)i));
		put(g, ALU_X(BPF_ADD, 6, 0));
	}
	put(g, ALU_K(BPF_ADD, 7, 1));
	put(g, JMP_K(BPF_JLT, 7, 20000, -18));
	put(g, MOV_X(0, 6));
	put(g, ALU_K(BPF_AND, 0, 1));
	put(g, EXIT());
}

static void gen_calls(struct gen *g)
{
	u32 i, sub_at, k;

	put(g, MOV_K(6, 0));
	put(g, INS(BPF_ST | BPF_MEM | BPF_DW, 10, 0, -8, 0));
	sub_at = 2 + 1000 * 3 + 3;
	for (i = 0; i < 1000; i++) {
		put(g, MOV_X(1, 10));
		put(g, ALU_K(BPF_ADD, 1, -8));
		/* subprogram i % 10, each 6 insns long */
		put(g, PCALL((s32)(sub_at + (i % 10) * 6 - g->n - 1)));
	}
	put(g, LDX(BPF_DW, 0, 10, -8));
	put(g, ALU_K(BPF_AND, 0, 1));
	put(g, EXIT());
	for (k = 0; k < 10; k++) {
		put(g, LDX(BPF_DW, 2, 1, 0));
		put(g, ALU_K(BPF_ADD, 2, (s32)k));
		put(g, STX(BPF_DW, 1, 2, 0));
		put(g, MOV_K(0, 0));
		put(g, ALU_K(BPF_ADD, 0, 0));
		put(g, EXIT());
	}
}

static void gen_million(struct gen *g)
{
	put(g, MOV_K(7, 0));
	put(g, ALU_K(BPF_ADD, 7, 1));
	put(g, JMP_K(BPF_JLT, 7, 1000000, -2));
	put(g, MOV_K(0, 0));
	put(g, EXIT());
}

static void gen_storm(struct gen *g)
{
	u32 i;

	put(g, CALL(BPF_FUNC_ktime_get_ns));
	put(g, MOV_X(6, 0));
	put(g, MOV_K(7, 0));
	for (i = 0; i < 24; i++) {
		put(g, JMP_K(BPF_JSET, 6, 1 << i, 1));
		put(g, ALU_K(BPF_ADD, 7, 1 << i));
	}
	for (i = 0; i < 2000; i++)
		put(g, ALU_K(BPF_XOR, 7, (s32)i));
	put(g, MOV_X(0, 7));
	put(g, ALU_K(BPF_AND, 0, 1));
	put(g, EXIT());
}

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}

static long rss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

int main(void)
{
	static const struct {
		const char *name;
		void (*gen)(struct gen *g);
	} progs[] = {
		{"linear", gen_linear}, {"diamonds", gen_diamonds},
		{"loop", gen_loop},	{"calls", gen_calls},
		{"million", gen_million}, {"storm", gen_storm},
	};
	char why[256];
	bool kernel = xnic_obj_kernel_available(why, sizeof(why));
	struct xnic_verifier_opts big = { .max_insns_processed = 4000000 };
	struct xnic_dev_caps caps;
	static char dbuf[8192];
	u32 i;

	xnic_dev_caps_default(&caps);
	caps.code_words = 1u << 30; /* benchmark programs exceed the NIC */
	if (!kernel)
		printf("kernel column skipped: %s\n", why);
	printf("%-9s %7s | %-8s %9s %9s %9s %9s %9s %8s | %-8s %9s %7s\n",
	       "program", "insns", "xnic", "ms", "processed", "states",
	       "Minsn/s", "kstates/s", "maxrssMB", "kernel", "ms", "ratio");
	for (i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		struct xnic_prog p = {.name = progs[i].name,
				      .type = XNIC_PROG_XDP};
		struct xnic_prog_meta meta;
		struct xnic_diag diag;
		struct gen g = {0};
		u64 t0, ours, kns = 0;
		int ret, kret = 0;

		progs[i].gen(&g);
		p.insns = g.p;
		p.insn_cnt = g.n;
		xnic_diag_init(&diag, dbuf, sizeof(dbuf));
		t0 = now_ns();
		ret = xnic_verify(&p, &caps,
				  progs[i].gen == gen_million ? &big : NULL,
				  &meta, &diag);
		ours = now_ns() - t0;
		if (kernel)
			kret = xnic_obj_kernel_load(&p, NULL, 0, &kns);
		printf("%-9s %7u | %-8s %9.1f %9llu %9llu %9.2f %9.1f %8.1f | "
		       "%-8s %9s %7s\n",
		       progs[i].name, g.n,
		       ret == 0	     ? "accept" :
		       ret == -E2BIG ? "toobig" :
				       "reject",
		       ours / 1e6, (unsigned long long)meta.processed_insns,
		       (unsigned long long)meta.explored_states,
		       meta.processed_insns / (ours / 1e3),
		       meta.explored_states / (ours / 1e6), rss_kb() / 1024.0,
		       !kernel	      ? "-" :
		       kret == 0      ? "accept" :
		       kret == -E2BIG ? "toobig" :
					"reject",
		       kernel ? (snprintf(why, sizeof(why), "%.1f", kns / 1e6),
				 why) :
				"-",
		       kernel ? (snprintf(dbuf, sizeof(dbuf), "%.2fx",
					  (double)ours / kns),
				 dbuf) :
				"-");
		if (ret && ret != -E2BIG)
			fprintf(stderr, "%s: %.300s", progs[i].name, dbuf);
		xnic_prog_meta_free(&meta);
		free(g.p);
	}
	printf("ratio = xnic time / kernel BPF_PROG_LOAD time (lower is "
	       "faster)\n");
	return 0;
}
