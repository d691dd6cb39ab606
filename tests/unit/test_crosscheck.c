// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The driver's cross-check comparisons (verifier_ext/crosscheck_compare.c):
 * ranges that touch meet and ranges one apart do not, in every view
 * (u64, s64, u32, s32, known bits), the kind rules, pointer offset ranges,
 * the map lookup refinement, the edges verifier_ext proved are never taken,
 * and the exact messages the verifier log gets.
 */
#include "test_verifier_common.h"
#include "xnic/crosscheck.h"

/* A constant, as both verifiers describe one. */
static struct xnic_scalar cst(u64 c)
{
	struct xnic_scalar v = {
		.umin = c,
		.umax = c,
		.smin = (s64)c,
		.smax = (s64)c,
		.u32_min = (u32)c,
		.u32_max = (u32)c,
		.s32_min = (s32)c,
		.s32_max = (s32)c,
		.tnum_value = c,
		.tnum_mask = 0,
	};
	return v;
}

/* Unsigned [lo, hi], the other views as wide as that allows. */
static struct xnic_scalar rng(u64 lo, u64 hi)
{
	struct xnic_scalar v = {
		.umin = lo,
		.umax = hi,
		.smin = hi <= (u64)S64_MAX ? (s64)lo : S64_MIN,
		.smax = hi <= (u64)S64_MAX ? (s64)hi : S64_MAX,
		.u32_min = hi <= U32_MAX ? (u32)lo : 0,
		.u32_max = hi <= U32_MAX ? (u32)hi : U32_MAX,
		.s32_min = hi <= (u64)S32_MAX ? (s32)lo : S32_MIN,
		.s32_max = hi <= (u64)S32_MAX ? (s32)hi : S32_MAX,
		.tnum_value = 0,
		.tnum_mask = U64_MAX,
	};
	return v;
}

/* Nothing known about a 64-bit value. */
static struct xnic_scalar unknown(void)
{
	return rng(0, U64_MAX);
}

static void test_range_meet(void **state)
{
	(void)state;
	/* touching ends meet, one apart do not, in either order */
	assert_true(xnic_xc_meet_u64(0, 5, 5, 9));
	assert_true(xnic_xc_meet_u64(5, 9, 0, 5));
	assert_false(xnic_xc_meet_u64(0, 4, 5, 9));
	assert_false(xnic_xc_meet_u64(5, 9, 0, 4));
	assert_true(xnic_xc_meet_u64(0, U64_MAX, U64_MAX, U64_MAX));
	assert_true(xnic_xc_meet_u64(3, 3, 0, 9));
	/* signed: negative below zero */
	assert_false(xnic_xc_meet_s64(-3, -1, 0, 4));
	assert_true(xnic_xc_meet_s64(-3, 0, 0, 4));
	assert_true(xnic_xc_meet_s64(S64_MIN, S64_MIN, S64_MIN, -1));
	assert_false(xnic_xc_meet_s64(S64_MIN, -1, 0, S64_MAX));
}

static void test_tnum_compatible(void **state)
{
	(void)state;
	assert_true(xnic_xc_tnum_compatible(5, 0, 5, 0));
	/* unknown bit 0 on one side */
	assert_true(xnic_xc_tnum_compatible(4, 1, 5, 0));
	assert_false(xnic_xc_tnum_compatible(4, 0, 5, 0));
	/* bit 63 known 1 vs known 0 */
	assert_false(xnic_xc_tnum_compatible(1ULL << 63, 0xff, 0, 0xff));
	assert_true(xnic_xc_tnum_compatible(0, U64_MAX, 0x1234, 0));
}

static void test_scalar_meet_views(void **state)
{
	struct xnic_scalar a, b;

	(void)state;
	a = rng(0, 10);
	b = cst(10);
	assert_int_equal(xnic_xc_scalar_meet(&a, &b), XNIC_XC_MEET);
	b = cst(11);
	assert_int_equal(xnic_xc_scalar_meet(&a, &b), XNIC_XC_U64);

	/* -1 is U64_MAX: unsigned views meet, signed ones do not */
	a = cst((u64)-1);
	b = unknown();
	b.smin = 0;
	b.smax = S64_MAX;
	assert_int_equal(xnic_xc_scalar_meet(&a, &b), XNIC_XC_S64);

	/* u32: 64-bit views meet, the low halves do not */
	a = unknown();
	a.u32_min = 0;
	a.u32_max = 10;
	b = unknown();
	b.u32_min = 11;
	b.u32_max = 20;
	assert_int_equal(xnic_xc_scalar_meet(&a, &b), XNIC_XC_U32);
	b.u32_min = 10;
	assert_int_equal(xnic_xc_scalar_meet(&a, &b), XNIC_XC_MEET);

	/* s32: [-5, -1] against [0, 7], unsigned 32-bit views meet */
	a = unknown();
	a.s32_min = -5;
	a.s32_max = -1;
	b = unknown();
	b.s32_min = 0;
	b.s32_max = 7;
	assert_int_equal(xnic_xc_scalar_meet(&a, &b), XNIC_XC_S32);

	/* known bit 0 differs: even against odd */
	a = rng(0, 254);
	a.tnum_value = 0;
	a.tnum_mask = 0xfe;
	b = rng(1, 255);
	b.tnum_value = 1;
	b.tnum_mask = 0xfe;
	assert_int_equal(xnic_xc_scalar_meet(&a, &b), XNIC_XC_TNUM);

	/* bits: only 0 has both known-bit patterns, b's range excludes 0 */
	a = rng(0, 0xf0);
	a.tnum_mask = 0xf0;
	b = rng(1, 0xf);
	b.tnum_mask = 0xf;
	assert_int_equal(xnic_xc_scalar_meet(&a, &b), XNIC_XC_BITS);
	b = rng(0, 0xf);
	b.tnum_mask = 0xf;
	assert_int_equal(xnic_xc_scalar_meet(&a, &b), XNIC_XC_MEET);
}

static void test_scalar_messages(void **state)
{
	struct xnic_scalar k, o;
	char msg[256];

	(void)state;
	k = rng(0, 4);
	o = rng(5, 9);
	assert_int_equal(xnic_xc_check_scalar(3, 3, &k, &o, msg, sizeof(msg)),
			 -EINVAL);
	assert_string_equal(msg, "insn 3: R3 is [0, 4] for the kernel "
				 "verifier but [5, 9] for the offload "
				 "verifier");
	o = rng(4, 9);
	assert_int_equal(xnic_xc_check_scalar(3, 3, &k, &o, msg, sizeof(msg)),
			 0);

	/* a constant the JIT specialises on, just outside */
	k = rng(0, 10);
	o = cst(11);
	assert_int_equal(xnic_xc_check_scalar(12, 2, &k, &o, msg, sizeof(msg)),
			 -EINVAL);
	assert_string_equal(msg, "insn 12: R2 is [0, 10] for the kernel "
				 "verifier but 11 for the offload verifier");

	k = cst((u64)-1);
	o = unknown();
	o.smin = 0;
	o.smax = S64_MAX;
	xnic_xc_check_scalar(7, 2, &k, &o, msg, sizeof(msg));
	assert_string_equal(msg, "insn 7: R2 is -1 for the kernel verifier "
				 "but s64 [0, 9223372036854775807] for the "
				 "offload verifier");

	k = unknown();
	k.u32_max = 10;
	o = unknown();
	o.u32_min = 11;
	o.u32_max = 20;
	xnic_xc_check_scalar(1, 4, &k, &o, msg, sizeof(msg));
	assert_string_equal(msg, "insn 1: R4 is u32 [0, 10] for the kernel "
				 "verifier but u32 [11, 20] for the offload "
				 "verifier");

	k = unknown();
	k.s32_min = -5;
	k.s32_max = -1;
	o = unknown();
	o.s32_min = 0;
	o.s32_max = 7;
	xnic_xc_check_scalar(1, 4, &k, &o, msg, sizeof(msg));
	assert_string_equal(msg, "insn 1: R4 is s32 [-5, -1] for the kernel "
				 "verifier but s32 [0, 7] for the offload "
				 "verifier");

	k = rng(0, 254);
	k.tnum_mask = 0xfe;
	o = rng(1, 255);
	o.tnum_value = 1;
	o.tnum_mask = 0xfe;
	xnic_xc_check_scalar(9, 1, &k, &o, msg, sizeof(msg));
	assert_string_equal(msg, "insn 9: R1 is var_off=(0x0; 0xfe) for the "
				 "kernel verifier but var_off=(0x1; 0xfe) for "
				 "the offload verifier");

	k = rng(0, 0xf0);
	k.tnum_mask = 0xf0;
	o = rng(1, 0xf);
	o.tnum_mask = 0xf;
	xnic_xc_check_scalar(9, 1, &k, &o, msg, sizeof(msg));
	assert_string_equal(msg, "insn 9: R1 is [0, 240] var_off=(0x0; 0xf0) "
				 "for the kernel verifier but [1, 15] "
				 "var_off=(0x0; 0xf) for the offload verifier");

	/* two different constants */
	k = cst(7);
	o = cst(4103);
	xnic_xc_check_scalar(2, 3, &k, &o, msg, sizeof(msg));
	assert_string_equal(msg, "insn 2: R3 is 7 for the kernel verifier "
				 "but 4103 for the offload verifier");
}

static void test_kinds(void **state)
{
	char msg[256] = "";

	(void)state;
	assert_int_equal(xnic_xc_check_kind(0, 1, XNIC_REG_CTX, XNIC_REG_CTX,
					    msg, sizeof(msg)),
			 0);
	/* no opinion: no kernel counterpart, dead or mixed for us */
	assert_int_equal(
		xnic_xc_check_kind(0, 1, -1, XNIC_REG_CTX, msg, sizeof(msg)),
		0);
	assert_int_equal(xnic_xc_check_kind(0, 1, XNIC_REG_SCALAR,
					    XNIC_REG_MIXED, msg, sizeof(msg)),
			 0);
	assert_int_equal(xnic_xc_check_kind(0, 1, XNIC_REG_SCALAR,
					    XNIC_REG_UNSEEN, msg, sizeof(msg)),
			 0);
	assert_string_equal(msg, "");
	/* the array refinement needs the caller's confirmation */
	assert_int_equal(xnic_xc_check_kind(5, 0, XNIC_REG_MAP_VALUE_OR_NULL,
					    XNIC_REG_MAP_VALUE, msg,
					    sizeof(msg)),
			 XNIC_XC_REFINED);
	/* but never the other way round */
	assert_int_equal(xnic_xc_check_kind(5, 0, XNIC_REG_MAP_VALUE,
					    XNIC_REG_MAP_VALUE_OR_NULL, msg,
					    sizeof(msg)),
			 -EINVAL);
	assert_string_equal(msg, "insn 5: R0 is map value for the kernel "
				 "verifier but map value or null for the "
				 "offload verifier");
	xnic_xc_check_kind(2, 6, XNIC_REG_SCALAR, XNIC_REG_PACKET, msg,
			   sizeof(msg));
	assert_string_equal(msg, "insn 2: R6 is scalar for the kernel verifier "
				 "but packet for the offload verifier");
	assert_string_equal(xnic_xc_kind_name(-1), "other");
	assert_string_equal(xnic_xc_kind_name(XNIC_REG_PACKET_END),
			    "packet end");
}

static void test_ptr_range(void **state)
{
	struct xnic_scalar v;
	s64 lo, hi;

	(void)state;
	v = cst(0);
	xnic_xc_ptr_range(&v, -8, &lo, &hi);
	assert_int_equal(lo, -8);
	assert_int_equal(hi, -8);
	v = rng(0, 14);
	xnic_xc_ptr_range(&v, 2, &lo, &hi);
	assert_int_equal(lo, 2);
	assert_int_equal(hi, 16);
	/* signed view non-negative: the tighter unsigned one counts */
	v = unknown();
	v.smin = 0;
	v.smax = S64_MAX;
	v.umin = 3;
	v.umax = 20;
	xnic_xc_ptr_range(&v, 10, &lo, &hi);
	assert_int_equal(lo, 13);
	assert_int_equal(hi, 30);
	/* negative variable part: the signed view alone */
	v = unknown();
	v.smin = -16;
	v.smax = 8;
	xnic_xc_ptr_range(&v, -8, &lo, &hi);
	assert_int_equal(lo, -24);
	assert_int_equal(hi, 0);
	/* unbounded: saturates instead of wrapping */
	v = unknown();
	xnic_xc_ptr_range(&v, -1, &lo, &hi);
	assert_true(lo == S64_MIN);
	assert_true(hi == S64_MAX - 1);
	xnic_xc_ptr_range(&v, 5, &lo, &hi);
	assert_true(lo == S64_MIN + 5);
	assert_true(hi == S64_MAX);
}

static void test_offsets(void **state)
{
	char msg[256];

	(void)state;
	assert_int_equal(xnic_xc_check_offset(4, 10, XNIC_PTR_STACK, -8, -8, -8,
					      -8, msg, sizeof(msg)),
			 0);
	assert_int_equal(xnic_xc_check_offset(4, 10, XNIC_PTR_STACK, -8, -8,
					      4088, 4088, msg, sizeof(msg)),
			 -EINVAL);
	assert_string_equal(msg, "insn 4: R10 accesses stack offset -8 for the "
				 "kernel verifier but offset 4088 for the "
				 "offload "
				 "verifier");
	/* touching packet ranges meet, one apart do not */
	assert_int_equal(xnic_xc_check_offset(9, 2, XNIC_PTR_PACKET, 0, 13, 13,
					      20, msg, sizeof(msg)),
			 0);
	assert_int_equal(xnic_xc_check_offset(9, 2, XNIC_PTR_PACKET, 0, 13, 14,
					      20, msg, sizeof(msg)),
			 -EINVAL);
	assert_string_equal(msg, "insn 9: R2 accesses packet offsets [0, 13] "
				 "for the kernel verifier but offsets [14, 20] "
				 "for the offload verifier");
	xnic_xc_check_offset(1, 1, XNIC_PTR_CTX, 0, 0, 4, 4, msg, sizeof(msg));
	assert_string_equal(msg, "insn 1: R1 accesses ctx offset 0 for the "
				 "kernel verifier but offset 4 for the offload "
				 "verifier");
	xnic_xc_check_offset(6, 0, XNIC_PTR_MAP_VALUE, 8, 15, 0, 7, msg,
			     sizeof(msg));
	assert_string_equal(msg, "insn 6: R0 accesses map value offsets [8, "
				 "15] for the kernel verifier but offsets [0, "
				 "7] for the offload verifier");
}

static void test_map_message(void **state)
{
	char msg[256];

	(void)state;
	assert_int_equal(xnic_xc_map_mismatch(6, 0, "arr_a", 1, "arr_b", msg,
					      sizeof(msg)),
			 -EINVAL);
	assert_string_equal(msg, "insn 6: R0 is map 'arr_a' for the kernel "
				 "verifier but map #1 'arr_b' for the offload "
				 "verifier");
}

static void test_lookup(void **state)
{
	struct xnic_xc_lookup l = {.map_name = "arr",
				   .map_type = BPF_MAP_TYPE_ARRAY,
				   .key_size = 4,
				   .max_entries = 4,
				   .key_known = true,
				   .key = 3};
	char msg[256];

	(void)state;
	assert_int_equal(xnic_xc_check_lookup(5, &l, msg, sizeof(msg)), 0);
	l.key = 4; /* one past the last element */
	assert_int_equal(xnic_xc_check_lookup(5, &l, msg, sizeof(msg)),
			 -EINVAL);
	assert_string_equal(msg,
			    "insn 5: the offload verifier treats the "
			    "lookup in map 'arr' as never failing, but the "
			    "kernel verifier's key 4 is not below "
			    "max_entries 4");
	/* a key the kernel does not know contradicts nothing */
	l.key_known = false;
	assert_int_equal(xnic_xc_check_lookup(5, &l, msg, sizeof(msg)), 0);
	l.key = 0;
	l.key_known = true;
	l.key_size = 8;
	xnic_xc_check_lookup(5, &l, msg, sizeof(msg));
	assert_string_equal(msg,
			    "insn 5: the offload verifier treats the "
			    "lookup in map 'arr' as never failing, but its "
			    "key is 8 bytes");
	l.key_size = 4;
	l.map_type = BPF_MAP_TYPE_HASH;
	xnic_xc_check_lookup(5, &l, msg, sizeof(msg));
	assert_string_equal(msg, "insn 5: the offload verifier treats the "
				 "lookup in map 'arr' as never failing, but it "
				 "is not an array (map type 1)");
	l.map_type = BPF_MAP_TYPE_ARRAY;
	l.max_entries = 0;
	assert_int_equal(xnic_xc_check_lookup(5, &l, msg, sizeof(msg)),
			 -EINVAL);
}

static void test_edge_pruned(void **state)
{
	const struct bpf_insn insns[] = {
		/* 0: if r1 == 0 goto 3 */
		{.code = BPF_JMP | BPF_JEQ | BPF_K, .dst_reg = 1, .off = 2},
		{.code = BPF_ALU64 | BPF_MOV | BPF_K, .imm = 1},
		{.code = BPF_JMP | BPF_JA, .off = 1},
		{.code = BPF_ALU64 | BPF_MOV | BPF_K, .imm = 2},
		/* 4: if r1 == 0 goto 5: both successors are 5 */
		{.code = BPF_JMP32 | BPF_JEQ | BPF_K, .dst_reg = 1, .off = 0},
		{.code = BPF_JMP | BPF_EXIT},
	};
	struct xnic_insn_meta im[ARRAY_SIZE(insns)];
	struct xnic_prog_meta meta = {.insn_cnt = ARRAY_SIZE(insns),
				      .insn = im};
	const u32 n = ARRAY_SIZE(insns);

	(void)state;
	memset(im, 0, sizeof(im));
	/* no claim: every edge may be taken */
	assert_false(xnic_xc_edge_pruned(&meta, insns, n, 0, 3));
	assert_false(xnic_xc_edge_pruned(&meta, insns, n, 0, 1));
	im[0].flags = XNIC_META_SEEN | XNIC_META_BRANCH_NEVER;
	assert_true(xnic_xc_edge_pruned(&meta, insns, n, 0, 3));
	assert_false(xnic_xc_edge_pruned(&meta, insns, n, 0, 1));
	im[0].flags = XNIC_META_SEEN | XNIC_META_BRANCH_ALWAYS;
	assert_true(xnic_xc_edge_pruned(&meta, insns, n, 0, 1));
	assert_false(xnic_xc_edge_pruned(&meta, insns, n, 0, 3));
	/* not conditional jumps: a flag there means nothing */
	im[1].flags = im[2].flags = XNIC_META_BRANCH_ALWAYS;
	assert_false(xnic_xc_edge_pruned(&meta, insns, n, 1, 2));
	assert_false(xnic_xc_edge_pruned(&meta, insns, n, 2, 3));
	/* a jump to the next insn: that successor is always feasible */
	im[4].flags = XNIC_META_BRANCH_NEVER;
	assert_false(xnic_xc_edge_pruned(&meta, insns, n, 4, 5));
	im[4].flags = XNIC_META_BRANCH_ALWAYS;
	assert_false(xnic_xc_edge_pruned(&meta, insns, n, 4, 5));
	/* out of range */
	assert_false(xnic_xc_edge_pruned(&meta, insns, n, 6, 0));
	assert_false(xnic_xc_edge_pruned(NULL, insns, n, 0, 3));
}

static int outcome(u8 code, struct xnic_scalar d, struct xnic_scalar s)
{
	return xnic_xc_branch_outcome(code, &d, &s);
}

static void test_branch_outcome(void **state)
{
	const u8 J = BPF_JMP, J32 = BPF_JMP32;
	struct xnic_scalar v;
	char msg[256];

	(void)state;
	assert_int_equal(outcome(J | BPF_JGT, cst(4), cst(5)), 0);
	assert_int_equal(outcome(J | BPF_JGT, cst(5), cst(4)), 1);
	assert_int_equal(outcome(J | BPF_JGT, rng(0, 10), cst(5)), -1);
	/* touching edges decide the non-strict compares only */
	assert_int_equal(outcome(J | BPF_JGE, rng(5, 9), cst(5)), 1);
	assert_int_equal(outcome(J | BPF_JGT, rng(5, 9), cst(5)), -1);
	assert_int_equal(outcome(J | BPF_JGE, rng(0, 4), cst(5)), 0);
	assert_int_equal(outcome(J | BPF_JLT, rng(0, 4), cst(5)), 1);
	assert_int_equal(outcome(J | BPF_JLT, rng(0, 5), cst(5)), -1);
	assert_int_equal(outcome(J | BPF_JLE, rng(0, 5), cst(5)), 1);
	assert_int_equal(outcome(J | BPF_JLT, rng(5, 9), cst(5)), 0);
	assert_int_equal(outcome(J | BPF_JLE, rng(6, 9), cst(5)), 0);
	/* equality: constants, disjoint ranges, conflicting known bits */
	assert_int_equal(outcome(J | BPF_JEQ, cst(5), cst(5)), 1);
	assert_int_equal(outcome(J | BPF_JNE, cst(5), cst(5)), 0);
	assert_int_equal(outcome(J | BPF_JEQ, rng(0, 4), cst(5)), 0);
	assert_int_equal(outcome(J | BPF_JNE, rng(0, 4), cst(5)), 1);
	assert_int_equal(outcome(J | BPF_JEQ, rng(0, 10), cst(5)), -1);
	v = rng(0, 10);
	v.tnum_mask = 0xe; /* even */
	assert_int_equal(outcome(J | BPF_JEQ, v, cst(5)), 0);
	/* -1: above 0 unsigned, below it signed */
	assert_int_equal(outcome(J | BPF_JGT, cst((u64)-1), cst(0)), 1);
	assert_int_equal(outcome(J | BPF_JSGT, cst((u64)-1), cst(0)), 0);
	assert_int_equal(outcome(J | BPF_JSLT, cst((u64)-1), cst(0)), 1);
	assert_int_equal(outcome(J | BPF_JSGE, cst(0), cst((u64)-1)), 1);
	assert_int_equal(outcome(J | BPF_JSLE, cst(0), cst((u64)-1)), 0);
	/* 32-bit compares look at the low halves only */
	assert_int_equal(outcome(J32 | BPF_JEQ, cst(0x100000005ULL), cst(5)),
			 1);
	assert_int_equal(outcome(J | BPF_JEQ, cst(0x100000005ULL), cst(5)), 0);
	assert_int_equal(outcome(J32 | BPF_JSLT, cst(0xffffffffULL), cst(0)),
			 1);
	assert_int_equal(outcome(J | BPF_JSLT, cst(0xffffffffULL), cst(0)), 0);
	/* test bits */
	assert_int_equal(outcome(J | BPF_JSET, cst(6), cst(2)), 1);
	assert_int_equal(outcome(J | BPF_JSET, cst(4), cst(3)), 0);
	assert_int_equal(outcome(J | BPF_JSET, unknown(), cst(3)), -1);
	assert_int_equal(outcome(J32 | BPF_JSET, cst(1ULL << 32), cst(0)), 0);

	assert_int_equal(xnic_xc_check_branch(16, 0, 1, msg, sizeof(msg)),
			 -EINVAL);
	assert_string_equal(msg, "insn 16: the kernel verifier proves this "
				 "branch is always taken but the offload "
				 "verifier that it is never taken");
	xnic_xc_check_branch(16, 1, 0, msg, sizeof(msg));
	assert_string_equal(msg, "insn 16: the kernel verifier proves this "
				 "branch is never taken but the offload "
				 "verifier that it is always taken");
	/* undecided on either side, or agreeing: nothing to say */
	assert_int_equal(xnic_xc_check_branch(16, 1, -1, msg, sizeof(msg)), 0);
	assert_int_equal(xnic_xc_check_branch(16, -1, 0, msg, sizeof(msg)), 0);
	assert_int_equal(xnic_xc_check_branch(16, 1, 1, msg, sizeof(msg)), 0);
}

/* What verifier_ext records for the lookup check (XNIC_META_LOOKUP_*). */
static const struct xnic_map_def lookup_maps[] = {
	{.name = "arr",
	 .type = BPF_MAP_TYPE_ARRAY,
	 .key_size = 4,
	 .value_size = 8,
	 .max_entries = 4},
};

/* Key 0 on one path, "some value" on the other when r6 != 0. */
P(lookup_prog) = {
	LDX(BPF_W, 6, 1, 16), /* rx_queue_index */
	ST(BPF_W, 10, -4, 0),
	JMP_K(BPF_JEQ, 6, 0, 1),
	ST(BPF_W, 10, -4, 1),
	LD_MAP(1, 0),
	MOV_X(2, 10),
	ALU_K(BPF_ADD, 2, -4),
	CALL(BPF_FUNC_map_lookup_elem), /* insn 8 */
	JMP_K(BPF_JEQ, 0, 0, 1),
	LDX(BPF_DW, 0, 0, 0),
	MOV_K(0, 2),
	EXIT(),
};

static u32 lookup_flags(const struct bpf_insn *insns, u32 n, u32 at)
{
	struct xnic_prog p = {.name = "t",
			      .type = XNIC_PROG_XDP,
			      .insns = insns,
			      .insn_cnt = n,
			      .maps = lookup_maps,
			      .map_cnt = ARRAY_SIZE(lookup_maps)};
	struct xnic_prog_meta meta;
	struct xnic_dev_caps caps;
	struct xnic_diag diag;
	char buf[1024];
	u32 flags;

	xnic_dev_caps_default(&caps);
	xnic_diag_init(&diag, buf, sizeof(buf));
	assert_int_equal(xnic_verify(&p, &caps, NULL, &meta, &diag), 0);
	flags = meta.insn[at].flags &
		(XNIC_META_LOOKUP_NONNULL | XNIC_META_LOOKUP_MAY_FAIL);
	xnic_prog_meta_free(&meta);
	return flags;
}

static void test_lookup_meta(void **state)
{
	struct bpf_insn prog[ARRAY_SIZE(lookup_prog)];

	(void)state;
	/* both paths: the driver has no claim of ours to check */
	assert_int_equal(lookup_flags(lookup_prog, ARRAY_SIZE(lookup_prog), 8),
			 XNIC_META_LOOKUP_NONNULL | XNIC_META_LOOKUP_MAY_FAIL);
	/* key 0 on every path: cannot fail anywhere */
	memcpy(prog, lookup_prog, sizeof(prog));
	prog[3].imm = 0;
	assert_int_equal(lookup_flags(prog, ARRAY_SIZE(prog), 8),
			 XNIC_META_LOOKUP_NONNULL);
	/* some value on every path: may fail */
	prog[1].imm = 1;
	prog[3].imm = 1;
	assert_int_equal(lookup_flags(prog, ARRAY_SIZE(prog), 8),
			 XNIC_META_LOOKUP_MAY_FAIL);
	/* not a lookup: neither */
	assert_int_equal(lookup_flags(prog, ARRAY_SIZE(prog), 9), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_range_meet),
		cmocka_unit_test(test_tnum_compatible),
		cmocka_unit_test(test_scalar_meet_views),
		cmocka_unit_test(test_scalar_messages),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_ptr_range),
		cmocka_unit_test(test_offsets),
		cmocka_unit_test(test_map_message),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_edge_pruned),
		cmocka_unit_test(test_lookup_meta),
		cmocka_unit_test(test_branch_outcome),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
