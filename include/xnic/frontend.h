/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Host front end: a clang-built BPF ELF object -> struct xnic_prog.
 *
 * Programs are picked by section or function name; the program type comes
 * from the section ("xdp..." -> XDP, "tc..." or "classifier..." -> TC).  Map
 * references (BTF-defined .maps, legacy "maps", and .rodata/.data/.bss globals)
 * become map indices, called subprograms are appended and their call offsets
 * fixed, and BTF line info becomes file:line per insn.  Host-only
 * (libbpf + libelf): lives in tools/lib/.
 */
#ifndef XNIC_FRONTEND_H
#define XNIC_FRONTEND_H

#include "compat.h"
#include "prog.h"

struct xnic_obj;

/*
 * Open @path and select the program whose section or function name is
 * @sec_or_prog (NULL: the first XDP/TC program).  Returns 0, or a negative
 * errno with a one-line reason in err.
 */
int xnic_obj_open(const char *path, const char *sec_or_prog,
		  struct xnic_obj **out, char *err, size_t errlen);
/* Same from memory; @name is used in messages and as the file name. */
int xnic_obj_open_mem(const void *data, size_t size, const char *name,
		      const char *sec_or_prog, struct xnic_obj **out, char *err,
		      size_t errlen);
const struct xnic_prog *xnic_obj_prog(const struct xnic_obj *obj);
const char *xnic_obj_section(const struct xnic_obj *obj);
void xnic_obj_close(struct xnic_obj *obj);

struct xnic_obj_prog_info {
	const char *name; /* function */
	const char *section;
	int type;     /* enum xnic_prog_type, or -1 for other program types */
	u32 insn_cnt; /* before subprograms are appended */
};

/* Call @cb for every program of the object; returns the count or -errno. */
int xnic_obj_list(const char *path,
		  void (*cb)(void *ctx, const struct xnic_obj_prog_info *info),
		  void *ctx, char *err, size_t errlen);

/*
 * Load prog into the running kernel (maps created from prog->maps) as
 * BPF_PROG_TYPE_XDP or SCHED_CLS, for agreement tests and benchmarks.
 * Returns 0 when the kernel accepts it, -errno otherwise; log receives
 * the kernel verifier's log when non-NULL.  *load_ns gets the duration of
 * the BPF_PROG_LOAD call when non-NULL.
 */
int xnic_obj_kernel_load(const struct xnic_prog *prog, char *log, size_t loglen,
			 u64 *load_ns);
/* Whether BPF_PROG_LOAD works here; why says why not. */
bool xnic_obj_kernel_available(char *why, size_t whylen);

#endif /* XNIC_FRONTEND_H */
