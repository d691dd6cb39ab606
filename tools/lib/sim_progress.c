// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A progress bar for long xnic-sim runs: silent for the first second (short
 * runs print nothing), then redrawn at most ten times a second on stderr
 * when it is a terminal.
 */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "sim_host.h"

double xnic_now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void xnic_progress_start(struct xnic_progress *p, const char *what,
			 unsigned long long total)
{
	p->what = what;
	p->total = total ? total : 1;
	p->start = xnic_now_seconds();
	p->last = 0;
	p->shown = false;
	p->tty = isatty(STDERR_FILENO);
}

void xnic_progress_update(struct xnic_progress *p, unsigned long long done)
{
	double now;
	unsigned int pct, i, fill;
	char bar[41];

	if (!p->tty)
		return;
	now = xnic_now_seconds();
	if (now - p->start < 1.0 || now - p->last < 0.1)
		return;
	p->last = now;
	p->shown = true;
	pct = (unsigned int)(done * 100 / p->total);
	fill = pct * 40 / 100;
	for (i = 0; i < 40; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[40] = '\0';
	fprintf(stderr, "\r%-10s [%s] %3u%% %llu/%llu  %.1fs", p->what, bar,
		pct, done, p->total, now - p->start);
	fflush(stderr);
}

void xnic_progress_end(struct xnic_progress *p)
{
	if (p->shown) {
		p->last = 0;
		p->start -= 1.0;
		xnic_progress_update(p, p->total);
		fputc('\n', stderr);
	}
}
