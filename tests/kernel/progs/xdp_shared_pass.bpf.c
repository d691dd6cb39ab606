// SPDX-License-Identifier: GPL-2.0-only
/* Slot 0 of shared_count.h's map; returns XDP_PASS (scenario 82). */
#include "shared_count.h"

SEC("xdp")
int xdp_shared_pass(struct xdp_md *ctx)
{
	return shared_count(0, XDP_PASS);
}

char _license[] SEC("license") = "GPL";
