// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The context fields an offloaded program may touch.  The NIC fills a
 * small fixed context, so the set is deliberately narrower than the
 * kernel's; fields the kernel accepts but the device cannot provide are
 * listed with supported = false so the error says so (docs/verifier.md).
 */
#include "internal.h"
#include "ctx_fields.h"

static const struct vrf_ctx_field xdp_fields[] = {
	{0, "data", VK_PKT, true, false},
	{4, "data_end", VK_PKT_END, true, false},
	{8, "data_meta", VK_PKT, false, false},
	{12, "ingress_ifindex", VK_SCALAR, true, false},
	{16, "rx_queue_index", VK_SCALAR, true, false},
};

/* Offsets of struct __sk_buff (uapi). */
static const struct vrf_ctx_field tc_fields[] = {
	{0, "len", VK_SCALAR, true, false},
	{4, "pkt_type", VK_SCALAR, true, false},
	{8, "mark", VK_SCALAR, true, true},
	{12, "queue_mapping", VK_SCALAR, true, false},
	{16, "protocol", VK_SCALAR, true, false},
	{20, "vlan_present", VK_SCALAR, true, false},
	{24, "vlan_tci", VK_SCALAR, true, false},
	{28, "vlan_proto", VK_SCALAR, true, false},
	{32, "priority", VK_SCALAR, true, true},
	{36, "ingress_ifindex", VK_SCALAR, true, false},
	{40, "ifindex", VK_SCALAR, true, false},
	{44, "tc_index", VK_SCALAR, false, true},
	{48, "cb[0]", VK_SCALAR, false, true},
	{52, "cb[1]", VK_SCALAR, false, true},
	{56, "cb[2]", VK_SCALAR, false, true},
	{60, "cb[3]", VK_SCALAR, false, true},
	{64, "cb[4]", VK_SCALAR, false, true},
	{68, "hash", VK_SCALAR, true, false},
	{72, "tc_classid", VK_SCALAR, false, true},
	{76, "data", VK_PKT, true, false},
	{80, "data_end", VK_PKT_END, true, false},
	{84, "napi_id", VK_SCALAR, false, false},
	{140, "data_meta", VK_PKT, false, false},
	{152, "tstamp", VK_SCALAR, false, true},
	{160, "wire_len", VK_SCALAR, false, false},
};

const struct vrf_ctx_field *ctx_field(enum xnic_prog_type type, s32 off)
{
	const struct vrf_ctx_field *f =
		type == XNIC_PROG_XDP ? xdp_fields : tc_fields;
	u32 n = type == XNIC_PROG_XDP ? ARRAY_SIZE(xdp_fields) :
					ARRAY_SIZE(tc_fields);
	u32 i;

	for (i = 0; i < n; i++)
		if (f[i].off == off)
			return &f[i];
	return NULL;
}
