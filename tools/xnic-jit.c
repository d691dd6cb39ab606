// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic-jit: verify a clang-built BPF object for the NIC and (eventually)
 * compile it to a microcode image.  Verification and diagnostics live
 * here; the code generation path is compile_program(), kept in one place
 * so the JIT can be plugged in without touching the rest.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xnic/caps.h"
#include "xnic/diag.h"
#include "xnic/frontend.h"
#include "xnic/image_elf.h"
#include "xnic/pipeline.h"
#include "xnic/verifier.h"

#define EXIT_ACCEPTED 0
#define EXIT_REJECTED 1
#define EXIT_USAGE 2
#define EXIT_INPUT 3
#define DIAG_SIZE (64 * 1024)

struct jit_args {
	const char *obj;
	const char *sec;
	const char *out;
	bool listing;
	bool code_only;
	bool verify_only;
	bool log;
	bool json;
	bool list;
};

static void usage(FILE *f)
{
	fputs(
"NAME\n"
"    xnic-jit - verify a BPF object for the xnic NIC and compile it\n"
"\n"
"SYNOPSIS\n"
"    xnic-jit OBJECT.o [--sec NAME] [-o OUT.xnic] [--listing] [--code-only]\n"
"             [--verify-only] [--log] [--json]\n"
"    xnic-jit OBJECT.o --list\n"
"    xnic-jit -h | --help\n"
"\n"
"DESCRIPTION\n"
"    Reads a BPF ELF object built by clang (-target bpf -g), selects one XDP\n"
"    or TC program, appends the subprograms it calls, resolves its map\n"
"    references, and runs the offload verifier on it: a path-sensitive\n"
"    analysis that proves memory safety the way the kernel verifier does and\n"
"    checks the program against the device's limits (code store, stack,\n"
"    packet window, helpers, map types and sizes).  Errors are printed on\n"
"    stderr like a compiler's, one line each:\n"
"        prog.bpf.c:12: error: insn 7: R2 invalid mem access 'scalar'\n"
"    Independent errors on different paths are all reported.\n"
"    Unless --verify-only is given, the accepted program is then compiled\n"
"    to a microcode image.\n"
"\n"
"OPTIONS\n"
"    --sec NAME      program to use: a section name (\"xdp\", \"tc\") or a\n"
"                    function name; default: the first XDP or TC program\n"
"    -o OUT.xnic     write the image to OUT.xnic (default: OBJECT with the\n"
"                    extension replaced by .xnic)\n"
"    --listing       print the microcode listing next to the BPF source\n"
"    --code-only     print only the code words (no relocations or maps)\n"
"    --verify-only   verify and stop; no code is generated\n"
"    --log           print the verifier's per-instruction register state\n"
"                    on stdout (R1=ctx R2=pkt(off=14,r=14) ...)\n"
"    --json          print the verification result as one JSON object on\n"
"                    stdout\n"
"    --list          list the programs of the object and exit\n"
"    -h, --help      show this help and exit\n"
"\n"
"EXIT STATUS\n"
"    0   the program was accepted (and compiled, unless --verify-only)\n"
"    1   the program was rejected; the reasons are on stderr\n"
"    2   usage error, or an operation this build cannot do\n"
"    3   the object could not be read (not ELF, not BPF, truncated, no such\n"
"        program, unsupported relocation, ...)\n"
"\n"
"EXAMPLES\n"
"    xnic-jit build/bpf/examples/xdp_drop.bpf.o --verify-only\n"
"    xnic-jit prog.bpf.o --sec xdp --verify-only --log | less\n", f);
}

static int parse_args(int argc, char **argv, struct jit_args *a)
{
	enum { O_SEC = 256, O_LISTING, O_CODE_ONLY, O_VERIFY_ONLY, O_LOG,
	       O_JSON, O_LIST };
	static const struct option longopts[] = {
		{ "sec", required_argument, NULL, O_SEC },
		{ "listing", no_argument, NULL, O_LISTING },
		{ "code-only", no_argument, NULL, O_CODE_ONLY },
		{ "verify-only", no_argument, NULL, O_VERIFY_ONLY },
		{ "log", no_argument, NULL, O_LOG },
		{ "json", no_argument, NULL, O_JSON },
		{ "list", no_argument, NULL, O_LIST },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(a, 0, sizeof(*a));
	while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			exit(EXIT_ACCEPTED);
		case 'o':
			a->out = optarg;
			break;
		case O_SEC:
			a->sec = optarg;
			break;
		case O_LISTING:
			a->listing = true;
			break;
		case O_CODE_ONLY:
			a->code_only = true;
			break;
		case O_VERIFY_ONLY:
			a->verify_only = true;
			break;
		case O_LOG:
			a->log = true;
			break;
		case O_JSON:
			a->json = true;
			break;
		case O_LIST:
			a->list = true;
			break;
		default:
			fprintf(stderr, "Try 'xnic-jit --help'.\n");
			return -1;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "xnic-jit: %s\nTry 'xnic-jit --help'.\n",
			optind >= argc ? "missing OBJECT argument" :
					 "more than one OBJECT given");
		return -1;
	}
	a->obj = argv[optind];
	return 0;
}

static void print_line(void *ctx, const char *line)
{
	fprintf((FILE *)ctx, "%s\n", line);
}

static void list_cb(void *ctx, const struct xnic_obj_prog_info *i)
{
	(void)ctx;
	printf("%-24s %-20s %-5s %u insns\n", i->name, i->section,
	       i->type == XNIC_PROG_XDP ? "xdp" :
	       i->type == XNIC_PROG_TC	? "tc" :
					  "-",
	       i->insn_cnt);
}

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

static void print_json(const struct jit_args *a, const struct xnic_obj *obj,
		       const struct xnic_prog_meta *meta, int ret,
		       const char *diag)
{
	const struct xnic_prog *p = xnic_obj_prog(obj);
	const char *line = diag, *nl;
	bool first = true;

	printf("{\"object\":");
	json_str(a->obj);
	printf(",\"program\":");
	json_str(p->name);
	printf(",\"section\":");
	json_str(xnic_obj_section(obj));
	printf(",\"type\":\"%s\",\"accepted\":%s,\"insns\":%u,"
	       "\"processed_insns\":%llu,\"states\":%llu,\"max_stack\":%u,"
	       "\"max_pkt_off\":%u,\"errors\":[",
	       p->type == XNIC_PROG_XDP ? "xdp" : "tc", ret ? "false" : "true",
	       p->insn_cnt, (unsigned long long)meta->processed_insns,
	       (unsigned long long)meta->explored_states, meta->max_stack,
	       meta->max_pkt_off);
	while (line && *line) {
		char buf[1024];
		size_t n;

		nl = strchr(line, '\n');
		n = nl ? (size_t)(nl - line) : strlen(line);
		if (n >= sizeof(buf))
			n = sizeof(buf) - 1;
		memcpy(buf, line, n);
		buf[n] = '\0';
		if (!first)
			putchar(',');
		json_str(buf);
		first = false;
		line = nl ? nl + 1 : NULL;
	}
	printf("]}\n");
}

/*
 * The code generation path: BPF + verifier metadata + caps -> image,
 * written as an ELF image (or only its code words with --code-only), and
 * with --listing the microcode next to each BPF insn and source line.
 * Without -o, --listing writes no file; otherwise the default output is
 * OBJECT with its extension replaced by .xnic.
 */
static int compile_program(const struct jit_args *a, const struct xnic_prog *prog,
			   const struct xnic_prog_meta *meta,
			   const struct xnic_dev_caps *caps)
{
	struct xnic_image img;
	char err[4096], *path = NULL;
	const char *out = a->out;
	int ret;

	ret = xnic_pipeline_jit(prog, meta, caps, &img, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "%s\nxnic-jit: %s: program %s could not be compiled\n",
			err, a->obj, prog->name);
		return ret == -ENOMEM ? EXIT_INPUT : EXIT_REJECTED;
	}
	if (a->listing)
		xnic_pipeline_listing(stdout, prog, &img);
	if (!out && !a->listing) {
		const char *dot = strrchr(a->obj, '.');
		size_t n = dot ? (size_t)(dot - a->obj) : strlen(a->obj);

		path = malloc(n + 6);
		if (!path) {
			xnic_image_release(&img);
			return EXIT_INPUT;
		}
		memcpy(path, a->obj, n);
		strcpy(path + n, ".xnic");
		out = path;
	}
	ret = 0;
	if (out && a->code_only)
		ret = xnic_image_write_code(out, &img, err, sizeof(err));
	else if (out)
		ret = xnic_image_write_file(out, &img, err, sizeof(err));
	if (ret)
		fprintf(stderr, "xnic-jit: %s: %s\n", out, err);
	else if (!a->listing)
		fprintf(stderr, "xnic-jit: %s: program %s: %u BPF insns -> %u microcode words%s%s\n",
			a->obj, prog->name, prog->insn_cnt, img.code_len,
			out ? " -> " : "", out ? out : "");
	xnic_image_release(&img);
	free(path);
	return ret ? EXIT_INPUT : EXIT_ACCEPTED;
}

int main(int argc, char **argv)
{
	struct xnic_verifier_opts vopts = { 0 };
	struct xnic_prog_meta meta;
	struct xnic_dev_caps caps;
	struct xnic_diag diag;
	struct xnic_obj *obj;
	struct jit_args a;
	char err[512];
	char *dbuf;
	int ret, rc;

	if (parse_args(argc, argv, &a))
		return EXIT_USAGE;
	if (a.list) {
		ret = xnic_obj_list(a.obj, list_cb, NULL, err, sizeof(err));
		if (ret < 0) {
			fprintf(stderr, "xnic-jit: %s\n", err);
			return EXIT_INPUT;
		}
		return EXIT_ACCEPTED;
	}
	ret = xnic_obj_open(a.obj, a.sec, &obj, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "xnic-jit: %s\n", err);
		return EXIT_INPUT;
	}
	dbuf = malloc(DIAG_SIZE);
	if (!dbuf) {
		xnic_obj_close(obj);
		return EXIT_INPUT;
	}
	xnic_diag_init(&diag, dbuf, DIAG_SIZE);
	xnic_dev_caps_default(&caps);
	if (a.log) {
		vopts.log = print_line;
		vopts.log_ctx = stdout;
		vopts.log_level = 1;
	}
	ret = xnic_verify(xnic_obj_prog(obj), &caps, &vopts, &meta, &diag);
	fputs(dbuf, stderr);
	if (a.json)
		print_json(&a, obj, &meta, ret, dbuf);
	if (ret) {
		fprintf(stderr, "xnic-jit: %s: program %s rejected (%u error%s)\n",
			a.obj, xnic_obj_prog(obj)->name, diag.errors,
			diag.errors == 1 ? "" : "s");
		rc = ret == -ENOMEM ? EXIT_INPUT : EXIT_REJECTED;
	} else if (a.verify_only) {
		if (!a.json)
			fprintf(stderr, "xnic-jit: %s: program %s accepted (%u insns, %llu processed, max stack %u)\n",
				a.obj, xnic_obj_prog(obj)->name,
				xnic_obj_prog(obj)->insn_cnt,
				(unsigned long long)meta.processed_insns,
				meta.max_stack);
		rc = EXIT_ACCEPTED;
	} else {
		rc = compile_program(&a, xnic_obj_prog(obj), &meta, &caps);
	}
	xnic_prog_meta_free(&meta);
	free(dbuf);
	xnic_obj_close(obj);
	return rc;
}
