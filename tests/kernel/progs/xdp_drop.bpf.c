// SPDX-License-Identifier: GPL-2.0-only
/* Drops every frame: shows whether a program ran on a frame. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_drop(struct xdp_md *ctx)
{
	return XDP_DROP;
}

char _license[] SEC("license") = "GPL";
