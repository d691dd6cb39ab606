// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic-diff: the differential test.  Each XDP/TC program runs over the
 * same frames in the host kernel (BPF_PROG_TEST_RUN, tools/lib/kref.c) and
 * on the NIC path (front end -> verifier_ext -> JIT -> firmware_sim), in
 * this one process, and every retval, output byte and final map entry
 * must be equal.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <bpf/libbpf.h>

#include "xnic/json_out.h"
#include "xnic/kref.h"
#include "xnic/pcap_io.h"
#include "xnic/pktgen.h"
#include "lib/diff.h"

enum { EXIT_FAILED = 1, EXIT_USAGE = 2, EXIT_ALL_SKIPPED = 77 };

#define MAX_PROGS 16
#define WHY_LEN	  8192
#define LINE_LEN  4096

/* The help text is laid out as it prints. */
/* clang-format off */
static void usage(FILE *f)
{
	fputs("NAME\n"
	      "    xnic-diff - run BPF programs in the host kernel and on the simulated\n"
	      "    NIC over the same frames and compare everything\n"
	      "\n"
	      "SYNOPSIS\n"
	      "    xnic-diff [OPTIONS] OBJECT.o...\n"
	      "    xnic-diff [OPTIONS] --list FILE\n"
	      "\n"
	      "DESCRIPTION\n"
	      "    For every XDP and TC program of each clang-built OBJECT.o (or only\n"
	      "    the one --sec names), xnic-diff generates frames with the\n"
	      "    xnic-pktgen generator (or reads them from --pcap), then, inside this\n"
	      "    one process:\n"
	      "      1. loads the program into the running kernel with libbpf and runs\n"
	      "         every frame, in order, through BPF_PROG_TEST_RUN on that one\n"
	      "         loaded program (maps persist from frame to frame);\n"
	      "      2. builds the same program for the NIC (front end, offload\n"
	      "         verifier, JIT: the xnic-jit path), loads the image into a\n"
	      "         default simulator and runs the same frames in the same order;\n"
	      "      3. reads back every ARRAY map in full and every HASH map's\n"
	      "         present entries on both sides, and compares every frame's\n"
	      "         retval, output length and output bytes, and every map entry.\n"
	      "    Cycles and timing are not compared.\n"
	      "\n"
	      "    One line per program:\n"
	      "      PASS NAME: N frames, M maps (E entries), C cycles/frame, T ms\n"
	      "      FAIL NAME: <first difference>   e.g.\n"
	      "        FAIL xdp_ttl: frame 17 (udp4, 1 vlan, 342 bytes): retval\n"
	      "        expected 2 (XDP_PASS) got 1 (XDP_DROP) [4 differences]\n"
	      "      SKIP NAME: <reason>   (no reference: not root, BPF unavailable)\n"
	      "    and a last line \"N passed, N failed, N skipped\".  A program passes\n"
	      "    only when it ran on both sides and every compared field is equal.\n"
	      "    A program the NIC path rejects (verifier, JIT, simulator load) or\n"
	      "    that faults on the NIC is a FAIL with the reason, never a SKIP.\n"
	      "\n"
	      "KERNEL TEST-RUN RULES\n"
	      "    The kernel's BPF_PROG_TEST_RUN runs programs on the loopback device,\n"
	      "    so the simulator is configured with ingress ifindex 1 (rx queue 0).\n"
	      "    It refuses some frames; how each kind is treated:\n"
	      "      - fewer than 14 bytes: no Ethernet MAC delivers such a runt, so\n"
	      "        the NIC would not run the program either; the frame is not run\n"
	      "        on the NIC and not compared (the PASS line counts them as\n"
	      "        \"runts, not run on the NIC\").  The generator never makes\n"
	      "        them; a --pcap may hold them.\n"
	      "      - TC programs, IPv4 (IPv6) ethertype with fewer than 20 (40) bytes\n"
	      "        after the Ethernet header: a NIC would run the program on such a\n"
	      "        frame, but the kernel gives no reference, so these frames are\n"
	      "        removed from the set before either side runs (the PASS line\n"
	      "        counts them as \"without kernel reference removed\").  Frames\n"
	      "        truncated later (inside L4) are kept.\n"
	      "      - any other refusal by the kernel is a FAIL: the NIC saw a frame\n"
	      "        the reference could not judge.\n"
	      "    skb->protocol is the kernel's eth_type_trans() value (outer\n"
	      "    ethertype; 802.3 length fields become ETH_P_802_3/ETH_P_802_2), and\n"
	      "    skb->mark, priority, tc_index and queue_mapping start at 0; the NIC\n"
	      "    must give the same values, and differences are FAILs.\n"
	      "\n"
	      "OPTIONS\n"
	      "    --sec NAME      only the program with this section or function name\n"
	      "    -n, --count N   frames to generate per program (default 300)\n"
	      "    --seed N        generator seed (default 1)\n"
	      "    --mix SPEC      generator mix, as xnic-pktgen --mix (default: all)\n"
	      "    --min LEN, --max LEN   generated frame sizes (14..1514)\n"
	      "    --pcap FILE     use the frames of FILE instead of generating them\n"
	      "    --tag TAG       name the results NAME:TAG (to tell apart runs of\n"
	      "                    one program with other seeds or mixes)\n"
	      "    --list FILE     read the objects from FILE: one per line, each\n"
	      "                    optionally followed by --sec, -n, --seed, --mix,\n"
	      "                    --min, --max and --tag for that object; '#'\n"
	      "                    starts a comment\n"
	      "    --dir DIR       take relative object paths of --list from DIR\n"
	      "                    (default: the current directory)\n"
	      "    --save-pcap DIR write the frames each program ran on to\n"
	      "                    DIR/NAME.pcap (replay with xnic-kref and xnic-sim)\n"
	      "    --json DIR      write both results to DIR/NAME.kernel.json and\n"
	      "                    DIR/NAME.nic.json (the xnic-kref/xnic-sim contract)\n"
	      "    --image-file    pass each image through an .xnic file (written and\n"
	      "                    read back) before loading it, as xnic-jit -o and\n"
	      "                    xnic-sim IMAGE.xnic do\n"
	      "    -v, --verbose   after a FAIL, list up to 20 differences\n"
	      "    --inject WHAT   test the comparison itself: alter the NIC's result\n"
	      "                    before comparing (retval: frame 0's retval; byte:\n"
	      "                    the last output byte of the first non-empty frame;\n"
	      "                    length: that frame one byte shorter; map: a byte\n"
	      "                    of the first map's first value; entry: the first\n"
	      "                    map's last entry removed).  Every program must\n"
	      "                    then FAIL; tests/diff/run.sh checks that it does\n"
	      "    -h, --help      show this help and exit\n"
	      "\n"
	      "EXIT STATUS\n"
	      "    0   no program failed and at least one passed\n"
	      "    1   at least one program failed\n"
	      "    2   usage error, unreadable --list or --pcap file\n"
	      "    77  every program was skipped (no kernel reference)\n"
	      "\n"
	      "EXAMPLES\n"
	      "    sudo xnic-diff build/bpf/tests/progs/diff/xdp_ttl.bpf.o -n 500 -v\n"
	      "    sudo xnic-diff --list tests/diff/corpus.list --save-pcap /tmp/d\n",
	      f);
}
/* clang-format on */

struct gen_opts {
	const char *sec;
	const char *tag; /* appended to the program's name: "prog:tag" */
	u32 count;
	u64 seed;
	const char *mix;
	u32 min_len, max_len; /* 0: the generator's defaults */
};

struct global {
	const char *pcap;
	const char *save_dir;
	const char *json_dir;
	const char *obj_dir;
	const char *inject;
	bool via_file;
	bool verbose;
	bool kernel_ok;
	char kernel_why[512];
	u32 passed, failed, skipped;
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int quiet_print(enum libbpf_print_level level, const char *fmt,
		       va_list ap)
{
	return 0;
}

/* XDP and TC programs of an object, by function name. */
static int list_progs(const char *obj, char names[][64], u32 max, u32 *n,
		      char *why, size_t whylen)
{
	libbpf_print_fn_t old = libbpf_set_print(quiet_print);
	struct bpf_object *o = bpf_object__open_file(obj, NULL);
	struct bpf_program *p;

	libbpf_set_print(old);
	*n = 0;
	if (!o) {
		snprintf(why, whylen, "cannot open %s: %s", obj,
			 strerror(errno));
		return -errno;
	}
	bpf_object__for_each_program(p, o)
	{
		enum bpf_prog_type t = bpf_program__type(p);

		if (t != BPF_PROG_TYPE_XDP && t != BPF_PROG_TYPE_SCHED_CLS &&
		    t != BPF_PROG_TYPE_SCHED_ACT)
			continue;
		if (*n < max)
			snprintf(names[(*n)++], 64, "%s", bpf_program__name(p));
	}
	bpf_object__close(o);
	if (!*n) {
		snprintf(why, whylen, "%s holds no XDP or TC program", obj);
		return -ENOENT;
	}
	return 0;
}

/*
 * The frames for one program: generated (with their descriptions) or read,
 * minus those the kernel cannot judge although a NIC would run them.
 */
static int make_frames(const struct global *g, const struct gen_opts *o,
		       bool xdp, struct xnic_frames *out,
		       struct xnic_pkt_info **info_out, u32 *noref, char *why,
		       size_t whylen)
{
	struct xnic_pktgen_cfg cfg;
	struct xnic_frames all;
	struct xnic_pkt_info *info = NULL, *kept = NULL;
	u32 i;
	int ret;

	*noref = 0;
	*info_out = NULL;
	xnic_frames_init(out);
	if (g->pcap) {
		ret = xnic_pcap_read(g->pcap, &all, why, whylen);
		if (ret)
			return ret;
	} else {
		xnic_pktgen_defaults(&cfg);
		cfg.count = o->count;
		cfg.seed = o->seed;
		if (o->min_len)
			cfg.min_len = o->min_len;
		if (o->max_len)
			cfg.max_len = o->max_len;
		if (o->mix && xnic_pktgen_parse_mix(&cfg, o->mix, why, whylen))
			return -EINVAL;
		info = calloc(cfg.count + 1, sizeof(*info));
		kept = calloc(cfg.count + 1, sizeof(*kept));
		if (!info || !kept) {
			free(info);
			free(kept);
			return -ENOMEM;
		}
		ret = xnic_pktgen_run(&cfg, &all, info);
		if (ret) {
			snprintf(why, whylen, "frame generator failed (%d)",
				 ret);
			free(info);
			free(kept);
			return ret;
		}
	}
	for (i = 0, ret = 0; i < all.n && !ret; i++) {
		if (xnic_diff_kernel_refusal(all.v[i].data, all.v[i].len,
					     xdp) == XNIC_DIFF_TC_SHORT_L3) {
			(*noref)++;
			continue;
		}
		if (kept)
			kept[out->n] = info[i];
		ret = xnic_frames_add(out, all.v[i].data, all.v[i].len);
	}
	xnic_frames_free(&all);
	free(info);
	*info_out = kept;
	return ret;
}

static void save_outputs(const struct global *g, const char *name,
			 const struct xnic_frames *frames,
			 struct xnic_result *ref, struct xnic_result *got)
{
	char path[1024], err[256];
	FILE *f;

	if (g->save_dir) {
		snprintf(path, sizeof(path), "%s/%s.pcap", g->save_dir, name);
		if (xnic_pcap_write(path, frames, err, sizeof(err)))
			fprintf(stderr, "xnic-diff: %s\n", err);
	}
	if (!g->json_dir)
		return;
	snprintf(path, sizeof(path), "%s/%s.kernel.json", g->json_dir, name);
	f = fopen(path, "w");
	if (f) {
		xnic_result_write_json(ref, f);
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/%s.nic.json", g->json_dir, name);
	f = fopen(path, "w");
	if (f) {
		xnic_result_write_json(got, f);
		fclose(f);
	}
	if (!f)
		fprintf(stderr, "xnic-diff: cannot write %s\n", path);
}

/* Frames the NIC must not run: runts the kernel refused (see --help). */
static bool *nic_skips(const struct xnic_frames *frames,
		       const struct xnic_result *ref, bool xdp, u32 *runts)
{
	bool *skip = calloc(frames->n + 1, sizeof(*skip));
	u32 i;

	*runts = 0;
	if (!skip)
		return NULL;
	for (i = 0; i < frames->n && i < ref->npkts; i++) {
		if (ref->pkts[i].err &&
		    xnic_diff_kernel_refusal(frames->v[i].data,
					     frames->v[i].len,
					     xdp) == XNIC_DIFF_RUNT) {
			skip[i] = true;
			(*runts)++;
		}
	}
	return skip;
}

static u64 avg_cycles(const struct xnic_result *r, u32 *ran)
{
	u64 sum = 0;
	u32 i;

	*ran = 0;
	for (i = 0; i < r->npkts; i++) {
		if (!r->pkts[i].err) {
			sum += r->pkts[i].cycles;
			(*ran)++;
		}
	}
	return *ran ? sum / *ran : 0;
}

static u32 map_entries(const struct xnic_result *r)
{
	u32 i, n = 0;

	for (i = 0; i < r->nmaps; i++)
		n += r->maps[i].n;
	return n;
}

/*
 * --inject: one deliberate difference, so the suite can prove that the
 * comparison notices each kind.  Returns false when the result has nothing
 * of that kind to alter (the program then passes or fails on its own).
 */
static bool inject(const char *what, struct xnic_result *got)
{
	struct xnic_res_map *m = got->nmaps ? &got->maps[0] : NULL;
	u32 i;

	if (!strcmp(what, "retval")) {
		for (i = 0; i < got->npkts; i++) {
			if (!got->pkts[i].err) {
				got->pkts[i].retval ^= 1;
				return true;
			}
		}
		return false;
	}
	if (!strcmp(what, "byte") || !strcmp(what, "length")) {
		for (i = 0; i < got->npkts; i++) {
			struct xnic_res_pkt *p = &got->pkts[i];

			if (p->err || !p->len)
				continue;
			if (what[0] == 'b')
				p->data[p->len - 1] ^= 0x80;
			else
				p->len--;
			return true;
		}
		return false;
	}
	if (!m || !m->n)
		return false;
	if (!strcmp(what, "map"))
		m->values[0] ^= 0x01;
	else
		m->n--;
	return true;
}

/* Compare and print the verdict line; returns 1 for a FAIL. */
static int judge(struct global *g, const char *name, bool xdp,
		 const struct xnic_frames *frames,
		 const struct xnic_pkt_info *info, struct xnic_result *ref,
		 struct xnic_result *got, u32 noref, u32 runts, double t0)
{
	char line[LINE_LEN], desc[160] = "";
	u32 diffs, ran_ref, ran_nic;
	u64 cyc;
	long fi;

	xnic_diff_normalise_maps(ref);
	xnic_diff_normalise_maps(got);
	cyc = avg_cycles(got, &ran_nic);
	avg_cycles(ref, &ran_ref);
	if (xnic_diff_first(ref, got, xdp, &fi, line, sizeof(line))) {
		diffs = xnic_result_compare(ref, got, NULL, 0);
		if (fi >= 0 && info && (u32)fi < frames->n)
			xnic_diff_describe_frame(&info[fi], desc, sizeof(desc));
		else if (fi >= 0 && (u32)fi < frames->n)
			snprintf(desc, sizeof(desc), "%u bytes",
				 frames->v[fi].len);
		if (desc[0]) {
			/* "frame 17: ..." -> "frame 17 (udp4, ...): ..." */
			char *colon = strchr(line, ':');

			printf("FAIL %s: %.*s (%s)%s [%u difference%s]\n", name,
			       colon ? (int)(colon - line) : 0, line, desc,
			       colon ? colon : line, diffs,
			       diffs == 1 ? "" : "s");
		} else {
			printf("FAIL %s: %s [%u difference%s]\n", name, line,
			       diffs, diffs == 1 ? "" : "s");
		}
		if (g->verbose)
			xnic_result_compare(ref, got, stdout, 20);
		return 1;
	}
	/* Equal, but a program that never ran anywhere proves nothing. */
	if (!ran_ref || !ran_nic || ref->npkts != frames->n) {
		printf("FAIL %s: no frame ran on both sides (%u kernel, %u NIC "
		       "of %u)\n",
		       name, ran_ref, ran_nic, frames->n);
		return 1;
	}
	printf("PASS %s: %u frames", name, ran_ref);
	if (runts)
		printf(" (+%u runts, not run on the NIC)", runts);
	if (noref)
		printf(" (%u without kernel reference removed)", noref);
	printf(", %u maps (%u entries), %llu cycles/frame, %.0f ms\n",
	       got->nmaps, map_entries(got), (unsigned long long)cyc,
	       now_ms() - t0);
	return 0;
}

static void run_prog(struct global *g, const char *obj, const char *sec,
		     const struct gen_opts *o)
{
	char prog[128];
	struct xnic_result ref, got;
	struct xnic_frames frames;
	struct xnic_pkt_info *info = NULL;
	struct xnic_kref *k = NULL;
	char *why = calloc(1, WHY_LEN);
	double t0 = now_ms();
	u32 noref = 0, runts = 0;
	bool *skip = NULL, xdp;
	int ret;

	snprintf(prog, sizeof(prog), "%s%s%s", sec, o->tag ? ":" : "",
		 o->tag ? o->tag : "");
	xnic_result_init(&ref);
	xnic_result_init(&got);
	xnic_frames_init(&frames);
	if (!why) {
		printf("FAIL %s: out of memory\n", prog);
		g->failed++;
		return;
	}
	if (!g->kernel_ok) {
		printf("SKIP %s: no kernel reference: %s\n", prog,
		       g->kernel_why);
		g->skipped++;
		goto out;
	}
	ret = xnic_kref_open(&k, obj, sec, why, WHY_LEN);
	if (ret == -EPERM) {
		printf("SKIP %s: no kernel reference: %s\n", prog, why);
		g->skipped++;
		goto out;
	}
	if (ret) {
		/* Corpus programs must load in the kernel: that is a bug. */
		printf("FAIL %s: the kernel does not load it: %s\n", prog, why);
		g->failed++;
		goto out;
	}
	xdp = xnic_kref_is_xdp(k);
	ret = make_frames(g, o, xdp, &frames, &info, &noref, why, WHY_LEN);
	if (ret) {
		printf("FAIL %s: frames: %s\n", prog, why);
		g->failed++;
		goto out;
	}
	if (xnic_kref_run(k, &frames, &ref)) {
		printf("FAIL %s: kernel run failed\n", prog);
		g->failed++;
		goto out;
	}
	skip = nic_skips(&frames, &ref, xdp, &runts);
	ret = skip ? xnic_diff_run_nic(obj, sec, &frames, skip, g->via_file,
				       &got, why, WHY_LEN) :
		     -ENOMEM;
	if (ret) {
		/* Flatten multi-line diagnostics into the one line. */
		char *c;

		for (c = why; *c; c++)
			if (*c == '\n')
				*c = ';';
		printf("FAIL %s: %s\n", prog,
		       ret == -ENOMEM && !why[0] ? "out of memory" : why);
		g->failed++;
		goto out;
	}
	if (g->inject && !inject(g->inject, &got))
		fprintf(stderr, "xnic-diff: %s: nothing to --inject %s into\n",
			prog, g->inject);
	save_outputs(g, prog, &frames, &ref, &got);
	if (judge(g, prog, xdp, &frames, info, &ref, &got, noref, runts, t0))
		g->failed++;
	else
		g->passed++;
out:
	fflush(stdout);
	free(skip);
	free(info);
	free(why);
	xnic_frames_free(&frames);
	xnic_result_free(&ref);
	xnic_result_free(&got);
	if (k)
		xnic_kref_close(k);
}

static void run_object(struct global *g, const char *obj,
		       const struct gen_opts *o)
{
	char names[MAX_PROGS][64], why[512];
	u32 n, i;

	if (o->sec) {
		run_prog(g, obj, o->sec, o);
		return;
	}
	if (list_progs(obj, names, MAX_PROGS, &n, why, sizeof(why))) {
		printf("FAIL %s: %s\n", obj, why);
		g->failed++;
		return;
	}
	for (i = 0; i < n; i++)
		run_prog(g, obj, names[i], o);
}

/* Per-object options on a --list line override the command line's. */
static int parse_line_opts(char *rest, struct gen_opts *o, const char *file,
			   u32 lineno)
{
	char *tok, *save = NULL, *val;

	for (tok = strtok_r(rest, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save)) {
		val = strtok_r(NULL, " \t", &save);
		if (!val)
			goto bad;
		if (!strcmp(tok, "--sec"))
			o->sec = val;
		else if (!strcmp(tok, "-n") || !strcmp(tok, "--count"))
			o->count = (u32)strtoul(val, NULL, 0);
		else if (!strcmp(tok, "--seed"))
			o->seed = strtoull(val, NULL, 0);
		else if (!strcmp(tok, "--mix"))
			o->mix = val;
		else if (!strcmp(tok, "--tag"))
			o->tag = val;
		else if (!strcmp(tok, "--min"))
			o->min_len = (u32)strtoul(val, NULL, 0);
		else if (!strcmp(tok, "--max"))
			o->max_len = (u32)strtoul(val, NULL, 0);
		else
			goto bad;
	}
	return 0;
bad:
	fprintf(stderr, "xnic-diff: %s:%u: bad option '%s'\n", file, lineno,
		tok);
	return -EINVAL;
}

static int run_list(struct global *g, const char *file,
		    const struct gen_opts *defaults)
{
	FILE *f = fopen(file, "r");
	char line[1024], path[2048];
	u32 lineno = 0;

	if (!f) {
		fprintf(stderr, "xnic-diff: %s: %s\n", file, strerror(errno));
		return -errno;
	}
	while (fgets(line, sizeof(line), f)) {
		struct gen_opts o = *defaults;
		char *obj, *rest, *hash = strchr(line, '#');

		lineno++;
		if (hash)
			*hash = 0;
		line[strcspn(line, "\r\n")] = 0;
		obj = line + strspn(line, " \t");
		if (!*obj)
			continue;
		rest = obj + strcspn(obj, " \t");
		if (*rest)
			*rest++ = 0;
		if (parse_line_opts(rest, &o, file, lineno)) {
			fclose(f);
			return -EINVAL;
		}
		if (g->obj_dir && obj[0] != '/') {
			snprintf(path, sizeof(path), "%s/%s", g->obj_dir, obj);
			obj = path;
		}
		run_object(g, obj, &o);
	}
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"sec", required_argument, NULL, 's'},
		{"count", required_argument, NULL, 'n'},
		{"seed", required_argument, NULL, 'S'},
		{"mix", required_argument, NULL, 'm'},
		{"tag", required_argument, NULL, 't'},
		{"min", required_argument, NULL, 'L'},
		{"max", required_argument, NULL, 'M'},
		{"pcap", required_argument, NULL, 'p'},
		{"list", required_argument, NULL, 'l'},
		{"save-pcap", required_argument, NULL, 'P'},
		{"json", required_argument, NULL, 'j'},
		{"dir", required_argument, NULL, 'd'},
		{"verbose", no_argument, NULL, 'v'},
		{"inject", required_argument, NULL, 'I'},
		{"image-file", no_argument, NULL, 'F'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	struct gen_opts o = {.count = 300, .seed = 1};
	struct global g = {0};
	const char *list = NULL;
	double t0 = now_ms();
	int c, i;

	while ((c = getopt_long(argc, argv, "n:vh", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			o.sec = optarg;
			break;
		case 'n':
			o.count = (u32)strtoul(optarg, NULL, 0);
			break;
		case 'S':
			o.seed = strtoull(optarg, NULL, 0);
			break;
		case 'm':
			o.mix = optarg;
			break;
		case 't':
			o.tag = optarg;
			break;
		case 'L':
			o.min_len = (u32)strtoul(optarg, NULL, 0);
			break;
		case 'M':
			o.max_len = (u32)strtoul(optarg, NULL, 0);
			break;
		case 'p':
			g.pcap = optarg;
			break;
		case 'l':
			list = optarg;
			break;
		case 'P':
			g.save_dir = optarg;
			break;
		case 'j':
			g.json_dir = optarg;
			break;
		case 'd':
			g.obj_dir = optarg;
			break;
		case 'v':
			g.verbose = true;
			break;
		case 'F':
			g.via_file = true;
			break;
		case 'I':
			g.inject = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (g.inject && strcmp(g.inject, "retval") &&
	    strcmp(g.inject, "byte") && strcmp(g.inject, "length") &&
	    strcmp(g.inject, "map") && strcmp(g.inject, "entry")) {
		fprintf(stderr, "xnic-diff: unknown --inject '%s'\n", g.inject);
		return EXIT_USAGE;
	}
	if (!list && optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!o.count || o.count > 100000) {
		fprintf(stderr, "xnic-diff: --count must be 1..100000\n");
		return EXIT_USAGE;
	}
	g.kernel_ok = xnic_kref_available(g.kernel_why, sizeof(g.kernel_why));
	if (list && run_list(&g, list, &o))
		return EXIT_USAGE;
	for (i = optind; i < argc; i++)
		run_object(&g, argv[i], &o);
	printf("%u passed, %u failed, %u skipped (%.2f s)\n", g.passed,
	       g.failed, g.skipped, (now_ms() - t0) / 1e3);
	if (g.failed)
		return EXIT_FAILED;
	return g.passed ? 0 : EXIT_ALL_SKIPPED;
}
