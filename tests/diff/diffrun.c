// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Differential runner: one BPF object, the same generated frames through
 * the host kernel (BPF_PROG_TEST_RUN, tools/lib/kref.c) and through the
 * NIC path (front end -> verifier_ext -> JIT -> firmware_sim), then every
 * retval, every output byte and the final contents of every ARRAY/HASH map
 * compared (xnic_result_compare).
 *
 *   diffrun OBJ.o [--sec NAME] [--count N] [--seed S] [--verbose]
 *
 * Prints one line "PASS name (N frames, M maps)", "FAIL name: reason" or
 * "SKIP name: reason"; exit status 0 pass, 1 fail, 77 skip.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xnic/frontend.h"
#include "xnic/json_out.h"
#include "xnic/kref.h"
#include "xnic/pcap_io.h"
#include "xnic/pipeline.h"
#include "xnic/pktgen.h"
#include "xnic/sim.h"

#define EXIT_SKIP 77
#define OUT_CAP 4096

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* Maps of the loaded image into res, as kref dumps the kernel's. */
static int dump_sim_maps(struct xnic_sim *sim, struct xnic_result *res)
{
	u32 n = xnic_sim_map_count(sim), i, j;
	int ret = 0;

	for (i = 0; i < n && !ret; i++) {
		struct xnic_map_def def;
		struct xnic_res_map *rm;
		u8 *key, *next, *val;
		bool first = true;

		if (xnic_sim_map_def(sim, i, &def))
			return -EINVAL;
		if (def.type != BPF_MAP_TYPE_ARRAY &&
		    def.type != BPF_MAP_TYPE_HASH)
			continue;
		/* Read-only constants (.rodata) are not state; kref skips them. */
		if (strstr(def.name, "rodata"))
			continue;
		rm = xnic_result_add_map(res, def.name, def.type, def.key_size,
					 def.value_size);
		key = calloc(1, def.key_size + 4);
		next = calloc(1, def.key_size + 4);
		val = calloc(1, def.value_size + 4);
		if (!rm || !key || !next || !val) {
			ret = -ENOMEM;
		} else if (def.type == BPF_MAP_TYPE_ARRAY) {
			for (j = 0; j < def.max_entries && !ret; j++) {
				memcpy(key, &j, 4);
				ret = xnic_sim_map_lookup(sim, i, key, val);
				if (!ret)
					ret = xnic_res_map_add(rm, key, val);
			}
		} else {
			while (!xnic_sim_map_get_next_key(sim, i,
							  first ? NULL : key,
							  next)) {
				first = false;
				memcpy(key, next, def.key_size);
				ret = xnic_sim_map_lookup(sim, i, key, val);
				if (!ret)
					ret = xnic_res_map_add(rm, key, val);
				if (ret)
					break;
			}
		}
		free(key);
		free(next);
		free(val);
	}
	return ret;
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

static int run_nic(const char *obj, const char *sec,
		   const struct xnic_frames *frames,
		   const struct xnic_result *ref, struct xnic_result *res,
		   char *why, size_t whylen)
{
	struct xnic_sim_config cfg;
	struct xnic_image img;
	struct xnic_sim *sim;
	char err[4096];
	u8 *out;
	u32 i;
	int ret;

	ret = xnic_pipeline_build(obj, sec, &img, err, sizeof(err));
	if (ret) {
		snprintf(why, whylen, "NIC build: %.3000s", err);
		return ret;
	}
	xnic_sim_config_default(&cfg);
	ret = xnic_sim_create(&cfg, &sim, err, sizeof(err));
	if (!ret) {
		ret = xnic_sim_load(sim, &img, err, sizeof(err));
		if (!ret)
			ret = xnic_pipeline_map_init(obj, &img, set_initial,
						     sim, err, sizeof(err));
		if (ret)
			xnic_sim_destroy(sim);
	}
	xnic_image_release(&img);
	if (ret) {
		snprintf(why, whylen, "simulator: %.3000s", err);
		return ret;
	}
	out = malloc(OUT_CAP);
	if (!out) {
		xnic_sim_destroy(sim);
		return -ENOMEM;
	}
	for (i = 0; i < frames->n && !ret; i++) {
		struct xnic_sim_pkt_result pr;

		/* A frame the kernel refused is not a frame the NIC sees. */
		if (i < ref->npkts && ref->pkts[i].err) {
			ret = xnic_result_add_pkt_err(res, -EINVAL,
						      "refused by the kernel");
			continue;
		}
		memset(&pr, 0, sizeof(pr));
		xnic_sim_run_frame(sim, frames->v[i].data,
				   frames->v[i].len, 0, out, OUT_CAP, &pr);
		if (pr.err) {
			snprintf(why, whylen, "frame %u: NIC fault: %s", i,
				 pr.errmsg);
			ret = -EFAULT;
			break;
		}
		ret = xnic_result_add_pkt(res, pr.retval, out,
					  pr.len < OUT_CAP ? pr.len : OUT_CAP,
					  pr.cycles);
	}
	if (!ret)
		ret = dump_sim_maps(sim, res);
	free(out);
	xnic_sim_destroy(sim);
	return ret;
}

int main(int argc, char **argv)
{
	struct xnic_pktgen_cfg gcfg;
	struct xnic_result ref, got;
	struct xnic_frames frames;
	const char *obj = NULL, *sec = NULL, *name;
	struct xnic_kref *k = NULL;
	char why[4096], err[4096];
	bool verbose = false;
	u32 count = 300, diffs;
	unsigned long long seed = 1;
	int i, ret, rc = 1;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--sec") && i + 1 < argc)
			sec = argv[++i];
		else if (!strcmp(argv[i], "--count") && i + 1 < argc)
			count = (u32)strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--verbose"))
			verbose = true;
		else
			obj = argv[i];
	}
	if (!obj) {
		fprintf(stderr, "usage: diffrun OBJ.o [--sec NAME] [--count N] [--seed S] [--verbose]\n");
		return 2;
	}
	name = sec ? sec : base_name(obj);
	if (!xnic_kref_available(why, sizeof(why))) {
		printf("SKIP %s: host kernel BPF unavailable: %s\n", name, why);
		return EXIT_SKIP;
	}
	ret = xnic_kref_open(&k, obj, sec, err, sizeof(err));
	if (ret) {
		printf("SKIP %s: host kernel refuses the program: %s\n", name,
		       err);
		if (k)
			xnic_kref_close(k);
		return EXIT_SKIP;
	}
	xnic_frames_init(&frames);
	xnic_pktgen_defaults(&gcfg);
	gcfg.count = count;
	gcfg.seed = seed;
	if (xnic_pktgen_run(&gcfg, &frames, NULL)) {
		printf("FAIL %s: frame generator failed\n", name);
		xnic_kref_close(k);
		return 1;
	}
	xnic_result_init(&ref);
	xnic_result_init(&got);
	if (xnic_kref_run(k, &frames, &ref)) {
		printf("FAIL %s: kernel run failed\n", name);
		goto out;
	}
	ret = run_nic(obj, sec, &frames, &ref, &got, why, sizeof(why));
	if (ret) {
		printf("FAIL %s: %s\n", name, why);
		goto out;
	}
	diffs = xnic_result_compare(&ref, &got, verbose ? stdout : NULL,
				    verbose ? 20 : 0);
	if (diffs) {
		printf("FAIL %s: %u differences from the kernel (--verbose lists them)\n",
		       name, diffs);
		goto out;
	}
	printf("PASS %s (%u frames, %u maps)\n", name, frames.n,
	       got.nmaps);
	rc = 0;
out:
	xnic_result_free(&ref);
	xnic_result_free(&got);
	xnic_frames_free(&frames);
	xnic_kref_close(k);
	return rc;
}
