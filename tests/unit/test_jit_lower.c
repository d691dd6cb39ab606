// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * JIT lowering tests: the exact microcode of small programs (register
 * pairs, carry chains, the bank rule, defer-slot filling, the LM hazard,
 * relocations), every BPF opcode compiling to words that decode and pass
 * every ISA rule, deterministic output, and the errors the JIT reports.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "xnic/bpf_asm.h"
#include "xnic/isa.h"
#include "xnic/jit.h"

struct built {
	struct xnic_image img;
	char diag[2048];
	int ret;
};

static struct bpf_insn *assemble(const char *src, u32 *cnt)
{
	struct bpf_insn *insns = NULL;
	char err[256];

	if (xnic_bpf_asm(src, 1, &insns, cnt, err, sizeof(err)))
		fail_msg("bpf asm: %s", err);
	return insns;
}

static void build_prog(struct xnic_prog *prog,
		       const struct xnic_prog_meta *meta, struct built *b)
{
	struct xnic_dev_caps caps;
	struct xnic_diag d;

	xnic_dev_caps_default(&caps);
	xnic_diag_init(&d, b->diag, sizeof(b->diag));
	b->ret = xnic_jit_compile(prog, meta, &caps, &b->img, &d);
}

static void build(const char *src, struct built *b)
{
	struct xnic_prog prog = { 0 };
	u32 cnt;

	prog.name = "t";
	prog.insns = assemble(src, &cnt);
	prog.insn_cnt = cnt;
	build_prog(&prog, NULL, b);
	free((void *)prog.insns);
}

/* The disassembly of every word, one per line. */
static char *listing(const struct xnic_image *img)
{
	size_t cap = 64 + img->code_len * 96, pos = 0;
	char *out = calloc(1, cap);
	u32 i;

	assert_non_null(out);
	for (i = 0; i < img->code_len; i++) {
		struct xnic_insn in;
		char err[128], line[96];

		if (xnic_decode(img->code[i], &in, err, sizeof(err)))
			fail_msg("word %u does not decode: %s", i, err);
		xnic_disasm(&in, line, sizeof(line));
		pos += (size_t)snprintf(out + pos, cap - pos, "%s\n", line);
	}
	return out;
}

static void expect(const char *src, const char *code)
{
	struct built b;
	char *got;

	build(src, &b);
	if (b.ret)
		fail_msg("jit failed: %s", b.diag);
	got = listing(&b.img);
	if (strcmp(got, code))
		fail_msg("microcode differs:\n--- got\n%s--- expected\n%s", got,
			 code);
	free(got);
	xnic_image_release(&b.img);
}

static void test_mov_exit(void **state)
{
	(void)state;
	expect("mov %r0, 2\nexit\n",
	       "immed[ab0, 0x2]\n"
	       "immed[ab1, 0x0]\n"
	       "halt\n");
}

static void test_constants(void **state)
{
	(void)state;
	/* 16-bit at a byte shift, inverted, and two-part constants. */
	expect("mov32 %r0, 0x120000\nmov32 %r1, -2\nmov32 %r2, 0x12345678\n"
	       "exit\n",
	       "immed[ab0, 0x1200, <<8]\n"
	       "immed[ab1, 0x0]\n"
	       "immed[ab2, 0x1, ~]\n"
	       "immed[ab3, 0x0]\n"
	       "immed[ab4, 0x5678]\n"
	       "immed_w1[ab4, 0x1234]\n"
	       "immed[ab5, 0x0]\n"
	       "halt\n");
}

static void test_add64_carry_chain(void **state)
{
	(void)state;
	/* Mirrored pairs: A side from bank A, B side from bank B. */
	expect("add %r0, %r1\nsub %r2, %r3\nexit\n",
	       "alu[ab0, a0, add, b2]\n"
	       "alu[ab1, a1, addc, b3]\n"
	       "alu[ab4, a4, sub, b6]\n"
	       "alu[ab5, a5, subc, b7]\n"
	       "halt\n");
}

static void test_alu32_zext(void **state)
{
	(void)state;
	expect("add32 %r0, 300\nexit\n",
	       "immed[ab27, 0x12c]\n"
	       "alu[ab0, a0, add, b27]\n"
	       "immed[ab1, 0x0]\n"
	       "halt\n");
}

static void test_shift64_imm(void **state)
{
	(void)state;
	expect("lsh %r1, 8\nrsh %r1, 40\narsh %r1, 3\nexit\n",
	       "shf[ab3, a3, b2, dshr 24]\n"
	       "shf[ab2, a2, b2, lsl 8]\n"
	       "shf[ab2, a3, b3, lsr 8]\n"
	       "immed[ab3, 0x0]\n"
	       "shf[ab2, a3, b2, dshr 3]\n"
	       "shf[ab3, a3, b3, asr 3]\n"
	       "halt\n");
}

static void test_jeq64(void **state)
{
	(void)state;
	expect("jeq %r1, %r2, +1\nmov32 %r0, 1\nexit\n",
	       "alu[ab29, a2, xor, b4]\n"
	       "alu[ab30, a3, xor, b5]\n"
	       "alu[--, a29, or, b30]\n"
	       "beq[@6]\n"
	       "immed[ab0, 0x1]\n"
	       "immed[ab1, 0x0]\n"
	       "halt\n");
}

static void test_jgt64_reversed(void **state)
{
	(void)state;
	/* a > b as b - a borrowing: Z of a split subtract is unusable. */
	expect("jgt %r1, %r2, +0\nexit\n",
	       "alu[--, a4, sub, b2]\n"
	       "alu[--, a5, subc, b3]\n"
	       "blo[@3]\n"
	       "halt\n");
}

static void test_defer_slot_filled(void **state)
{
	(void)state;
	/* The immed before an unconditional branch runs in its defer slot. */
	expect("mov32 %r1, 5\nja +1\nmov32 %r0, 0\nexit\n",
	       "immed[ab2, 0x5]\n"
	       "br[@5], defer[1]\n"
	       "immed[ab3, 0x0]\n"
	       "immed[ab0, 0x0]\n"
	       "immed[ab1, 0x0]\n"
	       "halt\n");
}

static void test_defer_slot_not_flags(void **state)
{
	(void)state;
	/* A compare feeding the branch never moves into its slot. */
	expect("jne32 %r1, 7, +0\nexit\n",
	       "alu[--, a2, sub, 7]\n"
	       "bne[@2]\n"
	       "halt\n");
}

static void test_bswap32(void **state)
{
	(void)state;
	expect("be32 %r0\nexit\n",
	       "ld_field_w_clr[ab27, 0xa, b0, ror 8]\n"
	       "ld_field[ab27, 0x5, b0, ror 24]\n"
	       "alu[ab0, --, pass, b27]\n"
	       "immed[ab1, 0x0]\n"
	       "halt\n");
}

static void test_stack_lm_hazard(void **state)
{
	(void)state;
	/* lm_addr0 takes 3 instructions; the second access reuses it. */
	expect("stxdw [%r10-8], %r1\nldxw %r0, [%r10-4]\nexit\n",
	       "alu[ab20, a25, sub, 8]\n"
	       "csr_wr[lm_addr0, a20]\n"
	       "nop\n"
	       "nop\n"
	       "nop\n"
	       "alu[lm0[0], --, pass, b2]\n"
	       "alu[lm0[1], --, pass, b3]\n"
	       "alu[ab0, --, pass, lm0[1]]\n"
	       "immed[ab1, 0x0]\n"
	       "halt\n");
}

static void test_mul32(void **state)
{
	(void)state;
	expect("mul32 %r0, %r1\nexit\n",
	       "mul_step[--, a0, b2, 32x32, start]\n"
	       "mul_step[--, --, --, 32x32, step]\n"
	       "mul_step[--, --, --, 32x32, step]\n"
	       "mul_step[--, --, --, 32x32, step]\n"
	       "mul_step[--, --, --, 32x32, step]\n"
	       "mul_step[ab0, --, --, 32x32, last]\n"
	       "immed[ab1, 0x0]\n"
	       "halt\n");
}

static void test_ld_imm64_map_reloc(void **state)
{
	struct bpf_insn insns[3] = {
		{ .code = BPF_LD | BPF_IMM | BPF_DW, .dst_reg = 1,
		  .src_reg = BPF_PSEUDO_MAP_VALUE, .imm = 1 },
		{ .imm = 24 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	struct xnic_map_def maps[2] = { { "a", 2, 4, 8, 1, 0 },
					{ "b", 2, 4, 64, 1, 0 } };
	struct xnic_prog prog = { 0 };
	struct built b;

	(void)state;
	prog.insns = insns;
	prog.insn_cnt = 3;
	prog.maps = maps;
	prog.map_cnt = 2;
	build_prog(&prog, NULL, &b);
	assert_int_equal(b.ret, 0);
	assert_int_equal(b.img.reloc_cnt, 1);
	assert_int_equal(b.img.relocs[0].insn, 0);
	assert_int_equal(b.img.relocs[0].type, XNIC_RELO_MAP_VALUE);
	assert_int_equal(b.img.relocs[0].map, 1);
	assert_int_equal(b.img.relocs[0].addend, 24);
	assert_int_equal(b.img.map_cnt, 2);
	assert_int_equal(b.img.insn_start[0], 0);
	assert_int_equal(b.img.insn_start[1], 3);
	assert_int_equal(b.img.insn_start[2], 3);
	assert_int_equal(b.img.insn_start[3], 4);
	xnic_image_release(&b.img);
}

/* Every opcode the JIT lowers, with and without constant sources. */
static const char *const every_op =
	"mov %r1, 0x7fffffff\nmov32 %r2, -1\nmov %r3, %r1\nmov32 %r4, %r2\n"
	"movsx864 %r5, %r1\nmovsx1664 %r5, %r1\nmovsx3264 %r5, %r1\n"
	"movsx832 %r5, %r1\nmovsx1632 %r5, %r1\n"
	"add %r1, %r2\nadd32 %r1, 9\nsub %r1, -300\nsub32 %r1, %r2\n"
	"and %r1, 0xff00\nor %r1, %r2\nxor32 %r1, -7\nmul %r1, %r2\n"
	"mul %r1, 1000\nmul32 %r1, %r3\ndiv %r1, %r2\ndiv32 %r1, 7\n"
	"div %r1, 16\nmod %r1, %r2\nmod32 %r1, 10\nsdiv %r1, -3\n"
	"sdiv32 %r1, %r2\nsmod %r1, %r2\nsmod32 %r1, -5\nneg %r1\n"
	"neg32 %r1\nlsh %r1, %r2\nrsh %r1, %r2\narsh %r1, %r2\n"
	"lsh32 %r1, %r2\nrsh32 %r1, 3\narsh32 %r1, %r2\nlsh %r1, 63\n"
	"arsh %r1, 32\nbe16 %r1\nbe32 %r1\nbe64 %r1\nle16 %r1\nle32 %r1\n"
	"le64 %r1\nbswap16 %r1\nbswap32 %r1\nbswap64 %r1\n"
	"lddw %r6, 0x1122334455667788\n"
	"stdw [%r10-8], -1\nstxw [%r10-16], %r1\nstxh [%r10-18], %r1\n"
	"stxb [%r10-19], %r1\nldxdw %r2, [%r10-8]\nldxw %r2, [%r10-16]\n"
	"ldxh %r2, [%r10-18]\nldxb %r2, [%r10-19]\nldxsb %r2, [%r10-19]\n"
	"ldxsh %r2, [%r10-18]\nldxsw %r2, [%r10-16]\n"
	"ldxw %r3, [%r1+4]\nstxdw [%r1+8], %r3\nstb [%r1+1], 7\n"
	"lock add [%r10-8], %r1\nlock fetch add32 [%r10-16], %r2\n"
	"lock and [%r10-8], %r1\nlock fetch or [%r10-8], %r1\n"
	"lock xor32 [%r10-16], %r1\nlock xchg [%r10-8], %r1\n"
	"lock cmpxchg [%r10-8], %r1\nlock cmpxchg32 [%r1+4], %r2\n"
	"lock fetch add [%r1+0], %r2\n"
	"jeq %r1, %r2, +0\njne %r1, 5, +0\njgt %r1, %r2, +0\n"
	"jge %r1, -1, +0\njlt %r1, %r2, +0\njle %r1, 300, +0\n"
	"jsgt %r1, %r2, +0\njsge %r1, -2, +0\njslt %r1, %r2, +0\n"
	"jsle %r1, 0, +0\njset %r1, 0x100, +0\njeq32 %r1, %r2, +0\n"
	"jsgt32 %r1, -1, +0\njset32 %r1, %r2, +0\nja32 +0\n"
	"ldabsb 3\nldabsh 12\nldindw %r1, 2\n"
	"call local f\nexit\nf:\nmov %r6, 1\nexit\n";

static void test_every_op_compiles(void **state)
{
	struct built b;
	char *got;

	(void)state;
	build(every_op, &b);
	if (b.ret)
		fail_msg("jit failed: %s", b.diag);
	/* listing() fails if any word breaks an ISA rule on decode. */
	got = listing(&b.img);
	assert_true(b.img.code_len > 100);
	free(got);
	xnic_image_release(&b.img);
}

static void test_deterministic(void **state)
{
	struct built a, b;

	(void)state;
	build(every_op, &a);
	build(every_op, &b);
	assert_int_equal(a.ret, 0);
	assert_int_equal(b.ret, 0);
	assert_int_equal(a.img.code_len, b.img.code_len);
	assert_memory_equal(a.img.code, b.img.code,
			    a.img.code_len * sizeof(u64));
	assert_memory_equal(a.img.insn_start, b.img.insn_start,
			    (a.img.bpf_insn_cnt + 1) * sizeof(u32));
	xnic_image_release(&a.img);
	xnic_image_release(&b.img);
}

static void test_insn_map_monotonic(void **state)
{
	struct built b;
	u32 i;

	(void)state;
	build(every_op, &b);
	assert_int_equal(b.ret, 0);
	for (i = 0; i < b.img.bpf_insn_cnt; i++)
		assert_true(b.img.insn_start[i] <= b.img.insn_start[i + 1]);
	assert_int_equal(b.img.insn_start[b.img.bpf_insn_cnt],
			 b.img.code_len);
	xnic_image_release(&b.img);
}

/* Metadata by hand: every insn seen, the given packet offsets. */
static void pkt_meta(struct xnic_prog_meta *meta, struct xnic_insn_meta *im,
		     u32 n, const s64 *offs)
{
	u32 i;

	memset(meta, 0, sizeof(*meta));
	memset(im, 0, n * sizeof(*im));
	meta->insn_cnt = n;
	meta->insn = im;
	for (i = 0; i < n; i++) {
		im[i].flags = XNIC_META_SEEN;
		im[i].jmp_target = -1;
		if (offs[i] >= 0) {
			im[i].ptr_kind = XNIC_PTR_PACKET;
			im[i].off_min = offs[i];
			im[i].off_max = offs[i];
		}
	}
}

static void test_packet_read_cache(void **state)
{
	static const s64 offs[] = { 13, 12, 22, -1 };
	struct xnic_insn_meta im[4];
	struct xnic_prog_meta meta;
	struct xnic_prog prog = { 0 };
	struct built b;
	char *got;
	u32 cnt;

	(void)state;
	prog.insns = assemble("ldxb %r2, [%r1+13]\nldxh %r3, [%r1+12]\n"
			      "ldxw %r4, [%r1+22]\nexit\n",
			      &cnt);
	prog.insn_cnt = cnt;
	pkt_meta(&meta, im, cnt, offs);
	build_prog(&prog, &meta, &b);
	free((void *)prog.insns);
	if (b.ret)
		fail_msg("jit failed: %s", b.diag);
	got = listing(&b.img);
	/*
	 * One 8-word read at +5 (clearing r2's high word in its swap defer
	 * slot); the rest are extractions ($xi8 = +5), a funnel shift when
	 * the field straddles two words.
	 */
	assert_string_equal(got,
			    "ctm[read, $8, a2, 5, 8], ctx_swap[s1], defer[1]\n"
			    "immed[ab5, 0x0]\n"
			    "ld_field_w_clr[ab4, 0x1, $xi10, ror 0]\n"
			    "alu[ab30, --, pass, $xi10]\n"
			    "shf[ab6, a30, $xi9, dshr 24]\n"
			    "ld_field_w_clr[ab6, 0x3, b6, ror 0]\n"
			    "immed[ab7, 0x0]\n"
			    "alu[ab30, --, pass, $xi13]\n"
			    "shf[ab8, a30, $xi12, dshr 8]\n"
			    "immed[ab9, 0x0]\n"
			    "halt\n");
	free(got);
	xnic_image_release(&b.img);
}

static void test_errors(void **state)
{
	struct built b;

	(void)state;
	build("call 6\nexit\n", &b);
	assert_int_equal(b.ret, -EINVAL);
	assert_non_null(strstr(b.diag, "insn 0: error: jit: helper 6 is not supported"));
	build("ja +5\nexit\n", &b);
	assert_int_equal(b.ret, -EINVAL);
	assert_non_null(strstr(b.diag, "jump target 6 out of range"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mov_exit),
		cmocka_unit_test(test_constants),
		cmocka_unit_test(test_add64_carry_chain),
		cmocka_unit_test(test_alu32_zext),
		cmocka_unit_test(test_shift64_imm),
		cmocka_unit_test(test_jeq64),
		cmocka_unit_test(test_jgt64_reversed),
		cmocka_unit_test(test_defer_slot_filled),
		cmocka_unit_test(test_defer_slot_not_flags),
		cmocka_unit_test(test_bswap32),
		cmocka_unit_test(test_stack_lm_hazard),
		cmocka_unit_test(test_mul32),
		cmocka_unit_test(test_ld_imm64_map_reloc),
		cmocka_unit_test(test_every_op_compiles),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_insn_map_monotonic),
		cmocka_unit_test(test_packet_read_cache),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
