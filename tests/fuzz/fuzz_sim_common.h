/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The chip both simulator fuzz targets run on: one island of two MEs with
 * a small EMEM and a short watchdog, so a runaway input ends fast.  Made
 * once per fuzzing process; NULL if it cannot be made.
 */
#ifndef XNIC_FUZZ_SIM_COMMON_H
#define XNIC_FUZZ_SIM_COMMON_H

#include "xnic/sim.h"

static inline struct xnic_sim *fuzz_small_sim(void)
{
	static struct xnic_sim *sim;
	struct xnic_sim_config cfg;
	char err[160];

	if (sim)
		return sim;
	xnic_sim_config_default(&cfg);
	cfg.islands = 1;
	cfg.mes_per_island = 2;
	cfg.pkt_mes = 1;
	cfg.emem_bytes = 4 << 20;
	cfg.tail_bytes = 1024;
	cfg.watchdog = 20000;
	if (xnic_sim_create(&cfg, &sim, err, sizeof(err)))
		sim = NULL;
	return sim;
}

#endif /* XNIC_FUZZ_SIM_COMMON_H */
