/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The body of xdp_chip_a and xdp_chip_b, two different programs sharing
 * the maps "counts" and "verdict" on one NIC's chip (scenario 62).  A
 * program with slot S counts its frames in counts[S] (the other program
 * uses the other slot) and in counts[16 + ingress ifindex % 16], so the
 * map shows which program ran and on which port; it returns verdict[S]
 * when user space set it, else XDP_PASS.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 32);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u32);
} verdict SEC(".maps");

static __always_inline int xdp_chip_run(struct xdp_md *ctx, __u32 slot)
{
	__u32 key = slot, *v;
	__u64 *cnt;

	cnt = bpf_map_lookup_elem(&counts, &key);
	if (cnt)
		*cnt += 1;
	key = 16 + (ctx->ingress_ifindex & 15);
	cnt = bpf_map_lookup_elem(&counts, &key);
	if (cnt)
		*cnt += 1;
	key = slot;
	v = bpf_map_lookup_elem(&verdict, &key);
	return v ? *v : XDP_PASS;
}
