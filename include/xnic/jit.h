/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The JIT: BPF + verifier metadata + device caps -> microcode image.
 * Output depends on nothing else, so the host tools and the driver produce
 * byte-identical images for the same program.
 */
#ifndef XNIC_JIT_H
#define XNIC_JIT_H

#include "caps.h"
#include "diag.h"
#include "image.h"
#include "meta.h"
#include "prog.h"

/*
 * Compile prog.  meta may be NULL for unverified code (conformance vectors):
 * every memory access then uses the generic lowering that dispatches on the
 * chip address at run time.  On success img owns its buffers (release with
 * xnic_image_release).  Returns 0, -EINVAL (diag says why), -E2BIG (code
 * store full) or -ENOMEM.
 */
int xnic_jit_compile(const struct xnic_prog *prog,
		     const struct xnic_prog_meta *meta,
		     const struct xnic_dev_caps *caps, struct xnic_image *img,
		     struct xnic_diag *diag);

#endif /* XNIC_JIT_H */
