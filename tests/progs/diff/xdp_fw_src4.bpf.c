// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * IPv4 source blocklist in a HASH, filled by the program itself on the
 * first frame (10.0.0.2 and 192.168.1.20 from the generator's pool, plus an
 * address never generated).  Hits count in the value; misses in an ARRAY.
 */
#include "diff_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __be32);
	__type(value, __u64);
} blocklist SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 3); /* 0: initialised, 1: passed, 2: non-IPv4 */
	__type(key, __u32);
	__type(value, __u64);
} fw_state SEC(".maps");

static __always_inline void seed(void)
{
	__be32 a[3] = {bpf_htonl(0x0a000002), bpf_htonl(0xc0a80114),
		       bpf_htonl(0x01020304)};
	__u64 zero = 0;
	int i;

#pragma unroll
	for (i = 0; i < 3; i++)
		bpf_map_update_elem(&blocklist, &a[i], &zero, BPF_NOEXIST);
}

static __always_inline void count(__u32 idx)
{
	__u64 *v = bpf_map_lookup_elem(&fw_state, &idx);

	if (v)
		__sync_fetch_and_add(v, 1);
}

SEC("xdp")
int xdp_fw_src4(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 k0 = 0, vlans;
	__u64 *init, *hits;
	struct iphdr *ip;
	__be16 proto;
	int off;

	init = bpf_map_lookup_elem(&fw_state, &k0);
	if (!init)
		return XDP_ABORTED;
	if (!*init) {
		seed();
		*init = 1;
	}
	off = parse_eth(data, data_end, &proto, &vlans);
	if (off < 0 || proto != bpf_htons(ETH_P_IP)) {
		count(2);
		return XDP_PASS;
	}
	ip = data + off;
	if ((void *)(ip + 1) > data_end)
		return XDP_DROP;
	hits = bpf_map_lookup_elem(&blocklist, &ip->saddr);
	if (hits) {
		__sync_fetch_and_add(hits, 1);
		return XDP_DROP;
	}
	count(1);
	return XDP_PASS;
}
