/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Host-only helpers of xnic-sim (tools/lib/sim_*.c): the chip
 * configuration file, the progress bar, the SVG profile and the map dump.
 */
#ifndef XNIC_TOOLS_SIM_HOST_H
#define XNIC_TOOLS_SIM_HOST_H

#include <stdbool.h>
#include <stdio.h>

#include "xnic/image.h"
#include "xnic/json_out.h"
#include "xnic/sim.h"

/*
 * Read "name = value" lines (names as in docs/timing.md, '#' comments,
 * decimal or 0x values) into cfg.  Returns 0 or -errno with
 * "FILE:LINE: reason" in err.
 */
int xnic_sim_config_file(const char *path, struct xnic_sim_config *cfg,
			 char *err, size_t errlen);

/* A progress bar on stderr, drawn only after a second and on a tty. */
struct xnic_progress {
	const char *what;
	unsigned long long total;
	double start;
	double last;
	bool shown;
	bool tty;
};

void xnic_progress_start(struct xnic_progress *p, const char *what,
			 unsigned long long total);
void xnic_progress_update(struct xnic_progress *p, unsigned long long done);
void xnic_progress_end(struct xnic_progress *p);
double xnic_now_seconds(void);

/*
 * Profile as an SVG picture: one row per microcode word (grouped by BPF
 * instruction when img has a line table), bars for executions and stall
 * cycles.  Returns 0 or -errno (message in err).
 */
int xnic_sim_profile_svg(const char *path, const struct xnic_image *img,
			 const struct xnic_sim_profile *prof, char *err,
			 size_t errlen);

/* Dump every map of the loaded program into res (ARRAY: all entries,
 * HASH: present entries; perf maps are skipped). */
int xnic_sim_dump_maps(struct xnic_sim *sim, struct xnic_result *res);

#endif /* XNIC_TOOLS_SIM_HOST_H */
