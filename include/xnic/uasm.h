/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Microcode assembler: text in the syntax of docs/isa.md to instruction
 * words.  Freestanding, so firmware routines can be assembled anywhere.
 */
#ifndef XNIC_UASM_H
#define XNIC_UASM_H

#include "diag.h"
#include "isa.h"

#define XNIC_LABEL_LEN 48

struct xnic_asm_label {
	char name[XNIC_LABEL_LEN];
	u32 addr;
};

struct xnic_asm_out {
	u64 *words;
	u32 *lines; /* source line of each word */
	u32 nwords;
	struct xnic_asm_label *labels; /* sorted by name */
	u32 nlabels;
};

/*
 * Assemble src (len bytes, need not be NUL-terminated).  Errors go to diag
 * as "fname:line: error: ..."; all lines are checked, so independent
 * errors are reported together.  Returns 0, -EINVAL or -ENOMEM; out is
 * filled only on success and must then be freed.
 */
int xnic_assemble(const char *src, u32 len, const char *fname,
		  struct xnic_asm_out *out, struct xnic_diag *diag);
void xnic_asm_out_free(struct xnic_asm_out *out);

/* Parse one instruction line (no label, no comment) into insn. */
int xnic_asm_parse_insn(const char *line, u32 len, struct xnic_insn *insn,
			const struct xnic_asm_label *labels, u32 nlabels,
			char *err, u32 errlen);

#endif /* XNIC_UASM_H */
