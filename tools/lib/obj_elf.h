/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Private to tools/lib/obj_*.c: the parsed ELF view of a BPF object. */
#ifndef XNIC_OBJ_ELF_H
#define XNIC_OBJ_ELF_H

#include <gelf.h>
#include <libelf.h>
#include <bpf/btf.h>
#include "xnic/frontend.h"

struct obj_sec {
	const char *name;
	GElf_Shdr sh;
	Elf_Data *data; /* NULL for NOBITS */
	int rel;	/* index of the SHT_REL section for it, or -1 */
};

struct obj_sym {
	const char *name;
	GElf_Sym sym;
};

struct obj_elf {
	const char *name; /* file name for messages */
	char *buf;
	size_t size;
	Elf *elf;
	struct obj_sec *secs;
	u32 nsec;
	struct obj_sym *syms;
	u32 nsyms;
	int maps_sec;	/* ".maps" (BTF-defined) */
	int legacy_sec; /* "maps" */
	int btf_sec, btf_ext_sec;
	struct btf *btf;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3))) int obj_fail(struct obj_elf *o,
						   const char *fmt, ...);
int obj_elf_parse(struct obj_elf *o, const void *data, size_t size);
void obj_elf_free(struct obj_elf *o);
bool obj_sec_is_prog(const struct obj_elf *o, u32 i);
int obj_prog_type(const char *sec);
/* The symbol of a function covering byte offset off of section sec. */
int obj_func_at(const struct obj_elf *o, u32 sec, u64 off);

#endif /* XNIC_OBJ_ELF_H */
