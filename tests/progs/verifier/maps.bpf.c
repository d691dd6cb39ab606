// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Maps: null checks, value bounds, helper arguments, device map rules. */
#include "vcommon.h"

struct val {
	__u64 pkts;
	__u64 slots[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct val);
} arr SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} pcpu SEC(".maps");

struct big {
	char b[2048];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct big);
} bigval SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

SEC("xdp")
int map_lookup_ok(struct xdp_md *ctx)
{
	__u32 k = 0;
	struct val *v = bpf_map_lookup_elem(&arr, &k);

	if (!v)
		return XDP_PASS;
	v->pkts++;
	return XDP_PASS;
}

SEC("xdp")
int map_null_deref(struct xdp_md *ctx)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&hash, &k);

	(*v)++;
	return XDP_PASS;
}

/* An array lookup with a constant key in range cannot return NULL. */
SEC("xdp")
int map_array_const_key_ok(struct xdp_md *ctx)
{
	__u32 k = 0;
	struct val *v = bpf_map_lookup_elem(&arr, &k);

	v->pkts++;
	return XDP_PASS;
}

SEC("xdp")
int map_array_var_key_null(struct xdp_md *ctx)
{
	__u32 k = ctx->rx_queue_index;
	struct val *v = bpf_map_lookup_elem(&arr, &k);

	v->pkts++;
	return XDP_PASS;
}

SEC("xdp")
int map_value_oob(struct xdp_md *ctx)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&hash, &k);

	if (!v)
		return XDP_PASS;
	return v[1] ? XDP_DROP : XDP_PASS;
}

SEC("xdp")
int map_var_index_ok(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u32 k = 0;
	struct val *v;

	if ((void *)(data + 1) > end)
		return XDP_DROP;
	v = bpf_map_lookup_elem(&arr, &k);
	if (!v)
		return XDP_PASS;
	v->slots[data[0] & 15]++;
	return XDP_PASS;
}

SEC("xdp")
int map_var_index_unbounded(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u32 k = 0;
	struct val *v;

	if ((void *)(data + 1) > end)
		return XDP_DROP;
	v = bpf_map_lookup_elem(&arr, &k);
	if (!v)
		return XDP_PASS;
	v->slots[data[0]]++;
	return XDP_PASS;
}

SEC("xdp")
int map_update_ok(struct xdp_md *ctx)
{
	__u32 k = ctx->rx_queue_index;
	__u64 one = 1;

	bpf_map_update_elem(&hash, &k, &one, BPF_ANY);
	bpf_map_delete_elem(&hash, &k);
	return XDP_PASS;
}

SEC("xdp")
int map_key_uninit(struct xdp_md *ctx)
{
	__u64 one = 1;
	__u32 k;

	asm volatile("" : "=r"(k)); /* clang: k "initialised", the stack not */
	opaque(one);
	return bpf_map_update_elem(&hash, (void *)((long)&one - 8), &one, 0) ?
		       XDP_DROP :
		       XDP_PASS;
}

SEC("xdp")
int map_store_ptr(struct xdp_md *ctx)
{
	__u32 k = 0;
	struct val *v = bpf_map_lookup_elem(&arr, &k);

	if (!v)
		return XDP_PASS;
	*(void **)&v->pkts = v;
	return XDP_PASS;
}

SEC("xdp")
int map_percpu_type(struct xdp_md *ctx)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&pcpu, &k);

	return v ? XDP_DROP : XDP_PASS;
}

SEC("xdp")
int map_big_value(struct xdp_md *ctx)
{
	__u32 k = 0;
	struct big *v = bpf_map_lookup_elem(&bigval, &k);

	return v && v->b[0] ? XDP_DROP : XDP_PASS;
}

SEC("xdp")
int map_perf_output_ok(struct xdp_md *ctx)
{
	__u64 rec[2] = { 1, 2 };

	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, rec,
			      sizeof(rec));
	return XDP_PASS;
}

SEC("xdp")
int map_lookup_perf_array(struct xdp_md *ctx)
{
	__u32 k = 0;

	return bpf_map_lookup_elem(&events, &k) ? XDP_DROP : XDP_PASS;
}

SEC("xdp")
int map_null_after_arith(struct xdp_md *ctx)
{
	__u32 k = 0;
	char *v = bpf_map_lookup_elem(&hash, &k);

	asm volatile("%0 += 8" : "+r"(v));
	return v ? XDP_DROP : XDP_PASS;
}

SEC("xdp")
int map_atomic_add_ok(struct xdp_md *ctx)
{
	__u32 k = 0;
	struct val *v = bpf_map_lookup_elem(&arr, &k);

	if (!v)
		return XDP_PASS;
	__sync_fetch_and_add(&v->pkts, 1);
	return XDP_PASS;
}

/* Narrow non-zero constant keys are not tracked (by the kernel either). */
SEC("xdp")
int map_array_key3_null(struct xdp_md *ctx)
{
	__u32 k = 3;
	struct val *v = bpf_map_lookup_elem(&arr, &k);

	v->pkts++;
	return XDP_PASS;
}

SEC("xdp")
int map_array_key_oob_null(struct xdp_md *ctx)
{
	__u32 k = 4;
	struct val *v = bpf_map_lookup_elem(&arr, &k);

	v->pkts++;
	return XDP_PASS;
}

/* Two independent mistakes on two paths: both are reported. */
SEC("xdp")
int map_two_errors(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	__u32 k = 0;
	__u64 *v;

	if (ctx->rx_queue_index)
		return data[3] ? XDP_DROP : XDP_PASS;
	v = bpf_map_lookup_elem(&hash, &k);
	return *v ? XDP_DROP : XDP_PASS;
}

char _license[] SEC("license") = "GPL";
