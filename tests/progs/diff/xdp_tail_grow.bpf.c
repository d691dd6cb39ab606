// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bpf_xdp_adjust_tail grow by 16 + (len % 8) bytes, then write a trailer:
 * the original length (big-endian) and a marker in the new bytes.  The
 * kernel zero-fills grown space, so untouched new bytes are zero.
 */
#include "diff_common.h"

SEC("xdp")
int xdp_tail_grow(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 len = data_end - data;
	__u32 grow = 16 + (len & 7);
	__u8 *t;

	if (bpf_xdp_adjust_tail(ctx, grow))
		return XDP_ABORTED;
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	/* The old end; the bound keeps the write inside the NIC's packet
	 * window (generated frames are at most 1514 bytes). */
	if (len > 1514)
		return XDP_PASS;
	t = data + len;
	if ((void *)(t + 16) > data_end)
		return XDP_ABORTED;
	*(__be32 *)t = bpf_htonl(len);
	*(__be32 *)(t + 4) = bpf_htonl(0x786e6963); /* "xnic" */
	t[8] = grow;
	return XDP_TX;
}
