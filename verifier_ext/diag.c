// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Compiler-style diagnostics collected into a caller's buffer.  The buffer
 * is always NUL-terminated; text beyond its size is dropped, but the error
 * and warning counts stay exact so callers never mistake a truncated log
 * for a clean one.
 */
#include "xnic/diag.h"

void xnic_diag_init(struct xnic_diag *d, char *buf, u32 size)
{
	xnic_memset(d, 0, sizeof(*d));
	d->buf = buf;
	d->size = size;
	if (buf && size)
		buf[0] = '\0';
}

static void diag_vappend(struct xnic_diag *d, const char *fmt, va_list ap)
{
	int n;

	if (!d->buf || d->len + 1 >= d->size)
		return;
	n = xnic_vsnprintf(d->buf + d->len, d->size - d->len, fmt, ap);
	if (n < 0)
		return;
	d->len += (u32)n;
	if (d->len >= d->size)
		d->len = d->size - 1;
}

static void diag_append(struct xnic_diag *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vappend(d, fmt, ap);
	va_end(ap);
}

void xnic_diag_printf(struct xnic_diag *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vappend(d, fmt, ap);
	va_end(ap);
}

static u32 diag_limit(const struct xnic_diag *d)
{
	return d->max_errors ? d->max_errors : 64;
}

void xnic_diag_error(struct xnic_diag *d, const char *where, const char *fmt,
		     ...)
{
	va_list ap;

	d->errors++;
	if (d->errors > diag_limit(d))
		return;
	diag_append(d, "%s: error: ", where);
	va_start(ap, fmt);
	diag_vappend(d, fmt, ap);
	va_end(ap);
	diag_append(d, "\n");
}

void xnic_diag_warn(struct xnic_diag *d, const char *where, const char *fmt,
		    ...)
{
	va_list ap;

	d->warnings++;
	diag_append(d, "%s: warning: ", where);
	va_start(ap, fmt);
	diag_vappend(d, fmt, ap);
	va_end(ap);
	diag_append(d, "\n");
}
