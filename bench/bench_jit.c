// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * JIT benchmark, per program of the differential corpus
 * (build/bpf/tests/progs/diff/, or the objects named on the command line):
 *  - JIT throughput: BPF instructions compiled per second (best of many
 *    runs of xnic_jit_compile on the verified program), beside the host
 *    kernel's BPF_PROG_LOAD of the same program (the kernel verifier plus
 *    its x86 JIT) and the wall time of `bpftool prog load` of the object
 *    (process, libbpf, every program and map of the object), when BPF is
 *    available;
 *  - code density: microcode words per BPF instruction;
 *  - execution: microcode instructions and BPF instructions executed per
 *    packet on the simulator over generated frames (BPF instructions are
 *    counted from the simulator's profile: how often the first word of
 *    each BPF instruction's microcode ran), and cycles per packet.
 * Prints one table; asserts nothing.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "xnic/frontend.h"
#include "xnic/jit.h"
#include "xnic/pcap_io.h"
#include "xnic/pipeline.h"
#include "xnic/pktgen.h"
#include "xnic/sim.h"
#include "xnic/verifier.h"

#define FRAMES 200
#define JIT_REPS 200

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}

static int set_initial(void *ctx, u32 map, const void *data, u32 size)
{
	struct xnic_sim *sim = ctx;
	struct xnic_map_def def;
	u32 zero = 0;
	u8 *v;
	int ret;

	if (xnic_sim_map_def(sim, map, &def))
		return -EINVAL;
	v = calloc(1, def.value_size + 1);
	if (!v)
		return -ENOMEM;
	memcpy(v, data, size < def.value_size ? size : def.value_size);
	ret = xnic_sim_map_update(sim, map, &zero, v, BPF_ANY);
	free(v);
	return ret;
}

struct row {
	u64 jit_ns; /* best single compile */
	u64 kload_ns; /* 0: not measured */
	u64 bpftool_ns; /* 0: not measured */
	u32 insns, words;
	double bpf_per_pkt, uc_per_pkt, cycles_per_pkt;
	bool ran;
};

/* Wall time of `bpftool prog load path PIN`, or 0 when it fails. */
static u64 bpftool_load(const char *path)
{
	char pin[64];
	u64 t0, t;
	pid_t pid;
	int st, fd;

	snprintf(pin, sizeof(pin), "/sys/fs/bpf/xnic_bench_jit_%d", (int)getpid());
	t0 = now_ns();
	pid = fork();
	if (pid < 0)
		return 0;
	if (!pid) {
		fd = open("/dev/null", O_WRONLY);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execlp("bpftool", "bpftool", "prog", "load", path, pin,
		       (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0)
		return 0;
	t = now_ns() - t0;
	unlink(pin);
	return WIFEXITED(st) && !WEXITSTATUS(st) ? t : 0;
}

static void execute(const char *path, const struct xnic_image *img,
		    const struct xnic_frames *frames, struct row *r)
{
	const struct xnic_sim_profile *prof;
	struct xnic_sim_config cfg;
	struct xnic_sim *sim;
	char err[512];
	u64 uc = 0, bpf = 0, cyc = 0;
	static u8 out[4096];
	u32 i;

	xnic_sim_config_default(&cfg);
	if (xnic_sim_create(&cfg, &sim, err, sizeof(err)))
		return;
	if (xnic_sim_load(sim, img, err, sizeof(err)) ||
	    xnic_pipeline_map_init(path, img, set_initial, sim, err,
				   sizeof(err))) {
		xnic_sim_destroy(sim);
		return;
	}
	xnic_sim_profile_enable(sim, true);
	for (i = 0; i < frames->n; i++) {
		struct xnic_sim_pkt_result res;

		memset(&res, 0, sizeof(res));
		xnic_sim_run_frame(sim, frames->v[i].data, frames->v[i].len, 0,
				   out, sizeof(out), &res);
		uc += res.insns;
		cyc += res.cycles;
	}
	prof = xnic_sim_get_profile(sim);
	for (i = 0; prof && i < img->bpf_insn_cnt; i++) {
		u32 w = img->insn_start[i];

		if (w < img->insn_start[i + 1] && w < prof->len)
			bpf += prof->exec[w];
	}
	xnic_sim_destroy(sim);
	r->uc_per_pkt = (double)uc / frames->n;
	r->bpf_per_pkt = (double)bpf / frames->n;
	r->cycles_per_pkt = (double)cyc / frames->n;
	r->ran = true;
}

static int bench_one(const char *path, const struct xnic_frames *frames,
		     bool kernel, struct row *r)
{
	struct xnic_verifier_opts vopts = { 0 };
	struct xnic_prog_meta meta;
	struct xnic_dev_caps caps;
	struct xnic_image img;
	struct xnic_diag diag;
	struct xnic_obj *obj;
	const struct xnic_prog *prog;
	char err[512], dbuf[4096];
	int rep, ret;

	memset(r, 0, sizeof(*r));
	if (xnic_obj_open(path, NULL, &obj, err, sizeof(err)))
		return -EINVAL;
	prog = xnic_obj_prog(obj);
	xnic_dev_caps_default(&caps);
	xnic_diag_init(&diag, dbuf, sizeof(dbuf));
	ret = xnic_verify(prog, &caps, &vopts, &meta, &diag);
	if (ret)
		goto out;
	r->jit_ns = U64_MAX;
	for (rep = 0; rep < JIT_REPS && !ret; rep++) {
		u64 t0 = now_ns(), t;

		ret = xnic_jit_compile(prog, &meta, &caps, &img, &diag);
		t = now_ns() - t0;
		if (t < r->jit_ns)
			r->jit_ns = t;
		if (!ret && rep + 1 < JIT_REPS)
			xnic_image_release(&img);
	}
	if (ret)
		goto out_meta;
	r->insns = prog->insn_cnt;
	r->words = img.code_len;
	if (kernel && xnic_obj_kernel_load(prog, NULL, 0, &r->kload_ns))
		r->kload_ns = 0;
	if (kernel)
		r->bpftool_ns = bpftool_load(path);
	execute(path, &img, frames, r);
	xnic_image_release(&img);
out_meta:
	xnic_prog_meta_free(&meta);
out:
	xnic_obj_close(obj);
	return ret;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	const char *dir = "build/bpf/tests/progs/diff";
	struct xnic_pktgen_cfg g;
	struct xnic_frames frames;
	char **paths = NULL, why[256];
	u32 n = 0, i;
	u64 tot_insns = 0, tot_words = 0, tot_jit = 0, tot_kload = 0;
	u64 tot_bpftool = 0;
	double tot_bpf = 0, tot_uc = 0;
	bool kernel = xnic_obj_kernel_available(why, sizeof(why));
	DIR *d;
	struct dirent *de;

	if (argc > 1) {
		paths = argv + 1;
		n = (u32)argc - 1;
	} else {
		d = opendir(dir);
		if (!d) {
			printf("bench_jit: %s missing (run make bpf)\n", dir);
			return 0;
		}
		while ((de = readdir(d))) {
			size_t l = strlen(de->d_name);

			if (l < 6 || strcmp(de->d_name + l - 6, ".bpf.o"))
				continue;
			paths = realloc(paths, (n + 1) * sizeof(*paths));
			paths[n] = malloc(strlen(dir) + l + 2);
			sprintf(paths[n++], "%s/%s", dir, de->d_name);
		}
		closedir(d);
		qsort(paths, n, sizeof(*paths), cmp_str);
	}
	xnic_pktgen_defaults(&g);
	g.count = FRAMES;
	g.seed = 1;
	if (xnic_pktgen_run(&g, &frames, NULL))
		return 1;
	printf("JIT: best of %d compiles; kernel: BPF_PROG_LOAD (verifier + x86 JIT)%s%s\n",
	       JIT_REPS, kernel ? "" : " unavailable: ", kernel ? "" : why);
	printf("execution: %u generated frames on the simulator, per packet averages\n\n",
	       FRAMES);
	printf("%-22s %6s %6s %6s %9s %10s %10s %10s %9s %9s %7s %9s\n",
	       "program", "insns", "words", "w/insn", "jit_us", "jit_Minsn/s",
	       "kernel_us", "bpftool_ms", "bpf/pkt", "uc/pkt", "uc/bpf",
	       "cyc/pkt");
	for (i = 0; i < n; i++) {
		const char *name = strrchr(paths[i], '/');
		struct row r;

		name = name ? name + 1 : paths[i];
		if (bench_one(paths[i], &frames, kernel, &r)) {
			printf("%-22.22s (not accepted)\n", name);
			continue;
		}
		tot_insns += r.insns;
		tot_words += r.words;
		tot_jit += r.jit_ns;
		tot_kload += r.kload_ns;
		tot_bpf += r.bpf_per_pkt;
		tot_uc += r.uc_per_pkt;
		printf("%-22.22s %6u %6u %6.2f %9.1f %10.1f ", name, r.insns,
		       r.words, (double)r.words / r.insns, r.jit_ns / 1000.0,
		       r.jit_ns ? r.insns * 1000.0 / r.jit_ns : 0.0);
		if (r.kload_ns)
			printf("%10.1f ", r.kload_ns / 1000.0);
		else
			printf("%10s ", "-");
		if (r.bpftool_ns)
			printf("%10.1f ", r.bpftool_ns / 1e6);
		else
			printf("%10s ", "-");
		tot_bpftool += r.bpftool_ns;
		if (r.ran)
			printf("%9.1f %9.1f %7.2f %9.0f\n", r.bpf_per_pkt,
			       r.uc_per_pkt,
			       r.bpf_per_pkt ? r.uc_per_pkt / r.bpf_per_pkt :
					       0.0,
			       r.cycles_per_pkt);
		else
			printf("%9s %9s %7s %9s\n", "-", "-", "-", "-");
	}
	if (tot_insns)
		printf("\n%-22s %6llu %6llu %6.2f %9.1f %10.1f %10.1f %10.1f %9s %9s %7.2f\n",
		       "total", (unsigned long long)tot_insns,
		       (unsigned long long)tot_words,
		       (double)tot_words / tot_insns, tot_jit / 1000.0,
		       tot_jit ? tot_insns * 1000.0 / tot_jit : 0.0,
		       tot_kload / 1000.0, tot_bpftool / 1e6, "", "",
		       tot_bpf ? tot_uc / tot_bpf : 0.0);
	xnic_frames_free(&frames);
	return 0;
}
