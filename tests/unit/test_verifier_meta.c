// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * What the verifier hands the JIT: per-insn pointer kinds and offsets,
 * constants, hi32-known-zero, jump targets, dead code, subprograms and
 * stack depth, the register query for the driver's cross-check, the log,
 * and the complexity limits.
 */
#include "test_verifier_common.h"


static const struct xnic_map_def maps[] = {
	{.name = "arr",
	 .type = BPF_MAP_TYPE_ARRAY,
	 .key_size = 4,
	 .value_size = 64,
	 .max_entries = 4},
};

struct run {
	struct xnic_prog_meta meta;
	struct xnic_diag diag;
	char buf[4096];
	int ret;
};

static void verify(struct run *r, const struct bpf_insn *insns, u32 n,
		   const struct xnic_verifier_opts *opts)
{
	struct xnic_prog p = {.name = "t",
			      .type = XNIC_PROG_XDP,
			      .insns = insns,
			      .insn_cnt = n,
			      .maps = maps,
			      .map_cnt = ARRAY_SIZE(maps)};
	struct xnic_dev_caps caps;

	xnic_dev_caps_default(&caps);
	xnic_diag_init(&r->diag, r->buf, sizeof(r->buf));
	r->ret = xnic_verify(&p, &caps, opts, &r->meta, &r->diag);
}

P(pkt_prog) = {
	LDX(BPF_W, 2, 1, 0),
	LDX(BPF_W, 3, 1, 4),
	MOV_X(4, 2),
	ALU_K(BPF_ADD, 4, 14),
	JMP_X(BPF_JGT, 4, 3, 2),
	LDX(BPF_B, 0, 2, 12),
	EXIT(),
	MOV_K(0, 1),
	EXIT(),
};

static void test_packet_meta(void **state)
{
	struct run *r = calloc(1, sizeof(*r));
	const struct xnic_insn_meta *m;
	enum xnic_reg_kind kind;

	verify(r, pkt_prog, ARRAY_SIZE(pkt_prog), NULL);
	assert_int_equal(r->ret, 0);
	m = r->meta.insn;
	assert_int_equal(m[0].ptr_kind, XNIC_PTR_CTX);
	assert_int_equal(m[0].off_min, 0);
	assert_int_equal(m[1].off_max, 4);
	assert_int_equal(m[4].jmp_target, 7);
	assert_true(m[7].flags & XNIC_META_JMP_TARGET);
	assert_int_equal(m[2].jmp_target, -1);
	assert_int_equal(m[5].ptr_kind, XNIC_PTR_PACKET);
	assert_int_equal(m[5].off_min, 12);
	assert_int_equal(m[5].off_max, 12);
	assert_int_equal(m[5].access_size, 1);
	assert_true(m[5].flags & XNIC_META_PKT_IN_WINDOW);
	assert_true(m[5].flags & XNIC_META_HI32_ZERO);
	assert_false(m[2].flags & XNIC_META_HI32_ZERO); /* a pointer */
	assert_int_equal(r->meta.max_pkt_off, 13);
	assert_int_equal(xnic_meta_reg_query(&r->meta, 3, 0, &kind, NULL), 0);
	assert_int_equal(kind, XNIC_REG_PACKET);
	assert_int_equal(xnic_meta_reg_query(&r->meta, 4, 1, &kind, NULL), 0);
	assert_int_equal(kind, XNIC_REG_PACKET_END);
	assert_int_equal(xnic_meta_reg_query(&r->meta, 99, 0, &kind, NULL),
			 -EINVAL);
	xnic_prog_meta_free(&r->meta);
	free(r);
}

P(const_prog) = {
	MOV_K(1, 5),
	STX(BPF_DW, 10, 1, -8),
	LDX(BPF_DW, 0, 10, -8),
	ALU_X(BPF_ADD, 0, 1),
	JMP_K(BPF_JGT, 1, 9, 1),
	EXIT(),
	MOV_K(0, 1),
	EXIT(),
};

static void test_const_and_dead(void **state)
{
	struct run *r = calloc(1, sizeof(*r));
	const struct xnic_insn_meta *m;
	struct xnic_scalar v;
	enum xnic_reg_kind kind;

	verify(r, const_prog, ARRAY_SIZE(const_prog), NULL);
	assert_int_equal(r->ret, 0);
	m = r->meta.insn;
	assert_int_equal(m[1].ptr_kind, XNIC_PTR_STACK);
	assert_int_equal(m[1].off_min, -8);
	assert_true(m[3].flags & XNIC_META_SRC_CONST);
	assert_true(m[3].flags & XNIC_META_DST_CONST);
	assert_int_equal(m[3].dst.umin, 5); /* filled from the spill */
	assert_true(m[4].flags & XNIC_META_BRANCH_NEVER);
	assert_true(m[5].flags & XNIC_META_SEEN);
	assert_false(m[6].flags & XNIC_META_SEEN); /* dead */
	assert_int_equal(xnic_meta_reg_query(&r->meta, 6, 0, &kind, &v), 0);
	assert_int_equal(kind, XNIC_REG_UNSEEN);
	assert_int_equal(xnic_meta_reg_query(&r->meta, 3, 0, &kind, &v), 0);
	assert_int_equal(kind, XNIC_REG_SCALAR);
	assert_int_equal(v.umax, 5);
	assert_int_equal(r->meta.max_stack, 8);
	assert_int_equal(m[2].stack_depth, 8);
	xnic_prog_meta_free(&r->meta);
	free(r);
}

/* Narrow constant stores read back as constants. */
P(narrow_prog) = {
	ST(BPF_W, 10, -8, 7),  ST(BPF_W, 10, -4, 1), LDX(BPF_DW, 0, 10, -8),
	LDX(BPF_H, 1, 10, -4), ALU_X(BPF_ADD, 0, 1), EXIT(),
};

static void test_narrow_consts(void **state)
{
	struct run *r = calloc(1, sizeof(*r));
	const struct xnic_insn_meta *m;

	verify(r, narrow_prog, ARRAY_SIZE(narrow_prog), NULL);
	assert_int_equal(r->ret, 0);
	m = &r->meta.insn[4];
	assert_true(m->flags & XNIC_META_DST_CONST);
	assert_int_equal(m->dst.umin, 0x100000007ULL);
	assert_true(m->flags & XNIC_META_SRC_CONST);
	assert_int_equal(m->src.umin, 1);
	assert_false(m->flags & XNIC_META_DST_HI32_ZERO);
	xnic_prog_meta_free(&r->meta);
	free(r);
}

/* Two paths set r1 to 2 or 6: the merged fact is a range, not a constant. */
P(join_prog) = {
	CALL(BPF_FUNC_ktime_get_ns),
	MOV_K(1, 2),
	JMP_K(BPF_JEQ, 0, 0, 1),
	MOV_K(1, 6),
	MOV_X(0, 1),
	EXIT(),
};

static void test_merged_range(void **state)
{
	struct run *r = calloc(1, sizeof(*r));
	const struct xnic_insn_meta *m;

	verify(r, join_prog, ARRAY_SIZE(join_prog), NULL);
	assert_int_equal(r->ret, 0);
	m = &r->meta.insn[4];
	assert_false(m->flags & XNIC_META_SRC_CONST);
	assert_int_equal(m->src.umin, 2);
	assert_int_equal(m->src.umax, 6);
	assert_true(m->flags & XNIC_META_SRC_HI32_ZERO);
	assert_true(m->flags & XNIC_META_HI32_ZERO);
	assert_false(r->meta.insn[0].flags & XNIC_META_HI32_ZERO);
	xnic_prog_meta_free(&r->meta);
	free(r);
}

/* A subprogram writing through a pointer into its caller's frame. */
P(call_prog) = {
	MOV_X(1, 10),
	ALU_K(BPF_ADD, 1, -16),
	PCALL(2),
	LDX(BPF_DW, 0, 10, -16),
	EXIT(),
	ST(BPF_DW, 1, 0, 7),
	ST(BPF_DW, 10, -8, 1),
	MOV_K(0, 0),
	EXIT(),
};

static void test_subprog_meta(void **state)
{
	struct run *r = calloc(1, sizeof(*r));
	const struct xnic_insn_meta *m;

	verify(r, call_prog, ARRAY_SIZE(call_prog), NULL);
	assert_int_equal(r->ret, 0);
	m = r->meta.insn;
	assert_int_equal(r->meta.subprog_cnt, 2);
	assert_int_equal(r->meta.subprogs[1].start, 5);
	assert_int_equal(r->meta.subprogs[1].end, 9);
	assert_int_equal(r->meta.subprogs[0].stack_depth, 16);
	assert_int_equal(r->meta.subprogs[1].stack_depth, 8);
	assert_int_equal(r->meta.max_stack, 24);
	assert_true(m[5].flags & XNIC_META_SUBPROG_START);
	assert_int_equal(m[2].jmp_target, 5);
	assert_int_equal(m[5].frame, 1);
	assert_int_equal(m[5].subprog, 1);
	assert_true(m[5].flags & XNIC_META_CALLER_STACK);
	assert_int_equal(m[5].off_min, -16);
	assert_false(m[6].flags & XNIC_META_CALLER_STACK);
	xnic_prog_meta_free(&r->meta);
	free(r);
}

P(map_prog) = {
	ST(BPF_W, 10, -4, 1),
	LD_MAP(1, 0),
	MOV_X(2, 10),
	ALU_K(BPF_ADD, 2, -4),
	CALL(BPF_FUNC_map_lookup_elem),
	JMP_K(BPF_JEQ, 0, 0, 5),
	LDX(BPF_B, 1, 0, 0),
	ALU_K(BPF_AND, 1, 7),
	ALU_K(BPF_LSH, 1, 3),
	ALU_X(BPF_ADD, 0, 1),
	LDX(BPF_DW, 0, 0, 0),
	MOV_K(0, 0),
	EXIT(),
};

static void test_map_meta(void **state)
{
	struct run *r = calloc(1, sizeof(*r));
	const struct xnic_insn_meta *m;

	verify(r, map_prog, ARRAY_SIZE(map_prog), NULL);
	assert_int_equal(r->ret, 0);
	m = r->meta.insn;
	assert_int_equal(m[5].helper_arg_kind[1], XNIC_PTR_STACK);
	assert_int_equal(m[5].map_idx, 0);
	assert_int_equal(m[11].ptr_kind, XNIC_PTR_MAP_VALUE);
	assert_int_equal(m[11].off_min, 0);
	assert_int_equal(m[11].off_max, 56);
	assert_int_equal(m[11].access_size, 8);
	assert_true(m[1].flags & XNIC_META_LDIMM64_HI ? 0 : 1);
	assert_true(m[2].flags & XNIC_META_LDIMM64_HI);
	xnic_prog_meta_free(&r->meta);
	free(r);
}

struct logcap {
	char text[16384];
	size_t len;
};

static void cap_line(void *ctx, const char *line)
{
	struct logcap *c = ctx;

	c->len += (size_t)snprintf(c->text + c->len, sizeof(c->text) - c->len,
				   "%s\n", line);
	if (c->len >= sizeof(c->text))
		c->len = sizeof(c->text) - 1;
}

static void test_log(void **state)
{
	struct run *r = calloc(1, sizeof(*r));
	struct logcap *c = calloc(1, sizeof(*c));
	struct xnic_verifier_opts o = {
		.log = cap_line, .log_ctx = c, .log_level = 1};

	verify(r, pkt_prog, ARRAY_SIZE(pkt_prog), &o);
	assert_int_equal(r->ret, 0);
	assert_non_null(strstr(c->text, "0: R1=ctx R10=fp0\n"));
	assert_non_null(strstr(c->text, "0: (61) r2 = *(u32 *)(r1 +0)\n"));
	assert_non_null(
		strstr(c->text, "5: R1=ctx R2=pkt(off=0,r=14) R3=pkt_end "
				"R4=pkt(off=14,r=14) R10=fp0\n"));
	assert_non_null(strstr(c->text, "4: (2d) if r4 > r3 goto pc+2\n"));
	xnic_prog_meta_free(&r->meta);
	free(c);
	free(r);
}

/*
 * 20 diamonds in a row: 2^20 paths, but what differs between the two
 * sides is dead at the join, so each join keeps one state.
 */
static void test_pruning(void **state)
{
	struct bpf_insn *p = calloc(200, sizeof(*p));
	struct run *r = calloc(1, sizeof(*r));
	u32 n = 0, i;

	for (i = 0; i < 20; i++) {
		p[n++] = (struct bpf_insn)CALL(BPF_FUNC_ktime_get_ns);
		p[n++] = (struct bpf_insn)JMP_K(BPF_JSET, 0, 1, 2);
		p[n++] = (struct bpf_insn)MOV_K(7, 1);
		p[n++] = (struct bpf_insn)JA(1);
		p[n++] = (struct bpf_insn)MOV_K(7, 2);
	}
	p[n++] = (struct bpf_insn)MOV_K(0, 0);
	p[n++] = (struct bpf_insn)EXIT();
	verify(r, p, n, NULL);
	assert_int_equal(r->ret, 0);
	assert_true(r->meta.processed_insns < 400);
	xnic_prog_meta_free(&r->meta);
	free(r);
	free(p);
}

/*
 * Without pruning power: the 2^20 paths differ in r7, which decides the
 * last branch, so r7 is precise and no path covers another (without that
 * branch r7 would not matter: see test_verifier_precision.c).  The limit
 * stops it with -E2BIG.
 */
static void test_complexity_limit(void **state)
{
	struct xnic_verifier_opts o = {.max_insns_processed = 1000};
	struct bpf_insn *p = calloc(200, sizeof(*p));
	struct run *r = calloc(1, sizeof(*r));
	u32 n = 0, i;

	p[n++] = (struct bpf_insn)CALL(BPF_FUNC_ktime_get_ns);
	p[n++] = (struct bpf_insn)MOV_X(6, 0);
	p[n++] = (struct bpf_insn)MOV_K(7, 0);
	for (i = 0; i < 20; i++) {
		p[n++] = (struct bpf_insn)JMP_K(BPF_JSET, 6, 1 << i, 1);
		p[n++] = (struct bpf_insn)ALU_K(BPF_ADD, 7, 1 << i);
	}
	p[n++] = (struct bpf_insn)JMP_K(BPF_JGT, 7, 1 << 21, 0);
	p[n++] = (struct bpf_insn)MOV_X(0, 7);
	p[n++] = (struct bpf_insn)EXIT();
	verify(r, p, n, &o);
	assert_int_equal(r->ret, -E2BIG);
	assert_string_equal(r->buf,
			    "insn 0: error: program too complex: gave up after "
			    "1000 processed insns (limit 1000)\n");
	xnic_prog_meta_free(&r->meta);
	free(r);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_packet_meta),
		cmocka_unit_test(test_const_and_dead),
		cmocka_unit_test(test_narrow_consts),
		cmocka_unit_test(test_merged_range),
		cmocka_unit_test(test_subprog_meta),
		cmocka_unit_test(test_map_meta),
		cmocka_unit_test(test_log),
		cmocka_unit_test(test_pruning),
		cmocka_unit_test(test_complexity_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
