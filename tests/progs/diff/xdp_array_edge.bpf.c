// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ARRAY corner cases: lookups with keys past max_entries (NULL), updates
 * with BPF_NOEXIST (always -EEXIST on arrays), BPF_EXIST and out-of-range
 * keys (-E2BIG), deletes (-EINVAL).  Return codes are summed per kind.
 */
#include "diff_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 10);
	__type(key, __u32);
	__type(value, __u64);
} arr SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 5);
	__type(key, __u32);
	__type(value, __s64);
} arr_rc SEC(".maps");

static __always_inline void rc_add(__u32 k, long rc)
{
	__s64 *p = bpf_map_lookup_elem(&arr_rc, &k);

	if (p)
		*p += rc;
}

SEC("xdp")
int xdp_array_edge(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u64 len = data_end - data, *v;
	__u32 key;

	if (data + 14 > data_end)
		return XDP_ABORTED;
	key = (((__u8 *)data)[13] + len) % 13; /* 10..12 are out of range */
	v = bpf_map_lookup_elem(&arr, &key);
	rc_add(0, v ? 1 : -1);
	if (v)
		*v += len;
	rc_add(1, bpf_map_update_elem(&arr, &key, &len, BPF_NOEXIST));
	rc_add(2, bpf_map_update_elem(&arr, &key, &len,
				      len & 1 ? BPF_EXIST : BPF_ANY));
	rc_add(3, bpf_map_delete_elem(&arr, &key));
	rc_add(4, key);
	return v ? XDP_PASS : XDP_DROP;
}
