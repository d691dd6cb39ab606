// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Test data locations shared by the unit tests (see test_paths.h). */
#include <stdlib.h>
#include <unistd.h>

#include "test_paths.h"

const char *xnic_test_vector_dir(void)
{
	static const char *const candidates[] = {
		"../shared/conformance/tests",
		"../../shared/conformance/tests",
	};
	const char *env = getenv("XNIC_CONFORMANCE_DIR");
	size_t i;

	if (env)
		return env;
	for (i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++)
		if (!access(candidates[i], R_OK))
			return candidates[i];
	return NULL;
}
