// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * THE table of the xnic ISA.  Everything that knows about instruction
 * layout or syntax is derived from xnic_kinds[] and xnic_mnemonics[]:
 * isa_codec.c (encoder, decoder, rule checks), isa_text.c (assembler and
 * disassembler) and firmware_sim's pre-decoder.  docs/isa.md explains it.
 */
#include "xnic/isa.h"

#define FLD(f, l, w) { XNIC_F_##f, l, w }
#define OPND3 FLD(A, 0, 10), FLD(B, 10, 10), FLD(DST, 20, 10), FLD(WAB, 30, 1)

const struct xnic_kind_desc xnic_kinds[XNIC_K_COUNT] = {
	[XNIC_K_NOP] = { "nop", 0, 0, 0, { { 0 } } },
	[XNIC_K_HALT] = { "halt", 1, 0, XNIC_KF_BRANCH, { { 0 } } },
	[XNIC_K_ALU] = { "alu", 2, 5,
			 XNIC_KF_READS_A | XNIC_KF_READS_B |
				 XNIC_KF_WRITES_DST | XNIC_KF_SETS_CC,
			 { OPND3, FLD(ALUOP, 31, 4) } },
	[XNIC_K_ALU_SHF] = { "alu_shf", 3, 8,
			     XNIC_KF_READS_A | XNIC_KF_READS_B |
				     XNIC_KF_WRITES_DST | XNIC_KF_SETS_CC,
			     { OPND3, FLD(ALUOP, 31, 4), FLD(SHT, 35, 2),
			       FLD(SHAMT, 37, 5), FLD(SHIND, 42, 1) } },
	[XNIC_K_SHF] = { "shf", 4, 7,
			 XNIC_KF_READS_A | XNIC_KF_READS_B |
				 XNIC_KF_WRITES_DST,
			 { OPND3, FLD(SHT, 31, 3), FLD(SHAMT, 34, 5),
			   FLD(SHIND, 39, 1) } },
	[XNIC_K_IMMED] = { "immed", 5, 6, XNIC_KF_WRITES_DST,
			   { FLD(DST, 0, 10), FLD(WAB, 10, 1),
			     FLD(IMM16, 11, 16), FLD(BSHIFT, 27, 2),
			     FLD(INV, 29, 1), FLD(PART, 30, 2) } },
	[XNIC_K_LD_FIELD] = { "ld_field", 6, 6,
			      XNIC_KF_READS_B | XNIC_KF_WRITES_DST,
			      { FLD(DST, 0, 10), FLD(WAB, 10, 1),
				FLD(B, 11, 10), FLD(BMASK, 21, 4),
				FLD(ROT, 25, 5), FLD(CLR, 30, 1) } },
	[XNIC_K_BR] = { "br", 7, 3, XNIC_KF_BRANCH,
			{ FLD(COND, 0, 4), FLD(DEFER, 4, 2),
			  FLD(TARGET, 6, 14) } },
	[XNIC_K_BR_BIT] = { "br_bit", 8, 5, XNIC_KF_BRANCH | XNIC_KF_READS_A,
			    { FLD(A, 0, 10), FLD(BIT, 10, 5),
			      FLD(SENSE, 15, 1), FLD(DEFER, 16, 2),
			      FLD(TARGET, 18, 14) } },
	[XNIC_K_BR_BYTE] = { "br_byte", 9, 6,
			     XNIC_KF_BRANCH | XNIC_KF_READS_A,
			     { FLD(A, 0, 10), FLD(BYTE, 10, 2),
			       FLD(BVAL, 12, 8), FLD(SENSE, 20, 1),
			       FLD(DEFER, 21, 2), FLD(TARGET, 23, 14) } },
	[XNIC_K_RTN] = { "rtn", 10, 2, XNIC_KF_BRANCH | XNIC_KF_READS_A,
			 { FLD(A, 0, 10), FLD(DEFER, 10, 2) } },
	[XNIC_K_MEM] = { "mem", 11, 8, XNIC_KF_READS_A | XNIC_KF_READS_B,
			 { FLD(A, 0, 10), FLD(B, 10, 10), FLD(MTGT, 20, 2),
			   FLD(MACT, 22, 4), FLD(XFER, 26, 5), FLD(CNT, 31, 4),
			   FLD(SIG, 35, 4), FLD(CTX, 39, 2) } },
	[XNIC_K_CSR_RD] = { "csr_rd", 12, 3, XNIC_KF_WRITES_DST,
			    { FLD(DST, 0, 10), FLD(WAB, 10, 1),
			      FLD(CSR, 11, 4) } },
	[XNIC_K_CSR_WR] = { "csr_wr", 13, 2, XNIC_KF_READS_A,
			    { FLD(A, 0, 10), FLD(CSR, 10, 4) } },
	[XNIC_K_MUL] = { "mul_step", 14, 6,
			 XNIC_KF_READS_A | XNIC_KF_READS_B |
				 XNIC_KF_WRITES_DST,
			 { OPND3, FLD(MTYPE, 31, 2), FLD(MSTEP, 33, 2) } },
	[XNIC_K_CTX_ARB] = { "ctx_arb", 15, 2, XNIC_KF_BRANCH,
			     { FLD(SIGMASK, 0, 16), FLD(ARB, 16, 2) } },
	[XNIC_K_FWCALL] = { "fwcall", 16, 1, XNIC_KF_BRANCH,
			    { FLD(FWID, 0, 8) } },
};

/*
 * Syntax template letters (isa_text.c): D dst, A/B sources, O alu op,
 * S alu_shf shift, s shf shift, I imm16, b immed byte-shift/invert
 * options, M byte mask, R rotate, T target, K bit, Y byte index, V byte
 * value, G memory action, X transfer register, N count, C CSR, P mul
 * type, Q mul step, W signal list, F firmware routine; after the
 * brackets: d optional defer, c context-swap mode.
 */
#define M0(n, k, syn) { n, XNIC_K_##k, 0, { 0, 0 }, { 0, 0 }, syn }
#define M1(n, k, f, v, syn) { n, XNIC_K_##k, 1, { XNIC_F_##f, 0 }, { v, 0 }, syn }
#define BR(n, cc) M1(n, BR, COND, XNIC_CC_##cc, "[T]d")
#define MEMT(n, t) M1(n, MEM, MTGT, XNIC_MEM_##t, "[G, X, A, B, N]c")

const struct xnic_mnemonic xnic_mnemonics[] = {
	M0("nop", NOP, ""),
	M0("halt", HALT, ""),
	M0("alu", ALU, "[D, A, O, B]"),
	M0("alu_shf", ALU_SHF, "[D, A, O, B, S]"),
	M0("shf", SHF, "[D, A, B, s]"),
	M1("immed", IMMED, PART, 0, "[D, Ib]"),
	M1("immed_w0", IMMED, PART, 1, "[D, I]"),
	M1("immed_w1", IMMED, PART, 2, "[D, I]"),
	M1("ld_field", LD_FIELD, CLR, 0, "[D, M, B, R]"),
	M1("ld_field_w_clr", LD_FIELD, CLR, 1, "[D, M, B, R]"),
	BR("br", AL),
	BR("beq", EQ),
	BR("bne", NE),
	BR("bmi", MI),
	BR("bpl", PL),
	BR("blo", LO),
	BR("bhs", HS),
	BR("bvs", VS),
	BR("bvc", VC),
	BR("bge", GE),
	BR("blt", LT),
	BR("bgt", GT),
	BR("ble", LE),
	BR("bhi", HI),
	BR("bls", LS),
	M1("br_bset", BR_BIT, SENSE, 1, "[A, K, T]d"),
	M1("br_bclr", BR_BIT, SENSE, 0, "[A, K, T]d"),
	M1("br_byte_eq", BR_BYTE, SENSE, 1, "[A, Y, V, T]d"),
	M1("br_byte_ne", BR_BYTE, SENSE, 0, "[A, Y, V, T]d"),
	M0("rtn", RTN, "[A]d"),
	MEMT("cls", CLS),
	MEMT("ctm", CTM),
	MEMT("imem", IMEM),
	MEMT("emem", EMEM),
	M0("csr_rd", CSR_RD, "[D, C]"),
	M0("csr_wr", CSR_WR, "[C, A]"),
	M0("mul_step", MUL, "[D, A, B, P, Q]"),
	M1("ctx_arb", CTX_ARB, ARB, XNIC_ARB_WAIT_ALL, "[W]"),
	M1("ctx_arb_any", CTX_ARB, ARB, XNIC_ARB_WAIT_ANY, "[W]"),
	M1("yield", CTX_ARB, ARB, XNIC_ARB_YIELD, ""),
	M0("fwcall", FWCALL, "[F]"),
};

const u32 xnic_nr_mnemonics = ARRAY_SIZE(xnic_mnemonics);

const char *const xnic_aluop_names[XNIC_ALU_COUNT] = {
	"pass", "add", "addc", "sub", "subc", "and", "or", "xor", "not", "andn",
};

const char *const xnic_shift_names[XNIC_SH_COUNT] = {
	"lsl", "lsr", "asr", "ror", "dshr",
};

const char *const xnic_cond_names[XNIC_CC_COUNT] = {
	"eq", "ne", "mi", "pl", "lo", "hs", "vs", "vc",
	"ge", "lt", "gt", "le", "hi", "ls", "al",
};

const char *const xnic_mem_target_names[XNIC_MEM_COUNT] = {
	"cls", "ctm", "imem", "emem",
};

const char *const xnic_mem_action_names[XNIC_MA_COUNT] = {
	"read",	   "write",  "write_b", "add",	   "add_ret", "and_ret",
	"or_ret",  "xor_ret", "swap",	"cmpxchg", "tas",
};

const char *const xnic_csr_names[XNIC_CSR_COUNT] = {
	"lm_addr0",	 "lm_addr1", "lm_addr2", "lm_addr3", "timestamp_lo",
	"timestamp_hi", "prng",	    "ctx_num",	"me_num",
};

const char *const xnic_mul_type_names[XNIC_MUL_COUNT] = {
	"24x8", "16x16", "32x32",
};

const char *const xnic_mul_step_names[XNIC_MSTEP_COUNT] = {
	"start", "step", "last", "last_hi",
};

const char *const xnic_fw_names[XNIC_FW_COUNT] = {
	"map_lookup",  "map_update", "map_delete",  "adjust_head",
	"adjust_tail", "prandom",    "ktime",	    "perf_output",
	"csum_diff",   "udiv64",     "sdiv64",
};
