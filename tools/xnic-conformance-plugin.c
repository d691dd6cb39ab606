// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic-conformance-plugin: the upstream bpf_conformance plugin protocol on
 * top of an xnic execution backend, so the upstream runner (or our "exec"
 * backend) can drive xnic like any other BPF runtime.
 */
#include <unistd.h>

#include "xnic/conformance.h"
#include "xnic/file_io.h"

#define EXIT_RAN      0
#define EXIT_ERROR    1
#define EXIT_USAGE    2
#define EXIT_REJECTED 3

static const char usage_text[] =
	"NAME\n"
	"    xnic-conformance-plugin - bpf_conformance plugin for xnic\n"
	"\n"
	"SYNOPSIS\n"
	"    xnic-conformance-plugin [MEMORY_HEX [PLUGIN_OPTIONS]] < "
	"PROGRAM_HEX\n"
	"    xnic-conformance-plugin --help\n"
	"\n"
	"DESCRIPTION\n"
	"    Speaks the plugin protocol of the upstream bpf_conformance "
	"runner\n"
	"    (github.com/Alan-Jowett/bpf_conformance): reads the program's "
	"raw\n"
	"    instruction bytes as hex text on stdin (\"b7 00 00 00 01 00 00 "
	"00\n"
	"    95 00 ...\"; blanks and newlines optional, 8 bytes per "
	"instruction,\n"
	"    little-endian), takes the memory the program runs on as hex bytes "
	"in\n"
	"    argv[1] (absent or empty: no memory), runs the program with\n"
	"    r1 = memory (0 when none), r2 = its length and a 512-byte stack "
	"at\n"
	"    r10, and prints r0 in hex on stdout.  argv[2] (the runner's "
	"plugin\n"
	"    options) is accepted and ignored.\n"
	"\n"
	"    When the program cannot be run, a one-line message goes to "
	"stderr\n"
	"    and, because the upstream runner compares stdout with a vector's\n"
	"    expected error text, to stdout as well.\n"
	"\n"
	"ENVIRONMENT\n"
	"    XNIC_BACKEND=sim|interp\n"
	"        sim (default): verify -> JIT -> cycle-accurate NIC "
	"simulator.\n"
	"        While it is not available, the default falls back to interp\n"
	"        with a note on stderr; an explicit XNIC_BACKEND=sim is an "
	"error\n"
	"        (exit 2).\n"
	"        interp: the reference interpreter (jit/bpf_interp.c), ISA "
	"v4.\n"
	"\n"
	"EXIT STATUS\n"
	"    0 ran, r0 printed; 1 the run failed (bad instruction, memory "
	"access\n"
	"    out of bounds, instruction limit); 2 usage error, malformed hex, "
	"or\n"
	"    backend not available; 3 rejected on purpose by the backend (the\n"
	"    NIC does not offload this), with the reason.\n"
	"\n"
	"EXAMPLES\n"
	"    echo 'b7 00 00 00 2a 00 00 00 95 00 00 00 00 00 00 00' |\n"
	"        XNIC_BACKEND=interp xnic-conformance-plugin ''      # prints "
	"2a\n"
	"    bin/bpf_conformance_runner --test_file_directory tests \\\n"
	"        --plugin_path build/bin/xnic-conformance-plugin\n";

static int die(int code, const char *fmt, const char *arg)
{
	fputs("xnic-conformance-plugin: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	if (code != EXIT_USAGE) {
		printf(fmt, arg);
		putchar('\n');
	}
	return code;
}

int main(int argc, char **argv)
{
	const struct xnic_conformance_backend *b;
	const char *env = getenv("XNIC_BACKEND");
	struct bpf_insn *insns;
	u8 *prog = NULL, *mem = NULL;
	u32 prog_len, mem_len = 0, cnt, i;
	char why[256] = "", *text;
	void *ctx = NULL;
	u64 r0 = 0;
	int ret;

	if (argc > 1 &&
	    (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (env && !*env)
		env = NULL;
	b = xnic_conformance_find_backend(env ? env : "sim");
	if (!b && env)
		return die(EXIT_USAGE,
			   "backend '%s' is not available "
			   "(XNIC_BACKEND=sim|interp; "
			   "sim is not built in yet)",
			   env);
	if (!b) {
		fputs("xnic-conformance-plugin: the sim backend is not "
		      "available yet; "
		      "falling back to the reference interpreter\n",
		      stderr);
		b = xnic_conformance_interp_backend();
	}
	if (!strcmp(b->name, "exec"))
		return die(EXIT_USAGE,
			   "backend '%s' cannot be used by the plugin",
			   b->name);
	if (argc > 1 && xnic_conformance_parse_hex(argv[1], &mem, &mem_len))
		return die(EXIT_USAGE, "memory argument is not hex bytes: '%s'",
			   argv[1]);
	if (!mem_len) {
		free(mem);
		mem = NULL;
	}
	text = xnic_read_stream(stdin, NULL);
	if (!text || xnic_conformance_parse_hex(text, &prog, &prog_len))
		return die(EXIT_USAGE, "%s", "stdin is not hex bytes");
	free(text);
	if (!prog_len || prog_len % 8)
		return die(EXIT_USAGE, "%s",
			   "program must be a non-empty multiple of 8 bytes");
	cnt = prog_len / 8;
	insns = calloc(cnt, sizeof(*insns));
	if (!insns)
		return die(EXIT_ERROR, "%s", "out of memory");
	for (i = 0; i < cnt; i++) {
		const u8 *p = prog + i * 8;

		insns[i].code = p[0];
		insns[i].dst_reg = p[1] & 0xf;
		insns[i].src_reg = p[1] >> 4;
		insns[i].off = (s16)(p[2] | p[3] << 8);
		insns[i].imm = (s32)((u32)p[4] | (u32)p[5] << 8 |
				     (u32)p[6] << 16 | (u32)p[7] << 24);
	}
	free(prog);
	if (b->open && b->open(NULL, &ctx, why, sizeof(why)))
		return die(EXIT_USAGE, "%s", why);
	ret = b->run(ctx, insns, cnt, mem, mem_len, &r0, why, sizeof(why));
	if (b->close)
		b->close(ctx);
	free(insns);
	free(mem);
	if (ret == XNIC_CONFORMANCE_REJECTED)
		return die(EXIT_REJECTED, "rejected: %s", why);
	if (ret < 0)
		return die(EXIT_ERROR, "%s", why[0] ? why : "run failed");
	printf("%llx\n", (unsigned long long)r0);
	return EXIT_RAN;
}
