// SPDX-License-Identifier: GPL-2.0-only
/* Slot 1 of chip_prog.h's shared maps (scenario 62). */
#include "chip_prog.h"

SEC("xdp")
int xdp_chip_b(struct xdp_md *ctx)
{
	return xdp_chip_run(ctx, 1);
}

char _license[] SEC("license") = "GPL";
