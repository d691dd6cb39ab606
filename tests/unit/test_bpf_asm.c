// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * BPF text assembler and disassembler: exact encodings for every form the
 * suite's syntax has, labels and offsets, errors that name their line, and
 * the round trip assemble -> disassemble -> assemble over every vector.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>
#include <cmocka.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "xnic/bpf_asm.h"
#include "xnic/conformance.h"
#include "helpers/test_paths.h"

struct enc {
	const char *text;
	u64 w0, w1; /* w1 only for two-slot lddw */
};

/* Words in the suite's raw form: code | regs << 8 | off << 16 | imm << 32. */
static const struct enc encodings[] = {
	{"mov32 %r0, 0", 0x00000000000000b4ULL},
	{"mov %r1, -1", 0xffffffff000001b7ULL},
	{"mov %r1, %r2", 0x00000000000021bfULL},
	{"add32 %r0, -3", 0xfffffffd00000004ULL},
	{"add64 %r3, 7", 0x0000000700000307ULL},
	{"sub %r1, %r9", 0x000000000000911fULL},
	{"mul32 %r2, 0x10", 0x0000001000000224ULL},
	{"div %r0, %r1", 0x000000000000103fULL},
	{"sdiv %r0, %r1", 0x000000000001103fULL},
	{"sdiv32 %r0, -2", 0xfffffffe00010034ULL},
	{"mod32 %r4, %r5", 0x000000000000549cULL},
	{"smod %r4, 3", 0x0000000300010497ULL},
	{"or %r1, 0xffffffff", 0xffffffff00000147ULL},
	{"and32 %r1, %r1", 0x000000000000115cULL},
	{"lsh %r1, 63", 0x0000003f00000167ULL},
	{"rsh32 %r1, %r2", 0x000000000000217cULL},
	{"arsh %r1, 1", 0x00000001000001c7ULL},
	{"xor %r1, %r10", 0x000000000000a1afULL},
	{"neg %r3", 0x0000000000000387ULL},
	{"neg32 %r3", 0x0000000000000384ULL},
	{"movsx832 %r2, %r1", 0x00000000000812bcULL},
	{"movsx1632 %r2, %r1", 0x00000000001012bcULL},
	{"movsx864 %r2, %r1", 0x00000000000812bfULL},
	{"movsx1664 %r2, %r1", 0x00000000001012bfULL},
	{"movsx3264 %r2, %r1", 0x00000000002012bfULL},
	{"le16 %r0", 0x00000010000000d4ULL},
	{"be32 %r0", 0x00000020000000dcULL},
	{"be64 %r5", 0x00000040000005dcULL},
	{"bswap16 %r0", 0x00000010000000d7ULL},
	{"swap64 %r0", 0x00000040000000d7ULL},
	{"lddw %r0, 0x1122334455667788", 0x5566778800000018ULL,
	 0x1122334400000000ULL},
	{"lddw %r3, -1", 0xffffffff00000318ULL, 0xffffffff00000000ULL},
	{"lddw %r0, 2147483648", 0x8000000000000018ULL, 0},
	{"ldxb %r0, [%r1+2]", 0x0000000000021071ULL},
	{"ldxh %r0, [%r1]", 0x0000000000001069ULL},
	{"ldxw %r0, [%r1+0x10]", 0x0000000000101061ULL},
	{"ldxdw %r0, [%r10-8]", 0x00000000fff8a079ULL},
	{"ldxsb %r0, [%r10-1]", 0x00000000ffffa091ULL},
	{"ldxsh %r0, [%r10-2]", 0x00000000fffea089ULL},
	{"ldxsw %r0, [%r10-4]", 0x00000000fffca081ULL},
	{"stb [%r10-1], 0x80", 0x00000080ffff0a72ULL},
	{"sth [%r1+2], -1", 0xffffffff0002016aULL},
	{"stw [%r1], 7", 0x0000000700000162ULL},
	{"stdw [%r10-16], 0xab", 0x000000abfff00a7aULL},
	{"stxb [%r1+1], %r2", 0x0000000000012173ULL},
	{"stxh [%r1+1], %r2", 0x000000000001216bULL},
	{"stxw [%r1+1], %r2", 0x0000000000012163ULL},
	{"stxdw [%r10-8], %r0", 0x00000000fff80a7bULL},
	{"lock add [%r10-8], %r1", 0x00000000fff81adbULL},
	{"lock add32 [%r10-4], %r1", 0x00000000fffc1ac3ULL},
	{"lock fetch add [%r10-8], %r1", 0x00000001fff81adbULL},
	{"lock or [%r10-8], %r1", 0x00000040fff81adbULL},
	{"lock fetch and32 [%r10-4], %r3", 0x00000051fffc3ac3ULL},
	{"lock fetch xor [%r10-8], %r3", 0x000000a1fff83adbULL},
	{"lock xchg [%r10-8], %r1", 0x000000e1fff81adbULL},
	{"lock xchg32 [%r10-8], %r1", 0x000000e1fff81ac3ULL},
	{"lock cmpxchg [%r10-8], %r1", 0x000000f1fff81adbULL},
	{"lock cmpxchg32 [%r10-8], %r1", 0x000000f1fff81ac3ULL},
	{"ja +2", 0x0000000000020005ULL},
	{"ja -1", 0x00000000ffff0005ULL},
	{"ja32 +70000", 0x0001117000000006ULL},
	{"gotol -2", 0xfffffffe00000006ULL},
	{"jeq %r1, 0, +1", 0x0000000000010115ULL},
	{"jne32 %r1, 0xfffffffc, -3", 0xfffffffcfffd0156ULL},
	{"jgt %r1, %r2, +1", 0x000000000001212dULL},
	{"jge32 %r1, %r2, +1", 0x000000000001213eULL},
	{"jset %r1, 8, +1", 0x0000000800010145ULL},
	{"jsgt %r1, -1, +1", 0xffffffff00010165ULL},
	{"jsge32 %r1, %r2, +1", 0x000000000001217eULL},
	{"jlt %r1, %r2, +1", 0x00000000000121adULL},
	{"jle32 %r1, 5, +1", 0x00000005000101b6ULL},
	{"jslt %r1, %r2, +1", 0x00000000000121cdULL},
	{"jsle32 %r1, 5, +1", 0x00000005000101d6ULL},
	{"call 5", 0x0000000500000085ULL},
	{"call local +3", 0x0000000300001085ULL},
	{"call %r2", 0x000000000000028dULL},
	{"call runtime 7", 0x0000000700002085ULL},
	{"exit", 0x0000000000000095ULL},
	{"ldabsh 12", 0x0000000c00000028ULL},
	{"ldindb %r1, 2", 0x0000000200001050ULL},
	{".insn 0x123456789abcdef0", 0x123456789abcdef0ULL},
};

static void assemble_ok(const char *text, struct bpf_insn **insns, u32 *cnt)
{
	char err[256];

	if (xnic_bpf_asm(text, 1, insns, cnt, err, sizeof(err)))
		fail_msg("'%s': %s", text, err);
}

static void test_encodings(void **state)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(encodings); i++) {
		const struct enc *e = &encodings[i];
		bool two = !strncmp(e->text, "lddw", 4);
		struct bpf_insn *insns;
		char buf[128];
		u32 cnt;

		assemble_ok(e->text, &insns, &cnt);
		assert_int_equal(cnt, two ? 2 : 1);
		if (xnic_bpf_insn_to_u64(&insns[0]) != e->w0)
			fail_msg("'%s' gave 0x%016llx, want 0x%016llx", e->text,
				 (unsigned long long)xnic_bpf_insn_to_u64(
					 &insns[0]),
				 (unsigned long long)e->w0);
		if (two)
			assert_int_equal(xnic_bpf_insn_to_u64(&insns[1]),
					 e->w1);
		/* the disassembler prints the same instruction back */
		assert_int_equal(
			xnic_bpf_disasm_insn(insns, cnt, 0, buf, sizeof(buf)),
			two ? 2 : 1);
		free(insns);
		assemble_ok(buf, &insns, &cnt);
		assert_int_equal(xnic_bpf_insn_to_u64(&insns[0]), e->w0);
		free(insns);
	}
}

static void test_labels(void **state)
{
	struct bpf_insn *insns;
	u32 cnt;

	/* forward, backward, the implicit "exit" label, a comment, blank lines
	 */
	assemble_ok(
		"  mov %r0, 0 # comment\n\nback:\nja fwd\njne %r0, 1, back\n"
		"fwd: exit\nja exit\ncall local back\n",
		&insns, &cnt);
	assert_int_equal(cnt, 6);
	assert_int_equal(insns[1].off, 1);  /* ja fwd -> pc 3 */
	assert_int_equal(insns[2].off, -2); /* jne -> pc 1 */
	assert_int_equal(insns[4].off, -2); /* ja exit -> pc 3 */
	assert_int_equal(insns[5].imm, -5); /* call local back -> pc 1 */
	assert_int_equal(insns[5].src_reg, BPF_PSEUDO_CALL);
	free(insns);
	/* an explicit "exit" label wins over the implicit one */
	assemble_ok("ja exit\nexit\nexit:\nexit\n", &insns, &cnt);
	assert_int_equal(insns[0].off, 1);
	free(insns);
}

static void expect_error(const char *text, const char *msg)
{
	struct bpf_insn *insns = (void *)1;
	char err[256];
	u32 cnt = 7;

	assert_int_equal(xnic_bpf_asm(text, 1, &insns, &cnt, err, sizeof(err)),
			 -EINVAL);
	assert_null(insns);
	assert_int_equal(cnt, 0);
	if (strcmp(err, msg))
		fail_msg("'%s': got \"%s\", want \"%s\"", text, err, msg);
}

static void test_errors_name_the_line(void **state)
{
	struct bpf_insn *insns;
	char err[256];
	u32 cnt;

	expect_error("mov %r0, 1\n\nfoo %r1\nexit",
		     "line 3: unknown mnemonic 'foo'");
	expect_error("exit\nja nowhere", "line 2: undefined label 'nowhere'");
	expect_error("a:\nexit\na:\nexit", "line 3: label 'a' defined twice");
	expect_error("mov %r11, 1",
		     "line 1: expected a register %r0..%r10, got '%r11'");
	expect_error("mov %r1, 0x100000000",
		     "line 1: immediate '0x100000000' does not fit in 32 bits");
	expect_error("mov %r1, -2147483649",
		     "line 1: immediate '-2147483649' does not fit in 32 bits");
	expect_error("ldxw %r0, [%r1+32768]",
		     "line 1: offset in '[%r1+32768]' does not fit in 16 bits");
	expect_error("add %r0", "line 1: 'add' takes 2 operands, got 1");
	expect_error("exit %r0", "line 1: 'exit' takes 0 operands, got 1");
	expect_error("ldxw %r0, %r1",
		     "line 1: expected [%rN+offset], got '%r1'");
	expect_error("lock nand [%r10-8], %r1",
		     "line 1: unknown atomic operation 'nand'");
	expect_error("lock fetch xchg [%r10-8], %r1",
		     "line 1: unknown atomic operation 'fetch xchg'");
	expect_error("ja +32768", "line 1: jump offset '+32768' out of range");
	expect_error("le8 %r0", "line 1: unknown mnemonic 'le8'");
	expect_error("movsx832 %r0, 1",
		     "line 1: expected a register %r0..%r10, got '1'");
	/* first_line shifts the numbers, e.g. to a file's line */
	assert_int_equal(
		xnic_bpf_asm("exit\nbad", 40, &insns, &cnt, err, sizeof(err)),
		-EINVAL);
	assert_string_equal(err, "line 41: unknown mnemonic 'bad'");
}

static void test_disasm_noncanonical_is_raw(void **state)
{
	/* mov imm with a stray src_reg; unknown opcode; lddw at the very end */
	static const u64 words[] = {0x00000001000031b7ULL,
				    0x00000000000000ffULL,
				    0x0000000000000018ULL};
	struct bpf_insn in[ARRAY_SIZE(words)], *back;
	char *text;
	u32 i, cnt;

	for (i = 0; i < ARRAY_SIZE(words); i++)
		in[i] = xnic_bpf_insn_from_u64(words[i]);
	text = xnic_bpf_disasm(in, ARRAY_SIZE(words), XNIC_BPF_DISASM_LABELS);
	assert_non_null(text);
	assert_string_equal(text, ".insn 0x00000001000031b7\n"
				  ".insn 0x00000000000000ff\n"
				  ".insn 0x0000000000000018\n");
	assemble_ok(text, &back, &cnt);
	assert_int_equal(cnt, ARRAY_SIZE(words));
	for (i = 0; i < cnt; i++)
		assert_int_equal(xnic_bpf_insn_to_u64(&back[i]), words[i]);
	free(back);
	free(text);
}

/*
 * With root BPF, load the object and run it: the kernel must agree that
 * the subprograms were wired up (bpf-to-bpf calls resolved by libbpf).
 */
static void elf_kernel_check(struct bpf_object *obj, u32 want)
{
	u8 pkt[64] = {0};
	LIBBPF_OPTS(bpf_test_run_opts, topts, .data_in = pkt,
		    .data_size_in = sizeof(pkt), .repeat = 1);
	struct bpf_program *prog = bpf_object__next_program(obj, NULL);

	libbpf_set_print(NULL);
	if (bpf_object__load(obj)) {
		print_message("note: kernel load of the ELF object not checked "
			      "(needs root BPF)\n");
		return;
	}
	assert_int_equal(bpf_prog_test_run_opts(bpf_program__fd(prog), &topts),
			 0);
	assert_int_equal(topts.retval, want);
}

/* The ELF object is one libbpf reads back: type from the section, same code. */
static void test_elf_output_reads_back_with_libbpf(void **state)
{
	struct bpf_insn *insns;
	struct bpf_object *obj;
	struct bpf_program *prog;
	char err[256], *buf = NULL;
	size_t len = 0;
	FILE *f;
	u32 cnt, i;

	assemble_ok("mov %r0, 2\nlddw %r1, 0x1122334455667788\njeq %r1, 0, +1\n"
		    "mov %r0, 1\nexit",
		    &insns, &cnt);
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(xnic_bpf_asm_write_elf(f, insns, cnt, "tc", "cls", err,
						sizeof(err)),
			 0);
	fclose(f);
	obj = bpf_object__open_mem(buf, len, NULL);
	assert_non_null(obj);
	assert_int_equal(libbpf_get_error(obj), 0);
	prog = bpf_object__next_program(obj, NULL);
	assert_non_null(prog);
	assert_string_equal(bpf_program__name(prog), "cls");
	assert_string_equal(bpf_program__section_name(prog), "tc");
	assert_int_equal(bpf_program__type(prog), BPF_PROG_TYPE_SCHED_CLS);
	assert_int_equal(bpf_program__insn_cnt(prog), cnt);
	for (i = 0; i < cnt; i++)
		assert_int_equal(
			xnic_bpf_insn_to_u64(&bpf_program__insns(prog)[i]),
			xnic_bpf_insn_to_u64(&insns[i]));
	assert_null(bpf_object__next_program(obj, prog));
	bpf_object__close(obj);
	free(buf);
	free(insns);

	/* local calls: callees go to .text, calls from the main get relocations
	 */
	assemble_ok(
		"mov %r1, 20\ncall local f\nadd %r0, 1\nexit\n"
		"f:\nmov %r0, %r1\ncall local g\nexit\ng:\nmov %r0, %r1\nadd %r0, 1\nexit",
		&insns, &cnt);
	f = open_memstream(&buf, &len);
	assert_int_equal(xnic_bpf_asm_write_elf(f, insns, cnt, "xdp", "p", err,
						sizeof(err)),
			 0);
	fclose(f);
	obj = bpf_object__open_mem(buf, len, NULL);
	assert_int_equal(libbpf_get_error(obj), 0);
	prog = bpf_object__next_program(obj, NULL);
	assert_string_equal(bpf_program__name(prog), "p");
	assert_int_equal(bpf_program__insn_cnt(prog),
			 4); /* main only, so far */
	assert_null(bpf_object__next_program(obj, prog)); /* .text is not one */
	elf_kernel_check(obj, 22);
	bpf_object__close(obj);
	free(buf);
	free(insns);

	/* a jump from one function into another cannot be split */
	assemble_ok("call local f\nja g\nexit\nf:\nexit\ng:\nexit", &insns,
		    &cnt);
	f = open_memstream(&buf, &len);
	assert_int_equal(xnic_bpf_asm_write_elf(f, insns, cnt, "xdp", "p", err,
						sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "insn 1: jump leaves its function; ELF output "
				 "needs each function contiguous");
	fclose(f);
	free(buf);
	free(insns);
}

static bool same_insns(const struct bpf_insn *a, u32 na,
		       const struct bpf_insn *b, u32 nb)
{
	u32 i;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++)
		if (xnic_bpf_insn_to_u64(&a[i]) != xnic_bpf_insn_to_u64(&b[i]))
			return false;
	return true;
}

static void test_round_trip_every_vector(void **state)
{
	const char *dir = xnic_test_vector_dir();
	char **list, err[256];
	u32 n, i, raw_checked = 0;

	if (!dir) {
		print_message("skip: conformance vectors not found at "
			      "../shared/conformance/tests (set "
			      "XNIC_CONFORMANCE_DIR)\n");
		skip();
	}
	list = xnic_conformance_list(dir, &n);
	assert_non_null(list);
	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		struct xnic_conformance_vector v;
		struct bpf_insn *back;
		unsigned int flags;
		u32 cnt;

		if (xnic_conformance_load(list[i], &v, err, sizeof(err)))
			fail_msg("%s", err);
		assert_non_null(v.asm_insns);
		for (flags = 0; flags <= XNIC_BPF_DISASM_LABELS; flags++) {
			char *text =
				xnic_bpf_disasm(v.asm_insns, v.asm_cnt, flags);

			assert_non_null(text);
			if (strstr(text, ".insn"))
				fail_msg("%s: disassembly fell back to "
					 ".insn:\n%s",
					 v.name, text);
			if (xnic_bpf_asm(text, 1, &back, &cnt, err,
					 sizeof(err)))
				fail_msg("%s: %s\n%s", v.name, err, text);
			if (!same_insns(back, cnt, v.asm_insns, v.asm_cnt))
				fail_msg("%s: round trip differs:\n%s", v.name,
					 text);
			free(back);
			free(text);
		}
		/* where a vector gives both, the asm must equal the raw words
		 */
		if (v.from_raw) {
			if (!same_insns(v.insns, v.insn_cnt, v.asm_insns,
					v.asm_cnt))
				fail_msg("%s: -- asm and -- raw differ",
					 v.name);
			raw_checked++;
		}
		xnic_conformance_vector_free(&v);
	}
	assert_true(raw_checked >= 1);
	print_message("round trip: %u vectors, %u with -- raw cross-checked\n",
		      n, raw_checked);
	xnic_conformance_free_list(list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_errors_name_the_line),
		cmocka_unit_test(test_disasm_noncanonical_is_raw),
		cmocka_unit_test(test_round_trip_every_vector),
		cmocka_unit_test(test_elf_output_reads_back_with_libbpf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
