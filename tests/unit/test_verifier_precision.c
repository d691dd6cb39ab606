// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Precision tracking (verifier_ext/precision.c, prec_taint.c): scalars no
 * check relies on match any scalar at pruning points, so paths differing
 * only in them are pruned; a scalar that later moves a pointer or decides
 * a branch is compared exactly, so pruning never hides an error; and the
 * metadata the JIT trusts still covers the values of pruned paths.
 */
#include "test_verifier_common.h"

/* the second path's out-of-bounds read (the first path is in bounds) */
#define CMP_MSG                                                               \
	"insn 16: error: invalid access to map value, value_size=64 off=199 " \
	"size=1\n"
#define LINK_MSG                                                              \
	"insn 20: error: invalid access to map value, value_size=64 off=255 " \
	"size=1\n"

struct run {
	struct xnic_prog_meta meta;
	struct xnic_diag diag;
	char buf[4096];
	int ret;
};

static struct run *verify(const struct bpf_insn *insns, u32 n)
{
	struct xnic_prog p = {.name = "t",
			      .type = XNIC_PROG_XDP,
			      .insns = insns,
			      .insn_cnt = n};
	struct xnic_dev_caps caps;
	struct run *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	xnic_dev_caps_default(&caps);
	xnic_diag_init(&r->diag, r->buf, sizeof(r->buf));
	r->ret = xnic_verify(&p, &caps, NULL, &r->meta, &r->diag);
	return r;
}

static void done(struct run *r)
{
	xnic_prog_meta_free(&r->meta);
	free(r);
}

/* The kernel's verdict on the same insns (skipped without root BPF). */
static void kernel_verdict(const struct bpf_insn *insns, u32 n, bool accepts)
{
	struct xnic_prog p = {.name = "t",
			      .type = XNIC_PROG_XDP,
			      .insns = insns,
			      .insn_cnt = n};
	char why[256];

	if (!xnic_obj_kernel_available(why, sizeof(why))) {
		fprintf(stderr, "skip: %s (needs root and BPF)\n", why);
		skip();
	}
	assert_int_equal(xnic_obj_kernel_load(&p, NULL, 0, NULL) == 0, accepts);
}

/*
 * bench_verifier's "storm": NB independent branches each add a different
 * constant to r7, then XORS insns work on r7 and it is returned.  The
 * 2^NB paths differ only in r7, which no check relies on (the return
 * value of an XDP program is not range-checked), so every path but the
 * first is pruned at the first pruning point it reaches.  Before
 * precision tracking this hit the 1M-insn limit.
 */
#define NB   24
#define XORS 2000

static struct bpf_insn *storm(u32 *n)
{
	struct bpf_insn *p = calloc(NB * 2 + XORS + 6, sizeof(*p));
	u32 i, k = 0;

	assert_non_null(p);
	p[k++] = (struct bpf_insn)CALL(BPF_FUNC_ktime_get_ns);
	p[k++] = (struct bpf_insn)MOV_X(6, 0);
	p[k++] = (struct bpf_insn)MOV_K(7, 0);
	for (i = 0; i < NB; i++) {
		p[k++] = (struct bpf_insn)JMP_K(BPF_JSET, 6, 1 << i, 1);
		p[k++] = (struct bpf_insn)ALU_K(BPF_ADD, 7, 1 << i);
	}
	for (i = 0; i < XORS; i++)
		p[k++] = (struct bpf_insn)ALU_K(BPF_XOR, 7, (s32)i);
	p[k++] = (struct bpf_insn)MOV_X(0, 7);
	p[k++] = (struct bpf_insn)ALU_K(BPF_AND, 0, 1);
	p[k++] = (struct bpf_insn)EXIT();
	*n = k;
	return p;
}

static void test_storm_accepted(void **state)
{
	u32 n;
	struct bpf_insn *p = storm(&n);
	struct run *r = verify(p, n);
	const struct xnic_insn_meta *m;

	assert_int_equal(r->ret, 0);
	/*
	 * The first path (every branch falls through) visits two pruning
	 * points per branch: the add and the next insn.  Each of the NB
	 * jumps pushed on the way is popped later and pruned at its target:
	 * one more visit, one processed insn.  Plus the helper call's
	 * return site.  Processed: the whole first path (3 + 2 NB + XORS
	 * + 3 insns) and the NB pruned visits.
	 */
	assert_int_equal(r->meta.explored_states, 3 * NB + 1);
	assert_int_equal(r->meta.processed_insns, 3 + 2 * NB + XORS + 3 + NB);
	/*
	 * Pruned paths reach the XORs with r7 up to 2^NB - 1 while the
	 * explored one had 2^NB - 1 exactly: the metadata covers them all,
	 * and the upper half stays known zero (the JIT's 32-bit XOR).
	 */
	m = &r->meta.insn[3 + 2 * NB];
	assert_false(m->flags & XNIC_META_DST_CONST);
	assert_int_equal(m->dst.umin, 0);
	assert_int_equal(m->dst.umax, (1u << NB) - 1);
	assert_true(m->flags & XNIC_META_DST_HI32_ZERO);
	assert_true(m->flags & XNIC_META_HI32_ZERO);
	done(r);
	free(p);
}

static void test_storm_kernel(void **state)
{
	u32 n;
	struct bpf_insn *p = storm(&n);

	kernel_verdict(p, n, true);
	free(p);
}

/*
 * r7 is 8 or 0 at the join and looks like the storm's r7, but it then
 * moves a stack pointer: the path with 0 (explored first) makes r7
 * precise at the join, so the path with 8 is not pruned there and its
 * out-of-frame read is found.
 */
P(offset_prog) = {
	CALL(BPF_FUNC_ktime_get_ns),
	ST(BPF_DW, 10, -8, 0),
	MOV_K(7, 8),
	JMP_K(BPF_JSET, 0, 1, 1),
	MOV_K(7, 0),
	MOV_X(1, 10), /* join: both paths */
	ALU_K(BPF_ADD, 1, -8),
	ALU_X(BPF_ADD, 1, 7),
	LDX(BPF_DW, 0, 1, 0),
	EXIT(),
};

static void test_offset_not_merged(void **state)
{
	struct run *r = verify(offset_prog, ARRAY_SIZE(offset_prog));

	assert_int_equal(r->ret, -EINVAL);
	assert_string_equal(r->buf, "insn 8: error: invalid read from stack "
				    "R1 off=0 size=8\n");
	assert_int_equal(r->diag.errors, 1);
	/*
	 * Visits: the helper's return site, insn 4, and the join twice (the
	 * second path is not pruned there).  Processed: the first path's 10
	 * insns and the second's 4 (join to the failing read).
	 */
	assert_int_equal(r->meta.explored_states, 4);
	assert_int_equal(r->meta.processed_insns, 10 + 4);
	done(r);
}

static void test_offset_kernel(void **state)
{
	kernel_verdict(offset_prog, ARRAY_SIZE(offset_prog), false);
}

/*
 * r7 is 0 or 1 at the join and decides a later branch: the path with 0
 * skips the bad read, so a loose match would hide the path with 1.
 */
P(branch_prog) = {
	CALL(BPF_FUNC_ktime_get_ns),
	MOV_K(7, 1),
	JMP_K(BPF_JSET, 0, 1, 1),
	MOV_K(7, 0),
	MOV_K(0, 0), /* join */
	JMP_K(BPF_JNE, 7, 1, 1),
	LDX(BPF_DW, 0, 10, -8), /* never written */
	EXIT(),
};

static void test_branch_not_merged(void **state)
{
	struct run *r = verify(branch_prog, ARRAY_SIZE(branch_prog));

	assert_int_equal(r->ret, -EINVAL);
	assert_string_equal(r->buf, "insn 6: error: invalid read from stack "
				    "off -8+0 size 8\n");
	assert_int_equal(r->diag.errors, 1);
	done(r);
}

/*
 * The explored path has r1 = 1 at the join, the pruned one 2^40, which no
 * check relies on.  The metadata after the join must cover 2^40: the JIT
 * must not compute r0 = r1 + 1 in 32 bits.
 */
P(wide_prog) = {
	CALL(BPF_FUNC_ktime_get_ns), MOV_K(1, 1), ALU_K(BPF_LSH, 1, 40),
	JMP_K(BPF_JSET, 0, 1, 1),    MOV_K(1, 1), MOV_X(0, 1), /* join */
	ALU_K(BPF_ADD, 0, 1),	     EXIT(),
};

static void test_pruned_values_in_meta(void **state)
{
	struct run *r = verify(wide_prog, ARRAY_SIZE(wide_prog));
	const struct xnic_insn_meta *m;

	assert_int_equal(r->ret, 0);
	/* the return site and insn 4 once, the join twice: pruned there */
	assert_int_equal(r->meta.explored_states, 4);
	assert_int_equal(r->meta.processed_insns, 8 + 1);
	m = &r->meta.insn[5];
	assert_int_equal(m->src.umin, 1);
	assert_int_equal(m->src.umax, 1ULL << 40);
	assert_false(m->flags & XNIC_META_SRC_CONST);
	assert_false(m->flags & XNIC_META_SRC_HI32_ZERO);
	m = &r->meta.insn[6];
	assert_int_equal(m->dst.umax, 1ULL << 40);
	assert_false(m->flags & XNIC_META_DST_HI32_ZERO);
	assert_false(m->flags & XNIC_META_HI32_ZERO);
	done(r);
}

/*
 * A register dead at the join still matters to the JIT: "w1 = 5" leaves
 * r1's upper half alone when the metadata says it is zero.  The explored
 * path has r1 = 1 there, the pruned one 2^40.
 */
P(dead_prog) = {
	CALL(BPF_FUNC_ktime_get_ns),
	MOV_K(1, 1),
	ALU_K(BPF_LSH, 1, 40),
	JMP_K(BPF_JSET, 0, 1, 1),
	MOV_K(1, 1),
	ALU32_K(BPF_MOV, 1, 5), /* join; r1 is dead here */
	MOV_X(0, 1),
	EXIT(),
};

static void test_dead_register_upper_half(void **state)
{
	struct run *r = verify(dead_prog, ARRAY_SIZE(dead_prog));
	const struct xnic_insn_meta *m;

	assert_int_equal(r->ret, 0);
	assert_int_equal(r->meta.explored_states, 4);
	assert_int_equal(r->meta.processed_insns, 8 + 1);
	m = &r->meta.insn[5];
	assert_false(m->flags & XNIC_META_DST_HI32_ZERO);
	/* the result is 5 on every path */
	assert_true(m->flags & XNIC_META_HI32_ZERO);
	assert_true(r->meta.insn[6].flags & XNIC_META_SRC_CONST);
	done(r);
}

static const struct xnic_map_def arr[] = {
	{.name = "arr",
	 .type = BPF_MAP_TYPE_ARRAY,
	 .key_size = 4,
	 .value_size = 64,
	 .max_entries = 1},
};

static struct run *verify_map(const struct bpf_insn *insns, u32 n)
{
	struct xnic_prog p = {.name = "t",
			      .type = XNIC_PROG_XDP,
			      .insns = insns,
			      .insn_cnt = n,
			      .maps = arr,
			      .map_cnt = 1};
	struct xnic_dev_caps caps;
	struct run *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	xnic_dev_caps_default(&caps);
	xnic_diag_init(&r->diag, r->buf, sizeof(r->buf));
	r->ret = xnic_verify(&p, &caps, NULL, &r->meta, &r->diag);
	return r;
}

static void kernel_verdict_map(const struct bpf_insn *insns, u32 n,
			       bool accepts)
{
	struct xnic_prog p = {.name = "t",
			      .type = XNIC_PROG_XDP,
			      .insns = insns,
			      .insn_cnt = n,
			      .maps = arr,
			      .map_cnt = 1};
	char why[256];

	if (!xnic_obj_kernel_available(why, sizeof(why))) {
		fprintf(stderr, "skip: %s (needs root and BPF)\n", why);
		skip();
	}
	assert_int_equal(xnic_obj_kernel_load(&p, NULL, 0, NULL) == 0, accepts);
}

/* r0 = &arr[0] (NULL: exit); R6-R9 survive the call */
#define LOOKUP_ARR0()                                                  \
	ST(BPF_W, 10, -4, 0), LD_MAP(1, 0), MOV_X(2, 10),              \
		ALU_K(BPF_ADD, 2, -4), CALL(BPF_FUNC_map_lookup_elem), \
		JMP_K(BPF_JNE, 0, 0, 1), EXIT()

/*
 * Precision must follow refinements.  After the join, "if r6 >= r7"
 * bounds r6 by r7, and r6 then moves a map value pointer: r7 matters too
 * (the kernel's "dreg <cond> sreg").  The path with r7 = 10 comes first
 * and is safe; the one with r7 = 200 reads past the 64-byte value and
 * must not be pruned at the join.
 */
P(cmp_prog) = {
	CALL(BPF_FUNC_ktime_get_ns),
	MOV_X(6, 0),
	ALU_K(BPF_AND, 6, 0xff),
	MOV_K(7, 200),
	JMP_K(BPF_JSET, 0, 1, 1),
	MOV_K(7, 10),
	LOOKUP_ARR0(), /* join */
	JMP_X(BPF_JGE, 6, 7, 2),
	ALU_X(BPF_ADD, 0, 6),
	LDX(BPF_B, 0, 0, 0),
	MOV_K(0, 2),
	EXIT(),
};

static void test_compared_operand_precise(void **state)
{
	struct run *r = verify_map(cmp_prog, ARRAY_SIZE(cmp_prog));

	assert_int_equal(r->ret, -EINVAL);
	assert_string_equal(r->buf, CMP_MSG);
	assert_int_equal(r->diag.errors, 1);
	done(r);
}

static void test_compared_operand_kernel(void **state)
{
	kernel_verdict_map(cmp_prog, ARRAY_SIZE(cmp_prog), false);
}

/*
 * The same through a copy: on the first path r8 is a copy of r6 (one
 * id), so "if r8 > 9" bounds r6 too; on the second r8 is another value
 * and r6 is linked to r9 instead, so r6's id alone still maps one to one.
 * Relying on r6's bound relies on r8: the second path is not pruned at
 * the join and its unbounded r6 is found.
 */
P(link_prog) = {
	CALL(BPF_FUNC_ktime_get_ns),
	MOV_X(6, 0),
	ALU_K(BPF_AND, 6, 0xff),
	MOV_X(8, 0),
	ALU_K(BPF_RSH, 8, 8),
	ALU_K(BPF_AND, 8, 0xff),
	JMP_K(BPF_JSET, 0, 1, 2),
	MOV_X(8, 6),
	JA(1),
	MOV_X(9, 6),
	LOOKUP_ARR0(), /* join */
	JMP_K(BPF_JGT, 8, 9, 2),
	ALU_X(BPF_ADD, 0, 6),
	LDX(BPF_B, 0, 0, 0),
	MOV_K(0, 2),
	EXIT(),
};

static void test_linked_copy_precise(void **state)
{
	struct run *r = verify_map(link_prog, ARRAY_SIZE(link_prog));

	assert_int_equal(r->ret, -EINVAL);
	assert_string_equal(r->buf, LINK_MSG);
	assert_int_equal(r->diag.errors, 1);
	done(r);
}

static void test_linked_copy_kernel(void **state)
{
	kernel_verdict_map(link_prog, ARRAY_SIZE(link_prog), false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_storm_accepted),
		cmocka_unit_test(test_storm_kernel),
		cmocka_unit_test(test_offset_not_merged),
		cmocka_unit_test(test_offset_kernel),
		cmocka_unit_test(test_branch_not_merged),
		cmocka_unit_test(test_pruned_values_in_meta),
		cmocka_unit_test(test_dead_register_upper_half),
		cmocka_unit_test(test_compared_operand_precise),
		cmocka_unit_test(test_compared_operand_kernel),
		cmocka_unit_test(test_linked_copy_precise),
		cmocka_unit_test(test_linked_copy_kernel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
