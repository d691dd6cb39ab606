// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Variable-offset stack accesses (check_stack_var.c): the range of bytes
 * an access may touch must lie inside the frame, be aligned for the size
 * and, for loads, be initialised; stores make the bytes they may reach
 * "some value" and destroy spilled registers.  Each case has our exact
 * verdict and the host kernel's.
 */
#include "test_verifier_common.h"

/* Insns 0-1: a zeroed 16-byte buffer at fp-16. */
#define BUF16		ST(BPF_DW, 10, -16, 0), ST(BPF_DW, 10, -8, 0)
/* Insns 2-3: r2 = ingress_ifindex & mask (a bounded unknown scalar). */
#define IDX(mask)	LDX(BPF_W, 2, 1, 12), ALU_K(BPF_AND, 2, mask)
/* Insns 4-6: r3 = fp + o + r2. */
#define PTR(o)		MOV_X(3, 10), ALU_K(BPF_ADD, 3, o), ALU_X(BPF_ADD, 3, 2)
/* r0 must be the constant 0: else the path dereferences a scalar. */
#define MUST_BE_ZERO(r) JMP_K(BPF_JEQ, r, 0, 1), LDX(BPF_B, 0, r, 0)

P(read_ok) = {BUF16, IDX(15), PTR(-16), LDX(BPF_B, 0, 3, 0), EXIT()};
P(read_last_byte) = {BUF16, IDX(15), PTR(-15), LDX(BPF_B, 0, 3, -1), EXIT()};
P(read_out_by_one) = {BUF16, IDX(15), PTR(-15), LDX(BPF_B, 0, 3, 0), EXIT()};
P(write_frame_bottom) = {
	IDX(15), PTR(-512), ST(BPF_B, 3, 0, 1), MOV_K(0, 0), EXIT(),
};
P(write_below_frame) = {
	IDX(15), PTR(-513), ST(BPF_B, 3, 0, 1), MOV_K(0, 0), EXIT(),
};
/* Bytes -16..-2 written, byte -1 never. */
P(read_uninit_byte) = {
	ST(BPF_DW, 10, -16, 0),
	ST(BPF_W, 10, -8, 0),
	ST(BPF_H, 10, -4, 0),
	ST(BPF_B, 10, -2, 0),
	IDX(15),
	PTR(-16),
	LDX(BPF_B, 0, 3, 0),
	EXIT(),
};
P(read_uninit_missed) = {
	ST(BPF_DW, 10, -16, 0),
	ST(BPF_W, 10, -8, 0),
	ST(BPF_H, 10, -4, 0),
	ST(BPF_B, 10, -2, 0),
	IDX(14),
	PTR(-16),
	LDX(BPF_B, 0, 3, 0),
	EXIT(),
};
P(misaligned_u16) = {BUF16, IDX(15), PTR(-16), LDX(BPF_H, 0, 3, 0), EXIT()};
P(aligned_u32) = {BUF16, IDX(12), PTR(-16), LDX(BPF_W, 0, 3, 0), EXIT()};
P(aligned_u64) = {BUF16, IDX(8), PTR(-16), LDX(BPF_DW, 0, 3, 0), EXIT()};
/* Insns 0-3: fp-16..-1 zeroed by narrow stores. */
#define ZERO16                                                              \
	ST(BPF_W, 10, -16, 0), ST(BPF_W, 10, -12, 0), ST(BPF_W, 10, -8, 0), \
		ST(BPF_W, 10, -4, 0)
/*
 * A variable-offset load is an unknown value even when every byte in
 * range is zero (as in the host kernel).
 */
P(read_zero) = {
	ZERO16,		 IDX(15),     PTR(-16), LDX(BPF_B, 4, 3, 0),
	MUST_BE_ZERO(4), MOV_K(0, 0), EXIT(),
};
/* A variable-offset store of zero over zeros: "some value" too. */
P(write_zero) = {
	ZERO16,
	IDX(15),
	PTR(-16),
	ST(BPF_B, 3, 0, 0),
	LDX(BPF_DW, 4, 10, -16),
	MUST_BE_ZERO(4),
	MOV_K(0, 0),
	EXIT(),
};
/* Any other store makes every byte it may reach "some value". */
P(write_one) = {
	ZERO16,
	IDX(15),
	PTR(-16),
	ST(BPF_B, 3, 0, 1),
	LDX(BPF_DW, 4, 10, -16),
	MUST_BE_ZERO(4),
	MOV_K(0, 0),
	EXIT(),
};
P(read_spilled_ptr) = {
	STX(BPF_DW, 10, 1, -16),
	ST(BPF_DW, 10, -8, 0),
	IDX(15),
	PTR(-16),
	LDX(BPF_B, 0, 3, 0),
	EXIT(),
};
/* A store that may miss a spilled pointer's bytes leaves them unreadable. */
P(write_over_spill) = {
	STX(BPF_DW, 10, 1, -16), ST(BPF_DW, 10, -8, 0),	  IDX(15), PTR(-16),
	ST(BPF_B, 3, 0, 0),	 LDX(BPF_DW, 0, 10, -16), EXIT(),
};
P(store_ptr) = {
	BUF16, IDX(8), PTR(-16), STX(BPF_DW, 3, 1, 0), MOV_K(0, 0), EXIT(),
};
P(atomic_varoff) = {
	BUF16,
	IDX(8),
	PTR(-16),
	MOV_K(4, 1),
	ATOMIC(BPF_DW, 3, 4, 0, BPF_ADD),
	MOV_K(0, 0),
	EXIT(),
};
P(unbounded) = {
	BUF16, LDX(BPF_W, 2, 1, 12), PTR(-16), LDX(BPF_B, 0, 3, 0), EXIT(),
};
/* A negative variable part: fp - 1 + (-7..0). */
P(negative_part) = {
	BUF16,
	LDX(BPF_W, 2, 1, 12),
	ALU_K(BPF_AND, 2, 7),
	ALU_K(BPF_SUB, 2, 7),
	PTR(-1),
	LDX(BPF_B, 0, 3, 0),
	EXIT(),
};

#define X XNIC_PROG_XDP
#define H(n, msg, errs, krej, rule, prog)                                  \
	{                                                                  \
		n, NULL, msg, errs, krej, rule, prog, ARRAY_SIZE(prog), X, \
			NULL, 0                                            \
	}

static const struct vcase cases[] = {
	H("varoff_read_ok", NULL, 0, false, NULL, read_ok),
	H("varoff_read_last_byte", NULL, 0, false, NULL, read_last_byte),
	H("varoff_read_out_by_one",
	  "insn 7: error: invalid variable-offset read from stack R3 "
	  "var_off=(0x0; 0xf) off=-15 size=1: bytes -15..0 leave the "
	  "512-byte frame",
	  1, true, NULL, read_out_by_one),
	H("varoff_write_frame_bottom", NULL, 0, false, NULL,
	  write_frame_bottom),
	H("varoff_write_below_frame",
	  "insn 5: error: invalid variable-offset write to stack R3 "
	  "var_off=(0x0; 0xf) off=-513 size=1: bytes -513..-498 leave the "
	  "512-byte frame",
	  1, true, NULL, write_below_frame),
	H("varoff_read_uninit_byte",
	  "insn 9: error: invalid variable-offset read from stack R3 off "
	  "-16+15 size 1: byte -1 may be uninitialised",
	  1, false, "uninit-stack", read_uninit_byte),
	H("varoff_read_uninit_missed", NULL, 0, false, NULL,
	  read_uninit_missed),
	H("varoff_misaligned_u16",
	  "insn 7: error: misaligned variable-offset stack access "
	  "var_off=(0x0; 0xf) off=-16 size 2",
	  1, true, NULL, misaligned_u16),
	H("varoff_aligned_u32", NULL, 0, false, NULL, aligned_u32),
	H("varoff_aligned_u64", NULL, 0, false, NULL, aligned_u64),
	H("varoff_read_zero", "insn 11: error: R4 invalid mem access 'scalar'",
	  1, true, NULL, read_zero),
	H("varoff_write_zero", "insn 12: error: R4 invalid mem access 'scalar'",
	  1, true, NULL, write_zero),
	H("varoff_write_one", "insn 12: error: R4 invalid mem access 'scalar'",
	  1, true, NULL, write_one),
	H("varoff_read_spilled_ptr",
	  "insn 7: error: variable-offset read from stack R3 may read the "
	  "spilled ctx pointer at off -16",
	  1, false, "ptr-leak", read_spilled_ptr),
	H("varoff_write_over_spill",
	  "insn 8: error: invalid read from stack off -16+0 size 8", 1, false,
	  "uninit-stack", write_over_spill),
	H("varoff_store_ptr",
	  "insn 7: error: variable-offset stack store of a pointer via R3 is "
	  "not supported by the device",
	  1, false, "ptr-leak", store_ptr),
	H("varoff_atomic",
	  "insn 8: error: variable offset stack access via R3 is not "
	  "supported by BPF_ATOMIC",
	  1, true, NULL, atomic_varoff),
	H("varoff_unbounded",
	  "insn 6: error: invalid unbounded variable-offset read from stack R3",
	  1, true, NULL, unbounded),
	H("varoff_negative_part", NULL, 0, false, NULL, negative_part),
};

int main(void)
{
	return run_cases("verifier variable-offset stack", cases,
			 ARRAY_SIZE(cases));
}
