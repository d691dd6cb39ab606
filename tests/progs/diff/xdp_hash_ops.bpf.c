// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * HASH update/delete semantics and their return codes: an 8-entry table
 * keyed by source MAC + length bucket; BPF_NOEXIST, BPF_EXIST and BPF_ANY
 * updates chosen by frame bytes, deletes of present and absent keys.
 * Every return code is counted (index = -rc), so -EEXIST, -ENOENT and
 * -E2BIG must match the kernel's.
 */
#include "diff_common.h"

struct hkey {
	__u8 mac[6];
	__u16 bucket;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, struct hkey);
	__type(value, __u64);
} small_table SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 40);
	__type(key, __u32);
	__type(value, __u32);
} rc_count SEC(".maps");

static __always_inline void note(long rc)
{
	__u32 k = (__u32)(-rc) % 40;
	__u32 *c = bpf_map_lookup_elem(&rc_count, &k);

	if (c)
		*c += 1;
}

SEC("xdp")
int xdp_hash_ops(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct hkey k = {};
	__u64 len = data_end - data;
	__u8 sel;
	long rc;

	if ((void *)(eth + 1) > data_end)
		return XDP_ABORTED;
	__builtin_memcpy(k.mac, eth->h_source, 6);
	k.bucket = len >> 7;
	sel = eth->h_dest[5] ^ (__u8)len;
	switch (sel & 3) {
	case 0:
		rc = bpf_map_update_elem(&small_table, &k, &len, BPF_NOEXIST);
		break;
	case 1:
		rc = bpf_map_update_elem(&small_table, &k, &len, BPF_EXIST);
		break;
	case 2:
		rc = bpf_map_update_elem(&small_table, &k, &len, BPF_ANY);
		break;
	default:
		rc = bpf_map_delete_elem(&small_table, &k);
		break;
	}
	note(rc);
	return rc ? XDP_DROP : XDP_PASS;
}
