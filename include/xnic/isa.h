/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The xnic microengine ISA: an NFP-style, 64-bit fixed-width instruction
 * set of our own.  docs/isa.md explains it; jit/isa_table.c is the one
 * table from which the encoder, decoder, assembler, disassembler and the
 * simulator's pre-decoder are all derived.
 *
 * An instruction is a 64-bit little-endian word: bits 63..58 hold the
 * kind's opcode, the kind's fields sit at fixed positions below, and every
 * other bit is reserved and must be zero.
 */
#ifndef XNIC_ISA_H
#define XNIC_ISA_H

#include "compat.h"

#define XNIC_OPCODE_SHIFT 58
#define XNIC_CODE_MAX 16384 /* 14-bit branch targets */
#define XNIC_CODE_MAX_WORDS XNIC_CODE_MAX

enum xnic_kind {
	XNIC_K_NOP,
	XNIC_K_HALT,
	XNIC_K_ALU,
	XNIC_K_ALU_SHF,
	XNIC_K_SHF,
	XNIC_K_IMMED,
	XNIC_K_LD_FIELD,
	XNIC_K_BR,
	XNIC_K_BR_BIT,
	XNIC_K_BR_BYTE,
	XNIC_K_RTN,
	XNIC_K_MEM,
	XNIC_K_CSR_RD,
	XNIC_K_CSR_WR,
	XNIC_K_MUL,
	XNIC_K_CTX_ARB,
	XNIC_K_FWCALL,
	XNIC_K_COUNT
};

/* Instruction fields; each kind uses a subset (see xnic_kinds[]). */
enum xnic_field {
	XNIC_F_DST, /* destination operand (10-bit operand code) */
	XNIC_F_WAB, /* also write the same GPR index in bank B */
	XNIC_F_A, /* source operand A */
	XNIC_F_B, /* source operand B */
	XNIC_F_ALUOP, /* enum xnic_aluop */
	XNIC_F_SHT, /* enum xnic_shift */
	XNIC_F_SHAMT, /* shift amount 0..31 */
	XNIC_F_SHIND, /* amount from the previous ALU result bits 4..0 */
	XNIC_F_IMM16,
	XNIC_F_BSHIFT, /* immed: byte shift 0..3 */
	XNIC_F_INV, /* immed: invert the shifted value */
	XNIC_F_PART, /* immed: 0 whole word, 1 low half, 2 high half */
	XNIC_F_BMASK, /* ld_field: byte-enable mask */
	XNIC_F_ROT, /* ld_field: rotate-right amount */
	XNIC_F_CLR, /* ld_field: clear the bytes not enabled */
	XNIC_F_COND, /* enum xnic_cond */
	XNIC_F_DEFER, /* 0..3 defer slots */
	XNIC_F_TARGET, /* absolute code address */
	XNIC_F_BIT, /* br_bit: bit number */
	XNIC_F_SENSE, /* br_bit: 1 = branch if set; br_byte: 1 = if equal */
	XNIC_F_BYTE, /* br_byte: byte index 0..3 */
	XNIC_F_BVAL, /* br_byte: compared value */
	XNIC_F_MTGT, /* enum xnic_mem_target */
	XNIC_F_MACT, /* enum xnic_mem_action */
	XNIC_F_XFER, /* first transfer register */
	XNIC_F_CNT, /* words (bytes for write_b) minus one */
	XNIC_F_SIG, /* signal number 0..15 */
	XNIC_F_CTX, /* enum xnic_ctx_mode */
	XNIC_F_CSR, /* enum xnic_csr */
	XNIC_F_MTYPE, /* enum xnic_mul_type */
	XNIC_F_MSTEP, /* enum xnic_mul_step */
	XNIC_F_SIGMASK, /* ctx_arb: signals waited for */
	XNIC_F_ARB, /* enum xnic_arb */
	XNIC_F_FWID, /* firmware routine number */
	XNIC_F_COUNT
};

/*
 * Operand codes (10 bits), shared by every operand field.  Sources and
 * destinations use the same space; the codec rejects a code in the wrong
 * role (a transfer-in register as a destination, an immediate as one...).
 */
#define XNIC_OPND_GPR_A 0x000 /* a0..a31 */
#define XNIC_OPND_GPR_B 0x020 /* b0..b31 */
#define XNIC_OPND_XIN 0x040 /* $xi0..$xi31: transfer-in (read side) */
#define XNIC_OPND_XOUT 0x060 /* $xo0..$xo31: transfer-out (write side) */
#define XNIC_OPND_LM 0x080 /* lm<i>[off], lm<i>++, lm<i>-- */
#define XNIC_OPND_NN 0x100 /* nn0..nn127: next-neighbour registers */
#define XNIC_OPND_IMM 0x180 /* 0..255 */
#define XNIC_OPND_NONE 0x3ff /* "--": no operand / no destination */

#define XNIC_NR_GPR 32 /* per bank, per context */
#define XNIC_NR_XFER 32 /* each of in and out, per context */
#define XNIC_NR_NN 128 /* per ME */
#define XNIC_NR_LM_INDEX 4 /* LM index pointers per context */
#define XNIC_LM_SUB_POSTINC 16 /* within an LM index's 32 codes */
#define XNIC_LM_SUB_POSTDEC 17

enum xnic_opnd_class {
	XNIC_OC_INVALID,
	XNIC_OC_GPR_A,
	XNIC_OC_GPR_B,
	XNIC_OC_XIN,
	XNIC_OC_XOUT,
	XNIC_OC_LM,
	XNIC_OC_NN,
	XNIC_OC_IMM,
	XNIC_OC_NONE,
};

static inline u32 xnic_gpr_a(u32 n)
{
	return XNIC_OPND_GPR_A + n;
}

static inline u32 xnic_gpr_b(u32 n)
{
	return XNIC_OPND_GPR_B + n;
}

static inline u32 xnic_xin(u32 n)
{
	return XNIC_OPND_XIN + n;
}

static inline u32 xnic_xout(u32 n)
{
	return XNIC_OPND_XOUT + n;
}

static inline u32 xnic_imm(u32 v)
{
	return XNIC_OPND_IMM + v;
}

static inline u32 xnic_nn(u32 n)
{
	return XNIC_OPND_NN + n;
}

/* LM word at index pointer idx plus off words (off 0..15). */
static inline u32 xnic_lm(u32 idx, u32 off)
{
	return XNIC_OPND_LM + idx * 32 + off;
}

static inline u32 xnic_lm_postinc(u32 idx)
{
	return XNIC_OPND_LM + idx * 32 + XNIC_LM_SUB_POSTINC;
}

static inline u32 xnic_lm_postdec(u32 idx)
{
	return XNIC_OPND_LM + idx * 32 + XNIC_LM_SUB_POSTDEC;
}

enum xnic_opnd_class xnic_opnd_class(u32 code);

/*
 * Bank-rule group of a source operand: 1 = GPR bank A, 2 = GPR bank B,
 * 3 = any non-GPR operand, 0 = none.  Two sources of one instruction may
 * not share a non-zero group.
 */
u32 xnic_opnd_bank_group(u32 code);

enum xnic_aluop {
	XNIC_ALU_PASS, /* B */
	XNIC_ALU_ADD, /* A + B */
	XNIC_ALU_ADDC, /* A + B + carry */
	XNIC_ALU_SUB, /* A - B */
	XNIC_ALU_SUBC, /* A - B - borrow */
	XNIC_ALU_AND,
	XNIC_ALU_OR,
	XNIC_ALU_XOR,
	XNIC_ALU_NOT, /* ~B */
	XNIC_ALU_ANDN, /* A & ~B */
	XNIC_ALU_COUNT
};

enum xnic_shift {
	XNIC_SH_LSL,
	XNIC_SH_LSR,
	XNIC_SH_ASR,
	XNIC_SH_ROR,
	XNIC_SH_DSHR, /* shf only: low word of (A:B) >> n */
	XNIC_SH_COUNT
};

/*
 * Conditions on the flags Z, N, C, V set by every ALU instruction.  C is
 * the carry out of an addition and the borrow of a subtraction, so after
 * "A - B": lo (C set) is A < B unsigned, hs is A >= B unsigned.
 */
enum xnic_cond {
	XNIC_CC_EQ,
	XNIC_CC_NE,
	XNIC_CC_MI,
	XNIC_CC_PL,
	XNIC_CC_LO, /* C */
	XNIC_CC_HS, /* !C */
	XNIC_CC_VS,
	XNIC_CC_VC,
	XNIC_CC_GE, /* N == V */
	XNIC_CC_LT, /* N != V */
	XNIC_CC_GT, /* !Z && N == V */
	XNIC_CC_LE, /* Z || N != V */
	XNIC_CC_HI, /* !C && !Z */
	XNIC_CC_LS, /* C || Z */
	XNIC_CC_AL,
	XNIC_CC_COUNT
};

enum xnic_mem_target {
	XNIC_MEM_CLS,
	XNIC_MEM_CTM,
	XNIC_MEM_IMEM,
	XNIC_MEM_EMEM,
	XNIC_MEM_COUNT
};

/*
 * Memory actions.  Data leaves from $xo[xfer..] and returns into
 * $xi[xfer..].  Atomics work on 1 word (32-bit) or 2 words (64-bit,
 * little-endian pair); cmpxchg takes the expected value in the first cnt
 * transfer-out registers and the new value in the next cnt.
 */
enum xnic_mem_action {
	XNIC_MA_READ, /* cnt words -> $xi */
	XNIC_MA_WRITE, /* cnt words <- $xo */
	XNIC_MA_WRITE_B, /* cnt bytes <- $xo, from the low byte of $xo[n] */
	XNIC_MA_ADD, /* mem += $xo, no return */
	XNIC_MA_ADD_RET, /* $xi = old; mem += $xo */
	XNIC_MA_AND_RET,
	XNIC_MA_OR_RET,
	XNIC_MA_XOR_RET,
	XNIC_MA_SWAP, /* $xi = old; mem = $xo */
	XNIC_MA_CMPXCHG, /* $xi = old; if old == cmp: mem = new */
	XNIC_MA_TAS, /* test-and-set: $xi = old; mem |= $xo */
	XNIC_MA_COUNT
};

/* What the issuing context does after a memory command. */
enum xnic_ctx_mode {
	XNIC_CTX_SWAP, /* swap out until the signal */
	XNIC_CTX_SWAP_DEFER1, /* run 1 more instruction, then swap */
	XNIC_CTX_SWAP_DEFER2,
	XNIC_CTX_SIG_ONLY, /* keep running; wait later with ctx_arb */
	XNIC_CTX_COUNT
};

enum xnic_csr {
	XNIC_CSR_LM_ADDR0,
	XNIC_CSR_LM_ADDR1,
	XNIC_CSR_LM_ADDR2,
	XNIC_CSR_LM_ADDR3,
	XNIC_CSR_TIMESTAMP_LO,
	XNIC_CSR_TIMESTAMP_HI,
	XNIC_CSR_PRNG,
	XNIC_CSR_CTX_NUM,
	XNIC_CSR_ME_NUM,
	XNIC_CSR_COUNT
};

enum xnic_mul_type {
	XNIC_MUL_24X8, /* A[23:0] * B[7:0]: 1 step */
	XNIC_MUL_16X16, /* A[15:0] * B[15:0]: 2 steps */
	XNIC_MUL_32X32, /* A * B, 64-bit product: 4 steps */
	XNIC_MUL_COUNT
};

enum xnic_mul_step {
	XNIC_MSTEP_START, /* latch A and B, clear the product */
	XNIC_MSTEP_STEP, /* multiply in the next 8 bits of B */
	XNIC_MSTEP_LAST, /* dst = product bits 31..0 */
	XNIC_MSTEP_LAST_HI, /* dst = product bits 63..32 */
	XNIC_MSTEP_COUNT
};

enum xnic_arb {
	XNIC_ARB_WAIT_ALL, /* sleep until every signal in the mask */
	XNIC_ARB_YIELD, /* voluntary swap; mask must be empty */
	XNIC_ARB_WAIT_ANY,
	XNIC_ARB_COUNT
};

/* Firmware routines reached with fwcall (see docs/abi.md). */
enum xnic_fw_routine {
	XNIC_FW_MAP_LOOKUP,
	XNIC_FW_MAP_UPDATE,
	XNIC_FW_MAP_DELETE,
	XNIC_FW_ADJUST_HEAD,
	XNIC_FW_ADJUST_TAIL,
	XNIC_FW_PRANDOM,
	XNIC_FW_KTIME,
	XNIC_FW_PERF_OUTPUT,
	XNIC_FW_CSUM_DIFF,
	XNIC_FW_UDIV64, /* a / b, a % b on 64-bit unsigned */
	XNIC_FW_SDIV64, /* signed, BPF semantics */
	XNIC_FW_COUNT
};

/* A decoded instruction: its kind and the value of each field it uses. */
struct xnic_insn {
	u32 kind;
	u32 f[XNIC_F_COUNT];
};

struct xnic_field_desc {
	u8 field; /* enum xnic_field */
	u8 lo; /* lowest bit */
	u8 width;
};

#define XNIC_KIND_MAX_FIELDS 10

/* How a kind's operand fields are used (for the bank rule and roles). */
enum xnic_kind_flags {
	XNIC_KF_READS_A = 1u << 0,
	XNIC_KF_READS_B = 1u << 1,
	XNIC_KF_WRITES_DST = 1u << 2,
	XNIC_KF_BRANCH = 1u << 3, /* may change the PC: not in defer slots */
	XNIC_KF_SETS_CC = 1u << 4,
};

struct xnic_kind_desc {
	const char *name;
	u8 opcode;
	u8 nfields;
	u16 flags;
	struct xnic_field_desc fields[XNIC_KIND_MAX_FIELDS];
};

/*
 * Assembler mnemonics.  Each names a kind, fixes up to two of its fields
 * and gives a syntax template that the assembler parses and the
 * disassembler prints (see isa_text.c for the template letters).
 */
struct xnic_mnemonic {
	const char *name;
	u8 kind;
	u8 nfixed;
	u8 fixed_field[2];
	u32 fixed_value[2];
	const char *syntax;
};

extern const struct xnic_kind_desc xnic_kinds[XNIC_K_COUNT];
extern const struct xnic_mnemonic xnic_mnemonics[];
extern const u32 xnic_nr_mnemonics;

/* Names of enumerated field values, indexed by value. */
extern const char *const xnic_aluop_names[XNIC_ALU_COUNT];
extern const char *const xnic_shift_names[XNIC_SH_COUNT];
extern const char *const xnic_cond_names[XNIC_CC_COUNT];
extern const char *const xnic_mem_target_names[XNIC_MEM_COUNT];
extern const char *const xnic_mem_action_names[XNIC_MA_COUNT];
extern const char *const xnic_csr_names[XNIC_CSR_COUNT];
extern const char *const xnic_mul_type_names[XNIC_MUL_COUNT];
extern const char *const xnic_mul_step_names[XNIC_MSTEP_COUNT];
extern const char *const xnic_fw_names[XNIC_FW_COUNT];

/* Does kind use field? Returns its descriptor or NULL. */
const struct xnic_field_desc *xnic_kind_field(u32 kind, u32 field);

/* Start an instruction of a kind with every operand field "none". */
void xnic_insn_init(struct xnic_insn *insn, u32 kind);

/*
 * Check an instruction against every rule of the ISA (field ranges,
 * operand roles, the bank rule, transfer register ranges ...).  Returns 0
 * or -EINVAL with a message in err.
 */
int xnic_insn_check(const struct xnic_insn *insn, char *err, u32 errlen);

/* Encode (after xnic_insn_check) and decode (with the same checks). */
int xnic_encode(const struct xnic_insn *insn, u64 *word, char *err,
		u32 errlen);
int xnic_decode(u64 word, struct xnic_insn *insn, char *err, u32 errlen);

/* Print an operand code ("a3", "$xi0", "lm1[2]", "17", "--"). */
int xnic_opnd_name(u32 code, char *buf, u32 len);

/* Disassemble one instruction in assembler syntax; targets as "@N". */
int xnic_disasm(const struct xnic_insn *insn, char *buf, u32 len);

/* The assembler mnemonic an instruction prints as (NULL if none). */
const struct xnic_mnemonic *xnic_mnemonic_of(const struct xnic_insn *insn);

/* Number of defer slots an instruction's kind and fields call for. */
u32 xnic_insn_defer(const struct xnic_insn *insn);

#endif /* XNIC_ISA_H */
