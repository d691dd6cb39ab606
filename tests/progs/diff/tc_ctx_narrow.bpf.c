// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Narrow (1- and 2-byte) context loads of __sk_buff fields at every offset
 * the kernel allows (each byte, each aligned half): len, protocol,
 * queue_mapping, and mark and priority after the program wrote them from
 * packet bytes.  Every loaded value goes into a map and the frame.
 */
#include "diff_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} narrow_out SEC(".maps");

#define B(f, i) (*(volatile __u8 *)((__u8 *)&skb->f + (i)))
#define W(f, i) (*(volatile __u16 *)((__u8 *)&skb->f + (i)))

/* Bytes and halves of a field, folded so each load shows. */
#define FOLD(f)                                                        \
	((__u64)B(f, 0) | (__u64)B(f, 1) << 8 | (__u64)B(f, 2) << 16 | \
	 (__u64)B(f, 3) << 24 | (__u64)W(f, 0) << 32 | (__u64)W(f, 2) << 48)

static __attribute__((always_inline)) void put(__u32 k, __u64 v)
{
	__u64 *slot = bpf_map_lookup_elem(&narrow_out, &k);

	if (slot)
		*slot ^= v + (*slot << 1);
}

SEC("tc")
int tc_ctx_narrow(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	__u8 *p = data;
	__u64 len, proto, qm, mark, prio;

	len = FOLD(len);
	proto = FOLD(protocol);
	qm = FOLD(queue_mapping);
	if (p + 20 > (__u8 *)data_end)
		return TC_ACT_OK;
	skb->mark = *(__u32 *)(p + 6) ^ 0x5a00a55a;
	skb->priority = *(__u32 *)(p + 10);
	mark = FOLD(mark);
	prio = FOLD(priority);
	put(0, len);
	put(1, proto);
	put(2, qm);
	put(3, mark);
	put(4, prio);
	/* the MAC addresses show the values too */
	*(__u32 *)(p + 0) = (__u32)(mark ^ len);
	*(__u16 *)(p + 4) = (__u16)(proto >> 32);
	*(__u32 *)(p + 6) = (__u32)(prio >> 16);
	return (len ^ mark ^ proto) & 1 ? TC_ACT_SHOT : TC_ACT_OK;
}
