// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Every frame is dropped; the unit tests assert XDP_DROP for all. */
#include "diff_common.h"

SEC("xdp")
int xdp_drop_all(struct xdp_md *ctx)
{
	return XDP_DROP;
}
