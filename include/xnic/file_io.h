/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Host-only: read a whole stream into memory, the one way the tools do it. */
#ifndef XNIC_FILE_IO_H
#define XNIC_FILE_IO_H

#include <stddef.h>
#include <stdio.h>

/*
 * Read f (or fd) to its end into a NUL-terminated malloc'd buffer; *len
 * (if not NULL) gets the byte count without the NUL.  NULL with errno set
 * on a read error or when memory runs out.
 */
char *xnic_read_stream(FILE *f, size_t *len);
char *xnic_read_fd(int fd, size_t *len);

#endif /* XNIC_FILE_IO_H */
