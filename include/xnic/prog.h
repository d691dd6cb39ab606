/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A BPF program as the xnic core sees it, whichever world it came from:
 * the host front end fills it from a clang object (libbpf + libelf), the
 * driver fills it from the prepare-time snapshot of the kernel's program.
 *
 * Conventions shared by both producers:
 *  - ld_imm64 with src_reg BPF_PSEUDO_MAP_FD has imm = index into maps[];
 *    with BPF_PSEUDO_MAP_VALUE, imm = map index and the second half's imm
 *    is the offset into the value (as the kernel's uapi defines them).
 *  - BPF_CALL with src_reg BPF_PSEUDO_CALL has imm = relative insn offset;
 *    with src_reg 0, imm = enum bpf_func_id.
 */
#ifndef XNIC_PROG_H
#define XNIC_PROG_H

#include "compat.h"

enum xnic_prog_type {
	XNIC_PROG_XDP = 0,
	XNIC_PROG_TC = 1, /* SCHED_CLS, direct action */
};

#define XNIC_NAME_LEN 32

/* Bytes a BPF load or store moves, from its opcode's size field. */
static inline u32 xnic_bpf_size_bytes(u8 code)
{
	static const u8 sz[4] = {4, 2, 1, 8}; /* BPF_W, BPF_H, BPF_B, BPF_DW */

	return sz[BPF_SIZE(code) >> 3];
}

struct xnic_map_def {
	char name[XNIC_NAME_LEN];
	u32 type; /* enum bpf_map_type */
	u32 key_size;
	u32 value_size;
	u32 max_entries;
	u32 flags;
};

/* One line-info record: BPF insn index -> file:line:col. */
struct xnic_line_info {
	u32 insn_off;
	u32 file; /* index into xnic_prog.files */
	u32 line;
	u32 col;
};

struct xnic_prog {
	const char *name;
	enum xnic_prog_type type;
	const struct bpf_insn *insns;
	u32 insn_cnt;
	const struct xnic_map_def *maps;
	u32 map_cnt;
	const struct xnic_line_info *lines; /* sorted by insn_off */
	u32 line_cnt;
	const char *const *files;
	u32 file_cnt;
};

#endif /* XNIC_PROG_H */
