// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic-sim: run a program on the cycle-accurate NIC over the frames of a
 * pcap.  Frames run in order on one context of one loaded program (maps
 * persist across frames), as BPF_PROG_TEST_RUN would run them; then a
 * second chip runs the stream on every packet ME for the measured
 * throughput.  Prints verdicts, cycles, C and L, analytic and measured
 * throughput with the bottleneck, memory unit utilisation; or the JSON
 * contract of include/xnic/json_out.h.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/sim_host.h"
#include "xnic/image_elf.h"
#include "xnic/json_out.h"
#include "xnic/pcap_io.h"
#include "xnic/pipeline.h"
#include "xnic/sim.h"

#define ERRLEN	8192
#define OUT_MAX 16384

static const char usage_text[] =
	"Usage: xnic-sim [OPTIONS] PROG.o|IMAGE.xnic --pcap IN.pcap\n"
	"\n"
	"Run an XDP/TC program on the simulated NIC over every frame of a "
	"pcap.\n"
	"A BPF object is verified and JIT-compiled on the fly; an .xnic image\n"
	"(xnic-jit, xnic-as) runs as it is.\n"
	"\n"
	"Options:\n"
	"      --sec NAME        program section of a BPF object (default: the "
	"first)\n"
	"      --pcap FILE       input frames (required); all arrive on port "
	"0\n"
	"      --json            print the JSON result (packets, maps, stats)\n"
	"      --out DIR         write output pcaps per verdict and port to "
	"DIR\n"
	"      --profile         print per-instruction executions and stall "
	"cycles\n"
	"      --profile-svg F   draw the profile as an SVG picture into F\n"
	"      --trace N         trace frame N (0-based) instruction by "
	"instruction\n"
	"      --config FILE     chip parameters, 'name = value' lines "
	"(docs/timing.md)\n"
	"      --no-stream       skip the measured multi-ME throughput run\n"
	"  -h, --help            show this help\n"
	"\n"
	"Exit status: 0 on success, 1 when the program cannot be built or "
	"loaded\n"
	"or a frame faults, 2 on usage or I/O errors.\n";

struct opts {
	const char *prog;
	const char *sec;
	const char *pcap;
	const char *out;
	const char *svg;
	const char *config;
	long trace;
	bool json;
	bool profile;
	bool no_stream;
};

struct prog {
	struct xnic_image img;
	bool from_obj;
	const char *path;
};

static int parse(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{"sec", required_argument, NULL, 's'},
		{"pcap", required_argument, NULL, 'p'},
		{"json", no_argument, NULL, 'j'},
		{"out", required_argument, NULL, 'o'},
		{"profile", no_argument, NULL, 'P'},
		{"profile-svg", required_argument, NULL, 'S'},
		{"trace", required_argument, NULL, 't'},
		{"config", required_argument, NULL, 'c'},
		{"no-stream", no_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;
	char *end;

	memset(o, 0, sizeof(*o));
	o->trace = -1;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 's':
			o->sec = optarg;
			break;
		case 'p':
			o->pcap = optarg;
			break;
		case 'j':
			o->json = true;
			break;
		case 'o':
			o->out = optarg;
			break;
		case 'P':
			o->profile = true;
			break;
		case 'S':
			o->svg = optarg;
			break;
		case 't':
			o->trace = strtol(optarg, &end, 0);
			if (*end || o->trace < 0) {
				fprintf(stderr, "xnic-sim: bad --trace '%s'\n",
					optarg);
				return -1;
			}
			break;
		case 'c':
			o->config = optarg;
			break;
		case 'n':
			o->no_stream = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			exit(0);
		default:
			fputs(usage_text, stderr);
			return -1;
		}
	}
	if (optind != argc - 1 || !o->pcap) {
		fprintf(stderr, "xnic-sim: need one program and --pcap\n%s",
			usage_text);
		return -1;
	}
	o->prog = argv[optind];
	return 0;
}

/* An .xnic image is an ELF with e_machine 'XC'; anything else is a .o. */
static bool is_image(const char *path)
{
	unsigned char h[20];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return false;
	n = fread(h, 1, sizeof(h), f);
	fclose(f);
	return n == sizeof(h) && !memcmp(h, "\177ELF", 4) &&
	       (h[18] | h[19] << 8) == XNIC_EM_XNIC;
}

static int build(const struct opts *o, struct prog *p, char *err)
{
	memset(p, 0, sizeof(*p));
	p->path = o->prog;
	if (is_image(o->prog))
		return xnic_image_read_file(o->prog, &p->img, err, ERRLEN);
	p->from_obj = true;
	return xnic_pipeline_build(o->prog, o->sec, &p->img, err, ERRLEN);
}

static int map_set(void *ctx, u32 map, const void *data, u32 size)
{
	struct xnic_sim *sim = ctx;
	u32 key = 0;

	(void)size;
	return xnic_sim_map_update(sim, map, &key, data, BPF_ANY);
}

static struct xnic_sim *chip(const struct xnic_sim_config *cfg,
			     const struct prog *p, char *err)
{
	struct xnic_sim *sim;
	int ret;

	ret = xnic_sim_create(cfg, &sim, err, ERRLEN);
	if (ret)
		return NULL;
	ret = xnic_sim_load(sim, &p->img, err, ERRLEN);
	if (!ret && p->from_obj)
		ret = xnic_pipeline_map_init(p->path, &p->img, map_set, sim,
					     err, ERRLEN);
	if (ret) {
		xnic_sim_destroy(sim);
		return NULL;
	}
	return sim;
}

/* --trace: print every instruction of one frame with the GPRs it changed. */
struct tracer {
	u32 prev_a[32], prev_b[32];
	bool first;
	u32 bpf;
	const struct prog *p;
};

static void trace_cb(void *arg, const struct xnic_sim_trace_ev *ev)
{
	struct tracer *t = arg;
	struct xnic_insn in;
	char dis[128], e[96];
	u32 i;

	if (xnic_decode(ev->word, &in, e, sizeof(e)) ||
	    xnic_disasm(&in, dis, sizeof(dis)) < 0)
		snprintf(dis, sizeof(dis), "<bad word>");
	if (t->p->img.insn_start && t->p->img.bpf_insn_cnt) {
		while (t->bpf + 1 < t->p->img.bpf_insn_cnt &&
		       t->p->img.insn_start[t->bpf + 1] <= ev->pc)
			t->bpf++;
		while (t->bpf && t->p->img.insn_start[t->bpf] > ev->pc)
			t->bpf--;
		printf("  %8llu  @%-5u [bpf %4u] %-44s",
		       (unsigned long long)ev->cycle, ev->pc, t->bpf, dis);
	} else {
		printf("  %8llu  @%-5u %-48s", (unsigned long long)ev->cycle,
		       ev->pc, dis);
	}
	for (i = 0; i < 32; i++) {
		if (ev->gpr_a[i] != t->prev_a[i])
			printf(" a%u=0x%x", i, ev->gpr_a[i]);
		if (ev->gpr_b[i] != t->prev_b[i] &&
		    ev->gpr_b[i] != ev->gpr_a[i])
			printf(" b%u=0x%x", i, ev->gpr_b[i]);
	}
	printf("\n");
	memcpy(t->prev_a, ev->gpr_a, sizeof(t->prev_a));
	memcpy(t->prev_b, ev->gpr_b, sizeof(t->prev_b));
	t->first = false;
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

struct totals {
	u64 verdicts[XNIC_SIM_VERDICT_COUNT];
	u64 faults;
	u64 *cycles; /* per frame, sorted at the end */
	u64 nrun;
	struct xnic_sim_estimate_in est;
	u64 insns;
};

/* Output pcaps: one per verdict (and port for tx/redirect). */
#define NOUT (XNIC_SIM_VERDICT_COUNT * XNIC_SIM_MAX_PORTS)
static struct xnic_frames outs[NOUT];

static int write_outs(const char *dir, char *err)
{
	u32 v, p;
	char path[4096];

	if (mkdir(dir, 0755) && errno != EEXIST) {
		snprintf(err, ERRLEN, "%s: %s", dir, strerror(errno));
		return -errno;
	}
	for (v = 0; v < XNIC_SIM_VERDICT_COUNT; v++) {
		for (p = 0; p < XNIC_SIM_MAX_PORTS; p++) {
			struct xnic_frames *f =
				&outs[v * XNIC_SIM_MAX_PORTS + p];

			if (!f->n)
				continue;
			if (v == XNIC_SIM_TX || v == XNIC_SIM_REDIRECT)
				snprintf(path, sizeof(path),
					 "%s/%s-port%u.pcap", dir,
					 xnic_sim_verdict_names[v], p);
			else
				snprintf(path, sizeof(path), "%s/%s.pcap", dir,
					 xnic_sim_verdict_names[v]);
			if (xnic_pcap_write(path, f, err, ERRLEN))
				return -EIO;
		}
	}
	return 0;
}

static void print_profile(const struct prog *p,
			  const struct xnic_sim_profile *prof)
{
	u32 i, b = 0;

	printf("\nprofile: word, executions, stall cycles, instruction\n");
	for (i = 0; i < prof->len; i++) {
		struct xnic_insn in;
		char dis[128], e[96];

		if (p->img.insn_start && p->img.bpf_insn_cnt) {
			while (b + 1 < p->img.bpf_insn_cnt &&
			       p->img.insn_start[b + 1] <= i)
				b++;
			if (p->img.insn_start[b] == i) {
				u32 l, line = 0, file = 0;
				bool has = false;

				for (l = 0; l < p->img.line_cnt; l++)
					if (p->img.lines[l].insn_off <= b) {
						line = p->img.lines[l].line;
						file = p->img.lines[l].file;
						has = true;
					}
				if (has && file < p->img.file_cnt)
					printf("; bpf insn %u  %s:%u\n", b,
					       p->img.files[file], line);
				else
					printf("; bpf insn %u\n", b);
			}
		}
		if (xnic_decode(p->img.code[i], &in, e, sizeof(e)) ||
		    xnic_disasm(&in, dis, sizeof(dis)) < 0)
			snprintf(dis, sizeof(dis), "<bad word>");
		printf("%5u %10llu %10llu   %s\n", i,
		       (unsigned long long)prof->exec[i],
		       (unsigned long long)prof->stall[i], dis);
	}
}

static double mpps(u64 pps)
{
	return (double)pps / 1e6;
}

static void add_stats(struct xnic_result *res, const struct totals *t,
		      const struct xnic_sim_estimate *e,
		      const struct xnic_sim_stream_result *sr, bool streamed)
{
	u64 n = t->nrun;
	u32 i;
	char name[64];

	xnic_result_add_stat(res, "packets", n);
	for (i = 0; i < XNIC_SIM_VERDICT_COUNT; i++) {
		snprintf(name, sizeof(name), "verdict_%s",
			 xnic_sim_verdict_names[i]);
		xnic_result_add_stat(res, name, t->verdicts[i]);
	}
	xnic_result_add_stat(res, "faults", t->faults);
	if (n) {
		xnic_result_add_stat(res, "cycles_min", t->cycles[0]);
		xnic_result_add_stat(res, "cycles_median",
				     t->cycles[(n - 1) / 2]);
		xnic_result_add_stat(res, "cycles_p99",
				     t->cycles[(n * 99 + 99) / 100 - 1]);
		xnic_result_add_stat(res, "cycles_max", t->cycles[n - 1]);
		xnic_result_add_stat(res, "busy_avg", t->est.sum_busy / n);
		xnic_result_add_stat(res, "latency_avg", t->est.sum_cycles / n);
		xnic_result_add_stat(res, "insns_avg", t->insns / n);
	}
	xnic_result_add_stat(res, "analytic_pps", e->pps);
	xnic_result_add_stat(res, "analytic_me_pps", e->me_pps);
	xnic_result_add_stat(res, "line_pps", e->line_pps);
	xnic_result_add_stat_str(res, "bottleneck",
				 xnic_sim_bottleneck_names[e->bottleneck]);
	if (streamed) {
		xnic_result_add_stat(res, "measured_pps", sr->pps);
		xnic_result_add_stat(res, "measured_packets", sr->packets);
		for (i = 0; i < XNIC_MEM_COUNT; i++) {
			snprintf(name, sizeof(name), "util_permille_%s",
				 xnic_mem_target_names[i]);
			xnic_result_add_stat(res, name, sr->util_permille[i]);
		}
	}
}

static void print_text(const struct opts *o, const struct prog *p,
		       const struct xnic_sim_config *cfg,
		       const struct totals *t,
		       const struct xnic_sim_estimate *e,
		       const struct xnic_sim_stream_result *sr, bool streamed)
{
	u64 n = t->nrun;
	u32 i;
	const char *sep = "";

	printf("xnic-sim: %s (%s), %llu frames from %s\n", o->prog,
	       p->img.prog_type == XNIC_PROG_XDP ? "xdp" : "tc",
	       (unsigned long long)n, o->pcap);
	printf("verdicts:");
	for (i = 0; i < XNIC_SIM_VERDICT_COUNT; i++) {
		if (!t->verdicts[i])
			continue;
		printf("%s %s %llu", sep, xnic_sim_verdict_names[i],
		       (unsigned long long)t->verdicts[i]);
		sep = ",";
	}
	printf("%s\n", n ? "" : " none");
	if (t->faults)
		printf("faults: %llu (see stderr)\n",
		       (unsigned long long)t->faults);
	if (!n)
		return;
	printf("cycles per packet: min %llu, median %llu, p99 %llu, max %llu\n",
	       (unsigned long long)t->cycles[0],
	       (unsigned long long)t->cycles[(n - 1) / 2],
	       (unsigned long long)t->cycles[(n * 99 + 99) / 100 - 1],
	       (unsigned long long)t->cycles[n - 1]);
	printf("per packet (average): C %.1f ME busy cycles, L %.1f cycles, "
	       "%.1f instructions\n",
	       (double)t->est.sum_busy / n, (double)t->est.sum_cycles / n,
	       (double)t->insns / n);
	printf("throughput, analytic: %.2f Mpps (bottleneck: %s)\n",
	       mpps(e->pps), xnic_sim_bottleneck_names[e->bottleneck]);
	printf("  one ME %.2f Mpps = %u MHz / max(C, L/%u); %u packet MEs %.2f "
	       "Mpps; line %.2f Mpps",
	       mpps(e->me_pps), cfg->freq_mhz, cfg->ctx_per_me, cfg->pkt_mes,
	       mpps(e->mes_pps), mpps(e->line_pps));
	for (i = 0; i < XNIC_MEM_COUNT; i++)
		if (e->unit_pps[i] != U64_MAX)
			printf("; %s %.2f Mpps", xnic_mem_target_names[i],
			       mpps(e->unit_pps[i]));
	printf("\n");
	if (!streamed)
		return;
	printf("throughput, measured: %.2f Mpps (%llu packets on %u MEs x %u "
	       "contexts, %llu cycles)\n",
	       mpps(sr->pps), (unsigned long long)sr->packets, cfg->pkt_mes,
	       cfg->ctx_per_me, (unsigned long long)sr->elapsed);
	printf("memory units (measured run):");
	for (i = 0; i < XNIC_MEM_COUNT; i++)
		printf(" %s %.1f%%", xnic_mem_target_names[i],
		       sr->util_permille[i] / 10.0);
	printf("\n");
}

/*
 * The measured run: the pcap repeated until every context has seen about
 * 50 packets, so the pipeline's fill is a small part of the run.
 */
static int run_stream(const struct xnic_sim_config *cfg, const struct prog *p,
		      const struct xnic_frames *fr,
		      struct xnic_sim_stream_result *sr, char *err)
{
	u64 want = (u64)cfg->pkt_mes * cfg->ctx_per_me * 50, n, i;
	struct xnic_sim_frame *v;
	struct xnic_sim *sim;
	struct xnic_progress pr;
	int ret;

	if (!fr->n)
		return -ENOENT;
	n = fr->n > want ? fr->n : (want + fr->n - 1) / fr->n * fr->n;
	v = calloc(n, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		v[i].data = fr->v[i % fr->n].data;
		v[i].len = fr->v[i % fr->n].len;
	}
	sim = chip(cfg, p, err);
	if (!sim) {
		free(v);
		return -EINVAL;
	}
	xnic_progress_start(&pr, "stream", n);
	ret = xnic_sim_run_stream(sim, v, (u32)n, NULL, NULL, sr);
	xnic_progress_end(&pr);
	xnic_sim_destroy(sim);
	free(v);
	return ret;
}

int main(int argc, char **argv)
{
	static char err[ERRLEN];
	static u8 out[OUT_MAX];
	struct xnic_sim_config cfg;
	struct xnic_sim_estimate est;
	struct xnic_sim_stream_result sr;
	struct xnic_frames frames;
	struct xnic_result res;
	struct xnic_progress pr;
	struct tracer tr;
	struct totals t;
	struct prog p;
	struct opts o;
	struct xnic_sim *sim;
	bool streamed = false;
	int rc = 0;
	u32 i;

	if (parse(argc, argv, &o))
		return 2;
	xnic_sim_config_default(&cfg);
	if (o.config && xnic_sim_config_file(o.config, &cfg, err, ERRLEN)) {
		fprintf(stderr, "xnic-sim: %s\n", err);
		return 2;
	}
	if (xnic_pcap_read(o.pcap, &frames, err, ERRLEN)) {
		fprintf(stderr, "xnic-sim: %s\n", err);
		return 2;
	}
	if (access(o.prog, R_OK)) {
		fprintf(stderr, "xnic-sim: %s: %s\n", o.prog, strerror(errno));
		return 2;
	}
	if (build(&o, &p, err)) {
		fprintf(stderr, "xnic-sim: %s: %s\n", o.prog, err);
		return 1;
	}
	sim = chip(&cfg, &p, err);
	if (!sim) {
		fprintf(stderr, "xnic-sim: %s\n", err);
		return 1;
	}
	if ((o.profile || o.svg) && xnic_sim_profile_enable(sim, true)) {
		fprintf(stderr, "xnic-sim: out of memory for the profile\n");
		return 1;
	}
	memset(&t, 0, sizeof(t));
	t.cycles = calloc(frames.n ? frames.n : 1, sizeof(u64));
	xnic_result_init(&res);
	for (i = 0; i < NOUT; i++)
		xnic_frames_init(&outs[i]);
	/* registers at entry are 0 but for GPRs 22..26: show those too */
	memset(&tr, 0, sizeof(tr));
	tr.p = &p;
	xnic_progress_start(&pr, "frames", frames.n);
	for (i = 0; i < frames.n; i++) {
		struct xnic_sim_pkt_result r;
		u32 k, len;
		int ret;

		if ((long)i == o.trace) {
			printf("trace of frame %u:\n", i);
			xnic_sim_set_trace(sim, trace_cb, &tr);
		}
		ret = xnic_sim_run_frame(sim, frames.v[i].data, frames.v[i].len,
					 0, out, sizeof(out), &r);
		if ((long)i == o.trace)
			xnic_sim_set_trace(sim, NULL, NULL);
		xnic_progress_update(&pr, i + 1);
		if (ret == -EINVAL && !r.busy) {
			/* refused before running (runt or oversize frame) */
			xnic_result_add_pkt_err(&res, ret, r.errmsg);
			continue;
		}
		if (ret) {
			fprintf(stderr, "xnic-sim: frame %u: %s\n", i,
				r.errmsg);
			t.faults++;
			rc = 1;
			xnic_result_add_pkt_err(&res, ret, r.errmsg);
		} else {
			len = r.len < sizeof(out) ? r.len : sizeof(out);
			xnic_result_add_pkt(&res, r.retval, out, len, r.cycles);
			xnic_frames_add(&outs[r.verdict * XNIC_SIM_MAX_PORTS +
					      r.out_port % XNIC_SIM_MAX_PORTS],
					out, len);
		}
		t.verdicts[r.verdict]++;
		t.cycles[t.nrun++] = r.cycles;
		t.est.sum_busy += r.busy;
		t.est.sum_cycles += r.cycles;
		t.est.sum_bytes += frames.v[i].len;
		t.insns += r.insns;
		for (k = 0; k < XNIC_MEM_COUNT; k++)
			t.est.sum_cmds[k] += r.mem_cmds[k];
	}
	xnic_progress_end(&pr);
	t.est.packets = t.nrun;
	qsort(t.cycles, t.nrun, sizeof(u64), cmp_u64);
	xnic_sim_estimate(sim, &t.est, &est);
	if (xnic_sim_dump_maps(sim, &res))
		fprintf(stderr, "xnic-sim: map dump failed\n");
	if (!o.no_stream && t.nrun) {
		int ret = run_stream(&cfg, &p, &frames, &sr, err);

		if (ret)
			fprintf(stderr, "xnic-sim: measured run: %s\n",
				ret == -EINVAL ? err : strerror(-ret));
		streamed = !ret;
	}
	add_stats(&res, &t, &est, &sr, streamed);
	if (o.json)
		xnic_result_write_json(&res, stdout);
	else
		print_text(&o, &p, &cfg, &t, &est, &sr, streamed);
	if (o.profile && xnic_sim_get_profile(sim))
		print_profile(&p, xnic_sim_get_profile(sim));
	if (o.svg && xnic_sim_get_profile(sim) &&
	    xnic_sim_profile_svg(o.svg, &p.img, xnic_sim_get_profile(sim), err,
				 ERRLEN)) {
		fprintf(stderr, "xnic-sim: %s\n", err);
		rc = 2;
	}
	if (o.out && write_outs(o.out, err)) {
		fprintf(stderr, "xnic-sim: %s\n", err);
		rc = 2;
	}
	for (i = 0; i < NOUT; i++)
		xnic_frames_free(&outs[i]);
	xnic_result_free(&res);
	free(t.cycles);
	xnic_sim_destroy(sim);
	xnic_image_release(&p.img);
	xnic_frames_free(&frames);
	return rc;
}
