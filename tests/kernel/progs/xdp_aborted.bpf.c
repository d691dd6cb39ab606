// SPDX-License-Identifier: GPL-2.0-only
/* Aborts on every frame: drives the offload's XDP_ABORTED path. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_aborted(struct xdp_md *ctx)
{
	return XDP_ABORTED;
}

char _license[] SEC("license") = "GPL";
