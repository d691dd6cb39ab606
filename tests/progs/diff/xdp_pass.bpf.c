// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The smallest program: every frame passes unchanged. */
#include "diff_common.h"

SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}
