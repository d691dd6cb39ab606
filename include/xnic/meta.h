/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Per-instruction metadata: what verifier_ext learns about every BPF
 * instruction and the JIT relies on.  Facts are merged over every explored
 * path that reaches the instruction, so they hold on all of them.
 */
#ifndef XNIC_META_H
#define XNIC_META_H

#include "compat.h"

/* Kind of the base pointer of a memory access (same on every path). */
enum xnic_ptr_kind {
	XNIC_PTR_NONE = 0, /* not a memory access */
	XNIC_PTR_CTX,
	XNIC_PTR_PACKET,
	XNIC_PTR_STACK,
	XNIC_PTR_MAP_VALUE,
};

/* A scalar's abstract value: known bits plus signed/unsigned ranges. */
struct xnic_scalar {
	u64 umin, umax;
	s64 smin, smax;
	u32 u32_min, u32_max;
	s32 s32_min, s32_max;
	u64 tnum_value, tnum_mask; /* bit known iff mask bit is 0 */
};

enum xnic_meta_flags {
	XNIC_META_SEEN = 1u << 0, /* reached on some path (else dead) */
	XNIC_META_JMP_TARGET = 1u << 1, /* some jump lands here */
	XNIC_META_SUBPROG_START = 1u << 2,
	XNIC_META_SRC_CONST = 1u << 3, /* src scalar constant on all paths */
	XNIC_META_DST_CONST = 1u << 4, /* dst scalar (before) constant */
	XNIC_META_HI32_ZERO = 1u << 5, /* after insn, dst bits 63..32 are 0 */
	XNIC_META_SRC_HI32_ZERO = 1u << 6, /* before insn, src bits 63..32 0 */
	XNIC_META_DST_HI32_ZERO = 1u << 7, /* before insn, dst bits 63..32 0 */
	XNIC_META_PKT_IN_WINDOW = 1u << 8, /* packet access proven inside
					   * the NIC's packet window */
	XNIC_META_CALLER_STACK = 1u << 9, /* stack access into a caller frame */
	XNIC_META_LDIMM64_HI = 1u << 10, /* second half of an ld_imm64 */
	XNIC_META_BRANCH_ALWAYS = 1u << 11, /* cond jump always taken */
	XNIC_META_BRANCH_NEVER = 1u << 12, /* cond jump never taken */
	/* map lookup call that verifier_ext proved cannot fail (array,
	 * constant in-range key) on some path, and one that may fail on
	 * some path: for the driver's cross-check with the kernel's view
	 */
	XNIC_META_LOOKUP_NONNULL = 1u << 13,
	XNIC_META_LOOKUP_MAY_FAIL = 1u << 14,
};

struct xnic_insn_meta {
	u32 flags;
	u8 ptr_kind; /* enum xnic_ptr_kind, memory accesses only */
	u8 frame; /* call depth of the subprogram holding this insn */
	u16 map_idx; /* map of a MAP_VALUE access, or helper's map arg */
	/*
	 * Memory access offset range relative to the base object, insn->off
	 * included: stack -> from the top of this frame (negative),
	 * packet -> from data, map value -> from the value start,
	 * ctx -> the ctx field offset.
	 */
	s64 off_min, off_max;
	struct xnic_scalar src; /* src operand before the insn (scalars) */
	struct xnic_scalar dst; /* dst operand before the insn (scalars) */
	s32 jmp_target; /* absolute insn index of a jump/call target, or -1 */
	u32 subprog; /* index of the subprogram holding this insn */
	u16 stack_depth; /* bytes of stack used by this insn's frame */
	u8 helper_arg_kind[5]; /* enum xnic_ptr_kind of R1..R5 at calls */
	/* Added by verifier_ext for the driver's cross-check (enum
	 * xnic_reg_kind in verifier.h), merged over all paths.
	 */
	u8 dst_reg_kind;
	u8 src_reg_kind;
	u8 access_size; /* bytes of a memory access, 0 otherwise */
};

struct xnic_subprog_info {
	u32 start; /* first insn */
	u32 end; /* one past the last insn */
	u32 stack_depth; /* bytes, rounded up to 8 */
};

/* Whole-program analysis result, owned by the caller of the verifier. */
struct xnic_prog_meta {
	u32 insn_cnt;
	struct xnic_insn_meta *insn; /* insn_cnt entries */
	u32 subprog_cnt;
	struct xnic_subprog_info *subprogs;
	u32 max_stack; /* deepest call chain's stack, bytes */
	u32 max_pkt_off; /* highest packet byte offset read or written + 1 */
	u64 explored_states; /* statistics for --log and benchmarks:
			      * states checked at pruning points */
	u64 processed_insns;
};

#endif /* XNIC_META_H */
