// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic-conformance: run bpf_conformance vectors through an execution
 * backend and report PASS / FAIL / SKIP per vector.
 */
#include <getopt.h>
#include <sys/stat.h>

#include "xnic/bpf_asm.h"
#include "xnic/conformance.h"

static const char usage_text[] =
	"NAME\n"
	"    xnic-conformance - run BPF conformance vectors on xnic\n"
	"\n"
	"SYNOPSIS\n"
	"    xnic-conformance [--backend NAME[:ARG]] [--verbose] [--trace] "
	"[--json] PATH...\n"
	"    xnic-conformance --fuzz N [--seed S] [--backend NAME[:ARG]] "
	"[--verbose]\n"
	"    xnic-conformance --list-backends\n"
	"\n"
	"DESCRIPTION\n"
	"    Runs every bpf_conformance vector (*.data, format described in\n"
	"    ../shared/conformance/README.md) found in each PATH (a "
	"directory,\n"
	"    searched non-recursively, or a single .data file) in file-name\n"
	"    order.  Each vector's program is assembled (or taken from its\n"
	"    \"-- raw\" words), run on a private copy of its memory with\n"
	"    r1 = memory (0 when none), r2 = its length and a 512-byte stack\n"
	"    at r10, and its r0 compared with the expected result (all 64 "
	"bits).\n"
	"\n"
	"    One line per vector:\n"
	"        PASS name\n"
	"        FAIL name: expected 0x.., got 0x..   (or the error)\n"
	"        SKIP name: reason                    (rejected on purpose by\n"
	"                                              the backend, or above "
	"its\n"
	"                                              ISA version)\n"
	"    then a last line exactly \"N passed, N failed, N skipped\".\n"
	"\n"
	"OPTIONS\n"
	"    -b, --backend NAME[:ARG]\n"
	"        sim     verify -> JIT -> cycle-accurate NIC simulator "
	"(default).\n"
	"                While it is not available, the default falls back to\n"
	"                interp with a note on stderr; an explicit --backend "
	"sim\n"
	"                is an error (exit 2).\n"
	"        interp  the reference interpreter (jit/bpf_interp.c), ISA "
	"v4.\n"
	"        exec:PATH\n"
	"                an external bpf_conformance plugin, driven as the "
	"upstream\n"
	"                runner does (e.g. "
	"build/bin/xnic-conformance-plugin).\n"
	"    -l, --list-backends\n"
	"        Print each backend, whether it is available, and exit 0.\n"
	"    -v, --verbose\n"
	"        Also print each vector's ISA version and size, and for every\n"
	"        failure the program's disassembly and its memory.\n"
	"    -t, --trace\n"
	"        Under every failure, print the reference interpreter's run "
	"of\n"
	"        the vector: each executed instruction with the registers it\n"
	"        changed (at most 256 steps), to compare with the backend's.\n"
	"    -F, --fuzz N\n"
	"        Instead of vectors, run N random programs (ALU, ALU64, ISA "
	"v4,\n"
	"        loads, stores and atomics on the stack and on a 64-byte "
	"buffer\n"
	"        at r1, forward branches) on the backend and on the reference\n"
	"        interpreter; a program passes when r0 and the final buffer\n"
	"        agree.  Rejections are skips.  Each failure prints the "
	"--seed\n"
	"        that reproduces it alone.\n"
	"    -S, --seed S\n"
	"        First seed for --fuzz (default 1).\n"
	"    -j, --json\n"
	"        Print one JSON object instead of text:\n"
	"        {\"backend\": NAME, \"vectors\": [{\"name\", \"status\", "
	"\"isa\",\n"
	"        \"expected\", \"got\", \"reason\"}...], \"passed\": N, "
	"\"failed\": N,\n"
	"        \"skipped\": N}\n"
	"    -h, --help\n"
	"        Show this help.\n"
	"\n"
	"EXIT STATUS\n"
	"    0 no vector failed; 1 at least one failed; 2 usage error, "
	"unreadable\n"
	"    PATH, or the requested backend is not available.\n"
	"\n"
	"EXAMPLES\n"
	"    xnic-conformance ../shared/conformance/tests\n"
	"    xnic-conformance --backend interp "
	"../shared/conformance/tests/add.data\n"
	"    XNIC_BACKEND=interp xnic-conformance \\\n"
	"        --backend exec:build/bin/xnic-conformance-plugin DIR\n";

struct opts {
	const char *backend; /* NULL: default */
	bool verbose;
	bool trace;
	bool json;
};

#define TRACE_MAX_STEPS 256

/* Prints each step once the next one shows what it changed. */
struct tracer {
	const struct bpf_insn *insns;
	u32 cnt;
	s64 prev_pc; /* -1 before the first step */
	u64 prev[MAX_BPF_REG];
	u32 steps;
};

static void trace_changes(const u64 *before, const u64 *after)
{
	u32 r;

	for (r = 0; r < MAX_BPF_REG; r++)
		if (before[r] != after[r])
			printf(" r%u=0x%llx", r, (unsigned long long)after[r]);
}

static void trace_step(void *priv, u32 pc, const u64 regs[MAX_BPF_REG])
{
	struct tracer *t = priv;
	char text[96];

	if (t->prev_pc < 0) {
		printf("      entry: r1=0x%llx r2=0x%llx r10=0x%llx\n",
		       (unsigned long long)regs[BPF_REG_1],
		       (unsigned long long)regs[BPF_REG_2],
		       (unsigned long long)regs[BPF_REG_10]);
	} else if (t->steps < TRACE_MAX_STEPS) {
		xnic_bpf_disasm_insn(t->insns, t->cnt, (u32)t->prev_pc, text,
				     sizeof(text));
		printf("      %5lld: %-36s", (long long)t->prev_pc, text);
		trace_changes(t->prev, regs);
		printf("\n");
	}
	t->steps++;
	t->prev_pc = pc;
	memcpy(t->prev, regs, sizeof(t->prev));
}

static void print_trace(const struct xnic_conformance_vector *v)
{
	struct tracer t = {
		.insns = v->insns, .cnt = v->insn_cnt, .prev_pc = -1};
	struct xnic_bpf_interp_result res;
	u8 *mem = NULL;
	char text[96];
	int err;

	if (v->mem) {
		mem = malloc(v->mem_len);
		if (!mem)
			return;
		memcpy(mem, v->mem, v->mem_len);
	}
	printf("    reference interpreter trace:\n");
	err = xnic_conformance_interp_trace(v->insns, v->insn_cnt, mem,
					    v->mem_len, trace_step, &t, &res);
	free(mem);
	if (t.steps > TRACE_MAX_STEPS)
		printf("      ... %u more steps\n", t.steps - TRACE_MAX_STEPS);
	if (t.prev_pc >= 0) {
		xnic_bpf_disasm_insn(v->insns, v->insn_cnt, (u32)t.prev_pc,
				     text, sizeof(text));
		printf("      %5lld: %-36s", (long long)t.prev_pc, text);
	}
	if (err)
		printf(" error: %s\n", res.msg);
	else
		printf(" r0=0x%llx (%llu instructions)\n",
		       (unsigned long long)res.r0,
		       (unsigned long long)res.insns_executed);
}

struct totals {
	u32 pass, fail, skip;
	bool first_json;
};

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static const char *status_name(enum xnic_conformance_status s, bool upper)
{
	static const char *const up[] = {"PASS", "FAIL", "SKIP"};
	static const char *const low[] = {"pass", "fail", "skip"};

	return upper ? up[s] : low[s];
}

static void print_details(const struct xnic_conformance_vector *v)
{
	char *text =
		xnic_bpf_disasm(v->insns, v->insn_cnt, XNIC_BPF_DISASM_LABELS);
	char *line, *save = NULL;
	u32 i;

	printf("    program (%u insns%s):\n", v->insn_cnt,
	       v->from_raw ? ", from -- raw" : "");
	for (line = text ? strtok_r(text, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save))
		printf("      %s\n", line);
	free(text);
	if (v->mem) {
		printf("    memory (%u bytes):", v->mem_len);
		for (i = 0; i < v->mem_len; i++)
			printf("%s%02x", i % 16 ? " " : "\n      ", v->mem[i]);
		printf("\n");
	}
}

static void report(const struct opts *o, struct totals *t, const char *name,
		   const struct xnic_conformance_vector *v,
		   const struct xnic_conformance_outcome *out)
{
	unsigned int isa =
		v ? xnic_conformance_isa_version(v->insns, v->insn_cnt) : 0;

	if (out->status == XNIC_CONFORMANCE_PASS)
		t->pass++;
	else if (out->status == XNIC_CONFORMANCE_FAIL)
		t->fail++;
	else
		t->skip++;
	if (o->json) {
		printf("%s\n    {\"name\": ", t->first_json ? "" : ",");
		t->first_json = false;
		json_str(name);
		printf(", \"status\": \"%s\"", status_name(out->status, false));
		if (v) {
			printf(", \"isa\": %u", isa);
			if (v->has_result)
				printf(", \"expected\": \"0x%llx\"",
				       (unsigned long long)v->result);
		}
		if (out->ran)
			printf(", \"got\": \"0x%llx\"",
			       (unsigned long long)out->got);
		if (out->reason[0]) {
			printf(", \"reason\": ");
			json_str(out->reason);
		}
		printf("}");
		return;
	}
	if (out->status == XNIC_CONFORMANCE_PASS)
		printf("PASS %s", name);
	else
		printf("%s %s: %s", status_name(out->status, true), name,
		       out->reason);
	if (o->verbose && v)
		printf("  [ISA v%u, %u insns, %u bytes of memory]", isa,
		       v->insn_cnt, v->mem_len);
	printf("\n");
	if (o->verbose && v && out->status == XNIC_CONFORMANCE_FAIL)
		print_details(v);
	if (o->trace && v && out->status == XNIC_CONFORMANCE_FAIL)
		print_trace(v);
}

static void run_file(const struct opts *o, struct totals *t,
		     const struct xnic_conformance_backend *b, void *ctx,
		     const char *path)
{
	struct xnic_conformance_vector v;
	struct xnic_conformance_outcome out;
	char err[200];

	if (xnic_conformance_load(path, &v, err, sizeof(err))) {
		const char *base = strrchr(path, '/');
		char name[128];
		size_t n;

		snprintf(name, sizeof(name), "%s", base ? base + 1 : path);
		n = strlen(name);
		if (n > 5 && !strcmp(name + n - 5, ".data"))
			name[n - 5] = 0;
		memset(&out, 0, sizeof(out));
		out.status = XNIC_CONFORMANCE_FAIL;
		snprintf(out.reason, sizeof(out.reason),
			 "cannot read vector: %s", err);
		report(o, t, name, NULL, &out);
		return;
	}
	xnic_conformance_check(b, ctx, &v, &out);
	report(o, t, v.name, &v, &out);
	xnic_conformance_vector_free(&v);
}

/* Each PATH: a directory of .data files or one file.  -1 if unreadable. */
static int run_path(const struct opts *o, struct totals *t,
		    const struct xnic_conformance_backend *b, void *ctx,
		    const char *path)
{
	struct stat st;
	char **list;
	u32 n, i;

	if (stat(path, &st)) {
		fprintf(stderr, "xnic-conformance: %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		run_file(o, t, b, ctx, path);
		return 0;
	}
	list = xnic_conformance_list(path, &n);
	if (!list) {
		fprintf(stderr, "xnic-conformance: %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	if (!n)
		fprintf(stderr, "xnic-conformance: %s: no .data files\n", path);
	for (i = 0; i < n; i++)
		run_file(o, t, b, ctx, list[i]);
	xnic_conformance_free_list(list);
	return 0;
}

/* Deterministic bytes for the fuzz buffer. */
static void fill(u8 *mem, u32 len, u64 seed)
{
	u32 i;

	for (i = 0; i < len; i++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		mem[i] = (u8)(seed >> 56);
	}
}

/*
 * One random program on the backend and on the interpreter.  The verdict
 * goes through report() like a vector's, named fuzz-<i>.
 */
static void fuzz_one(const struct opts *o, struct totals *t,
		     const struct xnic_conformance_backend *b, void *ctx, u32 i,
		     u64 *seed)
{
	u8 ref_mem[XNIC_FUZZ_MEM_LEN], mem[XNIC_FUZZ_MEM_LEN];
	struct xnic_conformance_vector v = {0};
	struct xnic_conformance_outcome out = {0};
	struct xnic_bpf_interp_result ref;
	struct xnic_fuzz_prog p;
	u64 first = *seed, r0 = 0;
	char why[200] = "", name[32];
	int ret, err;

	xnic_conformance_fuzz_prog(seed, true, &p);
	fill(ref_mem, sizeof(ref_mem), first);
	memcpy(mem, ref_mem, sizeof(mem));
	v.insns = p.insns;
	v.insn_cnt = p.cnt;
	v.mem = mem;
	v.mem_len = sizeof(mem);
	err = xnic_conformance_interp_trace(p.insns, p.cnt, ref_mem,
					    sizeof(ref_mem), NULL, NULL, &ref);
	ret = b->run(ctx, p.insns, p.cnt, mem, sizeof(mem), &r0, why,
		     sizeof(why));
	v.has_result = !err;
	v.result = ref.r0;
	if (err) {
		out.status = XNIC_CONFORMANCE_FAIL;
		snprintf(out.reason, sizeof(out.reason),
			 "generator bug: the interpreter failed: %s", ref.msg);
	} else if (ret == XNIC_CONFORMANCE_REJECTED) {
		out.status = XNIC_CONFORMANCE_SKIP;
		snprintf(out.reason, sizeof(out.reason), "rejected: %s", why);
	} else if (ret < 0) {
		out.status = XNIC_CONFORMANCE_FAIL;
		snprintf(out.reason, sizeof(out.reason),
			 "expected 0x%llx, got error: %s (--seed 0x%llx)",
			 (unsigned long long)ref.r0, why,
			 (unsigned long long)first);
	} else {
		out.ran = true;
		out.got = r0;
		if (r0 != ref.r0)
			snprintf(out.reason, sizeof(out.reason),
				 "expected 0x%llx, got 0x%llx (--seed 0x%llx)",
				 (unsigned long long)ref.r0,
				 (unsigned long long)r0,
				 (unsigned long long)first);
		else if (!b->no_mem_out && memcmp(mem, ref_mem, sizeof(mem)))
			snprintf(
				out.reason, sizeof(out.reason),
				"r0 agrees, the buffer differs (--seed 0x%llx)",
				(unsigned long long)first);
		out.status = out.reason[0] ? XNIC_CONFORMANCE_FAIL :
					     XNIC_CONFORMANCE_PASS;
	}
	/* print the buffer as it was before the run */
	fill(mem, sizeof(mem), first);
	snprintf(name, sizeof(name), "fuzz-%u", i);
	report(o, t, name, &v, &out);
}

static void list_backends(void)
{
	static const char *const names[] = {"sim", "interp", "exec"};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		const struct xnic_conformance_backend *b =
			xnic_conformance_find_backend(names[i]);

		if (b)
			printf("%s: available - %s\n", names[i],
			       b->description);
		else
			printf("%s: not available%s\n", names[i],
			       !strcmp(names[i], "sim") ?
				       " - the JIT/simulator backend is not "
				       "built in yet" :
				       "");
	}
}

/*
 * Resolve --backend.  The default is the NIC ("sim"); while it does not
 * exist the default falls back to the interpreter, loudly, but an
 * explicit request for it is an error.
 */
static const struct xnic_conformance_backend *
pick_backend(const char *spec, char *name, size_t namelen, const char **arg)
{
	const struct xnic_conformance_backend *b;
	char *colon;

	snprintf(name, namelen, "%s", spec ? spec : "sim");
	colon = strchr(name, ':');
	*arg = NULL;
	if (colon) {
		*colon = 0;
		*arg = spec + (colon - name) + 1;
	}
	b = xnic_conformance_find_backend(name);
	if (b || spec)
		return b;
	fprintf(stderr, "xnic-conformance: the sim backend (verify -> JIT -> "
			"simulator) "
			"is not available yet; falling back to the reference "
			"interpreter\n");
	snprintf(name, namelen, "interp");
	return xnic_conformance_interp_backend();
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"backend", required_argument, NULL, 'b'},
		{"list-backends", no_argument, NULL, 'l'},
		{"verbose", no_argument, NULL, 'v'},
		{"trace", no_argument, NULL, 't'},
		{"fuzz", required_argument, NULL, 'F'},
		{"seed", required_argument, NULL, 'S'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const struct xnic_conformance_backend *b;
	struct totals t = {.first_json = true};
	struct opts o = {0};
	char name[64], why[256] = "";
	const char *arg;
	void *ctx = NULL;
	int c, i, bad = 0;
	u64 seed = 1;
	u32 fuzz = 0, k;

	while ((c = getopt_long(argc, argv, "b:lvtF:S:jh", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'b':
			o.backend = optarg;
			break;
		case 'l':
			list_backends();
			return 0;
		case 'v':
			o.verbose = true;
			break;
		case 't':
			o.trace = true;
			break;
		case 'F':
			fuzz = (u32)strtoul(optarg, NULL, 0);
			break;
		case 'S':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'j':
			o.json = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		default:
			fputs("usage: xnic-conformance [--backend NAME[:ARG]] "
			      "[--verbose] [--trace] [--json] PATH...  (--help "
			      "for "
			      "more)\n",
			      stderr);
			return 2;
		}
	}
	if (optind >= argc && !fuzz) {
		fputs("xnic-conformance: no PATH given (--help for usage)\n",
		      stderr);
		return 2;
	}
	b = pick_backend(o.backend, name, sizeof(name), &arg);
	if (!b) {
		fprintf(stderr,
			"xnic-conformance: backend '%s' is not available%s "
			"(--list-backends shows what is)\n",
			name,
			!strcmp(name, "sim") ?
				": the JIT/simulator path is not built in yet" :
				"");
		return 2;
	}
	if (b->open && b->open(arg, &ctx, why, sizeof(why))) {
		fprintf(stderr, "xnic-conformance: backend %s: %s\n", name,
			why);
		return 2;
	}
	if (o.json) {
		printf("{\"backend\": ");
		json_str(name);
		printf(", \"vectors\": [");
	} else {
		printf("backend: %s (%s)\n", name, b->description);
	}
	for (i = optind; i < argc; i++)
		if (run_path(&o, &t, b, ctx, argv[i]))
			bad = 1;
	for (k = 0; k < fuzz; k++)
		fuzz_one(&o, &t, b, ctx, k, &seed);
	if (b->close)
		b->close(ctx);
	if (o.json)
		printf("\n  ],\n  \"passed\": %u, \"failed\": %u, \"skipped\": "
		       "%u}\n",
		       t.pass, t.fail, t.skip);
	else
		printf("%u passed, %u failed, %u skipped\n", t.pass, t.fail,
		       t.skip);
	if (bad)
		return 2;
	return t.fail ? 1 : 0;
}
