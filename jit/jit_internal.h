/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Internals of the BPF -> microcode JIT (jit_*.c).  docs/jit.md explains
 * the register conventions and every lowering.
 *
 * Register conventions (docs/abi.md): BPF Rn lives in GPR pair 2n/2n+1,
 * always written to both banks, so a BPF register is read from bank A on
 * the A side and from bank B on the B side and two BPF registers can
 * always be combined.  R10 is never materialised: it is GPR 25, the
 * current frame's stack top.  GPRs 20, 21 and 27..31 are JIT scratch,
 * also written to both banks.
 */
#ifndef XNIC_JIT_INTERNAL_H
#define XNIC_JIT_INTERNAL_H

#include "xnic/jit.h"
#include "xnic/isa.h"

/* Firmware-provided GPRs (docs/abi.md). */
#define G_DATA 22
#define G_DATA_END 23
#define G_PKT_LEN 24
#define G_FP 25 /* R10 of the running frame */
#define G_IFINDEX 26

/* Scratch GPRs.  T4 belongs to jit_emit's bank-conflict fixer only. */
#define T0 27
#define T1 28
#define T2 29
#define T3 30
#define T4 31
#define S0 20
#define S1 21

/* The signal every memory command of the JIT raises and swaps on. */
#define JIT_SIG 1

#define PC_XFER 8
#define PC_WORDS 8

/* Call frames: saved return address and R6..R9 above each callee frame. */
#define JIT_SAVE_BYTES 40

/* Shift amount meaning "indirect" for e_shf(). */
#define JIT_SH_IND 0xffu

enum jit_fix_kind {
	FIX_BPF, /* branch TARGET <- first word of BPF insn */
	FIX_BODY, /* branch TARGET <- first word after a subprog prologue */
	FIX_LABEL, /* branch TARGET <- local label */
	FIX_IMM_LABEL, /* immed IMM16 <- local label (return addresses) */
};

struct jit_fix {
	u32 at; /* code index */
	u16 kind;
	u32 to;
};

struct jit_ctx {
	const struct xnic_prog *prog;
	const struct xnic_prog_meta *meta; /* NULL: generic lowering */
	const struct xnic_dev_caps *caps;
	struct xnic_diag *diag;
	int err;
	u32 cur; /* BPF insn being lowered */

	u64 *code;
	u32 len, cap, limit;
	u32 *insn_start; /* insn_cnt + 1 */
	u32 *body_start; /* per insn: after a subprog prologue */
	u8 *is_target; /* per insn: some jump or call lands here */
	u32 *subprog_of; /* per insn */
	u32 *labels;
	u32 nlabels, labelcap;
	struct jit_fix *fix;
	u32 nfix, fixcap;
	struct xnic_reloc *relocs;
	u32 nrelo, relocap;

	/* Subprograms: start insn, frame bytes, R6..R9 written (bit n-6). */
	u32 nsub;
	u32 *sub_start;
	u32 *sub_frame;
	u8 *sub_saves;
	u32 stack_total;

	/*
	 * Words before this index may not move into a defer slot (labels,
	 * branches, CSR writes and words with fixups or relocations).
	 */
	u32 barrier;
	/* Words before this index never move at all (hoisting). */
	u32 barrier_soft;
	/*
	 * Packet read cache: $xi[PC_XFER..] hold PC_WORDS words read from
	 * BPF register pc_base + pc_off while pc_valid.
	 */
	bool pc_valid;
	u8 pc_base;
	s32 pc_off;
	/* lm_addr0 holds R10 + lm0_off while lm0_valid (stack cache). */
	bool lm0_valid;
	s32 lm0_off;
};

/* Emission (jit_emit.c). */
void jit_fail(struct jit_ctx *c, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void jit_emit(struct jit_ctx *c, const struct xnic_insn *in);
u32 ra(u32 g);
u32 rb(u32 g);
void e_alu(struct jit_ctx *c, u32 dst, u32 a, u32 op, u32 b);
void e_mov(struct jit_ctx *c, u32 dst, u32 b);
void e_shf(struct jit_ctx *c, u32 dst, u32 a, u32 b, u32 sht, u32 amt);
void e_immed(struct jit_ctx *c, u32 dst, u32 imm16, u32 bshift, u32 inv,
	     u32 part);
void e_ldf(struct jit_ctx *c, u32 dst, u32 mask, u32 b, u32 rot, u32 clr);
void e_mem(struct jit_ctx *c, u32 tgt, u32 act, u32 xfer, u32 a, u32 b,
	   u32 cnt);
void e_mem_ctx(struct jit_ctx *c, u32 tgt, u32 act, u32 xfer, u32 a, u32 b,
	       u32 cnt, u32 ctx);
void e_csr_wr(struct jit_ctx *c, u32 csr, u32 a);
void e_csr_rd(struct jit_ctx *c, u32 dst, u32 csr);
void e_mul(struct jit_ctx *c, u32 dst, u32 a, u32 b, u32 type, u32 step);
void e_nop(struct jit_ctx *c);
void e_halt(struct jit_ctx *c);
void e_fwcall(struct jit_ctx *c, u32 id);
void e_rtn(struct jit_ctx *c, u32 a);
void e_const(struct jit_ctx *c, u32 g, u32 v);
void e_const_to(struct jit_ctx *c, u32 dst, u32 v);
u32 e_opnd_const(struct jit_ctx *c, u32 v, u32 scratch);
void e_br_bpf(struct jit_ctx *c, u32 cond, u32 insn, u32 kind);
void e_br_label(struct jit_ctx *c, u32 cond, u32 label);
void e_brbit_label(struct jit_ctx *c, u32 a, u32 bit, u32 sense, u32 label);
u32 jit_label_new(struct jit_ctx *c);
void jit_label_bind(struct jit_ctx *c, u32 label);
void jit_add_fix(struct jit_ctx *c, u32 at, u32 kind, u32 to);
void jit_add_reloc(struct jit_ctx *c, u32 type, u32 map, u32 addend);
void jit_barrier(struct jit_ctx *c);
u32 jit_hoist(struct jit_ctx *c, u32 from, u32 max);
int jit_resolve(struct jit_ctx *c);

/* Register helpers. */
static inline u32 lo_g(u32 r)
{
	return 2 * r;
}

static inline u32 hi_g(u32 r)
{
	return 2 * r + 1;
}

/* Source operands of BPF register r's low/high word on side A or B. */
u32 reg_lo(u32 r, bool side_a);
u32 reg_hi(u32 r, bool side_a);

/* Metadata access that tolerates meta == NULL. */
const struct xnic_insn_meta *jit_meta(const struct jit_ctx *c, u32 i);
bool jit_flag(const struct jit_ctx *c, u32 i, u32 flag);
bool jit_ptr_kind(u8 kind);
bool jit_dst_hi_zero(const struct jit_ctx *c);

/* Lowerings (one file each). */
void jit_alu(struct jit_ctx *c, const struct bpf_insn *insn);
void jit_jmp(struct jit_ctx *c, const struct bpf_insn *insn);
void jit_mem(struct jit_ctx *c, const struct bpf_insn *insn);
void jit_ld_abs(struct jit_ctx *c, const struct bpf_insn *insn);
void jit_atomic(struct jit_ctx *c, const struct bpf_insn *insn);
void jit_ld_imm64(struct jit_ctx *c, const struct bpf_insn *insn);
void jit_call(struct jit_ctx *c, const struct bpf_insn *insn);
void jit_exit(struct jit_ctx *c);
void jit_prologue(struct jit_ctx *c, u32 sub);
int jit_frames(struct jit_ctx *c);

/* Shared pieces of the memory lowering (jit_mem.c). */
void jit_addr(struct jit_ctx *c, u32 base, s32 off, u32 g);
void jit_lm_point(struct jit_ctx *c, u32 idx, u32 g_addr, u32 fill);
int jit_lm_window(struct jit_ctx *c, s32 x, u32 size);

#endif /* XNIC_JIT_INTERNAL_H */
