// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Frames in a differential run: which ones the kernel's test runner
 * refuses, and a short description of a frame for failure reports.
 */
#include <stdio.h>
#include <string.h>

#include "diff.h"

#define ETH_HLEN 14

/*
 * Mirrors the refusals documented in xnic/kref.h: every test run needs a
 * full Ethernet header; a TC test run also pulls the network header of
 * IPv4/IPv6 frames (the ethertype right after the MAC addresses, VLAN tags
 * not stripped, as eth_type_trans() sees it).
 */
enum xnic_diff_refusal xnic_diff_kernel_refusal(const u8 *frame, u32 len,
						bool xdp)
{
	u16 proto;

	if (len < ETH_HLEN)
		return XNIC_DIFF_RUNT;
	if (xdp)
		return XNIC_DIFF_RUNS;
	proto = (u16)(frame[12] << 8 | frame[13]);
	if (proto == 0x0800 && len < ETH_HLEN + 20)
		return XNIC_DIFF_TC_SHORT_L3;
	if (proto == 0x86dd && len < ETH_HLEN + 40)
		return XNIC_DIFF_TC_SHORT_L3;
	return XNIC_DIFF_RUNS;
}

void xnic_diff_describe_frame(const struct xnic_pkt_info *info, char *buf,
			      size_t len)
{
	int n;

	n = snprintf(buf, len, "%s", xnic_pkt_kind_name(info->kind));
	if (info->vlans && n > 0 && (size_t)n < len)
		n += snprintf(buf + n, len - n, ", %u vlan%s", info->vlans,
			      info->vlans > 1 ? "s" : "");
	if (info->frag && n > 0 && (size_t)n < len)
		n += snprintf(buf + n, len - n, ", %s fragment",
			      info->frag == 1 ? "first" : "later");
	if (info->kind <= XNIC_PK_ICMP4 && info->l3_hdr_len > 20 && n > 0 &&
	    (size_t)n < len)
		n += snprintf(buf + n, len - n, ", ip4 options");
	if (info->ip6_ext && n > 0 && (size_t)n < len)
		n += snprintf(buf + n, len - n, ", ip6 ext header");
	if (info->kind == XNIC_PK_OTHER && info->ethertype < 0x600 && n > 0 &&
	    (size_t)n < len)
		n += snprintf(buf + n, len - n, ", 802.3 length field");
	if (n > 0 && (size_t)n < len)
		n += snprintf(buf + n, len - n, ", %u bytes", info->len);
	if (info->truncated && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - n, ", cut from %u", info->full_len);
}
