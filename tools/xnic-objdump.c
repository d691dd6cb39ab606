// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic-objdump: show what is inside a .xnic image: header, maps,
 * relocations and the disassembled microcode, annotated with the BPF
 * instruction and source line each word was generated from.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xnic/image_elf.h"
#include "xnic/isa.h"

static const char usage[] =
	"Usage: xnic-objdump [OPTIONS] IMAGE.xnic\n"
	"\n"
	"Disassemble an xnic microcode image.\n"
	"\n"
	"Options:\n"
	"  -r, --raw       print only assembler text, one instruction per line,\n"
	"                  with branch targets as @ADDR: xnic-as assembles it\n"
	"                  back to identical words\n"
	"  -H, --headers   print the header, maps and relocations only\n"
	"  -h, --help      show this help and exit\n"
	"\n"
	"Default output: header, maps, relocations, then one line per word:\n"
	"ADDRESS: WORD  INSTRUCTION, with '; bpf N' and '; file:line' comments\n"
	"where the image carries a line table.\n"
	"Exit status: 0 on success, 1 if the image holds an invalid word, 2 on\n"
	"usage or I/O errors.\n";

static const char *type_name(u32 t)
{
	return t == XNIC_PROG_XDP ? "xdp" : t == XNIC_PROG_TC ? "tc" : "?";
}

static void print_headers(const struct xnic_image *img)
{
	static const char *const relo_names[] = { "map_desc", "map_value" };
	u32 i;

	printf("image: %s\n", img->name);
	printf("  abi %u, type %s, %u code words, stack %u bytes\n",
	       img->abi_version, type_name(img->prog_type), img->code_len,
	       img->stack_size);
	if (img->bpf_insn_cnt)
		printf("  line table: %u BPF instructions, %u source lines\n",
		       img->bpf_insn_cnt, img->line_cnt);
	for (i = 0; i < img->map_cnt; i++)
		printf("  map %u: %s type %u key %u value %u entries %u\n", i,
		       img->maps[i].name, img->maps[i].type,
		       img->maps[i].key_size, img->maps[i].value_size,
		       img->maps[i].max_entries);
	for (i = 0; i < img->reloc_cnt; i++)
		printf("  reloc @%u: %s map %u + %u\n", img->relocs[i].insn,
		       img->relocs[i].type < 2 ?
			       relo_names[img->relocs[i].type] :
			       "?",
		       img->relocs[i].map, img->relocs[i].addend);
}

/* Source line of BPF insn idx: the last line record at or before it. */
static const struct xnic_line_info *line_of(const struct xnic_image *img,
					    u32 idx)
{
	const struct xnic_line_info *best = NULL;
	u32 i;

	for (i = 0; i < img->line_cnt; i++)
		if (img->lines[i].insn_off <= idx)
			best = &img->lines[i];
	return best;
}

static void annotate(const struct xnic_image *img, u32 addr, u32 *bpf)
{
	const struct xnic_line_info *li;

	while (*bpf < img->bpf_insn_cnt && img->insn_start[*bpf + 1] <= addr)
		(*bpf)++;
	if (*bpf >= img->bpf_insn_cnt || img->insn_start[*bpf] != addr)
		return;
	li = line_of(img, *bpf);
	if (li && li->file < img->file_cnt)
		printf("; bpf %u  %s:%u\n", *bpf, img->files[li->file],
		       li->line);
	else
		printf("; bpf %u\n", *bpf);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "raw", no_argument, NULL, 'r' },
		{ "headers", no_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool raw = false, headers_only = false;
	struct xnic_image img;
	char err[512], text[160];
	int c, bad = 0;
	u32 i, bpf = 0;

	while ((c = getopt_long(argc, argv, "rHh", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			raw = true;
			break;
		case 'H':
			headers_only = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		fputs(usage, stderr);
		return 2;
	}
	if (xnic_image_read_file(argv[optind], &img, err, sizeof(err))) {
		fprintf(stderr, "xnic-objdump: %s\n", err);
		return 2;
	}
	if (!raw) {
		print_headers(&img);
		if (!headers_only)
			printf("\n");
	}
	for (i = 0; i < img.code_len && !headers_only; i++) {
		struct xnic_insn in;

		if (xnic_decode(img.code[i], &in, err, sizeof(err))) {
			if (raw)
				fprintf(stderr, "xnic-objdump: word %u: %s\n",
					i, err);
			else
				printf("%5u: %016llx  <invalid: %s>\n", i,
				       (unsigned long long)img.code[i], err);
			bad = 1;
			continue;
		}
		xnic_disasm(&in, text, sizeof(text));
		if (raw) {
			printf("%s\n", text);
			continue;
		}
		if (img.bpf_insn_cnt)
			annotate(&img, i, &bpf);
		printf("%5u: %016llx  %s\n", i,
		       (unsigned long long)img.code[i], text);
	}
	xnic_image_release(&img);
	return bad;
}
