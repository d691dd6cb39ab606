/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Host pipeline (tools/lib/pipeline.c): clang BPF object -> front end ->
 * offload verifier -> JIT -> image, in one call, for the tools, tests and
 * benchmarks.  Also the annotated listing xnic-jit --listing prints.
 */
#ifndef XNIC_PIPELINE_H
#define XNIC_PIPELINE_H

#include <stdio.h>
#include "xnic/caps.h"
#include "xnic/image.h"
#include "xnic/meta.h"
#include "xnic/prog.h"

/*
 * Build obj_path's program sec (NULL: the first XDP/TC program) for the
 * default device.  Returns 0 with img filled (xnic_image_release), or a
 * negative errno with the reasons (verifier or JIT diagnostics, one line
 * each) in err.
 */
int xnic_pipeline_build(const char *obj_path, const char *sec,
			struct xnic_image *img, char *err, size_t errlen);

/* The same on a program already in memory; meta may be NULL (unverified). */
int xnic_pipeline_jit(const struct xnic_prog *prog,
		      const struct xnic_prog_meta *meta,
		      const struct xnic_dev_caps *caps, struct xnic_image *img,
		      char *err, size_t errlen);

/*
 * Initial contents of the object's global-data maps (.rodata*, .data*),
 * which struct xnic_image does not carry: set(ctx, map index in img,
 * bytes, size) is called for each, so the loader can write them as value 0
 * before the first run.  Returns 0 or a negative errno (reason in err).
 */
int xnic_pipeline_map_init(const char *obj_path, const struct xnic_image *img,
			   int (*set)(void *ctx, u32 map, const void *data,
				      u32 size),
			   void *ctx, char *err, size_t errlen);

/*
 * Print the microcode of img interleaved with each BPF instruction of prog
 * and, when line info exists, its source line ("file:line").
 */
void xnic_pipeline_listing(FILE *f, const struct xnic_prog *prog,
			   const struct xnic_image *img);

#endif /* XNIC_PIPELINE_H */
