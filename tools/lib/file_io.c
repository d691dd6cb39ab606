// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Whole-stream reads for the tools.  Buffers grow geometrically and stay
 * NUL-terminated, so text parsers can use them directly; binary callers
 * take the length.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "xnic/file_io.h"

/* Make room for at least one more byte plus the NUL. */
static int grow(char **buf, size_t *cap, size_t len)
{
	char *nb;

	if (*cap - len >= 2)
		return 0;
	nb = realloc(*buf, *cap * 2);
	if (!nb)
		return -1;
	*buf = nb;
	*cap *= 2;
	return 0;
}

char *xnic_read_fd(int fd, size_t *len_out)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);
	ssize_t n;

	while (buf) {
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			free(buf);
			errno = e;
			return NULL;
		}
		if (!n)
			break;
		len += (size_t)n;
		if (grow(&buf, &cap, len)) {
			free(buf);
			errno = ENOMEM;
			return NULL;
		}
	}
	if (!buf) {
		errno = ENOMEM;
		return NULL;
	}
	buf[len] = '\0';
	if (len_out)
		*len_out = len;
	return buf;
}

char *xnic_read_stream(FILE *f, size_t *len_out)
{
	size_t len = 0, cap = 4096, n;
	char *buf = malloc(cap);

	while (buf && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (grow(&buf, &cap, len)) {
			free(buf);
			errno = ENOMEM;
			return NULL;
		}
	}
	if (!buf) {
		errno = ENOMEM;
		return NULL;
	}
	if (ferror(f)) {
		free(buf);
		errno = EIO;
		return NULL;
	}
	buf[len] = '\0';
	if (len_out)
		*len_out = len;
	return buf;
}
