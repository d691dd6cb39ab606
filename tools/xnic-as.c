// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic-as: assemble xnic microcode (docs/isa.md) into a .xnic image.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xnic/file_io.h"
#include "xnic/image_elf.h"
#include "xnic/uasm.h"

static const char usage[] =
	"Usage: xnic-as [OPTIONS] FILE.s\n"
	"\n"
	"Assemble xnic microengine code (syntax: docs/isa.md) into an image.\n"
	"\n"
	"Options:\n"
	"  -o, --output FILE   write the image to FILE (default: FILE.s with\n"
	"                      its extension replaced by .xnic)\n"
	"      --code-only     write only the code words (little-endian u64s)\n"
	"                      instead of an ELF image\n"
	"      --type TYPE     program type recorded in the image: xdp "
	"(default)\n"
	"                      or tc\n"
	"  -h, --help          show this help and exit\n"
	"\n"
	"Errors are printed as FILE:LINE: error: MESSAGE, all of them at "
	"once.\n"
	"Exit status: 0 on success, 1 if the source has errors, 2 on usage or\n"
	"I/O errors.\n";

static char *default_output(const char *in)
{
	const char *dot = strrchr(in, '.'), *slash = strrchr(in, '/');
	size_t base = (dot && (!slash || dot > slash)) ? (size_t)(dot - in) :
							 strlen(in);
	char *out = malloc(base + 6);

	if (out) {
		memcpy(out, in, base);
		strcpy(out + base, ".xnic");
	}
	return out;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"output", required_argument, NULL, 'o'},
		{"code-only", no_argument, NULL, 'c'},
		{"type", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct xnic_image img = {0};
	struct xnic_asm_out out;
	struct xnic_diag diag;
	char *src, *output = NULL, *owned = NULL, *dbuf, err[512];
	bool code_only = false;
	u32 type = XNIC_PROG_XDP;
	size_t len;
	int c, ret;

	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			output = optarg;
			break;
		case 'c':
			code_only = true;
			break;
		case 't':
			if (!strcmp(optarg, "xdp")) {
				type = XNIC_PROG_XDP;
			} else if (!strcmp(optarg, "tc")) {
				type = XNIC_PROG_TC;
			} else {
				fprintf(stderr,
					"xnic-as: unknown type '%s' (xdp, "
					"tc)\n",
					optarg);
				return 2;
			}
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
	{
		FILE *f = fopen(argv[optind], "rb");

		src = f ? xnic_read_stream(f, &len) : NULL;
		if (f)
			fclose(f);
	}
	if (!src) {
		fprintf(stderr, "xnic-as: %s: %s\n", argv[optind],
			strerror(errno));
		return 2;
	}
	if (len > UINT32_MAX) {
		fprintf(stderr, "xnic-as: %s: file too large\n", argv[optind]);
		return 2;
	}
	dbuf = malloc(1 << 16);
	if (!dbuf)
		return 2;
	xnic_diag_init(&diag, dbuf, 1 << 16);
	ret = xnic_assemble(src, (u32)len, argv[optind], &out, &diag);
	free(src);
	if (ret) {
		fputs(dbuf, stderr);
		if (diag.errors > 64)
			fprintf(stderr, "xnic-as: %u errors (first 64 shown)\n",
				diag.errors);
		free(dbuf);
		return ret == -EINVAL ? 1 : 2;
	}
	free(dbuf);
	img.abi_version = XNIC_ABI_VERSION;
	img.prog_type = type;
	img.code = out.words;
	img.code_len = out.nwords;
	snprintf(img.name, sizeof(img.name), "%s",
		 strrchr(argv[optind], '/') ? strrchr(argv[optind], '/') + 1 :
					      argv[optind]);
	if (!output)
		output = owned = default_output(argv[optind]);
	if (!output)
		return 2;
	ret = code_only ?
		      xnic_image_write_code(output, &img, err, sizeof(err)) :
		      xnic_image_write_file(output, &img, err, sizeof(err));
	free(owned);
	xnic_asm_out_free(&out);
	if (ret) {
		fprintf(stderr, "xnic-as: %s\n", err);
		return 2;
	}
	return 0;
}
