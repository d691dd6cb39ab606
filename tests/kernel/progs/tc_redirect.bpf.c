// SPDX-License-Identifier: GPL-2.0-only
/*
 * TC verdicts chosen by header fields, for scenario 78 to follow
 * TC_ACT_REDIRECT on the offload (out of the other port, whose wire is
 * this port's: the program sees the frame again):
 *  - ethertype 0x88b5 (the harness's `frame`): TC_ACT_REDIRECT unchanged,
 *    so the frame loops until the driver's nesting bound drops it;
 *  - other frames with a locally administered source MAC:
 *    TC_ACT_REDIRECT with that bit cleared, so the second pass decides;
 *  - ARP: TC_ACT_SHOT; IPv6: TC_ACT_PIPE; the rest: TC_ACT_OK.
 * runs[] counts the runs per verdict class (0 ok, 1 pipe, 2 shot,
 * 3 redirect); ifindex[] holds the last skb->ingress_ifindex and
 * skb->ifindex, which on the chip are the receiving port's ifindex (the
 * host's test runs pass the same one).
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} runs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u32);
} ifindex SEC(".maps");

static __always_inline int count(__u32 k, int verdict)
{
	__u64 *v = bpf_map_lookup_elem(&runs, &k);

	if (v)
		*v += 1;
	return verdict;
}

SEC("tc")
int tc_redirect(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	__u32 k = 0, *v;

	v = bpf_map_lookup_elem(&ifindex, &k);
	if (v)
		*v = skb->ingress_ifindex;
	k = 1;
	v = bpf_map_lookup_elem(&ifindex, &k);
	if (v)
		*v = skb->ifindex;
	if (data + sizeof(*eth) > data_end)
		return count(2, TC_ACT_SHOT);
	if (eth->h_proto == bpf_htons(0x88b5))
		return count(3, TC_ACT_REDIRECT);
	if (eth->h_source[0] & 2) {
		eth->h_source[0] &= ~2;
		return count(3, TC_ACT_REDIRECT);
	}
	if (eth->h_proto == bpf_htons(ETH_P_ARP))
		return count(2, TC_ACT_SHOT);
	if (eth->h_proto == bpf_htons(ETH_P_IPV6))
		return count(1, TC_ACT_PIPE);
	return count(0, TC_ACT_OK);
}

char _license[] SEC("license") = "GPL";
