/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * BPF text assembler and disassembler (host library, tools/lib/).
 *
 * The syntax is the bpf_conformance suite's, as its vectors use it:
 *
 *   mov32 %r0, 0           add %r1, %r2          neg32 %r0
 *   sdiv %r0, -3           movsx832 %r2, %r1     be16 %r0  le64 %r0
 *   bswap16 %r0 (also swap16)                    lddw %r0, 0x1122334455667788
 *   ldxh %r0, [%r1+2]      ldxsb %r0, [%r10-1]   stw [%r10-4], 7
 *   stxdw [%r10-8], %r0    lock fetch add32 [%r10-4], %r1
 *   lock xchg [%r10-8], %r1                      lock cmpxchg32 [%r10-8], %r1
 *   ja label  ja +3  ja32 label (also gotol)     jeq32 %r1, 0xfffffffc, label
 *   call 5    call local func1   call %r2   call runtime 7   exit
 *   label:    # comment to the end of the line
 *
 * Suffix 32 selects the ALU / JMP32 class, none (or 64) the 64-bit one.
 * Immediates are decimal or 0x hex, optionally signed; a 32-bit field
 * takes -2^31 .. 2^32-1.  Jump targets are labels or signed offsets
 * (+N / -N, relative to the next instruction).  As in the suite, the
 * label "exit" names the first exit instruction unless defined explicitly.
 * Extensions: "ldabs{b,h,w} imm", "ldind{b,h,w} %rS, imm", and
 * ".insn 0x<16 hex digits>" for any raw 64-bit instruction word (the
 * suite's "-- raw" encoding: opcode in the low byte).
 */
#ifndef XNIC_BPF_ASM_H
#define XNIC_BPF_ASM_H

#include "compat.h"

/*
 * Assemble text.  On success returns 0, *insns (free() it) and *cnt.  On
 * failure returns -EINVAL and writes "line N: reason" to err, where N is
 * first_line + the line's index in text (pass 1 for plain text, or the
 * line number of the first line in an enclosing file).
 */
int xnic_bpf_asm(const char *text, unsigned int first_line,
		 struct bpf_insn **insns, u32 *cnt, char *err, size_t errlen);

/* Name jump and call targets L<pc> instead of printing +N offsets. */
#define XNIC_BPF_DISASM_LABELS 0x1

/*
 * Disassemble the instruction at pc into buf (no newline, offsets as
 * +N/-N).  Returns how many slots it used (2 for lddw), or -EINVAL when pc
 * is out of range.  Instructions the syntax cannot express exactly
 * (unknown opcodes, stray bits in unused fields) print as ".insn 0x...",
 * so assembling the output always gives back the same bytes.
 */
int xnic_bpf_disasm_insn(const struct bpf_insn *insns, u32 cnt, u32 pc,
			 char *buf, size_t len);

/* Whole program, one instruction per line.  Returns malloc'd text or NULL. */
char *xnic_bpf_disasm(const struct bpf_insn *insns, u32 cnt,
		      unsigned int flags);

/*
 * Write insns as a relocatable BPF ELF object like clang's: the main
 * function in section sec ("xdp", "tc", ...: libbpf takes the program type
 * from it) under a global function symbol func, local-call targets as
 * static functions in .text (called through relocations, as libbpf
 * wants), plus a GPL "license" section.  A jump from one function into
 * another is refused (-EINVAL).  Returns 0, or a negative errno with err.
 */
int xnic_bpf_asm_write_elf(FILE *f, const struct bpf_insn *insns, u32 cnt,
			   const char *sec, const char *func, char *err,
			   size_t errlen);

/* The suite's raw word: code | regs << 8 | off << 16 | imm << 32. */
u64 xnic_bpf_insn_to_u64(const struct bpf_insn *in);
struct bpf_insn xnic_bpf_insn_from_u64(u64 w);

#endif /* XNIC_BPF_ASM_H */
