/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Cross-check of verifier_ext against the kernel verifier: the pure
 * comparisons, kept apart from the driver so that the host tests them.
 *
 * The driver's insn_hook sees the kernel's register state of one path
 * before an instruction; verifier_ext's metadata holds, per instruction,
 * what it proved over all of its paths.  Both are sound
 * over-approximations of the values the instruction can see, so where
 * both describe the same register they must have a value in common: a
 * disjoint pair means one of the two verifiers is wrong, and the JIT,
 * which trusts verifier_ext, must not run on it.
 *
 * Every check returns 0 when the views are compatible, or -EINVAL with a
 * one-line message "insn N: ..." (no trailing newline) in msg.
 */
#ifndef XNIC_CROSSCHECK_H
#define XNIC_CROSSCHECK_H

#include "compat.h"
#include "meta.h"
#include "verifier.h"

/* The first view in which two scalars have no value in common. */
enum xnic_xc_dim {
	XNIC_XC_MEET = 0, /* compatible */
	XNIC_XC_U64,
	XNIC_XC_S64,
	XNIC_XC_U32,
	XNIC_XC_S32,
	XNIC_XC_TNUM, /* a bit known 0 in one and 1 in the other */
	/* each view meets, but no value has the known bits of both inside
	 * both u64 ranges
	 */
	XNIC_XC_BITS,
};

/* Name of an enum xnic_reg_kind, or of a kernel type with no such kind. */
const char *xnic_xc_kind_name(int kind);

bool xnic_xc_meet_u64(u64 alo, u64 ahi, u64 blo, u64 bhi);
bool xnic_xc_meet_s64(s64 alo, s64 ahi, s64 blo, s64 bhi);

/* Known bits (mask bit 0) agree wherever both know them. */
bool xnic_xc_tnum_compatible(u64 av, u64 am, u64 bv, u64 bm);

enum xnic_xc_dim xnic_xc_scalar_meet(const struct xnic_scalar *a,
				     const struct xnic_scalar *b);

/*
 * One view of a scalar as the messages print it: a constant as its value,
 * otherwise the view @dim names ("[1, 9]", "s64 [-1, 4]", "u32 [..]",
 * "s32 [..]", "var_off=(0x..; 0x..)", "[a, b] var_off=(..)").
 */
int xnic_xc_fmt_scalar(char *buf, size_t len, const struct xnic_scalar *v,
		       enum xnic_xc_dim dim);

/*
 * A scalar operand: @kern is the kernel's (one path), @ours verifier_ext's
 * merged range.  "insn N: RX is K for the kernel verifier but O for the
 * offload verifier".
 */
int xnic_xc_check_scalar(u32 insn, u8 regno, const struct xnic_scalar *kern,
			 const struct xnic_scalar *ours, char *msg, size_t len);

/*
 * Register kinds.  @kern is an enum xnic_reg_kind or -1 (a kernel type
 * verifier_ext has no name for: no opinion).  Returns 0 (agree, or no
 * opinion), XNIC_XC_REFINED when the kernel says map value or null where
 * we know a map value (the caller must confirm the array refinement), or
 * -EINVAL.
 */
#define XNIC_XC_REFINED 1
int xnic_xc_check_kind(u32 insn, u8 regno, int kern, int ours, char *msg,
		       size_t len);

/*
 * The byte offsets a pointer register plus insn->off can reach, from its
 * fixed part (reg->off + insn->off) and its variable part (the kernel's
 * bounds of the register's variable offset); saturates at S64_MIN/MAX.
 */
void xnic_xc_ptr_range(const struct xnic_scalar *var, s64 fixed, s64 *lo,
		       s64 *hi);

/*
 * A memory access through RX: the kernel's offset range [klo, khi] and
 * ours [olo, ohi] (struct xnic_insn_meta off_min/off_max) into an object
 * of enum xnic_ptr_kind @ptr_kind.
 */
int xnic_xc_check_offset(u32 insn, u8 regno, u8 ptr_kind, s64 klo, s64 khi,
			 s64 olo, s64 ohi, char *msg, size_t len);

/* RX names map @kern_map for the kernel but map @our_idx (@our_map). */
int xnic_xc_map_mismatch(u32 insn, u8 regno, const char *kern_map, u32 our_idx,
			 const char *our_map, char *msg, size_t len);

/*
 * What the kernel's state says about a map lookup that verifier_ext
 * treats as never failing (XNIC_META_LOOKUP_NONNULL).
 */
struct xnic_xc_lookup {
	const char *map_name;
	u32 map_type; /* enum bpf_map_type */
	u32 key_size;
	u32 max_entries;
	bool key_known; /* the key bytes are a constant for the kernel */
	u32 key;
};

/*
 * Nothing contradicts the refinement: an ARRAY with 4-byte keys, and a key
 * below max_entries where the kernel knows it.  A key the kernel does not
 * know is no contradiction: 6.1 forgets constant stack bytes verifier_ext
 * keeps (a 4-byte spill into the other half of the slot turns them into
 * "misc"), so there verifier_ext is the precise one.
 */
int xnic_xc_check_lookup(u32 insn, const struct xnic_xc_lookup *l, char *msg,
			 size_t len);

/* A constant in all views (a BPF_K operand). */
void xnic_xc_scalar_const(struct xnic_scalar *v, u64 c);

/*
 * What the bounds say about conditional jump @code (BPF_JMP or BPF_JMP32,
 * any condition) with operands @dst and @src: 1 always taken, 0 never
 * taken, -1 either.
 */
int xnic_xc_branch_outcome(u8 code, const struct xnic_scalar *dst,
			   const struct xnic_scalar *src);

/*
 * The JIT drops the dead side of a branch verifier_ext decided
 * (@claim: 1 always taken, 0 never); the kernel's @outcome (as above) must
 * not be the opposite.
 */
int xnic_xc_check_branch(u32 insn, int claim, int outcome, char *msg,
			 size_t len);

/*
 * Whether the control-flow edge @from -> @to is one verifier_ext proved is
 * never taken (XNIC_META_BRANCH_NEVER / _ALWAYS of the conditional jump at
 * @from).  The kernel, less precise, may still walk it: its register
 * state on the far side describes a path that does not exist, and is no
 * evidence against verifier_ext's facts.
 */
bool xnic_xc_edge_pruned(const struct xnic_prog_meta *meta,
			 const struct bpf_insn *insns, u32 insn_cnt, u32 from,
			 u32 to);

#endif /* XNIC_CROSSCHECK_H */
