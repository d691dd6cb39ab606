// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The NIC side of a differential run: the program goes through the same
 * pipeline xnic-jit uses and runs on the simulator, frame after frame on
 * one loaded instance (maps persist), exactly as the kernel reference runs
 * it on one loaded program.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/bpf.h>

#include "xnic/image_elf.h"
#include "xnic/pipeline.h"
#include "xnic/sim.h"
#include "diff.h"

/* Large enough for any frame after xdp_adjust_tail growth (the CTM buffer
 * is 2048 bytes; tails past the split come back too). */
#define NIC_OUT_CAP (16 * 1024)

/* The kernel reference leaves out read-only constant maps; so do we. */
static bool constant_map(const struct xnic_map_def *def)
{
	return strstr(def->name, ".rodata") != NULL;
}

static int dump_one(struct xnic_sim *sim, u32 idx,
		    const struct xnic_map_def *def, struct xnic_res_map *rm)
{
	u8 *key = calloc(1, def->key_size + 4);
	u8 *next = calloc(1, def->key_size + 4);
	u8 *val = calloc(1, def->value_size + 4);
	bool first = true;
	int ret = 0;
	u32 i;

	if (!key || !next || !val) {
		ret = -ENOMEM;
		goto out;
	}
	if (def->type == BPF_MAP_TYPE_ARRAY) {
		for (i = 0; i < def->max_entries && !ret; i++) {
			memcpy(key, &i, sizeof(i));
			ret = xnic_sim_map_lookup(sim, idx, key, val);
			if (!ret)
				ret = xnic_res_map_add(rm, key, val);
		}
		goto out;
	}
	while (!ret &&
	       !xnic_sim_map_get_next_key(sim, idx, first ? NULL : key, next)) {
		first = false;
		memcpy(key, next, def->key_size);
		ret = xnic_sim_map_lookup(sim, idx, key, val);
		if (!ret)
			ret = xnic_res_map_add(rm, key, val);
	}
out:
	free(key);
	free(next);
	free(val);
	return ret;
}

static int dump_maps(struct xnic_sim *sim, struct xnic_result *res, char *why,
		     size_t whylen)
{
	u32 n = xnic_sim_map_count(sim), i;
	int ret;

	for (i = 0; i < n; i++) {
		struct xnic_map_def def;
		struct xnic_res_map *rm;

		ret = xnic_sim_map_def(sim, i, &def);
		if (ret) {
			snprintf(why, whylen, "simulator map %u: error %d", i,
				 ret);
			return ret;
		}
		if ((def.type != BPF_MAP_TYPE_ARRAY &&
		     def.type != BPF_MAP_TYPE_HASH) ||
		    constant_map(&def))
			continue;
		rm = xnic_result_add_map(res, def.name, def.type, def.key_size,
					 def.value_size);
		if (!rm)
			return -ENOMEM;
		ret = dump_one(sim, i, &def, rm);
		if (ret) {
			snprintf(why, whylen,
				 "simulator map %s: reading it failed (%d)",
				 def.name, ret);
			return ret;
		}
	}
	return 0;
}

/* Global data (.rodata/.data) starts with the object's bytes, as libbpf
 * gives the kernel: value 0 of the single-entry ARRAY. */
static int write_initial(void *ctx, u32 map, const void *data, u32 size)
{
	struct xnic_sim *sim = ctx;
	struct xnic_map_def def;
	u32 key = 0;
	u8 *val;
	int ret;

	if (xnic_sim_map_def(sim, map, &def))
		return -EINVAL;
	val = calloc(1, def.value_size + 1);
	if (!val)
		return -ENOMEM;
	memcpy(val, data, size < def.value_size ? size : def.value_size);
	ret = xnic_sim_map_update(sim, map, &key, val, BPF_ANY);
	free(val);
	return ret;
}

/* Replace img by what an .xnic file of it reads back as. */
static int round_trip(struct xnic_image *img, char *err, size_t errlen)
{
	char path[] = "/tmp/xnic-diff-XXXXXX";
	struct xnic_image back;
	int fd = mkstemp(path), ret;

	if (fd < 0) {
		snprintf(err, errlen, "temporary image file: %s",
			 strerror(errno));
		return -errno;
	}
	close(fd);
	ret = xnic_image_write_file(path, img, err, errlen);
	if (!ret)
		ret = xnic_image_read_file(path, &back, err, errlen);
	unlink(path);
	if (ret)
		return ret;
	xnic_image_release(img);
	*img = back;
	return 0;
}

static int load(const char *obj, const char *sec, bool via_file,
		struct xnic_sim **out, char *why, size_t whylen)
{
	struct xnic_sim_config cfg;
	struct xnic_image img;
	char *err = calloc(1, 8192);
	int ret;

	if (!err)
		return -ENOMEM;
	ret = xnic_pipeline_build(obj, sec, &img, err, 8192);
	if (ret) {
		snprintf(why, whylen, "NIC build: %s", err);
		free(err);
		return ret;
	}
	if (via_file) {
		ret = round_trip(&img, err, 8192);
		if (ret) {
			snprintf(why, whylen, "image file: %s", err);
			xnic_image_release(&img);
			free(err);
			return ret;
		}
	}
	xnic_sim_config_default(&cfg);
	/* BPF_PROG_TEST_RUN runs on the loopback device. */
	cfg.ifindex[0] = 1;
	ret = xnic_sim_create(&cfg, out, err, 8192);
	if (ret) {
		snprintf(why, whylen, "simulator: %s", err);
	} else {
		ret = xnic_sim_load(*out, &img, err, 8192);
		if (!ret)
			ret = xnic_pipeline_map_init(obj, &img, write_initial,
						     *out, err, 8192);
		if (ret) {
			snprintf(why, whylen, "simulator load: %s", err);
			xnic_sim_destroy(*out);
			*out = NULL;
		}
	}
	xnic_image_release(&img);
	free(err);
	return ret;
}

int xnic_diff_run_nic(const char *obj, const char *sec,
		      const struct xnic_frames *frames, const bool *skip,
		      bool via_file, struct xnic_result *res, char *why,
		      size_t whylen)
{
	struct xnic_sim *sim = NULL;
	u8 *out;
	u32 i;
	int ret;

	ret = load(obj, sec, via_file, &sim, why, whylen);
	if (ret)
		return ret;
	out = malloc(NIC_OUT_CAP);
	if (!out) {
		xnic_sim_destroy(sim);
		return -ENOMEM;
	}
	for (i = 0; i < frames->n && !ret; i++) {
		struct xnic_sim_pkt_result pr;
		char msg[XNIC_RES_ERR_LEN];

		if (skip && skip[i]) {
			ret = xnic_result_add_pkt_err(res, -EINVAL,
						      XNIC_DIFF_NOT_RECEIVED);
			continue;
		}
		memset(&pr, 0, sizeof(pr));
		if (xnic_sim_run_frame(sim, frames->v[i].data, frames->v[i].len,
				       0, out, NIC_OUT_CAP, &pr) ||
		    pr.err) {
			snprintf(msg, sizeof(msg), "NIC fault: %s (%d)",
				 pr.errmsg[0] ? pr.errmsg : "no message",
				 pr.err);
			ret = xnic_result_add_pkt_err(
				res, pr.err ? pr.err : -EFAULT, msg);
			continue;
		}
		if (pr.len > NIC_OUT_CAP) {
			snprintf(msg, sizeof(msg),
				 "NIC output of %u bytes exceeds %u", pr.len,
				 NIC_OUT_CAP);
			ret = xnic_result_add_pkt_err(res, -E2BIG, msg);
			continue;
		}
		ret = xnic_result_add_pkt(res, pr.retval, out, pr.len,
					  pr.cycles);
	}
	if (!ret)
		ret = dump_maps(sim, res, why, whylen);
	else
		snprintf(why, whylen, "out of memory");
	free(out);
	xnic_sim_destroy(sim);
	return ret;
}
