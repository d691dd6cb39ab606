/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Reference BPF interpreter (ISA v4, RFC 9669).
 *
 * A deliberately plain, obviously-correct executor used as the second
 * opinion beside the JIT + simulator: by the conformance tools, by unit
 * tests, and (it is core code) by the driver for cross-checks.  It is
 * freestanding and cannot touch memory it was not given:
 *
 *  - Programs see virtual addresses, never host pointers.  The caller's
 *    memory buffer appears at XNIC_BPF_INTERP_MEM_BASE, the stack at
 *    XNIC_BPF_INTERP_STACK_BASE; every load, store and atomic is checked
 *    against these regions (plus any extra regions the caller adds).
 *  - Execution is bounded by max_insns; call depth by
 *    XNIC_BPF_INTERP_MAX_FRAMES.
 *  - A malformed program is an error with a message naming the pc, never a
 *    host fault.
 *
 * Entry state (the bpf_conformance conventions): r1 = address of the
 * memory buffer (0 when there is none), r2 = its length, r10 = top of a
 * zeroed 512-byte stack frame, every other register 0.  Each bpf-to-bpf
 * call gets its own 512-byte frame below its caller's; r6-r9 are restored
 * on return.  Division by zero gives 0, modulo by zero leaves the dividend.
 * Memory is little-endian whatever the host.
 */
#ifndef XNIC_BPF_INTERP_H
#define XNIC_BPF_INTERP_H

#include "compat.h"

#define XNIC_BPF_INTERP_STACK_SIZE	  512
#define XNIC_BPF_INTERP_MAX_FRAMES	  8
#define XNIC_BPF_INTERP_MAX_REGIONS	  8
#define XNIC_BPF_INTERP_DEFAULT_MAX_INSNS 1000000ULL
#define XNIC_BPF_INTERP_MSG_LEN		  128

/*
 * Far apart and far from 0, so that a NULL or small-integer "pointer"
 * always faults and no region can overflow into another.
 */
#define XNIC_BPF_INTERP_MEM_BASE	  0x0000001000000000ULL
#define XNIC_BPF_INTERP_STACK_BASE	  0x0000002000000000ULL
#define XNIC_BPF_INTERP_EXTRA_BASE	  0x0000003000000000ULL

struct xnic_bpf_interp;

/*
 * A helper: args are r1-r5; the return value goes to r0.  Return 0, or a
 * negative errno to abort the program (the error is reported as-is).
 * Pointer arguments are virtual; use xnic_bpf_interp_translate().
 */
typedef int (*xnic_bpf_helper_fn)(struct xnic_bpf_interp *ip, void *priv,
				  const u64 args[5], u64 *ret);

/* Memory the program may reach besides the buffer and the stack. */
struct xnic_bpf_interp_region {
	u64 vaddr;
	u8 *host;
	u32 len;
	bool writable;
};

struct xnic_bpf_interp_cfg {
	const struct bpf_insn *insns;
	u32 insn_cnt;
	u8 *mem; /* may be NULL; writable by the program */
	u32 mem_len;
	const struct xnic_bpf_interp_region *extra; /* may be NULL */
	u32 extra_cnt;
	/* helpers[id] for "call id" and callx; NULL entries are unknown */
	const xnic_bpf_helper_fn *helpers;
	u32 helper_cnt;
	void *helper_priv;
	u64 max_insns; /* 0: XNIC_BPF_INTERP_DEFAULT_MAX_INSNS */
	/*
	 * Optional: called before each instruction with its pc and r0-r10,
	 * to compare a run step by step with another engine's.
	 */
	void (*trace)(void *priv, u32 pc, const u64 regs[MAX_BPF_REG]);
	void *trace_priv;
	/*
	 * Optional: the value of an lddw whose src_reg is a pseudo source
	 * (BPF_PSEUDO_MAP_FD, BPF_PSEUDO_MAP_VALUE, ...: imm and next_imm as
	 * in prog.h), typically the vaddr of an extra region; helper_priv is
	 * passed along.  Without it such an lddw is -EINVAL.
	 */
	int (*resolve_ld64)(struct xnic_bpf_interp *ip, void *priv, u8 src_reg,
			    s32 imm, s32 next_imm, u64 *value);
};

struct xnic_bpf_interp_result {
	u64 r0;
	u64 insns_executed;
	u32 pc;	 /* of the failing instruction when err != 0 */
	int err; /* 0 or a negative errno, as returned by run() */
	char msg[XNIC_BPF_INTERP_MSG_LEN]; /* why, when err != 0 */
};

/*
 * Run a program to its final exit.  Returns 0 with res->r0 set, or a
 * negative errno with res->msg saying why:
 *   -EINVAL  malformed or unsupported instruction, jump out of the program
 *   -EFAULT  memory access outside every region (or a store to read-only)
 *   -ELOOP   more than max_insns instructions executed
 *   -E2BIG   call depth above XNIC_BPF_INTERP_MAX_FRAMES
 *   -ENOENT  call to a helper that is not in the table
 *   -ENOMEM  no memory for the run state
 *   other    a helper's own error
 */
int xnic_bpf_interp_run(const struct xnic_bpf_interp_cfg *cfg,
			struct xnic_bpf_interp_result *res);

/*
 * For helpers: the host address of [vaddr, vaddr + len) if it lies inside
 * one region (and that region is writable when write is set), else NULL.
 */
u8 *xnic_bpf_interp_translate(struct xnic_bpf_interp *ip, u64 vaddr, u32 len,
			      bool write);

#endif /* XNIC_BPF_INTERP_H */
