// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Simulator speed: simulated ME instructions and packets per host second
 * (one host core), on hand-assembled microbenchmarks and on the example
 * programs (JIT-compiled through the host pipeline), with the host
 * kernel's BPF_PROG_TEST_RUN packets per second for the same program and
 * frames beside it when the kernel lets us (root).  Measures, asserts
 * nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xnic/kref.h"
#include "xnic/pcap_io.h"
#include "xnic/pipeline.h"
#include "xnic/pktgen.h"
#include "xnic/sim.h"
#include "xnic/uasm.h"

/*
 * CPU time of this thread: the machine may be shared (parallel builds),
 * and the figure wanted is per host core, not per wall-clock second.
 */
static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct xnic_sim *chip(void)
{
	struct xnic_sim_config cfg;
	struct xnic_sim *s;
	char err[256];

	xnic_sim_config_default(&cfg);
	cfg.watchdog = 1ULL << 40;
	if (xnic_sim_create(&cfg, &s, err, sizeof(err))) {
		fprintf(stderr, "bench_sim: %s\n", err);
		exit(1);
	}
	return s;
}

static void load_asm(struct xnic_sim *s, const char *src)
{
	struct xnic_asm_out out;
	struct xnic_image img;
	struct xnic_diag d;
	char buf[1024], err[256];

	xnic_diag_init(&d, buf, sizeof(buf));
	if (xnic_assemble(src, (u32)strlen(src), "bench", &out, &d)) {
		fprintf(stderr, "bench_sim: %s", buf);
		exit(1);
	}
	memset(&img, 0, sizeof(img));
	img.abi_version = XNIC_ABI_VERSION;
	img.code = out.words;
	img.code_len = out.nwords;
	if (xnic_sim_load(s, &img, err, sizeof(err))) {
		fprintf(stderr, "bench_sim: %s\n", err);
		exit(1);
	}
	xnic_asm_out_free(&out);
}

/*
 * "--only WORD" runs just the rows whose name contains WORD (one workload
 * under callgrind or perf).
 */
struct sel {
	const char *only;
};

static bool wanted(const struct sel *sl, const char *name)
{
	return !sl->only || strstr(name, sl->only);
}

static void row(const char *name, double insns, double pkts, double secs,
		const char *kernel, u64 cycles)
{
	printf("%-34s %12.1f %14.0f %12s\n", name, insns / secs / 1e6,
	       pkts / secs, kernel);
	/* for callgrind: host instructions / simulated instructions */
	fprintf(stderr, "%s: %.0f simulated insns, %llu simulated cycles\n",
		name, insns, (unsigned long long)cycles);
}

/* 6-instruction ALU loop, 2^24 iterations, one context (raw run). */
static void bench_alu(const struct sel *sl)
{
	struct xnic_sim_pkt_result r;
	struct xnic_sim *s;
	double t;

	if (!wanted(sl, "alu loop (1 ctx, raw)"))
		return;
	s = chip();
	load_asm(s, "immed[a2, 0]\nimmed_w1[a2, 0x100]\n"
		    "loop: alu[ab4, a4, add, 1]\nalu[ab6, a6, xor, b4]\n"
		    "alu_shf[ab8, a8, add, b6, lsl 3]\nalu[a2, a2, sub, 1]\n"
		    "bne[loop], defer[1]\nalu[ab10, a10, or, b8]\n"
		    "alu[ab0, --, pass, a4]\nhalt\n");
	t = now_s();
	xnic_sim_run_raw(s, NULL, NULL, 0, XNIC_MEM_EMEM, &r);
	t = now_s() - t;
	row("alu loop (1 ctx, raw)", (double)r.insns, 0, t, "-", r.cycles);
	xnic_sim_destroy(s);
}

/* Memory-bound packets on all 50 MEs x 8 contexts (stream). */
static void bench_stream_asm(const struct sel *sl)
{
	static u8 frame[64];
	struct xnic_sim_frame *f;
	struct xnic_sim_stream_result r;
	struct xnic_sim *s;
	u32 i, n = 200000;
	double t;

	if (!wanted(sl, "mem loop stream (50 MEs x 8 ctx)"))
		return;
	s = chip();
	load_asm(s, "immed[a2, 0x4000, <<16]\n"
		    "emem[read, $0, a2, 0, 2], ctx_swap[s0]\n"
		    "alu[ab4, $xi0, add, b4]\nalu[ab4, a4, xor, 0x55]\n"
		    "ctm[read, $0, a22, 0, 4], ctx_swap[s0]\n"
		    "alu[ab0, --, pass, 2]\nalu[ab1, --, pass, 0]\nhalt\n");
	f = calloc(n, sizeof(*f));
	for (i = 0; i < n; i++) {
		f[i].data = frame;
		f[i].len = sizeof(frame);
	}
	t = now_s();
	xnic_sim_run_stream(s, f, n, NULL, NULL, &r);
	t = now_s() - t;
	row("mem loop stream (50 MEs x 8 ctx)", (double)r.insns,
	    (double)r.packets, t, "-", r.elapsed);
	free(f);
	xnic_sim_destroy(s);
}

static int map_set(void *ctx, u32 map, const void *data, u32 size)
{
	u32 key = 0;

	(void)size;
	return xnic_sim_map_update(ctx, map, &key, data, BPF_ANY);
}

static void bench_prog(const struct sel *sl, const char *obj,
		       const struct xnic_frames *fr)
{
	static u8 out[16384];
	struct xnic_image img;
	struct xnic_sim_pkt_result r;
	struct xnic_sim_stream_result sr;
	struct xnic_sim_frame *f;
	struct xnic_kref *k = NULL;
	struct xnic_sim *s;
	char err[8192], kcol[32], name[64];
	const char *base = strrchr(obj, '/');
	u64 insns = 0, cycles = 0;
	u32 i, rounds = 20, n;
	bool rf, rs;
	double t;

	base = base ? base + 1 : obj;
	snprintf(name, sizeof(name), "%s (frames, 1 ctx)", base);
	rf = wanted(sl, name);
	snprintf(name, sizeof(name), "%s (stream, 50x8)", base);
	rs = wanted(sl, name);
	if (!rf && !rs)
		return;
	if (xnic_pipeline_build(obj, NULL, &img, err, sizeof(err))) {
		printf("%-34s (not built: %.60s)\n", base, err);
		return;
	}
	s = chip();
	if (xnic_sim_load(s, &img, err, sizeof(err)) ||
	    xnic_pipeline_map_init(obj, &img, map_set, s, err, sizeof(err))) {
		printf("%-34s (not loaded: %.60s)\n", base, err);
		xnic_sim_destroy(s);
		xnic_image_release(&img);
		return;
	}
	snprintf(kcol, sizeof(kcol), "skipped");
	if (rf && xnic_kref_available(err, sizeof(err)) &&
	    !xnic_kref_open(&k, obj, NULL, err, sizeof(err))) {
		u64 wall, total = 0, cnt = 0;
		u32 ns, ret;

		/* the kernel's own per-run average over 100 frames x 1000 */
		for (i = 0; i < fr->n && i < 100; i++) {
			if (xnic_kref_bench(k, fr->v[i].data, fr->v[i].len,
					    1000, &ns, &wall, &ret))
				continue;
			total += ns;
			cnt++;
		}
		if (total)
			snprintf(kcol, sizeof(kcol), "%.0f",
				 1e9 * (double)cnt / (double)total);
		xnic_kref_close(k);
	}
	t = now_s();
	for (n = 0; rf && n < rounds; n++)
		for (i = 0; i < fr->n; i++) {
			xnic_sim_run_frame(s, fr->v[i].data, fr->v[i].len, 0,
					   out, sizeof(out), &r);
			insns += r.insns;
			cycles += r.cycles;
		}
	t = now_s() - t;
	snprintf(name, sizeof(name), "%s (frames, 1 ctx)", base);
	if (rf)
		row(name, (double)insns, (double)rounds * fr->n, t, kcol,
		    cycles);
	xnic_sim_destroy(s);
	if (!rs) {
		xnic_image_release(&img);
		return;
	}
	/* the same frames as a stream on every packet ME */
	s = chip();
	xnic_sim_load(s, &img, err, sizeof(err));
	xnic_pipeline_map_init(obj, &img, map_set, s, err, sizeof(err));
	n = fr->n * rounds;
	f = calloc(n, sizeof(*f));
	for (i = 0; i < n; i++) {
		f[i].data = fr->v[i % fr->n].data;
		f[i].len = fr->v[i % fr->n].len;
	}
	t = now_s();
	xnic_sim_run_stream(s, f, n, NULL, NULL, &sr);
	t = now_s() - t;
	snprintf(name, sizeof(name), "%s (stream, 50x8)", base);
	row(name, (double)sr.insns, (double)sr.packets, t, "-", sr.elapsed);
	free(f);
	xnic_sim_destroy(s);
	xnic_image_release(&img);
}

int main(int argc, char **argv)
{
	static const char *const progs[] = {
		"build/bpf/examples/parser_counters.bpf.o",
		"build/bpf/examples/lb_encap.bpf.o",
	};
	struct xnic_pktgen_cfg pc;
	struct xnic_frames fr;
	struct sel sl = {NULL};
	char why[256];
	u32 i, first = 1;

	if (argc > 2 && !strcmp(argv[1], "--only")) {
		sl.only = argv[2];
		first = 3;
	}
	printf("bench_sim: one host core, thread CPU time.  M insn/s = simulated ME\n"
	       "instructions per host CPU second; kernel pps = 1e9 / BPF_PROG_TEST_RUN's\n"
	       "own per-run duration (repeat 1000, first 100 frames)\n");
	if (!xnic_kref_available(why, sizeof(why)))
		printf("(BPF_PROG_TEST_RUN column skipped: %s)\n", why);
	printf("%-34s %12s %14s %12s\n", "workload", "M insn/s", "sim pkts/s",
	       "kernel pps");
	bench_alu(&sl);
	bench_stream_asm(&sl);
	xnic_pktgen_defaults(&pc);
	pc.count = 1000;
	if (xnic_pktgen_run(&pc, &fr, NULL)) {
		fprintf(stderr, "bench_sim: pktgen failed\n");
		return 1;
	}
	for (i = 0; i < sizeof(progs) / sizeof(progs[0]); i++)
		bench_prog(&sl, progs[i], &fr);
	for (i = first; i < (u32)argc; i++)
		bench_prog(&sl, argv[i], &fr);
	xnic_frames_free(&fr);
	return 0;
}
