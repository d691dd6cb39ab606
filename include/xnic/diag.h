/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Diagnostics sink shared by the core passes.  Messages are formatted like
 * a compiler's ("file:line: error: insn 12: ...") and appended to a caller
 * supplied buffer, so the same text reaches stderr on the host and the
 * verifier log in the kernel.
 */
#ifndef XNIC_DIAG_H
#define XNIC_DIAG_H

#include "compat.h"

struct xnic_diag {
	char *buf; /* caller-owned; may be NULL to only count */
	u32 size;
	u32 len;
	u32 errors;
	u32 warnings;
	u32 max_errors; /* stop recording after this many (0 = 64) */
};

void xnic_diag_init(struct xnic_diag *d, char *buf, u32 size);
__attribute__((format(printf, 2, 3))) void
xnic_diag_printf(struct xnic_diag *d, const char *fmt, ...);
/* "<where>: error: <msg>\n"; where is e.g. "prog.c:12" or "insn 7". */
__attribute__((format(printf, 3, 4))) void
xnic_diag_error(struct xnic_diag *d, const char *where, const char *fmt, ...);
__attribute__((format(printf, 3, 4))) void
xnic_diag_warn(struct xnic_diag *d, const char *where, const char *fmt, ...);

#endif /* XNIC_DIAG_H */
