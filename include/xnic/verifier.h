/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The offload verifier: a path-sensitive abstract interpreter over a
 * struct xnic_prog that proves memory safety the way the kernel verifier
 * does, checks the device rules of struct xnic_dev_caps, and fills the
 * per-instruction metadata (struct xnic_prog_meta) the JIT relies on.
 *
 * The same entry point runs on the host (xnic-jit) and in the driver on the
 * kernel's prepare-time snapshot.  The driver cross-checks the kernel's
 * register states against ours with xnic_meta_reg_query().
 */
#ifndef XNIC_VERIFIER_H
#define XNIC_VERIFIER_H

#include "compat.h"
#include "prog.h"
#include "caps.h"
#include "meta.h"
#include "diag.h"

struct xnic_verifier_opts {
	u32 max_states;		 /* stored pruning checkpoints (0 = 65536) */
	u64 max_insns_processed; /* complexity limit (0 = 1,000,000) */
	/* Per-instruction register state log, one line per call. */
	void (*log)(void *ctx, const char *line);
	void *log_ctx;
	u32 log_level; /* 0 none, 1 states at each insn */
};

/*
 * Returns 0 when the program is accepted, -EINVAL when it is rejected
 * (diag holds the errors), -ENOMEM, or -E2BIG when the exploration hit the
 * complexity limit.  On any return meta is filled as far as the analysis
 * got and must be released with xnic_prog_meta_free().
 */
int xnic_verify(const struct xnic_prog *prog, const struct xnic_dev_caps *caps,
		const struct xnic_verifier_opts *opts,
		struct xnic_prog_meta *meta, struct xnic_diag *diag);

void xnic_prog_meta_free(struct xnic_prog_meta *meta);

/* Kind of a register as the merged metadata records it (before an insn). */
enum xnic_reg_kind {
	XNIC_REG_UNSEEN = 0, /* insn never reached */
	XNIC_REG_NOT_INIT,
	XNIC_REG_SCALAR,
	XNIC_REG_CTX,
	XNIC_REG_PACKET,
	XNIC_REG_PACKET_END,
	XNIC_REG_STACK,
	XNIC_REG_MAP_VALUE,
	XNIC_REG_MAP_VALUE_OR_NULL,
	XNIC_REG_MAP_PTR,
	XNIC_REG_MIXED, /* differs between paths */
};

/*
 * What we know about the src or dst register of insn @insn, merged over
 * all paths: for the driver's cross-check against the kernel's state in
 * insn_hook.  @which is 0 for dst, 1 for src.  Returns -EINVAL on a bad
 * index.  For scalars *val holds the merged range.
 */
int xnic_meta_reg_query(const struct xnic_prog_meta *meta, u32 insn, int which,
			enum xnic_reg_kind *kind, struct xnic_scalar *val);

#endif /* XNIC_VERIFIER_H */
