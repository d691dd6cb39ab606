/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A program image: what the JIT produces and the firmware loads.  The
 * in-memory form is shared by the host tools, the simulator and the
 * driver; the host writes and reads it as an ELF file (tools/lib/
 * image_elf.c, layout in docs/abi.md).  Everything here depends only on
 * the JIT's inputs, so host and driver images are byte-identical before
 * load-time relocation.
 */
#ifndef XNIC_IMAGE_H
#define XNIC_IMAGE_H

#include "isa.h"
#include "prog.h"

#define XNIC_ABI_VERSION 1

/*
 * TC programs' __sk_buff fields without a firmware register (pkt_type,
 * mark, priority, cb[], tc_index, ...) live in the packet buffer's
 * headroom: field f is the word at data - XNIC_TC_CTX_OFF + f
 * (docs/abi.md).  TC programs cannot move data, so this stays put.
 */
#define XNIC_TC_CTX_OFF 240

/*
 * Load-time relocations.  Each patches the 16-bit immediates of an
 * "immed[abN, lo]" / "immed_w1[abN, hi]" pair at insn and insn + 1 with
 * a 32-bit chip address computed by the loader.
 */
enum xnic_reloc_type {
	XNIC_RELO_MAP_DESC, /* address of map's descriptor + addend */
	XNIC_RELO_MAP_VALUE, /* ARRAY: address of the first value + addend */
};

struct xnic_reloc {
	u32 insn;
	u16 type;
	u16 map;
	u32 addend;
};

struct xnic_image {
	u32 abi_version;
	u32 prog_type; /* enum xnic_prog_type */
	u32 stack_size; /* bytes of LM stack the program uses */
	u32 flags;
	char name[XNIC_NAME_LEN];
	u64 *code;
	u32 code_len; /* words */
	struct xnic_map_def *maps;
	u32 map_cnt;
	struct xnic_reloc *relocs;
	u32 reloc_cnt;
	/*
	 * Line table: BPF insn i occupies microcode words
	 * [insn_start[i], insn_start[i + 1]); bpf_insn_cnt + 1 entries.
	 * Empty for hand-assembled images.
	 */
	u32 *insn_start;
	u32 bpf_insn_cnt;
	struct xnic_line_info *lines; /* BPF insn -> file:line:col */
	u32 line_cnt;
	char **files;
	u32 file_cnt;
};

/* Free everything an image owns (not the struct itself). */
void xnic_image_release(struct xnic_image *img);

#endif /* XNIC_IMAGE_H */
