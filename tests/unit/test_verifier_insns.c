// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Hand-written BPF programs: shapes clang does not emit (ISA v4 insns,
 * LD_ABS, malformed code, deep calls), each with our exact verdict and the
 * host kernel's.
 */
#include "test_verifier_common.h"


static const struct xnic_map_def arr8[] = {
	{.name = "arr",
	 .type = BPF_MAP_TYPE_ARRAY,
	 .key_size = 4,
	 .value_size = 64,
	 .max_entries = 4},
	{.name = "hash",
	 .type = BPF_MAP_TYPE_HASH,
	 .key_size = 4,
	 .value_size = 8,
	 .max_entries = 64},
	{.name = "glob",
	 .type = BPF_MAP_TYPE_ARRAY,
	 .key_size = 4,
	 .value_size = 64,
	 .max_entries = 1},
};

P(ret0) = {MOV_K(0, 0), EXIT()};
P(r0_uninit) = {EXIT()};
P(r2_uninit) = {MOV_X(0, 2), EXIT()};
/* ISA v4 */
P(sdiv_smod) = {
	MOV_K(0, 7),
	MOV_K(1, -2),
	I(BPF_ALU64 | BPF_DIV | BPF_X, 0, 1, 1, 0), /* r0 s/= r1: -3 */
	I(BPF_ALU64 | BPF_MOD | BPF_K, 0, 0, 1, 2), /* r0 s%= 2: -1 */
	ALU_K(BPF_AND, 0, 1),
	EXIT(),
};
P(movsx_ldsx) = {
	MOV_K(1, 0xff),
	I(BPF_ALU64 | BPF_MOV | BPF_X, 2, 1, 8, 0),
	STX(BPF_DW, 10, 2, -8),
	LDSX(BPF_B, 3, 10, -8),
	ALU_X(BPF_SUB, 2, 3),
	MOV_X(0, 2),
	EXIT(),
};
P(bswap_ja32) = {
	MOV_K(0, 0x1234),
	I(BPF_ALU64 | BPF_END | BPF_K, 0, 0, 0, 16),
	JMP_K(BPF_JEQ, 0, 0x3412, 1),
	I(BPF_JMP32 | BPF_JA, 0, 0, 0, 1),
	MOV_K(0, 9),
	EXIT(),
};
P(ld_abs_tc) = {
	MOV_X(6, 1), I(BPF_LD | BPF_ABS | BPF_B, 0, 0, 0, 14),
	MOV_K(7, 2), I(BPF_LD | BPF_IND | BPF_H, 0, 7, 0, 12),
	EXIT(),
};
P(ld_abs_r6_scalar) = {
	MOV_K(6, 0),
	I(BPF_LD | BPF_ABS | BPF_B, 0, 0, 0, 14),
	EXIT(),
};
P(atomic_stack) = {
	ST(BPF_DW, 10, -8, 5),
	MOV_K(0, 5),
	MOV_K(1, 9),
	ATOMIC(BPF_DW, 10, 1, -8, BPF_CMPXCHG),
	ATOMIC(BPF_DW, 10, 1, -8, BPF_XCHG),
	ATOMIC(BPF_W, 10, 1, -8, BPF_AND | BPF_FETCH),
	LDX(BPF_DW, 0, 10, -8),
	EXIT(),
};
P(atomic_ctx) = {MOV_K(2, 1), ATOMIC(BPF_W, 1, 2, 0, BPF_ADD), MOV_K(0, 0),
		 EXIT()};
P(atomic_uninit_stack) = {MOV_K(2, 1), ATOMIC(BPF_DW, 10, 2, -8, BPF_ADD),
			  MOV_K(0, 0), EXIT()};
/* structure */
P(jmp_out) = {JA(5), EXIT()};
P(jmp_ldimm_mid) = {JA(1), LD_IMM64(0, 1), EXIT()};
P(unreachable) = {MOV_K(0, 0), EXIT(), MOV_K(0, 1), EXIT()};
P(bad_opcode) = {I(0xff, 0, 0, 0, 0), EXIT()};
P(bad_reg) = {MOV_K(11, 0), EXIT()};
P(no_exit) = {MOV_K(0, 0)};
P(kfunc) = {I(BPF_JMP | BPF_CALL, 0, 2, 0, 1), MOV_K(0, 0), EXIT()};
P(bad_map_idx) = {LD_MAP(1, 7), MOV_K(0, 0), EXIT()};
/* packet */
P(pkt_reversed_cmp) = {
	LDX(BPF_W, 2, 1, 0),
	LDX(BPF_W, 3, 1, 4),
	MOV_X(4, 2),
	ALU_K(BPF_ADD, 4, 8),
	JMP_X(BPF_JLT, 3, 4, 2),
	LDX(BPF_DW, 0, 2, 0),
	EXIT(),
	MOV_K(0, 1),
	EXIT(),
};
P(pkt_jlt_strict) = {
	LDX(BPF_W, 2, 1, 0),
	LDX(BPF_W, 3, 1, 4),
	MOV_X(4, 2),
	ALU_K(BPF_ADD, 4, 8),
	JMP_X(BPF_JLT, 4, 3, 1),
	JA(2),
	LDX(BPF_B, 0, 2, 8),
	EXIT(),
	MOV_K(0, 1),
	EXIT(),
};
P(pkt_jlt_one_past) = {
	LDX(BPF_W, 2, 1, 0),
	LDX(BPF_W, 3, 1, 4),
	MOV_X(4, 2),
	ALU_K(BPF_ADD, 4, 8),
	JMP_X(BPF_JLT, 4, 3, 1),
	JA(2),
	LDX(BPF_H, 0, 2, 8),
	EXIT(),
	MOV_K(0, 1),
	EXIT(),
};
/* maps: null check with JNE, direct value access, linked scalar bounds */
P(map_jne_null) = {
	ST(BPF_W, 10, -4, 1),
	LD_MAP(1, 1),
	MOV_X(2, 10),
	ALU_K(BPF_ADD, 2, -4),
	CALL(BPF_FUNC_map_lookup_elem),
	JMP_K(BPF_JNE, 0, 0, 2),
	MOV_K(0, 0),
	EXIT(),
	LDX(BPF_DW, 0, 0, 0),
	EXIT(),
};
P(map_direct_value) = {LD_MAPV(1, 2, 16), LDX(BPF_DW, 0, 1, 40), EXIT()};
P(map_direct_value_multi) = {LD_MAPV(1, 0, 16), LDX(BPF_DW, 0, 1, 0), EXIT()};
P(map_direct_value_oob) = {LD_MAPV(1, 2, 16), LDX(BPF_DW, 0, 1, 48), EXIT()};
P(linked_bounds) = {
	ST(BPF_W, 10, -4, 0),
	LD_MAP(1, 0),
	MOV_X(2, 10),
	ALU_K(BPF_ADD, 2, -4),
	CALL(BPF_FUNC_map_lookup_elem),
	MOV_X(6, 0),
	CALL(BPF_FUNC_get_prandom_u32),
	MOV_X(1, 0),
	JMP_K(BPF_JGT, 1, 56, 3), /* bound r1, use its copy r0 */
	ALU_X(BPF_ADD, 6, 0),
	LDX(BPF_DW, 0, 6, 0),
	EXIT(),
	MOV_K(0, 0),
	EXIT(),
};
P(jmp32_bound) = {
	ST(BPF_W, 10, -4, 0),
	LD_MAP(1, 0),
	MOV_X(2, 10),
	ALU_K(BPF_ADD, 2, -4),
	CALL(BPF_FUNC_map_lookup_elem),
	MOV_X(6, 0),
	CALL(BPF_FUNC_get_prandom_u32),
	I(BPF_ALU | BPF_MOV | BPF_X, 0, 0, 0, 0),
	JMP32_K(BPF_JGE, 0, 60, 3),
	ALU_X(BPF_ADD, 6, 0),
	LDX(BPF_W, 0, 6, 0),
	EXIT(),
	MOV_K(0, 0),
	EXIT(),
};
P(signed_bound_neg) = {
	ST(BPF_W, 10, -4, 0),
	LD_MAP(1, 0),
	MOV_X(2, 10),
	ALU_K(BPF_ADD, 2, -4),
	CALL(BPF_FUNC_map_lookup_elem),
	MOV_X(6, 0),
	CALL(BPF_FUNC_ktime_get_ns),
	ALU_K(BPF_AND, 0, 0xff),
	ALU_K(BPF_SUB, 0, 8),
	JMP_K(BPF_JSGT, 0, 56, 3),
	ALU_X(BPF_ADD, 6, 0),
	LDX(BPF_DW, 0, 6, 0),
	EXIT(),
	MOV_K(0, 0),
	EXIT(),
};
/* calls */
P(deep_calls) = {
	PCALL(1), EXIT(),   PCALL(1), EXIT(),	PCALL(1),    EXIT(),   PCALL(1),
	EXIT(),	  PCALL(1), EXIT(),   PCALL(1), EXIT(),	     PCALL(1), EXIT(),
	PCALL(1), EXIT(),   PCALL(1), EXIT(),	MOV_K(0, 0), EXIT(),
};
P(stack_combined) = {
	ST(BPF_DW, 10, -304, 0), PCALL(2),    MOV_K(0, 0), EXIT(),
	ST(BPF_DW, 10, -304, 0), MOV_K(0, 0), EXIT(),
};
/* A non-null map value compared with 0: the NULL side is dead. */
P(map_value_not_null) = {
	ST(BPF_W, 10, -4, 0), LD_MAP(1, 0), MOV_X(2, 10),
	ALU_K(BPF_ADD, 2, -4), CALL(BPF_FUNC_map_lookup_elem),
	JMP_K(BPF_JEQ, 0, 0, 2), MOV_K(0, 0), EXIT(), LDX(BPF_DW, 0, 3, 0),
	EXIT(),
};
/* Equal to a stack pointer: the maybe-NULL map value is not NULL. */
P(eq_nonnull_ptr) = {
	ST(BPF_W, 10, -4, 1), LD_MAP(1, 1), MOV_X(2, 10),
	ALU_K(BPF_ADD, 2, -4), CALL(BPF_FUNC_map_lookup_elem), MOV_X(7, 10),
	JMP_X(BPF_JNE, 0, 7, 2), LDX(BPF_DW, 0, 0, 0), EXIT(), MOV_K(0, 0),
	EXIT(),
};
/* A shift by 64 or more is not folded: the error path stays live. */
P(shift_wide) = {
	MOV_K(5, -7), ALU_X(BPF_RSH, 5, 5), MOV_K(7, 0),
	JMP_K(BPF_JSGT, 5, 0, 1), ST(BPF_B, 7, 0, 0), MOV_K(0, 0), EXIT(),
};
/* The low half of a non-NULL pointer may be 0 on the NIC. */
P(ptr_cmp32_zero) = {
	ST(BPF_W, 10, -4, 0), LD_MAP(1, 0), MOV_X(2, 10),
	ALU_K(BPF_ADD, 2, -4), CALL(BPF_FUNC_map_lookup_elem), MOV_K(7, 0),
	JMP32_K(BPF_JEQ, 0, 0, 2), MOV_K(0, 0), EXIT(), ST(BPF_B, 7, 0, 0),
	MOV_K(0, 0), EXIT(),
};
P(mixed_ptr_kinds) = {
	ST(BPF_DW, 10, -8, 0),
	MOV_X(6, 10),
	ALU_K(BPF_ADD, 6, -8),
	LDX(BPF_W, 2, 1, 0),
	LDX(BPF_W, 3, 1, 4),
	MOV_X(4, 2),
	ALU_K(BPF_ADD, 4, 8),
	JMP_X(BPF_JGT, 4, 3, 5),
	LDX(BPF_B, 5, 2, 0),
	JMP_K(BPF_JEQ, 5, 0, 1),
	MOV_X(6, 2),
	LDX(BPF_DW, 0, 6, 0),
	EXIT(),
	MOV_K(0, 0),
	EXIT(),
};
P(too_big) = {[0 ... 8198] = MOV_K(0, 0), [8199] = EXIT()};
P(branch_never) = {
	MOV_K(1, 5), JMP_K(BPF_JGT, 1, 9, 2), MOV_K(0, 0),
	EXIT(),	     LDX(BPF_DW, 0, 1, 0),    EXIT(),
};

#define H(n, msg, errs, krej, rule, prog, t, m)                            \
	{                                                                  \
		n, NULL, msg, errs, krej, rule, prog, ARRAY_SIZE(prog), t, \
			m##_maps, m##_cnt                                  \
	}
#define NULL_maps NULL
#define NULL_cnt  0
#define arr8_maps arr8
#define arr8_cnt  ARRAY_SIZE(arr8)
#define X	  XNIC_PROG_XDP
#define T	  XNIC_PROG_TC

static const struct vcase cases[] = {
	H("ret0", NULL, 0, false, NULL, ret0, X, NULL),
	H("r0_uninit", "insn 0: error: R0 !read_ok", 1, true, NULL, r0_uninit,
	  X, NULL),
	H("r2_uninit", "insn 0: error: R2 !read_ok", 1, true, NULL, r2_uninit,
	  X, NULL),
	H("sdiv_smod", NULL, 0, false, NULL, sdiv_smod, X, NULL),
	H("movsx_ldsx", NULL, 0, false, NULL, movsx_ldsx, X, NULL),
	H("bswap_ja32", NULL, 0, false, NULL, bswap_ja32, X, NULL),
	H("ld_abs_tc", NULL, 0, false, NULL, ld_abs_tc, T, NULL),
	H("ld_abs_xdp",
	  "insn 1: error: BPF_LD_[ABS|IND] instructions not allowed for this "
	  "program type",
	  1, true, NULL, ld_abs_tc, X, NULL),
	H("ld_abs_r6_scalar",
	  "insn 1: error: at the time of BPF_LD_ABS|IND R6 != pointer to skb",
	  1, true, NULL, ld_abs_r6_scalar, T, NULL),
	H("atomic_stack", NULL, 0, false, NULL, atomic_stack, X, NULL),
	H("atomic_ctx",
	  "insn 1: error: BPF_ATOMIC stores into R1 ctx is not allowed", 1,
	  true, NULL, atomic_ctx, X, NULL),
	H("atomic_uninit_stack",
	  "insn 1: error: invalid read from stack off -8+0 size 8", 1, false,
	  "uninit-stack", atomic_uninit_stack, X, NULL),
	H("jmp_out", "insn 0: error: jump out of range from insn 0 to 6", 1,
	  true, NULL, jmp_out, X, NULL),
	H("jmp_ldimm_mid",
	  "insn 0: error: jump into the middle of ldimm64 insn 1", 1, true,
	  NULL, jmp_ldimm_mid, X, NULL),
	H("unreachable", "insn 2: error: unreachable insn 2", 1, true, NULL,
	  unreachable, X, NULL),
	H("bad_opcode", "insn 0: error: invalid ALU opcode (code 0xff)", 1,
	  true, NULL, bad_opcode, X, NULL),
	H("bad_reg", "insn 0: error: invalid dst register (code 0xb7)", 1, true,
	  NULL, bad_reg, X, NULL),
	H("no_exit", "insn 0: error: last insn is not an exit or jmp", 1, true,
	  NULL, no_exit, X, NULL),
	H("kfunc",
	  "insn 0: error: kernel function calls are not supported (code 0x85)",
	  1, true, NULL, kfunc, X, NULL),
	H("bad_map_idx", "insn 0: error: map index 7 out of range (3 maps)", 1,
	  true, NULL, bad_map_idx, X, arr8),
	H("pkt_reversed_cmp", NULL, 0, false, NULL, pkt_reversed_cmp, X, NULL),
	H("pkt_jlt_strict", NULL, 0, false, NULL, pkt_jlt_strict, X, NULL),
	H("pkt_jlt_one_past",
	  "insn 6: error: invalid access to packet, off=8 size=2, R2 range=9: "
	  "check the pointer against data_end first",
	  1, true, NULL, pkt_jlt_one_past, X, NULL),
	H("map_jne_null", NULL, 0, false, NULL, map_jne_null, X, arr8),
	H("map_direct_value", NULL, 0, false, NULL, map_direct_value, X, arr8),
	H("map_direct_value_multi",
	  "insn 0: error: direct value access needs a one-element array map, "
	  "and map arr is not one",
	  1, true, NULL, map_direct_value_multi, X, arr8),
	H("map_direct_value_oob",
	  "insn 2: error: invalid access to map value, value_size=64 off=64 "
	  "size=8",
	  1, true, NULL, map_direct_value_oob, X, arr8),
	H("linked_bounds", NULL, 0, false, NULL, linked_bounds, X, arr8),
	H("jmp32_bound", NULL, 0, false, NULL, jmp32_bound, X, arr8),
	H("signed_bound_neg",
	  "insn 12: error: R6 min value is negative, either use unsigned index "
	  "or do a if (index >=0) check",
	  1, true, NULL, signed_bound_neg, X, arr8),
	H("deep_calls",
	  "insn 14: error: the call stack of 9 frames is too deep", 1, true,
	  NULL, deep_calls, X, NULL),
	H("stack_combined",
	  "insn 0: error: combined stack size of 608 bytes exceeds the "
	  "device's 512 bytes",
	  1, true, NULL, stack_combined, X, NULL),
	H("map_value_not_null", NULL, 0, false, NULL, map_value_not_null, X,
	  arr8),
	H("eq_nonnull_ptr", NULL, 0, false, NULL, eq_nonnull_ptr, X, arr8),
	H("shift_wide", "insn 4: error: R7 invalid mem access 'scalar'", 1,
	  true, NULL, shift_wide, X, NULL),
	H("ptr_cmp32_zero", "insn 10: error: R7 invalid mem access 'scalar'", 1,
	  false, "ptr-cmp32", ptr_cmp32_zero, X, arr8),
	H("mixed_ptr_kinds",
	  "insn 11: error: same insn cannot be used with different pointers "
	  "(packet and stack)",
	  1, false, "ptr-kind", mixed_ptr_kinds, X, NULL),
	H("too_big",
	  "insn 0: error: program of 8200 insns needs at least 8200 microcode "
	  "words, more than the device's 8192",
	  1, false, "code-size", too_big, X, NULL),
	H("branch_never", NULL, 0, false, NULL, branch_never, X, NULL),
};

int main(void)
{
	return run_cases("verifier BPF insns", cases, ARRAY_SIZE(cases));
}
