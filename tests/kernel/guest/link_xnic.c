// SPDX-License-Identifier: GPL-2.0-only
/*
 * iproute2 plugin for the "xnic" link kind, so that
 *   ip link add xnic0 type xnic peer name xnic1
 * works: `ip` dlopen()s $IP_LIB_DIR/link_xnic.so (default
 * /usr/lib/x86_64-linux-gnu/ip on Debian) and calls xnic_link_util's
 * parse_opt with the words after "type xnic".  We add the nested
 * XNIC_INFO_PEER attribute (struct ifinfomsg + IFLA_IFNAME/IFLA_ADDRESS)
 * that driver/xnic_link.c reads.  Self-contained: iproute2's helpers are
 * not exported from the ip binary, so attributes are built by hand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/ethernet.h>
#include <netinet/ether.h>
#include <net/if.h>

#include "xnic_link_attrs.h"

/* iproute2's request buffer: nlmsghdr + ifinfomsg + 1024 bytes. */
#define XNIC_REQ_MAX 1024

/* Layout of iproute2 6.1's struct link_util (ip/ip_common.h). */
struct link_util {
	struct link_util *next;
	const char *id;
	int maxattr;
	int (*parse_opt)(struct link_util *lu, int argc, char **argv,
			 struct nlmsghdr *n);
	void (*print_opt)(struct link_util *lu, FILE *f, struct rtattr *tb[]);
	void (*print_xstats)(struct link_util *lu, FILE *f,
			     struct rtattr *xstats);
	void (*print_help)(struct link_util *lu, int argc, char **argv,
			   FILE *f);
	int (*parse_ifla_xstats)(struct link_util *lu, int argc, char **argv);
	int (*print_ifla_xstats)(struct nlmsghdr *n, void *arg);
};

static struct rtattr *tail_of(struct nlmsghdr *n)
{
	return (struct rtattr *)((char *)n + NLMSG_ALIGN(n->nlmsg_len));
}

static struct rtattr *add_attr(struct nlmsghdr *n, int type, const void *data,
			       int len)
{
	struct rtattr *rta = tail_of(n);
	int total = NLMSG_ALIGN(n->nlmsg_len) + RTA_ALIGN(RTA_LENGTH(len));

	if (total > XNIC_REQ_MAX) {
		fprintf(stderr, "xnic: netlink request too long\n");
		exit(1);
	}
	rta->rta_type = type;
	rta->rta_len = RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(rta), data, len);
	n->nlmsg_len = total;
	return rta;
}

static void usage(FILE *f)
{
	fprintf(f, "Usage: ip link add NAME type xnic [peer [name NAME] "
		   "[address LLADDR]]\n");
}

static int xnic_parse_opt(struct link_util *lu, int argc, char **argv,
			  struct nlmsghdr *n)
{
	struct ifinfomsg ifm = {.ifi_family = 0};
	struct ether_addr *mac;
	struct rtattr *peer;

	if (!argc)
		return 0;
	if (strcmp(*argv, "peer")) {
		if (strcmp(*argv, "help"))
			fprintf(stderr, "xnic: unknown option \"%s\"\n", *argv);
		usage(stderr);
		return -1;
	}
	peer = add_attr(n, XNIC_INFO_PEER, &ifm, sizeof(ifm));
	for (argc--, argv++; argc > 0; argc -= 2, argv += 2) {
		if (argc < 2) {
			fprintf(stderr, "xnic: \"%s\" needs a value\n", *argv);
			return -1;
		}
		if (!strcmp(argv[0], "name")) {
			if (strlen(argv[1]) >= IFNAMSIZ) {
				fprintf(stderr, "xnic: name too long\n");
				return -1;
			}
			add_attr(n, IFLA_IFNAME, argv[1], strlen(argv[1]) + 1);
		} else if (!strcmp(argv[0], "address")) {
			mac = ether_aton(argv[1]);
			if (!mac) {
				fprintf(stderr, "xnic: bad address\n");
				return -1;
			}
			add_attr(n, IFLA_ADDRESS, mac, ETH_ALEN);
		} else {
			fprintf(stderr, "xnic: unknown peer option \"%s\"\n",
				argv[0]);
			usage(stderr);
			return -1;
		}
	}
	peer->rta_len = (char *)tail_of(n) - (char *)peer;
	return 0;
}

static void xnic_print_help(struct link_util *lu, int argc, char **argv,
			    FILE *f)
{
	usage(f);
}

struct link_util xnic_link_util = {
	.id = "xnic",
	.maxattr = XNIC_INFO_MAX,
	.parse_opt = xnic_parse_opt,
	.print_help = xnic_print_help,
};
