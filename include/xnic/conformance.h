/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * bpf_conformance vectors (host library, tools/lib/conformance*.c):
 * the .data reader, the execution backends and the per-vector check that
 * xnic-conformance, xnic-conformance-plugin and the tests share.
 *
 * Vector format: ../shared/conformance/README.md.  A backend runs one
 * program on one memory buffer and reports r0; the checker compares that
 * with the vector.  Backends:
 *   "sim"     verify -> JIT -> cycle-accurate simulator (the NIC); see
 *             tools/lib/conformance_sim.c
 *   "interp"  the reference interpreter, jit/bpf_interp.c
 *   "exec"    any external bpf_conformance plugin (program path as the
 *             open() argument), e.g. xnic-conformance-plugin itself
 */
#ifndef XNIC_CONFORMANCE_H
#define XNIC_CONFORMANCE_H

#include "compat.h"
#include "bpf_interp.h"

struct xnic_conformance_vector {
	char *name;		/* file name without directory and ".data" */
	struct bpf_insn *insns; /* what runs: "-- raw" if present, else asm */
	u32 insn_cnt;
	struct bpf_insn *asm_insns; /* the assembled "-- asm" (NULL if none) */
	u32 asm_cnt;
	bool from_raw;
	u8 *mem; /* NULL when the vector has no "-- mem" */
	u32 mem_len;
	bool has_result;
	u64 result;
	char *error; /* expected error text, or NULL */
	char *notes; /* "-- c" and "-- no register offset" text, or NULL */
};

/*
 * Parse one vector's text.  name labels it; errors read
 * "NAME:LINE: reason".  Returns 0 or -EINVAL / -ENOMEM.
 */
int xnic_conformance_parse(const char *text, const char *name,
			   struct xnic_conformance_vector *v, char *err,
			   size_t errlen);
/* Read and parse a .data file. */
int xnic_conformance_load(const char *path, struct xnic_conformance_vector *v,
			  char *err, size_t errlen);
void xnic_conformance_vector_free(struct xnic_conformance_vector *v);

/*
 * Sorted list of the *.data files in dir (malloc'd paths, the array
 * NULL-terminated; free with xnic_conformance_free_list).  NULL with errno
 * set when dir cannot be read.
 */
char **xnic_conformance_list(const char *dir, u32 *count);
void xnic_conformance_free_list(char **list);

/* What backend->run returns. */
#define XNIC_CONFORMANCE_RAN	  0 /* *r0 is the result */
#define XNIC_CONFORMANCE_REJECTED 1 /* refused on purpose; why says why */
/* anything negative: the run failed (why says how) */

struct xnic_conformance_backend {
	const char *name;
	const char *description;
	/* highest ISA version (1-4) it runs; newer vectors are skipped; 0: all
	 */
	unsigned int isa_version;
	/* optional: set up a context; arg is the --backend NAME:ARG part */
	int (*open)(const char *arg, void **ctx, char *why, size_t whylen);
	/*
	 * mem is the backend's to modify; r1 = mem, r2 = mem_len on entry.
	 * Backends leave the program's final memory in it (--fuzz compares
	 * it), unless no_mem_out says they cannot (an external plugin).
	 */
	int (*run)(void *ctx, const struct bpf_insn *insns, u32 cnt, u8 *mem,
		   u32 mem_len, u64 *r0, char *why, size_t whylen);
	void (*close)(void *ctx); /* optional */
	bool no_mem_out;
};

/*
 * The NIC backend, or NULL while it is not available.  Implemented in
 * tools/lib/conformance_sim.c by the JIT/simulator work.
 */
const struct xnic_conformance_backend *xnic_conformance_sim_backend(void);
const struct xnic_conformance_backend *xnic_conformance_interp_backend(void);
const struct xnic_conformance_backend *xnic_conformance_exec_backend(void);
/* By name ("sim", "interp", "exec"); NULL if unknown or unavailable. */
const struct xnic_conformance_backend *
xnic_conformance_find_backend(const char *name);

/*
 * The ISA version a program needs (README: v1 base; v2 JLT/JLE/JSLT/JSLE;
 * v3 JMP32, atomics other than the original XADD, local calls; v4 sdiv,
 * smod, movsx, sign-extending loads, bswap, ja32).
 */
unsigned int xnic_conformance_isa_version(const struct bpf_insn *insns,
					  u32 cnt);

enum xnic_conformance_status {
	XNIC_CONFORMANCE_PASS,
	XNIC_CONFORMANCE_FAIL,
	XNIC_CONFORMANCE_SKIP,
};

struct xnic_conformance_outcome {
	enum xnic_conformance_status status;
	bool ran; /* got is meaningful */
	u64 got;
	char reason[256]; /* FAIL: expected vs got; SKIP: why */
};

/* Run one vector on a backend (with a private copy of its memory) and judge. */
void xnic_conformance_check(const struct xnic_conformance_backend *b, void *ctx,
			    const struct xnic_conformance_vector *v,
			    struct xnic_conformance_outcome *out);

/*
 * The interp backend's run with a trace hook (see struct
 * xnic_bpf_interp_cfg): what xnic-conformance --trace prints.
 */
int xnic_conformance_interp_trace(
	const struct bpf_insn *insns, u32 cnt, u8 *mem, u32 mem_len,
	void (*trace)(void *priv, u32 pc, const u64 regs[MAX_BPF_REG]),
	void *priv, struct xnic_bpf_interp_result *res);

/*
 * Random programs for differential testing (tools/lib/conformance_fuzz.c):
 * ALU, ALU64, ISA v4 ops, stack (and with use_mem, r1-buffer) loads,
 * stores and atomics, forward branches, counted loops, bpf-to-bpf calls;
 * always terminating and accepted by the kernel verifier.  The same *seed gives
 * the same program; *seed advances.
 */
#define XNIC_FUZZ_MAX_INSNS 128
#define XNIC_FUZZ_MEM_LEN   64

struct xnic_fuzz_prog {
	struct bpf_insn insns[XNIC_FUZZ_MAX_INSNS];
	u32 cnt;
	/* the main function's exit, after "mov r0, rX; rsh r0, 0" */
	u32 main_exit;
};

void xnic_conformance_fuzz_prog(u64 *seed, bool use_mem,
				struct xnic_fuzz_prog *p);

/* "00 01 ff" style hex bytes (blanks optional, "0x" ignored) -> bytes. */
int xnic_conformance_parse_hex(const char *s, u8 **out, u32 *len);

#endif /* XNIC_CONFORMANCE_H */
