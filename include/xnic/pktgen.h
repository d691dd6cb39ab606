/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Deterministic test-frame generator: the same configuration and seed give
 * the same bytes on every machine (xorshift64*, no libc rand()).  Frames mix
 * Ethernet with 0, 1 or 2 VLAN tags, IPv4 (options, fragments), IPv6 (an
 * extension header), TCP/UDP/ICMP/ICMPv6, ARP, unknown ethertypes and
 * truncated headers, 14..1514 bytes, with correct checksums.  Addresses and
 * ports come mostly from small pools (below) so map-based firewalls both
 * hit and miss.
 */
#ifndef XNIC_PKTGEN_H
#define XNIC_PKTGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xnic/pcap_io.h"

enum xnic_pkt_kind {
	XNIC_PK_TCP4,
	XNIC_PK_UDP4,
	XNIC_PK_ICMP4,
	XNIC_PK_TCP6,
	XNIC_PK_UDP6,
	XNIC_PK_ICMP6,
	XNIC_PK_ARP,
	XNIC_PK_OTHER, /* unknown ethertype or an 802.3 length field */
	XNIC_PK_KINDS
};

/* Pools (host byte order).  Addresses outside them appear with miss_pct. */
#define XNIC_PKTGEN_IP4_POOL                                                \
	{                                                                   \
		0x0a000001, 0x0a000002, 0x0a000003, 0x0a000004, 0xc0a8010a, \
			0xc0a80114, 0xac100001                              \
	}
#define XNIC_PKTGEN_PORT_POOL               \
	{                                   \
		22, 53, 80, 443, 5000, 8080 \
	}
/* IPv6 pool: 2001:db8::1 .. 2001:db8::4 and fe80::1. */
#define XNIC_PKTGEN_VLAN_POOL     \
	{                         \
		10, 20, 100, 4094 \
	}

struct xnic_pktgen_cfg {
	uint64_t seed;
	uint32_t count;
	uint32_t weight[XNIC_PK_KINDS]; /* relative frequency of each kind */
	/* Percentages of frames (or of the eligible ones) that get: */
	uint32_t vlan_pct;   /* one 802.1Q tag */
	uint32_t qinq_pct;   /* two tags (802.1ad outer, 802.1Q inner) */
	uint32_t ip4opt_pct; /* IPv4 options (4..40 bytes) */
	uint32_t frag_pct;   /* IPv4 fragment (first or later) */
	uint32_t ip6ext_pct; /* an IPv6 hop-by-hop or destination-options header
			      */
	uint32_t trunc_pct;  /* cut inside the headers */
	uint32_t miss_pct;   /* address/port drawn outside the pools */
	uint32_t min_len, max_len; /* frame sizes, clamped to 14..1514 */
	/* Address and port pools; NULL or a zero count means the defaults
	 * above.  The arrays must outlive xnic_pktgen_run(). */
	const uint32_t *ip4_pool; /* host byte order */
	uint32_t ip4_pool_n;
	const uint16_t *port_pool;
	uint32_t port_pool_n;
};

/* What the generator built, so tests can derive expectations without
 * re-parsing the bytes.  Offsets are from the start of the frame. */
struct xnic_pkt_info {
	uint8_t kind;	  /* enum xnic_pkt_kind */
	uint8_t vlans;	  /* 0, 1 or 2 tags */
	uint8_t l4_proto; /* IPPROTO_TCP/UDP/ICMP/ICMPV6, 0 if none */
	uint8_t frag; /* 0 not a fragment, 1 first fragment, 2 later fragment */
	uint8_t ip6_ext;       /* IPv6: one extension header present */
	uint8_t truncated;     /* len < full_len */
	uint16_t ethertype;    /* after the VLAN tags */
	uint16_t l3_off;       /* after Ethernet and tags */
	uint16_t l3_hdr_len;   /* IPv4 ihl*4, IPv6 40 (+ ext length), ARP 28 */
	uint16_t l4_off;       /* 0 when no L4 header is carried */
	uint16_t len;	       /* frame length */
	uint16_t full_len;     /* before truncation */
	uint16_t sport, dport; /* TCP/UDP ports, host order */
	uint32_t saddr4, daddr4; /* IPv4 addresses, host order */
};

void xnic_pktgen_defaults(struct xnic_pktgen_cfg *cfg);

/*
 * Apply a --mix string: comma-separated NAME=N pairs.  Kind names (tcp4,
 * udp4, icmp4, tcp6, udp6, icmp6, arp, other) set weights, and naming any
 * kind zeroes the kinds not named; modifier names (vlan, qinq, ip4opt,
 * frag, ip6ext, trunc, miss) set percentages.  "all" alone is the default.
 */
int xnic_pktgen_parse_mix(struct xnic_pktgen_cfg *cfg, const char *mix,
			  char *err, size_t errlen);

/*
 * Generate cfg->count frames into *out (initialised here).  info, when not
 * NULL, receives one record per frame.  Returns 0, -EINVAL on a bad
 * configuration (all weights zero), or -ENOMEM.
 */
int xnic_pktgen_run(const struct xnic_pktgen_cfg *cfg, struct xnic_frames *out,
		    struct xnic_pkt_info *info);

/* The ones'-complement sum used for every checksum, folded, not inverted. */
uint16_t xnic_csum_fold(const void *data, size_t len, uint32_t sum);

const char *xnic_pkt_kind_name(unsigned int kind);

#endif /* XNIC_PKTGEN_H */
