// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic-bpf-as: BPF text assembler and disassembler (bpf_conformance
 * syntax, see include/xnic/bpf_asm.h).
 */
#include <getopt.h>
#include <unistd.h>

#include "xnic/bpf_asm.h"
#include "xnic/file_io.h"
#include "xnic/conformance.h"

static const char usage_text[] =
	"NAME\n"
	"    xnic-bpf-as - assemble and disassemble BPF in the bpf_conformance "
	"syntax\n"
	"\n"
	"SYNOPSIS\n"
	"    xnic-bpf-as [--hex | --bytes] [-o OUT] [FILE]\n"
	"    xnic-bpf-as --elf [--sec SECTION] [--func NAME] -o OUT.o [FILE]\n"
	"    xnic-bpf-as -d [--hex | --bytes] [--no-labels] [-o OUT] [FILE]\n"
	"\n"
	"DESCRIPTION\n"
	"    Without -d, reads BPF assembly text (FILE, or stdin when FILE is\n"
	"    absent or \"-\") and writes the instructions.  The syntax is the "
	"one\n"
	"    the bpf_conformance vectors use, ISA v4 included:\n"
	"        mov32 %r0, 0    add %r1, -3    sdiv32 %r0, %r1    neg %r2\n"
	"        movsx832 %r2, %r1   be16 %r0   le32 %r0   bswap64 %r0 (or "
	"swap64)\n"
	"        lddw %r0, 0x1122334455667788   ldxh %r0, [%r1+2]   ldxsb %r0, "
	"[%r10-1]\n"
	"        stw [%r10-4], 7   stxdw [%r10-8], %r0\n"
	"        lock fetch add32 [%r10-4], %r1   lock cmpxchg [%r10-8], %r1\n"
	"        ja label   ja32 label   jeq32 %r1, 0xfffffffc, label   jne "
	"%r0, %r1, +2\n"
	"        call 5   call local func   call %r2   exit   label:   # "
	"comment\n"
	"    Extensions: ldabs{b,h,w} IMM, ldind{b,h,w} %rS, IMM, and\n"
	"    .insn 0xWORD for any raw instruction.  A FILE ending in .data is "
	"read\n"
	"    as a bpf_conformance vector and its program is used.  Errors "
	"name\n"
	"    the line (FILE:LINE: reason).\n"
	"\n"
	"    With -d, reads instructions and prints them in the same syntax, "
	"one\n"
	"    per line, with L<pc> labels at branch targets.  Assembling that "
	"text\n"
	"    gives back identical bytes: anything the syntax cannot express "
	"is\n"
	"    printed as .insn.\n"
	"\n"
	"OPTIONS\n"
	"    -o, --output OUT\n"
	"        Write to OUT instead of stdout.\n"
	"    -x, --hex\n"
	"        Instructions as 64-bit words in hex, one per line (the "
	"vectors'\n"
	"        \"-- raw\" form: 0x5566778800000018 is opcode 0x18, imm "
	"0x55667788).\n"
	"    -B, --bytes\n"
	"        Instructions as hex bytes on one line (\"b7 00 00 00 2a 00 00 "
	"00 ...\"),\n"
	"        the bpf_conformance plugin's stdin format.\n"
	"        Default for both directions: raw binary, 8 little-endian "
	"bytes per\n"
	"        instruction.\n"
	"    -e, --elf\n"
	"        Write a relocatable BPF ELF object like clang's (needs -o): "
	"the\n"
	"        code in section SECTION under a global function symbol NAME,\n"
	"        plus a GPL \"license\" section, loadable by bpftool, libbpf "
	"and\n"
	"        xnic's front end (xnic-jit).  Local-call targets become "
	"static\n"
	"        functions in .text, called through relocations, as clang "
	"does.\n"
	"    -s, --sec SECTION\n"
	"        ELF section, which names the program type (default \"xdp\").\n"
	"    -f, --func NAME\n"
	"        ELF function symbol (default \"prog\").\n"
	"    -d, --disassemble\n"
	"        Disassemble instead of assembling.\n"
	"    -n, --no-labels\n"
	"        With -d, print branch targets as +N/-N offsets instead of "
	"labels.\n"
	"    -h, --help\n"
	"        Show this help.\n"
	"\n"
	"EXIT STATUS\n"
	"    0 success; 1 syntax error or malformed input; 2 usage or I/O "
	"error.\n"
	"\n"
	"EXAMPLES\n"
	"    xnic-bpf-as -o prog.bin prog.s && xnic-bpf-as -d prog.bin\n"
	"    xnic-bpf-as --bytes tests/add.data | xnic-conformance-plugin ''\n";

enum fmt { FMT_BIN, FMT_HEX, FMT_BYTES, FMT_ELF };

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

static int assemble(const char *in_name, const char *text,
		    struct bpf_insn **insns, u32 *cnt)
{
	char err[256];

	if (ends_with(in_name, ".data")) {
		struct xnic_conformance_vector v;

		if (xnic_conformance_parse(text, in_name, &v, err,
					   sizeof(err))) {
			fprintf(stderr, "%s\n", err);
			return 1;
		}
		*insns = v.insns;
		*cnt = v.insn_cnt;
		v.insns = NULL;
		xnic_conformance_vector_free(&v);
		return 0;
	}
	if (xnic_bpf_asm(text, 1, insns, cnt, err, sizeof(err))) {
		/* err is "line N: reason" */
		fprintf(stderr, "%s:%s\n", in_name, err + 5);
		return 1;
	}
	return 0;
}

static int write_insns(FILE *out, const struct bpf_insn *insns, u32 cnt,
		       enum fmt fmt)
{
	u32 i;
	int b;

	for (i = 0; i < cnt; i++) {
		u64 w = xnic_bpf_insn_to_u64(&insns[i]);

		if (fmt == FMT_HEX) {
			fprintf(out, "0x%016llx\n", (unsigned long long)w);
			continue;
		}
		for (b = 0; b < 8; b++) {
			if (fmt == FMT_BYTES)
				fprintf(out, "%s%02x", i || b ? " " : "",
					(unsigned)(u8)(w >> (8 * b)));
			else
				fputc((u8)(w >> (8 * b)), out);
		}
	}
	if (fmt == FMT_BYTES)
		fputc('\n', out);
	return ferror(out) ? 2 : 0;
}

/* Instructions from binary, hex words or hex bytes. */
static int read_insns(const char *in_name, const char *data, size_t len,
		      enum fmt fmt, struct bpf_insn **insns, u32 *cnt)
{
	u8 *bytes = NULL;
	u32 n = 0, i;
	int b;

	if (fmt == FMT_HEX) {
		char *copy = strdup(data), *tok, *save = NULL;

		*insns = NULL;
		*cnt = 0;
		for (tok = copy ? strtok_r(copy, " \t\r\n,", &save) : NULL; tok;
		     tok = strtok_r(NULL, " \t\r\n,", &save)) {
			struct bpf_insn *ni =
				realloc(*insns, (n + 1) * sizeof(*ni));
			char *end;

			if (!ni)
				break;
			*insns = ni;
			(*insns)[n++] =
				xnic_bpf_insn_from_u64(strtoull(tok, &end, 16));
			if (*end) {
				fprintf(stderr, "%s: '%s' is not a hex word\n",
					in_name, tok);
				free(copy);
				return 1;
			}
		}
		free(copy);
		*cnt = n;
		return 0;
	}
	if (fmt == FMT_BYTES) {
		if (xnic_conformance_parse_hex(data, &bytes, &n)) {
			fprintf(stderr, "%s: not hex bytes\n", in_name);
			return 1;
		}
	} else {
		n = (u32)len;
	}
	if (n % 8) {
		fprintf(stderr,
			"%s: %u bytes is not a whole number of instructions\n",
			in_name, n);
		free(bytes);
		return 1;
	}
	*cnt = n / 8;
	*insns = calloc(*cnt + 1, sizeof(**insns));
	for (i = 0; *insns && i < *cnt; i++) {
		const u8 *p = (const u8 *)(bytes ? (const char *)bytes : data) +
			      i * 8;
		u64 w = 0;

		for (b = 0; b < 8; b++)
			w |= (u64)p[b] << (8 * b);
		(*insns)[i] = xnic_bpf_insn_from_u64(w);
	}
	free(bytes);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"hex", no_argument, NULL, 'x'},
		{"bytes", no_argument, NULL, 'B'},
		{"elf", no_argument, NULL, 'e'},
		{"sec", required_argument, NULL, 's'},
		{"func", required_argument, NULL, 'f'},
		{"disassemble", no_argument, NULL, 'd'},
		{"no-labels", no_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *out_name = NULL, *in_name = "-";
	const char *sec = "xdp", *func = "prog";
	bool dis = false, labels = true;
	enum fmt fmt = FMT_BIN;
	struct bpf_insn *insns = NULL;
	FILE *in = stdin, *out = stdout;
	u32 cnt = 0;
	char *data;
	size_t len;
	int c, ret;

	while ((c = getopt_long(argc, argv, "o:xBes:f:dnh", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'o':
			out_name = optarg;
			break;
		case 'x':
			fmt = FMT_HEX;
			break;
		case 'B':
			fmt = FMT_BYTES;
			break;
		case 'e':
			fmt = FMT_ELF;
			break;
		case 's':
			sec = optarg;
			break;
		case 'f':
			func = optarg;
			break;
		case 'd':
			dis = true;
			break;
		case 'n':
			labels = false;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		default:
			fputs("usage: xnic-bpf-as [-d] [--hex|--bytes] [-o "
			      "OUT] [FILE]"
			      "  (--help for more)\n",
			      stderr);
			return 2;
		}
	}
	if (optind + 1 < argc) {
		fputs("xnic-bpf-as: one input FILE at most\n", stderr);
		return 2;
	}
	if (optind < argc && strcmp(argv[optind], "-")) {
		in_name = argv[optind];
		in = fopen(in_name, dis && fmt == FMT_BIN ? "rb" : "r");
		if (!in) {
			fprintf(stderr, "xnic-bpf-as: %s: %s\n", in_name,
				strerror(errno));
			return 2;
		}
	}
	data = xnic_read_stream(in, &len);
	if (in != stdin)
		fclose(in);
	if (!data) {
		fputs("xnic-bpf-as: out of memory\n", stderr);
		return 2;
	}
	if (fmt == FMT_ELF && (dis || !out_name)) {
		fputs("xnic-bpf-as: --elf writes an object: it needs -o and no "
		      "-d\n",
		      stderr);
		free(data);
		return 2;
	}
	if (!dis && fmt == FMT_BIN && !out_name && isatty(1)) {
		fputs("xnic-bpf-as: not writing binary to a terminal; use -o, "
		      "--hex or "
		      "--bytes\n",
		      stderr);
		free(data);
		return 2;
	}
	ret = dis ? read_insns(in_name, data, len, fmt, &insns, &cnt) :
		    assemble(in_name, data, &insns, &cnt);
	free(data);
	if (ret)
		return ret;
	if (out_name) {
		out = fopen(out_name,
			    dis || fmt == FMT_HEX || fmt == FMT_BYTES ? "w" :
									"wb");
		if (!out) {
			fprintf(stderr, "xnic-bpf-as: %s: %s\n", out_name,
				strerror(errno));
			free(insns);
			return 2;
		}
	}
	if (dis) {
		char *text = xnic_bpf_disasm(
			insns, cnt, labels ? XNIC_BPF_DISASM_LABELS : 0);

		if (!text) {
			ret = 2;
		} else {
			fputs(text, out);
			ret = ferror(out) ? 2 : 0;
		}
		free(text);
	} else if (fmt == FMT_ELF) {
		char err[256];

		if (xnic_bpf_asm_write_elf(out, insns, cnt, sec, func, err,
					   sizeof(err))) {
			fprintf(stderr, "xnic-bpf-as: %s\n", err);
			ret = 1;
		}
	} else {
		ret = write_insns(out, insns, cnt, fmt);
	}
	free(insns);
	if (out != stdout && fclose(out))
		ret = 2;
	if (ret == 2)
		fprintf(stderr, "xnic-bpf-as: write failed\n");
	return ret;
}
