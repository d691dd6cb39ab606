// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * docs/isa.md must describe the table in code, not an older one: every
 * kind's layout line, generated here from xnic_kinds[], has to appear in
 * the document verbatim.  Run with --print to regenerate the block.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "xnic/isa.h"

static const char *const fnames[XNIC_F_COUNT] = {
	"DST",	 "WAB",	  "A",	   "B",	     "ALUOP", "SHT",	 "SHAMT",
	"SHIND", "IMM16", "BSHIFT", "INV",   "PART",  "BMASK",	 "ROT",
	"CLR",	 "COND",  "DEFER", "TARGET", "BIT",   "SENSE",	 "BYTE",
	"BVAL",	 "MTGT",  "MACT",  "XFER",   "CNT",   "SIG",	 "CTX",
	"CSR",	 "MTYPE", "MSTEP", "SIGMASK", "ARB",  "FWID",
};

static void layout_line(u32 kind, char *buf, size_t len)
{
	const struct xnic_kind_desc *k = &xnic_kinds[kind];
	size_t pos;
	u32 i;

	pos = (size_t)snprintf(buf, len, "| `%s` | %u | ", k->name, k->opcode);
	for (i = 0; i < k->nfields; i++) {
		const struct xnic_field_desc *f = &k->fields[i];

		if (f->width == 1)
			pos += (size_t)snprintf(buf + pos, len - pos, "%s%s %u",
						i ? ", " : "", fnames[f->field],
						f->lo);
		else
			pos += (size_t)snprintf(buf + pos, len - pos,
						"%s%s %u-%u", i ? ", " : "",
						fnames[f->field], f->lo,
						f->lo + f->width - 1);
	}
	if (!k->nfields)
		pos += (size_t)snprintf(buf + pos, len - pos, "-");
	snprintf(buf + pos, len - pos, " |");
}

static void test_doc_matches_table(void **state)
{
	FILE *f = fopen("docs/isa.md", "r");
	static char doc[1 << 18];
	char line[256];
	size_t n;
	u32 k;

	(void)state;
	assert_non_null(f);
	n = fread(doc, 1, sizeof(doc) - 1, f);
	doc[n] = '\0';
	fclose(f);
	for (k = 0; k < XNIC_K_COUNT; k++) {
		layout_line(k, line, sizeof(line));
		if (!strstr(doc, line))
			fail_msg("docs/isa.md lacks: %s", line);
	}
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_doc_matches_table),
	};

	if (argc > 1 && !strcmp(argv[1], "--print")) {
		char line[256];
		u32 k;

		for (k = 0; k < XNIC_K_COUNT; k++) {
			layout_line(k, line, sizeof(line));
			puts(line);
		}
		return 0;
	}
	return cmocka_run_group_tests_name("isa_doc", tests, NULL, NULL);
}
