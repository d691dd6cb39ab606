/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Netlink attributes of the "xnic" link kind, shared by the driver and the
 * iproute2 plugin (tests/kernel/guest/link_xnic.c) that teaches `ip` the
 * "peer" keyword.  The numbering follows veth's on purpose: one nested
 * attribute holding an ifinfomsg plus IFLA_* attributes for the peer port.
 */
#ifndef XNIC_LINK_ATTRS_H
#define XNIC_LINK_ATTRS_H

enum {
	XNIC_INFO_UNSPEC,
	XNIC_INFO_PEER, /* struct ifinfomsg + IFLA_* of the second port */
	__XNIC_INFO_MAX,
};

#define XNIC_INFO_MAX (__XNIC_INFO_MAX - 1)

#endif /* XNIC_LINK_ATTRS_H */
