// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <cmocka.h>

#include "jit_runner.h"

int jit_runner_setup(void **state)
{
	struct xnic_sim_config cfg;
	struct runner *r = calloc(1, sizeof(*r));
	char err[256];

	assert_non_null(r);
	xnic_sim_config_default(&cfg);
	cfg.pkt_mes = 1;
	if (xnic_sim_create(&cfg, &r->sim, err, sizeof(err)))
		fail_msg("sim: %s", err);
	xnic_dev_caps_default(&r->caps);
	*state = r;
	return 0;
}

int jit_runner_teardown(void **state)
{
	struct runner *r = *state;

	xnic_sim_destroy(r->sim);
	free(r);
	return 0;
}
