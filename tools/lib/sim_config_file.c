// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic-sim --config FILE: "name = value" lines setting struct
 * xnic_sim_config fields by their docs/timing.md names.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_host.h"

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int xnic_sim_config_file(const char *path, struct xnic_sim_config *cfg,
			 char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char line[512], msg[256];
	unsigned int lineno = 0;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -errno;
	}
	while (fgets(line, sizeof(line), f)) {
		char *hash = strchr(line, '#'), *eq, *name, *val, *end;
		unsigned long long v;

		lineno++;
		if (hash)
			*hash = '\0';
		name = trim(line);
		if (!*name)
			continue;
		eq = strchr(name, '=');
		if (!eq) {
			snprintf(err, errlen, "%s:%u: expected 'name = value'",
				 path, lineno);
			fclose(f);
			return -EINVAL;
		}
		*eq = '\0';
		name = trim(name);
		val = trim(eq + 1);
		errno = 0;
		v = strtoull(val, &end, 0);
		if (!*val || *end || errno || *val == '-') {
			snprintf(err, errlen, "%s:%u: bad value '%s' for %s",
				 path, lineno, val, name);
			fclose(f);
			return -EINVAL;
		}
		if (xnic_sim_config_set(cfg, name, v, msg, sizeof(msg))) {
			snprintf(err, errlen, "%s:%u: %s", path, lineno, msg);
			fclose(f);
			return -EINVAL;
		}
	}
	fclose(f);
	return 0;
}
