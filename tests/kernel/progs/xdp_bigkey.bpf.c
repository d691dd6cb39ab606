// SPDX-License-Identifier: GPL-2.0-only
/*
 * Uses a HASH map whose 72-byte key exceeds the device's max_key_size
 * (64): the driver refuses BPF_OFFLOAD_MAP_ALLOC, so a load bound to an
 * xnic port must fail before the program is even verified.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct big_key {
	__u8 bytes[72];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, struct big_key);
	__type(value, __u32);
} big SEC(".maps");

SEC("xdp")
int xdp_bigkey(struct xdp_md *ctx)
{
	struct big_key k = {};

	return bpf_map_lookup_elem(&big, &k) ? XDP_DROP : XDP_PASS;
}

char _license[] SEC("license") = "GPL";
