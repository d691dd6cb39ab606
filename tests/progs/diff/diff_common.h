/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Shared by the differential corpus (tests/progs/diff/): header
 * includes and a VLAN-aware Ethernet parser.  Every program here must load in
 * the host kernel and be deterministic (no prandom, no ktime), and may use
 * only the helpers the NIC offers: map lookup/update/delete, xdp_adjust_head,
 * xdp_adjust_tail, perf_event_output, csum_diff.
 */
#ifndef XNIC_DIFF_COMMON_H
#define XNIC_DIFF_COMMON_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/pkt_cls.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#ifndef ETH_P_8021AD
#define ETH_P_8021AD 0x88A8
#endif

/* ICMP and ICMPv6 share this layout for echo messages. */
struct icmp_echo {
	__u8 type;
	__u8 code;
	__sum16 checksum;
	__be16 id;
	__be16 seq;
};

struct vlan_hdr {
	__be16 tci;
	__be16 proto;
};

/*
 * Walk Ethernet and up to two VLAN tags.  Returns the L3 offset and sets
 * *proto (network order), or -1 when a tag is cut short.
 */
static __always_inline int parse_eth(void *data, void *data_end, __be16 *proto,
				     __u32 *vlans)
{
	struct ethhdr *eth = data;
	__u32 off = sizeof(*eth);
	__be16 p;
	int i;

	if (data + sizeof(*eth) > data_end)
		return -1;
	p = eth->h_proto;
	*vlans = 0;
#pragma unroll
	for (i = 0; i < 2; i++) {
		struct vlan_hdr *v = data + off;

		if (p != bpf_htons(ETH_P_8021Q) && p != bpf_htons(ETH_P_8021AD))
			break;
		if ((void *)(v + 1) > data_end)
			return -1;
		p = v->proto;
		off += sizeof(*v);
		(*vlans)++;
	}
	*proto = p;
	return off;
}

char _license[] SEC("license") = "GPL";

#endif /* XNIC_DIFF_COMMON_H */
