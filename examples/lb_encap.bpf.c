// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Example: an encapsulating layer-4 load balancer.
 *
 * Untagged IPv4 TCP/UDP frames addressed to a virtual service (VIP,
 * port, protocol) are hashed on their 5-tuple to one of the service's
 * backends and sent back out (XDP_TX) inside an outer IPv4 header (IPIP)
 * addressed to that backend: bpf_xdp_adjust_head(-20) makes room, the
 * Ethernet header moves to the new front.  Everything else passes.
 *
 * Services and backends live in HASH maps; a service with port 0 takes
 * every port of its address and protocol (looked up after the exact key).
 * So that the example runs on a bare pcap with no loader, the first frame
 * installs four services (10.0.0.1:80/tcp, 10.0.0.2:any/udp,
 * 10.0.0.3:any/tcp, 192.168.1.10:any/tcp) and their backends
 * (10.10.<service>.<n>).
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#define LB_ADDR	     0x0a0a0001 /* 10.10.0.1, outer source */
#define MAX_BACKENDS 4

struct vip_key {
	__be32 addr;
	__be16 port;
	__u8 proto;
	__u8 pad;
};

struct service {
	__u32 id;
	__u32 n_backends;
	__u64 pkts;
};

struct backend_key {
	__u32 service;
	__u32 index;
};

struct backend {
	__be32 addr;
	__u32 pad;
	__u64 pkts;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, struct vip_key);
	__type(value, struct service);
} services SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, struct backend_key);
	__type(value, struct backend);
} backends SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} lb_ready SEC(".maps");

static __noinline void add_service(__u32 id, __u32 addr, __u16 port, __u8 proto,
				   __u32 n)
{
	struct vip_key vk = {.addr = bpf_htonl(addr),
			     .port = bpf_htons(port),
			     .proto = proto};
	struct service svc = {.id = id, .n_backends = n};
	struct backend_key bk = {.service = id};
	struct backend be = {};
	__u32 i;

	bpf_map_update_elem(&services, &vk, &svc, BPF_ANY);
	for (i = 0; i < MAX_BACKENDS; i++) {
		if (i >= n)
			break;
		bk.index = i;
		be.addr = bpf_htonl(0x0a0a0000 | id << 8 | (i + 1));
		bpf_map_update_elem(&backends, &bk, &be, BPF_ANY);
	}
}

static __always_inline __u32 flow_hash(__u32 s, __u32 d, __u32 ports, __u32 p)
{
	__u32 h = s * 0x9e3779b1u;

	h ^= d + 0x7f4a7c15u + (h << 6) + (h >> 2);
	h ^= ports * 0x85ebca6bu;
	h ^= p;
	h ^= h >> 16;
	h *= 0xc2b2ae35u;
	return h ^ (h >> 13);
}

static __always_inline __u16 csum_fold_ip(const __u16 *w)
{
	__u32 sum = 0;
	int i;

#pragma unroll
	for (i = 0; i < 10; i++)
		sum += w[i];
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

SEC("xdp")
int lb_encap(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data, eth_copy;
	struct backend_key bk;
	struct vip_key vk = {};
	struct iphdr *ip, *outer;
	struct service *svc;
	struct backend *be;
	__u32 zero = 0, *ready, ports;
	__u16 inner_len;
	__be32 dst;

	ready = bpf_map_lookup_elem(&lb_ready, &zero);
	if (!ready)
		return XDP_ABORTED;
	if (!*ready) {
		add_service(1, 0x0a000001, 80, IPPROTO_TCP, 3);
		add_service(2, 0x0a000002, 0, IPPROTO_UDP, 2);
		add_service(3, 0x0a000003, 0, IPPROTO_TCP, 4);
		add_service(4, 0xc0a8010a, 0, IPPROTO_TCP, 3);
		*ready = 1;
	}

	if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end || ip->ihl != 5 ||
	    (ip->frag_off & bpf_htons(0x3fff)))
		return XDP_PASS;
	if (ip->protocol != IPPROTO_TCP && ip->protocol != IPPROTO_UDP)
		return XDP_PASS;
	if ((void *)(ip + 1) + 4 > data_end)
		return XDP_PASS;
	ports = *(__u32 *)(ip + 1);
	vk.addr = ip->daddr;
	vk.port = (__be16)(ports >> 16); /* destination port, network order */
	vk.proto = ip->protocol;
	svc = bpf_map_lookup_elem(&services, &vk);
	if (!svc) {
		vk.port = 0;
		svc = bpf_map_lookup_elem(&services, &vk);
	}
	if (!svc || !svc->n_backends)
		return XDP_PASS;
	svc->pkts++;
	bk.service = svc->id;
	bk.index = flow_hash(ip->saddr, ip->daddr, ports, ip->protocol) %
		   svc->n_backends;
	be = bpf_map_lookup_elem(&backends, &bk);
	if (!be)
		return XDP_PASS;
	be->pkts++;
	be->bytes += data_end - data;
	dst = be->addr;
	inner_len = bpf_ntohs(ip->tot_len);

	__builtin_memcpy(&eth_copy, eth, sizeof(eth_copy));
	if (bpf_xdp_adjust_head(ctx, -(int)sizeof(struct iphdr)))
		return XDP_ABORTED;
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	eth = data;
	outer = (void *)(eth + 1);
	if ((void *)(outer + 1) > data_end)
		return XDP_ABORTED;
	__builtin_memcpy(eth, &eth_copy, sizeof(*eth));
	outer->version = 4;
	outer->ihl = 5;
	outer->tos = 0;
	outer->tot_len = bpf_htons(inner_len + sizeof(*outer));
	outer->id = 0;
	outer->frag_off = bpf_htons(0x4000); /* DF */
	outer->ttl = 64;
	outer->protocol = IPPROTO_IPIP;
	outer->check = 0;
	outer->saddr = bpf_htonl(LB_ADDR);
	outer->daddr = dst;
	outer->check = csum_fold_ip((__u16 *)outer);
	return XDP_TX;
}

char _license[] SEC("license") = "GPL";
