// SPDX-License-Identifier: GPL-2.0-only
/* Slot 1 of shared_count.h's map; returns XDP_DROP (scenario 82). */
#include "shared_count.h"

SEC("xdp")
int xdp_shared_drop(struct xdp_md *ctx)
{
	return shared_count(1, XDP_DROP);
}

char _license[] SEC("license") = "GPL";
