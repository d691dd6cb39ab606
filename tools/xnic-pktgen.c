// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* xnic-pktgen: write a deterministic mix of test frames to a pcap. */
#include <arpa/inet.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xnic/pcap_io.h"
#include "xnic/pktgen.h"

/* The help text is laid out as it prints. */
/* clang-format off */
static void usage(FILE *f)
{
	fputs("NAME\n"
	      "    xnic-pktgen - generate a deterministic pcap of mixed test frames\n"
	      "\n"
	      "SYNOPSIS\n"
	      "    xnic-pktgen [-n COUNT] [--seed N] [--mix SPEC] [--min LEN] [--max LEN]\n"
	      "                [--ip4 LIST] [--ports LIST] [--list] -o OUT.pcap\n"
	      "\n"
	      "DESCRIPTION\n"
	      "    Writes COUNT Ethernet frames: IPv4 TCP/UDP/ICMP (sometimes with\n"
	      "    options, sometimes fragments), IPv6 TCP/UDP/ICMPv6 (sometimes with a\n"
	      "    hop-by-hop or destination-options header), ARP and unknown or 802.3\n"
	      "    ethertypes, with 0, 1 (802.1Q) or 2 (802.1ad + 802.1Q) VLAN tags,\n"
	      "    some cut short inside their headers, 14 to 1514 bytes long.  IP, TCP,\n"
	      "    UDP, ICMP and ICMPv6 checksums are correct for the bytes carried.\n"
	      "    Addresses and ports come mostly from small pools (10.0.0.1-4,\n"
	      "    192.168.1.10, 192.168.1.20, 172.16.0.1; 2001:db8::1-4, fe80::1;\n"
	      "    ports 22 53 80 443 5000 8080) so map-based firewalls both hit and miss.\n"
	      "    The same options and seed give byte-identical output everywhere\n"
	      "    (xorshift64*; pcap timestamps are frame i at i microseconds).\n"
	      "\n"
	      "OPTIONS\n"
	      "    -n, --count N   number of frames (default 100)\n"
	      "    --seed N        random seed (default 1)\n"
	      "    --mix SPEC      comma-separated NAME=N: kind weights (tcp4 udp4 icmp4\n"
	      "                    tcp6 udp6 icmp6 arp other; naming any kind zeroes the\n"
	      "                    others; default 25,20,8,12,10,5,8,7) and modifier\n"
	      "                    percentages (vlan 15, qinq 5, ip4opt 12, frag 8,\n"
	      "                    ip6ext 20, trunc 8, miss 25).  Example:\n"
	      "                    --mix tcp4=3,udp4=1,vlan=0,trunc=0\n"
	      "    --min LEN, --max LEN   frame size range (14..1514)\n"
	      "    --ip4 LIST      comma-separated IPv4 address pool, replacing the\n"
	      "                    default one (up to 64 addresses)\n"
	      "    --ports LIST    comma-separated TCP/UDP port pool (up to 64)\n"
	      "    --list          also print one line per frame to stdout\n"
	      "    -o, --output FILE   the pcap to write (required)\n"
	      "    -h, --help      this text\n"
	      "\n"
	      "EXIT STATUS\n"
	      "    0 success, 1 write error, 2 usage error\n",
	      f);
}
/* clang-format on */

static int num(const char *s, unsigned long long max, unsigned long long *v)
{
	char *end;

	*v = strtoull(s, &end, 0);
	return (*s && !*end && *v <= max) ? 0 : -1;
}

#define MAX_POOL 64

/* "a,b,c" -> values via parse(); returns the count, or -1. */
static int parse_list(const char *list, void *out, size_t elem,
		      int (*parse)(const char *tok, void *dst))
{
	char *copy = strdup(list), *tok, *save = NULL;
	int n = 0;

	if (!copy)
		return -1;
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (n == MAX_POOL || parse(tok, (char *)out + n * elem)) {
			n = -1;
			break;
		}
		n++;
	}
	free(copy);
	return n;
}

static int parse_ip4(const char *tok, void *dst)
{
	struct in_addr a;

	if (inet_pton(AF_INET, tok, &a) != 1)
		return -1;
	*(uint32_t *)dst = ntohl(a.s_addr);
	return 0;
}

static int parse_port(const char *tok, void *dst)
{
	unsigned long long v;

	if (num(tok, 65535, &v))
		return -1;
	*(uint16_t *)dst = (uint16_t)v;
	return 0;
}

int main(int argc, char **argv)
{
	static uint32_t ip4s[MAX_POOL];
	static uint16_t ports[MAX_POOL];
	int pn;
	static const struct option opts[] = {
		{"count", required_argument, NULL, 'n'},
		{"seed", required_argument, NULL, 's'},
		{"mix", required_argument, NULL, 'm'},
		{"min", required_argument, NULL, 'a'},
		{"max", required_argument, NULL, 'b'},
		{"list", no_argument, NULL, 'l'},
		{"ip4", required_argument, NULL, 'i'},
		{"ports", required_argument, NULL, 'p'},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct xnic_pktgen_cfg cfg;
	struct xnic_pkt_info *info;
	struct xnic_frames fr;
	unsigned long long v;
	const char *outp = NULL;
	bool list = false;
	char err[512];
	int c;
	uint32_t i;

	xnic_pktgen_defaults(&cfg);
	while ((c = getopt_long(argc, argv, "n:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (num(optarg, 10000000, &v) || !v)
				goto bad;
			cfg.count = (uint32_t)v;
			break;
		case 's':
			if (num(optarg, ~0ull, &v))
				goto bad;
			cfg.seed = v;
			break;
		case 'm':
			if (xnic_pktgen_parse_mix(&cfg, optarg, err,
						  sizeof(err))) {
				fprintf(stderr, "xnic-pktgen: %s\n", err);
				return 2;
			}
			break;
		case 'a':
			if (num(optarg, 1514, &v) || v < 14)
				goto bad;
			cfg.min_len = (uint32_t)v;
			break;
		case 'b':
			if (num(optarg, 1514, &v) || v < 14)
				goto bad;
			cfg.max_len = (uint32_t)v;
			break;
		case 'l':
			list = true;
			break;
		case 'i':
			pn = parse_list(optarg, ip4s, sizeof(ip4s[0]),
					parse_ip4);
			if (pn <= 0)
				goto bad;
			cfg.ip4_pool = ip4s;
			cfg.ip4_pool_n = (uint32_t)pn;
			break;
		case 'p':
			pn = parse_list(optarg, ports, sizeof(ports[0]),
					parse_port);
			if (pn <= 0)
				goto bad;
			cfg.port_pool = ports;
			cfg.port_pool_n = (uint32_t)pn;
			break;
		case 'o':
			outp = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			fputs("try 'xnic-pktgen --help'\n", stderr);
			return 2;
		}
	}
	if (!outp || optind != argc) {
		fputs("usage: xnic-pktgen [-n COUNT] [--seed N] [--mix SPEC] "
		      "-o OUT.pcap\n",
		      stderr);
		return 2;
	}
	if (cfg.min_len > cfg.max_len) {
		fputs("xnic-pktgen: --min is larger than --max\n", stderr);
		return 2;
	}
	info = calloc(cfg.count, sizeof(*info));
	if (!info || xnic_pktgen_run(&cfg, &fr, info)) {
		fputs("xnic-pktgen: generation failed (all kind weights "
		      "zero?)\n",
		      stderr);
		free(info);
		return 2;
	}
	if (xnic_pcap_write(outp, &fr, err, sizeof(err))) {
		fprintf(stderr, "xnic-pktgen: %s\n", err);
		free(info);
		xnic_frames_free(&fr);
		return 1;
	}
	for (i = 0; list && i < fr.n; i++)
		printf("%u %s vlans %u len %u%s%s%s\n", i,
		       xnic_pkt_kind_name(info[i].kind), info[i].vlans,
		       info[i].len, info[i].frag ? " frag" : "",
		       info[i].ip6_ext ? " ext" : "",
		       info[i].truncated ? " truncated" : "");
	free(info);
	xnic_frames_free(&fr);
	return 0;
bad:
	fprintf(stderr, "xnic-pktgen: bad value '%s' (see --help)\n", optarg);
	return 2;
}
