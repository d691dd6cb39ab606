// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Conformance library: the .data reader (sections, comments, blank lines,
 * errors with file lines), the ISA-version classifier, the per-vector
 * verdicts for every backend answer, and the interp backend over every
 * vector of the suite.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>
#include <cmocka.h>

#include "xnic/bpf_asm.h"
#include "xnic/conformance.h"
#include "helpers/test_paths.h"

static const char sample[] = "# Copyright header\n"
			     "# SPDX-License-Identifier: MIT\n"
			     "\n"
			     "-- asm\n"
			     "# a comment line inside the program\n"
			     "mov %r0, %r2   # trailing comment\n"
			     "\n"
			     "ldxb %r1, [%r1+1]\n"
			     "add %r0, %r1\n"
			     "exit\n"
			     "-- mem\n"
			     "00 ff\n"
			     "\n"
			     "aa   # comment after bytes\n"
			     "-- no register offset\n"
			     "call instruction\n"
			     "-- c\n"
			     "#include <stdint.h>\n"
			     "-- result\n"
			     "0x102\n";

static void test_parse_sample(void **state)
{
	struct xnic_conformance_vector v;
	char err[256];

	assert_int_equal(
		xnic_conformance_parse(sample, "sample", &v, err, sizeof(err)),
		0);
	assert_string_equal(v.name, "sample");
	assert_int_equal(v.insn_cnt, 4);
	assert_false(v.from_raw);
	assert_int_equal(v.mem_len, 3);
	assert_int_equal(v.mem[0], 0x00);
	assert_int_equal(v.mem[1], 0xff);
	assert_int_equal(v.mem[2], 0xaa);
	assert_true(v.has_result);
	assert_int_equal(v.result, 0x102);
	assert_null(v.error);
	assert_non_null(v.notes);
	assert_non_null(strstr(v.notes, "call instruction"));
	assert_non_null(strstr(v.notes, "#include <stdint.h>"));
	xnic_conformance_vector_free(&v);
}

static void test_parse_raw_error_decimal(void **state)
{
	struct xnic_conformance_vector v;
	char err[256];

	/* raw wins over asm (as upstream); decimal result; an error section */
	assert_int_equal(
		xnic_conformance_parse("-- asm\nexit\n-- raw\n"
				       "0x00000007000000b7 0x95\n"
				       "-- result\n42\n-- error\nboom\n",
				       "r", &v, err, sizeof(err)),
		0);
	assert_true(v.from_raw);
	assert_int_equal(v.insn_cnt, 2);
	assert_int_equal(v.insns[0].code, 0xb7);
	assert_int_equal(v.insns[0].imm, 7);
	assert_int_equal(v.asm_cnt, 1);
	assert_int_equal(v.result, 42);
	assert_string_equal(v.error, "boom");
	assert_null(v.mem);
	xnic_conformance_vector_free(&v);
}

static void expect_parse_error(const char *text, const char *msg)
{
	struct xnic_conformance_vector v;
	char err[256];

	assert_int_equal(
		xnic_conformance_parse(text, "vec", &v, err, sizeof(err)),
		-EINVAL);
	if (strcmp(err, msg))
		fail_msg("got \"%s\", want \"%s\"", err, msg);
}

static void test_parse_errors_name_file_line(void **state)
{
	expect_parse_error(
		"# c\n-- asm\nmov %r0, 1\nnope\nexit\n-- result\n1\n",
		"vec:4: unknown mnemonic 'nope'");
	expect_parse_error("-- asm\nexit\n-- mem\n00 zz\n-- result\n1\n",
			   "vec:4: bad memory bytes '00 zz'");
	expect_parse_error("-- asm\nexit\n-- result\n0xfoo\n",
			   "vec:4: bad result '0xfoo'");
	expect_parse_error("-- asm\nexit\n-- result\n1\n2\n",
			   "vec:5: more than one result");
	expect_parse_error("stray\n-- asm\nexit\n",
			   "vec:1: text outside any section: 'stray'");
	expect_parse_error("-- result\n1\n",
			   "vec: no program (neither -- asm nor -- raw)");
	expect_parse_error("-- raw\n0xzz\n-- result\n1\n",
			   "vec:2: bad raw instruction '0xzz'");
}

static void test_parse_hex(void **state)
{
	u8 *b;
	u32 n;

	assert_int_equal(
		xnic_conformance_parse_hex("b7 00  0x2a,ff\n1", &b, &n), 0);
	assert_int_equal(n, 5);
	assert_int_equal(b[0], 0xb7);
	assert_int_equal(b[2], 0x2a);
	assert_int_equal(b[3], 0xff);
	assert_int_equal(b[4], 0x01);
	free(b);
	assert_int_equal(xnic_conformance_parse_hex("b700ff", &b, &n), 0);
	assert_int_equal(n, 3);
	free(b);
	assert_int_equal(xnic_conformance_parse_hex("", &b, &n), 0);
	assert_int_equal(n, 0);
	free(b);
	assert_int_equal(xnic_conformance_parse_hex("0g", &b, &n), -EINVAL);
}

static unsigned int isa_of(const char *text)
{
	struct bpf_insn *insns;
	char err[128];
	unsigned int v;
	u32 cnt;

	if (xnic_bpf_asm(text, 1, &insns, &cnt, err, sizeof(err)))
		fail_msg("%s", err);
	v = xnic_conformance_isa_version(insns, cnt);
	free(insns);
	return v;
}

static void test_isa_version(void **state)
{
	assert_int_equal(
		isa_of("mov %r0, 1\nlddw %r1, 0x1234\nlock add [%r10-8], %r1\n"
		       "jgt %r0, 1, +0\nexit"),
		1);
	assert_int_equal(isa_of("jlt %r0, 1, +0\nexit"), 2);
	assert_int_equal(isa_of("jsle %r0, 1, +0\nexit"), 2);
	assert_int_equal(isa_of("jeq32 %r0, 1, +0\nexit"), 3);
	assert_int_equal(isa_of("lock fetch add [%r10-8], %r1\nexit"), 3);
	assert_int_equal(isa_of("call local +0\nexit"), 3);
	assert_int_equal(isa_of("sdiv %r0, 1\nexit"), 4);
	assert_int_equal(isa_of("smod32 %r0, 1\nexit"), 4);
	assert_int_equal(isa_of("movsx832 %r0, %r1\nexit"), 4);
	assert_int_equal(isa_of("ldxsw %r0, [%r10-4]\nexit"), 4);
	assert_int_equal(isa_of("bswap16 %r0\nexit"), 4);
	assert_int_equal(isa_of("ja32 +0\nexit"), 4);
	/* the second half of lddw is data, not an instruction */
	assert_int_equal(isa_of("lddw %r0, 0x0000000600000000\nexit"), 1);
}

/* A scripted backend: returns what the test asks, scribbles on memory. */
struct fake {
	int ret;
	u64 r0;
	const char *why;
	u32 calls;
};

static int fake_run(void *ctx, const struct bpf_insn *insns, u32 cnt, u8 *mem,
		    u32 mem_len, u64 *r0, char *why, size_t whylen)
{
	struct fake *f = ctx;

	f->calls++;
	if (mem && mem_len)
		mem[0] ^= 0xff;
	*r0 = f->r0;
	snprintf(why, whylen, "%s", f->why);
	return f->ret;
}

static const struct xnic_conformance_backend fake_backend = {
	.name = "fake",
	.description = "test double",
	.isa_version = 3,
	.run = fake_run,
};

static void check(const char *text, struct fake *f,
		  struct xnic_conformance_outcome *out)
{
	struct xnic_conformance_vector v;
	char err[256];

	if (xnic_conformance_parse(text, "t", &v, err, sizeof(err)))
		fail_msg("%s", err);
	xnic_conformance_check(&fake_backend, f, &v, out);
	/* the backend got a private copy of the memory */
	if (v.mem)
		assert_int_equal(v.mem[0], 0x11);
	xnic_conformance_vector_free(&v);
}

static void test_verdicts(void **state)
{
	static const char vec[] =
		"-- asm\nexit\n-- mem\n11 22\n-- result\n0x3\n";
	struct xnic_conformance_outcome out;
	struct fake f = {.ret = XNIC_CONFORMANCE_RAN, .r0 = 3, .why = ""};

	check(vec, &f, &out);
	assert_int_equal(out.status, XNIC_CONFORMANCE_PASS);
	assert_true(out.ran);
	assert_int_equal(out.got, 3);

	/* all 64 bits count */
	f.r0 = 0x100000003ULL;
	check(vec, &f, &out);
	assert_int_equal(out.status, XNIC_CONFORMANCE_FAIL);
	assert_string_equal(out.reason, "expected 0x3, got 0x100000003");

	f.ret = XNIC_CONFORMANCE_REJECTED;
	f.why = "division by a variable is not offloaded";
	check(vec, &f, &out);
	assert_int_equal(out.status, XNIC_CONFORMANCE_SKIP);
	assert_string_equal(
		out.reason,
		"rejected: division by a variable is not offloaded");

	f.ret = -EFAULT;
	f.why = "pc 0: bad load";
	check(vec, &f, &out);
	assert_int_equal(out.status, XNIC_CONFORMANCE_FAIL);
	assert_string_equal(out.reason,
			    "expected 0x3, got error: pc 0: bad load");

	/* an expected error passes only with the same text */
	check("-- asm\nexit\n-- error\npc 0: bad load\n", &f, &out);
	assert_int_equal(out.status, XNIC_CONFORMANCE_PASS);
	f.ret = XNIC_CONFORMANCE_RAN;
	check("-- asm\nexit\n-- error\npc 0: bad load\n", &f, &out);
	assert_int_equal(out.status, XNIC_CONFORMANCE_FAIL);

	/* above the backend's ISA version: skipped without running */
	f.calls = 0;
	check("-- asm\nsdiv %r0, 2\nexit\n-- result\n0\n", &f, &out);
	assert_int_equal(out.status, XNIC_CONFORMANCE_SKIP);
	assert_string_equal(out.reason,
			    "needs ISA v4, backend fake implements v3");
	assert_int_equal(f.calls, 0);

	check("-- asm\nexit\n", &f, &out);
	assert_int_equal(out.status, XNIC_CONFORMANCE_SKIP);
}

static void test_backend_registry(void **state)
{
	assert_ptr_equal(xnic_conformance_find_backend("interp"),
			 xnic_conformance_interp_backend());
	assert_ptr_equal(xnic_conformance_find_backend("sim"),
			 xnic_conformance_sim_backend());
	assert_ptr_equal(xnic_conformance_find_backend("exec"),
			 xnic_conformance_exec_backend());
	assert_null(xnic_conformance_find_backend("nope"));
	assert_int_equal(xnic_conformance_interp_backend()->isa_version, 4);
}

/*
 * Random programs: deterministic per seed, always run to exit on the
 * interpreter, and with use_mem never touch r1 except as a base address.
 */
static void test_fuzz_programs(void **state)
{
	struct xnic_fuzz_prog a, b;
	u64 s1 = 7, s2 = 7, seed = 42;
	u32 i, k, mem_ops = 0, calls = 0;

	xnic_conformance_fuzz_prog(&s1, true, &a);
	xnic_conformance_fuzz_prog(&s2, true, &b);
	assert_int_equal(a.cnt, b.cnt);
	assert_memory_equal(a.insns, b.insns, a.cnt * sizeof(a.insns[0]));
	assert_int_equal(s1, s2);
	for (i = 0; i < 500; i++) {
		u8 mem[XNIC_FUZZ_MEM_LEN] = {0};
		struct xnic_bpf_interp_result res;

		xnic_conformance_fuzz_prog(&seed, true, &a);
		assert_true(a.cnt > 20 && a.cnt <= XNIC_FUZZ_MAX_INSNS);
		assert_int_equal(a.insns[a.cnt - 1].code, BPF_JMP | BPF_EXIT);
		for (k = 0; k < a.cnt; k++) {
			const struct bpf_insn *in = &a.insns[k];
			u8 cls = BPF_CLASS(in->code);

			if (in->code == (BPF_LD | BPF_IMM | BPF_DW)) {
				assert_int_not_equal(in->dst_reg, BPF_REG_1);
				assert_int_not_equal(in->dst_reg, BPF_REG_9);
				k++;
				continue;
			}
			if (in->code == (BPF_JMP | BPF_CALL))
				calls++;
			/* the pointer moves only between r1 and its copy r9 */
			if (in->code == (BPF_ALU64 | BPF_MOV | BPF_X) &&
			    ((in->dst_reg == 1 && in->src_reg == 9) ||
			     (in->dst_reg == 9 && in->src_reg == 1)))
				continue;
			if (cls == BPF_ALU || cls == BPF_ALU64 ||
			    cls == BPF_LDX) {
				assert_int_not_equal(in->dst_reg, BPF_REG_1);
				assert_int_not_equal(in->dst_reg, BPF_REG_9);
			}
			if ((cls == BPF_ALU || cls == BPF_ALU64 ||
			     cls == BPF_STX || cls == BPF_JMP ||
			     cls == BPF_JMP32) &&
			    BPF_SRC(in->code) == BPF_X &&
			    BPF_OP(in->code) != BPF_END) {
				assert_int_not_equal(in->src_reg, BPF_REG_1);
				assert_int_not_equal(in->src_reg, BPF_REG_9);
			}
			if ((cls == BPF_LDX && in->src_reg == BPF_REG_1) ||
			    ((cls == BPF_ST || cls == BPF_STX) &&
			     in->dst_reg == BPF_REG_1))
				mem_ops++;
		}
		assert_int_equal(xnic_conformance_interp_trace(
					 a.insns, a.cnt, mem, sizeof(mem), NULL,
					 NULL, &res),
				 0);
	}
	assert_true(mem_ops > 100);
	assert_true(calls > 50);
}

static void test_interp_passes_every_vector(void **state)
{
	const struct xnic_conformance_backend *b =
		xnic_conformance_interp_backend();
	const char *dir = xnic_test_vector_dir();
	char **list, err[256];
	u32 n, i, pass = 0;

	if (!dir) {
		print_message("skip: conformance vectors not found at "
			      "../shared/conformance/tests (set "
			      "XNIC_CONFORMANCE_DIR)\n");
		skip();
	}
	list = xnic_conformance_list(dir, &n);
	assert_non_null(list);
	for (i = 0; i < n; i++) {
		struct xnic_conformance_vector v;
		struct xnic_conformance_outcome out;

		if (xnic_conformance_load(list[i], &v, err, sizeof(err)))
			fail_msg("%s", err);
		xnic_conformance_check(b, NULL, &v, &out);
		if (out.status != XNIC_CONFORMANCE_PASS)
			fail_msg("%s: %s", v.name, out.reason);
		pass++;
		xnic_conformance_vector_free(&v);
	}
	xnic_conformance_free_list(list);
	assert_int_equal(pass, n);
	print_message("interp: %u/%u vectors pass\n", pass, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_sample),
		cmocka_unit_test(test_parse_raw_error_decimal),
		cmocka_unit_test(test_parse_errors_name_file_line),
		cmocka_unit_test(test_parse_hex),
		cmocka_unit_test(test_isa_version),
		cmocka_unit_test(test_verdicts),
		cmocka_unit_test(test_backend_registry),
		cmocka_unit_test(test_fuzz_programs),
		cmocka_unit_test(test_interp_passes_every_vector),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
