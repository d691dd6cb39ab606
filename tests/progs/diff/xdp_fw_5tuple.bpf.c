// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Flow table keyed by the IPv4 5-tuple (HASH, 64 entries so it fills up):
 * new flows are inserted with BPF_NOEXIST, the helper's return codes are
 * counted by value (-E2BIG once full), and a flow's third and later
 * packets are dropped.
 */
#include "diff_common.h"

struct flow_key {
	__be32 saddr;
	__be32 daddr;
	__be16 sport;
	__be16 dport;
	__u8 proto;
	__u8 pad[3];
};

struct flow_val {
	__u64 pkts;
	__u64 bytes;
	__u32 first_len;
	__u32 flags_seen;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, struct flow_key);
	__type(value, struct flow_val);
} flows SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 32); /* index: -return code of map_update_elem */
	__type(key, __u32);
	__type(value, __u64);
} update_rc SEC(".maps");

SEC("xdp")
int xdp_fw_5tuple(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct flow_key k = {};
	struct flow_val nv = {}, *v;
	struct iphdr *ip;
	__u32 vlans, rc_idx;
	__u64 *rc_cnt;
	__be16 proto;
	void *l4;
	int off;
	long rc;

	off = parse_eth(data, data_end, &proto, &vlans);
	if (off < 0 || proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = data + off;
	if ((void *)(ip + 1) > data_end || ip->ihl < 5)
		return XDP_PASS;
	k.saddr = ip->saddr;
	k.daddr = ip->daddr;
	k.proto = ip->protocol;
	l4 = (void *)ip + ip->ihl * 4;
	if ((ip->protocol == IPPROTO_TCP || ip->protocol == IPPROTO_UDP) &&
	    !(ip->frag_off & bpf_htons(0x1fff))) {
		struct udphdr *u = l4;

		if ((void *)(u + 1) > data_end)
			return XDP_DROP;
		k.sport = u->source;
		k.dport = u->dest;
	}
	v = bpf_map_lookup_elem(&flows, &k);
	if (v) {
		v->pkts++;
		v->bytes += data_end - data;
		if (ip->protocol == IPPROTO_TCP && l4 + 20 <= data_end)
			v->flags_seen |= ((__u8 *)l4)[13];
		return v->pkts > 2 ? XDP_DROP : XDP_PASS;
	}
	nv.pkts = 1;
	nv.bytes = data_end - data;
	nv.first_len = data_end - data;
	rc = bpf_map_update_elem(&flows, &k, &nv, BPF_NOEXIST);
	rc_idx = (__u32)(-rc) & 31;
	rc_cnt = bpf_map_lookup_elem(&update_rc, &rc_idx);
	if (rc_cnt)
		*rc_cnt += 1;
	return rc ? XDP_TX : XDP_PASS;
}
