// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ISA tests: byte-exact round trips over tests/isa/all_insns.s (every
 * mnemonic, every operand kind at its boundaries), golden encodings that
 * pin the layout, and the exact message of every rejection.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "xnic/uasm.h"

#define ALL_INSNS "tests/isa/all_insns.s"

static char *slurp(const char *path, u32 *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (u32)n;
	return buf;
}

static void assemble_ok(const char *src, struct xnic_asm_out *out)
{
	char dbuf[4096];
	struct xnic_diag diag;
	int ret;

	xnic_diag_init(&diag, dbuf, sizeof(dbuf));
	ret = xnic_assemble(src, (u32)strlen(src), "t.s", out, &diag);
	if (ret)
		fprintf(stderr, "%s", dbuf);
	assert_int_equal(ret, 0);
	assert_int_equal(diag.errors, 0);
}

/* Assemble src and return the diagnostics text. */
static const char *assemble_err(const char *src)
{
	static char dbuf[4096];
	struct xnic_asm_out out;
	struct xnic_diag diag;

	xnic_diag_init(&diag, dbuf, sizeof(dbuf));
	assert_int_equal(xnic_assemble(src, (u32)strlen(src), "t.s", &out,
				       &diag),
			 -EINVAL);
	assert_null(out.words);
	return dbuf;
}

static void test_roundtrip_every_word(void **state)
{
	struct xnic_asm_out out;
	char text[160], err[160];
	u32 len, i;
	char *src = slurp(ALL_INSNS, &len);

	(void)state;
	assemble_ok(src, &out);
	assert_int_equal(out.nwords, 138);
	for (i = 0; i < out.nwords; i++) {
		struct xnic_insn in, again;
		u64 word;

		assert_int_equal(xnic_decode(out.words[i], &in, err,
					     sizeof(err)),
				 0);
		assert_true(xnic_disasm(&in, text, sizeof(text)) > 0);
		if (xnic_asm_parse_insn(text, (u32)strlen(text), &again, NULL,
					0, err, sizeof(err)))
			fail_msg("word %u '%s': %s", i, text, err);
		assert_int_equal(xnic_encode(&again, &word, err, sizeof(err)),
				 0);
		if (word != out.words[i])
			fail_msg("word %u '%s': %016llx != %016llx", i, text,
				 (unsigned long long)word,
				 (unsigned long long)out.words[i]);
	}
	xnic_asm_out_free(&out);
	free(src);
}

/* Whole-program round trip: disassembled text reassembles identically. */
static void test_roundtrip_program(void **state)
{
	struct xnic_asm_out out, out2;
	char *text, err[160];
	size_t pos = 0, cap;
	u32 len, i;
	char *src = slurp(ALL_INSNS, &len);

	(void)state;
	assemble_ok(src, &out);
	cap = (size_t)out.nwords * 160;
	text = calloc(1, cap);
	assert_non_null(text);
	for (i = 0; i < out.nwords; i++) {
		struct xnic_insn in;

		assert_int_equal(xnic_decode(out.words[i], &in, err,
					     sizeof(err)),
				 0);
		pos += (size_t)xnic_disasm(&in, text + pos, (u32)(cap - pos));
		text[pos++] = '\n';
	}
	assemble_ok(text, &out2);
	assert_int_equal(out2.nwords, out.nwords);
	assert_memory_equal(out2.words, out.words, out.nwords * 8);
	xnic_asm_out_free(&out);
	xnic_asm_out_free(&out2);
	free(text);
	free(src);
}

/* The test file must exercise every mnemonic and operand class. */
static void test_coverage(void **state)
{
	struct xnic_asm_out out;
	bool seen[64] = { false };
	u32 classes_src = 0, classes_dst = 0, len, i;
	char *src = slurp(ALL_INSNS, &len);
	char err[160];

	(void)state;
	assert_true(xnic_nr_mnemonics <= 64);
	assemble_ok(src, &out);
	for (i = 0; i < out.nwords; i++) {
		struct xnic_insn in;
		const struct xnic_kind_desc *k;

		assert_int_equal(xnic_decode(out.words[i], &in, err,
					     sizeof(err)),
				 0);
		seen[xnic_mnemonic_of(&in) - xnic_mnemonics] = true;
		k = &xnic_kinds[in.kind];
		if (k->flags & XNIC_KF_READS_A)
			classes_src |= 1u << xnic_opnd_class(in.f[XNIC_F_A]);
		if (k->flags & XNIC_KF_READS_B)
			classes_src |= 1u << xnic_opnd_class(in.f[XNIC_F_B]);
		if (k->flags & XNIC_KF_WRITES_DST)
			classes_dst |= 1u << xnic_opnd_class(in.f[XNIC_F_DST]);
	}
	for (i = 0; i < xnic_nr_mnemonics; i++)
		if (!seen[i])
			fail_msg("mnemonic %s not covered",
				 xnic_mnemonics[i].name);
	assert_int_equal(classes_src,
			 (1u << XNIC_OC_GPR_A) | (1u << XNIC_OC_GPR_B) |
				 (1u << XNIC_OC_XIN) | (1u << XNIC_OC_LM) |
				 (1u << XNIC_OC_NN) | (1u << XNIC_OC_IMM) |
				 (1u << XNIC_OC_NONE));
	assert_int_equal(classes_dst,
			 (1u << XNIC_OC_GPR_A) | (1u << XNIC_OC_GPR_B) |
				 (1u << XNIC_OC_XOUT) | (1u << XNIC_OC_LM) |
				 (1u << XNIC_OC_NN) | (1u << XNIC_OC_NONE));
	xnic_asm_out_free(&out);
	free(src);
}

/* Golden words: the layout of docs/isa.md, so changes are deliberate. */
static void test_golden_encodings(void **state)
{
	static const struct {
		const char *src;
		u64 word;
	} golden[] = {
		{ "nop", 0x0000000000000000ULL },
		{ "halt", 0x0400000000000000ULL },
		{ "immed[ab0, 0x1234]", 0x140000000091a400ULL },
		{ "immed[a1, 0xffff, <<16, ~]", 0x1400000037fff801ULL },
		{ "alu[ab2, a0, add, b1]", 0x08000000c0208400ULL },
		{ "alu[ab3, a0, add, 7]", 0x08000000c0361c00ULL },
		{ "beq[@0], defer[1]\nnop", 0x1c00000000000010ULL },
		{ "ctm[read, $0, a22, 4, 2], ctx_swap[s1]",
		  0x2c00000880161016ULL },
		{ "shf[a7, a8, b9, dshr 1]", 0x100000060070a408ULL },
		{ "fwcall[sdiv64]", 0x400000000000000aULL },
	};
	struct xnic_asm_out out;
	u32 i;

	(void)state;
	for (i = 0; i < sizeof(golden) / sizeof(golden[0]); i++) {
		assemble_ok(golden[i].src, &out);
		assert_int_equal(out.nwords, strchr(golden[i].src, '\n') ? 2 : 1);
		if (out.words[0] != golden[i].word)
			fail_msg("%s: %016llx, expected %016llx",
				 golden[i].src,
				 (unsigned long long)out.words[0],
				 (unsigned long long)golden[i].word);
		xnic_asm_out_free(&out);
	}
}

static void test_rejections(void **state)
{
	static const struct {
		const char *src;
		const char *msg;
	} cases[] = {
		{ "alu[a1, a2, add, a3]",
		  "t.s:1: error: bank conflict: a2 and a3 both read GPR bank A\n" },
		{ "alu[a1, b2, add, b3]",
		  "t.s:1: error: bank conflict: b2 and b3 both read GPR bank B\n" },
		{ "alu[a1, $xi0, add, 7]",
		  "t.s:1: error: bank conflict: $xi0 and 7: at most one non-GPR operand per instruction\n" },
		{ "ld_field[a1, 0x3, a2, ror 0]",
		  "t.s:1: error: bank conflict: a2 and a1 both read GPR bank A\n" },
		{ "ctm[read, $0, lm0[0], nn1, 1], ctx_swap[s1]",
		  "t.s:1: error: bank conflict: lm0[0] and nn1: at most one non-GPR operand per instruction\n" },
		{ "alu[a1, a2, add, 256]",
		  "t.s:1: error: immediate 256 out of range (0..255); use immed\n" },
		{ "immed[a1, 0x10000]",
		  "t.s:1: error: immediate 65536 out of range (0..65535)\n" },
		{ "x: br[x], defer[4]",
		  "t.s:1: error: defer count 4 out of range (0..3)\n" },
		{ "ctm[read, $0, a1, b1, 1], ctx_swap[s1], defer[3]",
		  "t.s:1: error: defer count 3 out of range (0..2)\n" },
		{ "alu[a32, a1, add, b1]",
		  "t.s:1: error: unknown register 'a32'\n" },
		{ "alu[a1, nn128, add, b1]",
		  "t.s:1: error: unknown register 'nn128'\n" },
		{ "alu[a1, lm4[0], add, b1]",
		  "t.s:1: error: unknown register 'lm4[0]'\n" },
		{ "alu[a1, $xi32, add, b1]",
		  "t.s:1: error: unknown register '$xi32'\n" },
		{ "alu[a1, lm0[16], add, b1]",
		  "t.s:1: error: local memory offset 16 out of range (0..15) in 'lm0[16]'\n" },
		{ "alu[a1, r3, add, b1]",
		  "t.s:1: error: unknown operand 'r3'\n" },
		{ "alu[$xi1, a1, add, b1]",
		  "t.s:1: error: transfer-in register $xi1 cannot be written\n" },
		{ "alu[a1, $xo1, add, b1]",
		  "t.s:1: error: transfer-out register $xo1 cannot be read\n" },
		{ "alu[7, a1, add, b1]",
		  "t.s:1: error: immediate 7 cannot be a destination\n" },
		{ "alu[a1, a2, mul, b1]",
		  "t.s:1: error: unknown alu op 'mul'\n" },
		{ "shf[a1, --, b1, lsl 32]",
		  "t.s:1: error: shift amount 32 out of range (0..31)\n" },
		{ "alu_shf[a1, --, pass, b1, dshr 1]",
		  "t.s:1: error: unknown shift 'dshr'\n" },
		{ "ctm[add, $0, a1, b1, 3], ctx_swap[s1]",
		  "t.s:1: error: atomic add moves 1 or 2 words, not 3\n" },
		{ "ctm[read, $30, a1, b1, 4], ctx_swap[s1]",
		  "t.s:1: error: transfer registers $xi30..$xi33 out of range (32 per context)\n" },
		{ "ctm[cmpxchg, $29, a1, b1, 2], ctx_swap[s1]",
		  "t.s:1: error: transfer registers $xo29..$xo32 out of range (32 per context)\n" },
		{ "ctm[read, $0, a1, b1, 0], ctx_swap[s1]",
		  "t.s:1: error: count 0 out of range (1..16)\n" },
		{ "ctm[read, $0, a1, b1, 1], ctx_swap[s16]",
		  "t.s:1: error: bad signal 's16' (s0..s15)\n" },
		{ "ctm[read, $0, --, --, 1], ctx_swap[s1]",
		  "t.s:1: error: memory command needs an address operand\n" },
		{ "ctx_arb[]",
		  "t.s:1: error: ctx_arb needs at least one signal\n" },
		{ "csr_rd[a1, lm_addr4]", "t.s:1: error: unknown CSR 'lm_addr4'\n" },
		{ "rtn[--]", "t.s:1: error: rtn needs a source operand\n" },
		{ "fwcall[tail_call]",
		  "t.s:1: error: unknown firmware routine 'tail_call'\n" },
		{ "frob[a1]", "t.s:1: error: unknown instruction 'frob'\n" },
		{ "br[nowhere]", "t.s:1: error: undefined label 'nowhere'\n" },
		{ "br[@16384]",
		  "t.s:1: error: bad branch target '@16384' (@0..@16383)\n" },
		{ "alu[a1, a2, add, b1] junk",
		  "t.s:1: error: unexpected 'junk' after alu\n" },
		{ "x: nop\nx: nop",
		  "t.s:2: error: label 'x' already defined at line 1\n" },
		{ "x: br[x], defer[1]\nbeq[x]",
		  "t.s:2: error: br in a defer slot of the instruction at line 1\n" },
		{ "x: br[x], defer[2]\nnop",
		  "t.s:1: error: defer[2] runs past the end of the program\n" },
		/* Independent errors are all reported, like a compiler. */
		{ "alu[a1, a2, add, a3]\nnop\nimmed[q, 1]",
		  "t.s:1: error: bank conflict: a2 and a3 both read GPR bank A\n"
		  "t.s:3: error: unknown operand 'q'\n" },
	};
	u32 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = assemble_err(cases[i].src);

		if (strcmp(got, cases[i].msg))
			fail_msg("'%s':\n got: %s want: %s", cases[i].src, got,
				 cases[i].msg);
	}
}

/* Rules the syntax cannot express are still enforced by the codec. */
static void test_codec_rules(void **state)
{
	struct xnic_insn in;
	char err[160];
	u64 w;

	(void)state;
	xnic_insn_init(&in, XNIC_K_IMMED);
	in.f[XNIC_F_DST] = xnic_gpr_a(1);
	in.f[XNIC_F_PART] = 1;
	in.f[XNIC_F_BSHIFT] = 1;
	assert_int_equal(xnic_encode(&in, &w, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "immed_w0/immed_w1 take no shift or invert");

	xnic_insn_init(&in, XNIC_K_ALU);
	in.f[XNIC_F_DST] = xnic_gpr_b(1);
	in.f[XNIC_F_WAB] = 1;
	assert_int_equal(xnic_encode(&in, &w, err, sizeof(err)), -EINVAL);
	assert_string_equal(err,
			    "write-both needs a bank-A register destination");

	xnic_insn_init(&in, XNIC_K_ALU);
	in.f[XNIC_F_ALUOP] = 10;
	assert_int_equal(xnic_encode(&in, &w, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "alu op 10 out of range (0..9) in alu");

	xnic_insn_init(&in, XNIC_K_CTX_ARB);
	in.f[XNIC_F_ARB] = XNIC_ARB_YIELD;
	in.f[XNIC_F_SIGMASK] = 2;
	assert_int_equal(xnic_encode(&in, &w, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "yield waits for no signal");

	in.kind = XNIC_K_COUNT;
	assert_int_equal(xnic_encode(&in, &w, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "unknown instruction kind 17");
}

static void test_decode_rejections(void **state)
{
	static const struct {
		u64 word;
		const char *msg;
	} cases[] = {
		{ 0x0000000000000001ULL,
		  "reserved bits 0x0000000000000001 set in nop word 0x0000000000000001" },
		{ 0xfc00000000000000ULL,
		  "unknown opcode 63 in 0xfc00000000000000" },
		/* alu with op 15 */
		{ (2ULL << 58) | (15ULL << 31) | (0x3ffULL << 20) |
			  (0x3ffULL << 10) | 0x3ff,
		  "alu op 15 out of range (0..9) in alu" },
		/* alu reading two bank-A registers */
		{ (2ULL << 58) | (0x3ffULL << 20) | (1ULL << 10) | 2,
		  "bank conflict: a2 and a1 both read GPR bank A" },
		/* LM sub-code 18 is unassigned */
		{ (2ULL << 58) | (0x3ffULL << 20) | (0x3ffULL << 10) |
			  (0x080 + 18),
		  "invalid operand code 0x92" },
		/* write-both with a transfer register destination */
		{ (2ULL << 58) | (1ULL << 30) | (0x060ULL << 20) |
			  (0x3ffULL << 10) | 0x3ff,
		  "write-both needs a bank-A register destination" },
	};
	struct xnic_insn in;
	char err[160];
	u32 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(xnic_decode(cases[i].word, &in, err,
					     sizeof(err)),
				 -EINVAL);
		assert_string_equal(err, cases[i].msg);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_every_word),
		cmocka_unit_test(test_roundtrip_program),
		cmocka_unit_test(test_coverage),
		cmocka_unit_test(test_golden_encodings),
		cmocka_unit_test(test_rejections),
		cmocka_unit_test(test_codec_rules),
		cmocka_unit_test(test_decode_rejections),
	};

	return cmocka_run_group_tests_name("isa", tests, NULL, NULL);
}
