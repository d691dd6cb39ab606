// SPDX-License-Identifier: GPL-2.0-only
/* Slot 0 of chip_prog.h's shared maps (scenario 62). */
#include "chip_prog.h"

SEC("xdp")
int xdp_chip_a(struct xdp_md *ctx)
{
	return xdp_chip_run(ctx, 0);
}

char _license[] SEC("license") = "GPL";
