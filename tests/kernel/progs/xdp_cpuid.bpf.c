// SPDX-License-Identifier: GPL-2.0-only
/*
 * Valid for the kernel, not for the device: bpf_get_smp_processor_id is
 * not among the NIC's helpers, so verifier_ext must reject it with a
 * message in the verifier log.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_cpuid(struct xdp_md *ctx)
{
	return bpf_get_smp_processor_id() == 1000 ? XDP_DROP : XDP_PASS;
}

char _license[] SEC("license") = "GPL";
