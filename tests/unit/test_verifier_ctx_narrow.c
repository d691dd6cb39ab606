// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Narrow context loads: 1- and 2-byte loads of a 4-byte __sk_buff scalar
 * field at any offset inside it aligned to the size are accepted (as the
 * kernel does); misaligned ones, 8-byte ones, narrow pointer fields,
 * narrow stores and any narrow xdp_md load are rejected, by both.  Each
 * case has our exact verdict and the host kernel's.
 */
#include "test_verifier_common.h"

#define LOAD(sz, off)                      \
	{                                  \
		LDX(sz, 0, 1, off), EXIT() \
	}

P(len_b0) = LOAD(BPF_B, 0);
P(len_b3) = LOAD(BPF_B, 3);
P(len_h0) = LOAD(BPF_H, 0);
P(len_h2) = LOAD(BPF_H, 2);
P(len_h1) = LOAD(BPF_H, 1);
P(len_dw) = LOAD(BPF_DW, 0);
P(proto_b1) = LOAD(BPF_B, 17);
P(proto_h2) = LOAD(BPF_H, 18);
P(mark_b2) = LOAD(BPF_B, 10);
P(hash_h2) = LOAD(BPF_H, 70);
P(data_b0) = LOAD(BPF_B, 76);
P(data_end_h2) = LOAD(BPF_H, 82);
P(cb0_b1) = LOAD(BPF_B, 49);
P(store_mark_b) = {ST(BPF_B, 1, 8, 1), MOV_K(0, 0), EXIT()};
/* A byte load is at most 255: the map index below stays in bounds. */
P(byte_bounds) = {
	LDX(BPF_B, 6, 1, 1),
	ST(BPF_W, 10, -4, 0),
	LD_MAP(1, 0),
	MOV_X(2, 10),
	ALU_K(BPF_ADD, 2, -4),
	CALL(BPF_FUNC_map_lookup_elem),
	JMP_K(BPF_JEQ, 0, 0, 2),
	ALU_X(BPF_ADD, 0, 6),
	LDX(BPF_B, 0, 0, 0),
	MOV_K(0, 0),
	EXIT(),
};
P(xdp_data_b0) = LOAD(BPF_B, 0);
P(xdp_ifindex_b0) = LOAD(BPF_B, 12);
P(xdp_queue_h0) = LOAD(BPF_H, 16);

static const struct xnic_map_def arr256[] = {
	{.name = "arr",
	 .type = BPF_MAP_TYPE_ARRAY,
	 .key_size = 4,
	 .value_size = 256,
	 .max_entries = 1},
};

#define T XNIC_PROG_TC
#define X XNIC_PROG_XDP
#define H(n, msg, krej, rule, prog, t)                         \
	{                                                      \
		n, NULL, msg, (msg) ? 1 : 0, krej, rule, prog, \
			ARRAY_SIZE(prog), t, NULL, 0           \
	}
#define BAD(off, size) \
	"insn 0: error: invalid bpf_context access off=" #off " size=" #size

static const struct vcase cases[] = {
	H("tc_len_b0", NULL, false, NULL, len_b0, T),
	H("tc_len_b3", NULL, false, NULL, len_b3, T),
	H("tc_len_h0", NULL, false, NULL, len_h0, T),
	H("tc_len_h2", NULL, false, NULL, len_h2, T),
	H("tc_len_h1", BAD(1, 2), true, NULL, len_h1, T),
	H("tc_len_dw", BAD(0, 8), true, NULL, len_dw, T),
	H("tc_protocol_b1", NULL, false, NULL, proto_b1, T),
	H("tc_protocol_h2", NULL, false, NULL, proto_h2, T),
	H("tc_mark_b2", NULL, false, NULL, mark_b2, T),
	H("tc_hash_h2", NULL, false, NULL, hash_h2, T),
	H("tc_data_b0", BAD(76, 1), true, NULL, data_b0, T),
	H("tc_data_end_h2", BAD(82, 2), true, NULL, data_end_h2, T),
	H("tc_cb0_b1",
	  "insn 0: error: ctx field cb[0] (off 49) is not supported by the "
	  "device",
	  false, "ctx-field", cb0_b1, T),
	H("tc_store_mark_b", BAD(8, 1), true, NULL, store_mark_b, T),
	{"tc_byte_bounds", NULL, NULL, 0, false, NULL, byte_bounds,
	 ARRAY_SIZE(byte_bounds), T, arr256, ARRAY_SIZE(arr256)},
	H("xdp_data_b0", BAD(0, 1), true, NULL, xdp_data_b0, X),
	H("xdp_ifindex_b0", BAD(12, 1), true, NULL, xdp_ifindex_b0, X),
	H("xdp_queue_h0", BAD(16, 2), true, NULL, xdp_queue_h0, X),
};

int main(void)
{
	return run_cases("verifier narrow ctx loads", cases, ARRAY_SIZE(cases));
}
