// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Host-kernel baseline: packets per second of BPF_PROG_TEST_RUN for each
 * example program (and, with --all, every corpus program), over a fixed
 * generated frame mix.  The simulator's throughput is compared against this
 * table.
 *
 * Two figures per program:
 *  - steady: each frame run REPEAT times inside the kernel; the kernel's
 *    own average ns per run, averaged over the frames.  Repetitions reuse
 *    the buffer, so a program that rewrites the frame (encapsulation, tail
 *    changes) sees its own output from the second run on.
 *  - first pass: each frame run once on a fresh copy; the kernel's
 *    reported duration (includes its timer overhead, about tens of ns).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xnic/kref.h"
#include "xnic/pktgen.h"

#define NFRAMES 64
#define REPEAT	20000

static int bench_one(const char *path, const struct xnic_frames *fr)
{
	static u8 out[65536];
	u64 steady = 0, first = 0, wall_sum = 0;
	const char *name = strrchr(path, '/');
	struct xnic_kref *k;
	char err[512];
	u32 i, ran = 0;
	int ret;

	name = name ? name + 1 : path;
	ret = xnic_kref_open(&k, path, NULL, err, sizeof(err));
	if (ret) {
		printf("%-28s load failed: %s\n", name, err);
		xnic_kref_close(k);
		return ret;
	}
	for (i = 0; i < fr->n; i++) {
		u32 ns, rv, olen;
		u64 wall;

		if (xnic_kref_run_frame(k, fr->v[i].data, fr->v[i].len, &rv,
					out, sizeof(out), &olen, &ns))
			continue;
		first += ns;
		if (xnic_kref_bench(k, fr->v[i].data, fr->v[i].len, REPEAT, &ns,
				    &wall, &rv))
			continue;
		steady += ns;
		wall_sum += wall;
		ran++;
	}
	xnic_kref_close(k);
	if (!ran) {
		printf("%-28s no frame ran\n", name);
		return -EINVAL;
	}
	printf("%-28s %6u %10.1f %10.2f %12.1f %12.1f\n", name, ran,
	       (double)steady / ran, 1e3 * ran / (double)(steady ? steady : 1),
	       (double)wall_sum / ((double)ran * REPEAT), (double)first / ran);
	return 0;
}

static void bench_dir(const char *dir, const struct xnic_frames *fr)
{
	struct dirent **names;
	char path[1024];
	int n, i;

	n = scandir(dir, &names, NULL, alphasort);
	if (n < 0) {
		printf("(%s: not built - run make bpf)\n", dir);
		return;
	}
	for (i = 0; i < n; i++) {
		size_t l = strlen(names[i]->d_name);

		if (l > 6 && !strcmp(names[i]->d_name + l - 6, ".bpf.o")) {
			snprintf(path, sizeof(path), "%s/%s", dir,
				 names[i]->d_name);
			bench_one(path, fr);
		}
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	struct xnic_pktgen_cfg cfg;
	struct xnic_frames fr;
	const char *bpf = getenv("XNIC_BPF_DIR");
	char dir[512], why[256];
	bool all = argc > 1 && !strcmp(argv[1], "--all");

	if (argc > 1 && !all) {
		fprintf(stderr, "usage: bench_testrun [--all]   (BPF objects "
				"from $XNIC_BPF_DIR, default build/bpf)\n");
		return 2;
	}
	if (!xnic_kref_available(why, sizeof(why))) {
		printf("bench_testrun: skipped: %s\n", why);
		return 0;
	}
	xnic_pktgen_defaults(&cfg);
	cfg.count = NFRAMES;
	cfg.seed = 1;
	if (xnic_pktgen_run(&cfg, &fr, NULL))
		return 1;
	printf("BPF_PROG_TEST_RUN on the host kernel: %u generated frames "
	       "(seed 1), %u repetitions each\n",
	       NFRAMES, REPEAT);
	printf("%-28s %6s %10s %10s %12s %12s\n", "program", "frames", "ns/pkt",
	       "Mpps", "wall ns/pkt", "1st-pass ns");
	snprintf(dir, sizeof(dir), "%s/examples", bpf ? bpf : "build/bpf");
	bench_dir(dir, &fr);
	snprintf(dir, sizeof(dir), "%s/tests/progs/diff",
		 bpf ? bpf : "build/bpf");
	if (all) {
		bench_dir(dir, &fr);
	} else {
		char p[600];

		snprintf(p, sizeof(p), "%s/xdp_pass.bpf.o", dir);
		bench_one(p, &fr);
	}
	printf("ns/pkt and Mpps: the kernel's average over the repetitions "
	       "(steady state);\n"
	       "wall: syscall wall clock / repetitions (includes the kernel "
	       "switching its XDP\n"
	       "dispatcher around each call, an RCU grace period); 1st-pass: "
	       "one run per frame,\n"
	       "kernel timer included.\n");
	xnic_frames_free(&fr);
	return 0;
}
