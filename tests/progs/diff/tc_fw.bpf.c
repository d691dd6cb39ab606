// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * TC firewall on destination addresses: a HASH of IPv4 addresses and a HASH
 * of IPv6 addresses (16-byte keys), both filled on the first frame; matches
 * return TC_ACT_SHOT and count per entry.
 */
#include "diff_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, __be32);
	__type(value, __u64);
} deny4 SEC(".maps");

struct in6_key {
	__u8 a[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, struct in6_key);
	__type(value, __u64);
} deny6 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} tc_fw_init SEC(".maps");

static __always_inline void setup(void)
{
	__be32 a = bpf_htonl(0x0a000003), b = bpf_htonl(0xac100001);
	struct in6_key k6 = {};
	__u64 zero = 0;

	bpf_map_update_elem(&deny4, &a, &zero, BPF_ANY);
	bpf_map_update_elem(&deny4, &b, &zero, BPF_ANY);
	k6.a[0] = 0x20;
	k6.a[1] = 0x01;
	k6.a[2] = 0x0d;
	k6.a[3] = 0xb8;
	k6.a[15] = 4;
	bpf_map_update_elem(&deny6, &k6, &zero, BPF_ANY);
}

SEC("tc")
int tc_fw(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	__u32 k0 = 0, *init;
	__u64 *hit = 0;

	init = bpf_map_lookup_elem(&tc_fw_init, &k0);
	if (!init)
		return TC_ACT_SHOT;
	if (!*init) {
		setup();
		*init = 1;
	}
	if (skb->protocol == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = data + sizeof(struct ethhdr);

		if ((void *)(ip + 1) > data_end)
			return TC_ACT_SHOT;
		hit = bpf_map_lookup_elem(&deny4, &ip->daddr);
	} else if (skb->protocol == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = data + sizeof(struct ethhdr);
		struct in6_key k;

		if ((void *)(ip6 + 1) > data_end)
			return TC_ACT_SHOT;
		__builtin_memcpy(&k, &ip6->daddr, sizeof(k));
		hit = bpf_map_lookup_elem(&deny6, &k);
	}
	if (hit) {
		__sync_fetch_and_add(hit, 1);
		return TC_ACT_SHOT;
	}
	return TC_ACT_OK;
}
