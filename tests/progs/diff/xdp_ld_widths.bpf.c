// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Loads of every width at unaligned packet offsets (1, 3, 5, 7 ...) and
 * stores of every width back into the frame (into the MAC addresses),
 * so the output bytes show the store sizes and byte order.
 */
#include "diff_common.h"

SEC("xdp")
int xdp_ld_widths(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u64 a, b;
	__u32 c;
	__u16 d;
	__u8 e;

	if (data + 40 > data_end)
		return XDP_PASS;
	a = *(__u64 *)(data + 17);
	b = *(__u64 *)(data + 31) >> 3;
	c = *(__u32 *)(data + 13);
	d = *(__u16 *)(data + 27);
	e = *(__u8 *)(data + 39);
	*(__u8 *)(data + 0) = e;
	*(__u16 *)(data + 1) = d ^ 0xa5a5;
	*(__u32 *)(data + 3) = c + e;
	*(__u64 *)(data + 7) ^= a + b;
	*(__u8 *)(data + 15) = (__u8)(a >> 56);
	return (a ^ b ^ c ^ d ^ e) & 1 ? XDP_TX : XDP_PASS;
}
