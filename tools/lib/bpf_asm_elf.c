// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Assembled BPF as a relocatable ELF object, the shape clang produces for
 * one program: the code in a section named after the program type (so
 * libbpf, bpftool and xnic's front end pick the type from it), a global
 * function symbol over it, and a "license" section.  Written by hand (the
 * format is small and fixed), little-endian, EM_BPF.
 */
#include "xnic/bpf_asm.h"

#define EI_NIDENT    16
#define ET_REL	     1
#define EM_BPF	     247
#define SHT_PROGBITS 1
#define SHT_SYMTAB   2
#define SHT_STRTAB   3
#define SHF_WRITE    0x1
#define SHF_ALLOC    0x2
#define SHF_EXEC     0x4
#define STB_GLOBAL   1
#define STT_FUNC     2

enum {
	SEC_NULL,
	SEC_PROG,
	SEC_LICENSE,
	SEC_SYMTAB,
	SEC_STRTAB,
	SEC_SHSTRTAB,
	SEC_COUNT
};

struct out {
	u8 *buf;
	size_t len, cap;
};

static int put_bytes(struct out *o, const void *p, size_t n)
{
	if (o->len + n > o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 4096;
		u8 *nb;

		while (cap < o->len + n)
			cap *= 2;
		nb = realloc(o->buf, cap);
		if (!nb)
			return -ENOMEM;
		o->buf = nb;
		o->cap = cap;
	}
	memcpy(o->buf + o->len, p, n);
	o->len += n;
	return 0;
}

static int put_le(struct out *o, u64 v, int size)
{
	u8 b[8];
	int i;

	for (i = 0; i < size; i++)
		b[i] = (u8)(v >> (8 * i));
	return put_bytes(o, b, size);
}

static int align(struct out *o, size_t a)
{
	static const u8 zero[16];

	return put_bytes(o, zero, (a - o->len % a) % a);
}

struct shdr {
	u32 name, type;
	u64 flags, offset, size;
	u32 link, info;
	u64 addralign, entsize;
};

static int put_shdr(struct out *o, const struct shdr *s)
{
	return put_le(o, s->name, 4)		  ?:
		       put_le(o, s->type, 4)	  ?:
		       put_le(o, s->flags, 8)	  ?:
		       put_le(o, 0, 8) /* addr */ ?:
		       put_le(o, s->offset, 8)	  ?:
		       put_le(o, s->size, 8)	  ?:
		       put_le(o, s->link, 4)	  ?:
		       put_le(o, s->info, 4)	  ?:
		       put_le(o, s->addralign, 8) ?:
						    put_le(o, s->entsize, 8);
}

static bool has_local_call(const struct bpf_insn *insns, u32 cnt)
{
	u32 i;

	for (i = 0; i < cnt; i++)
		if (insns[i].code == (BPF_JMP | BPF_CALL) &&
		    insns[i].src_reg == BPF_PSEUDO_CALL)
			return true;
	return false;
}

int xnic_bpf_asm_write_elf(FILE *f, const struct bpf_insn *insns, u32 cnt,
			   const char *sec, const char *func, char *err,
			   size_t errlen)
{
	static const char license[] = "GPL";
	struct shdr sh[SEC_COUNT];
	struct out o = {0}, shstr = {0}, str = {0};
	u32 name_prog, name_lic, name_sym, name_str, name_shstr, func_name;
	u64 shoff;
	int ret = 0, i;
	u32 k;

	if (has_local_call(insns, cnt)) {
		snprintf(err, errlen,
			 "local calls are not supported in ELF output "
			 "(libbpf wants callees in .text with relocations); "
			 "write raw instructions instead");
		return -EINVAL;
	}
	memset(sh, 0, sizeof(sh));
	/* string tables: index 0 is the empty name */
	ret = put_bytes(&shstr, "", 1) ?: put_bytes(&str, "", 1);
	name_prog = (u32)shstr.len;
	ret = ret ?: put_bytes(&shstr, sec, strlen(sec) + 1);
	name_lic = (u32)shstr.len;
	ret = ret ?: put_bytes(&shstr, "license", 8);
	name_sym = (u32)shstr.len;
	ret = ret ?: put_bytes(&shstr, ".symtab", 8);
	name_str = (u32)shstr.len;
	ret = ret ?: put_bytes(&shstr, ".strtab", 8);
	name_shstr = (u32)shstr.len;
	ret = ret ?: put_bytes(&shstr, ".shstrtab", 10);
	func_name = (u32)str.len;
	ret = ret ?: put_bytes(&str, func, strlen(func) + 1);

	/* ELF header, filled with the section header offset at the end */
	ret = ret ?: put_bytes(&o, "\177ELF\2\1\1", 7);
	ret = ret ?: align(&o, EI_NIDENT);
	ret = ret				     ?:
		      put_le(&o, ET_REL, 2)	     ?:
		      put_le(&o, EM_BPF, 2)	     ?:
		      put_le(&o, 1, 4) /* version */ ?:
		      put_le(&o, 0, 8)		     ?:
		      put_le(&o, 0, 8) /* phoff */   ?:
		      put_le(&o, 0, 8) /* shoff */   ?:
		      put_le(&o, 0, 4) /* flags */   ?:
		      put_le(&o, 64, 2)		     ?:
		      put_le(&o, 0, 2)		     ?:
		      put_le(&o, 0, 2)		     ?:
		      put_le(&o, 64, 2)		     ?:
		      put_le(&o, SEC_COUNT, 2)	     ?:
		      put_le(&o, SEC_SHSTRTAB, 2);

	sh[SEC_PROG] = (struct shdr){.name = name_prog,
				     .type = SHT_PROGBITS,
				     .flags = SHF_ALLOC | SHF_EXEC,
				     .offset = o.len,
				     .size = (u64)cnt * 8,
				     .addralign = 8};
	for (k = 0; !ret && k < cnt; k++)
		ret = put_le(&o, xnic_bpf_insn_to_u64(&insns[k]), 8);

	sh[SEC_LICENSE] = (struct shdr){.name = name_lic,
					.type = SHT_PROGBITS,
					.flags = SHF_ALLOC | SHF_WRITE,
					.offset = o.len,
					.size = sizeof(license),
					.addralign = 1};
	ret = ret ?: put_bytes(&o, license, sizeof(license));

	/* symbols: the null one, then the program's function */
	ret = ret ?: align(&o, 8);
	sh[SEC_SYMTAB] = (struct shdr){.name = name_sym,
				       .type = SHT_SYMTAB,
				       .offset = o.len,
				       .size = 2 * 24,
				       .link = SEC_STRTAB,
				       .info = 1, /* first global */
				       .addralign = 8,
				       .entsize = 24};
	for (i = 0; !ret && i < 24; i++)
		ret = put_le(&o, 0, 1);
	ret = ret						?:
		      put_le(&o, func_name, 4)			?:
		      put_le(&o, STB_GLOBAL << 4 | STT_FUNC, 1) ?:
		      put_le(&o, 0, 1)				?:
		      put_le(&o, SEC_PROG, 2)			?:
		      put_le(&o, 0, 8)				?:
		      put_le(&o, (u64)cnt * 8, 8);

	sh[SEC_STRTAB] = (struct shdr){.name = name_str,
				       .type = SHT_STRTAB,
				       .offset = o.len,
				       .size = str.len,
				       .addralign = 1};
	ret = ret ?: put_bytes(&o, str.buf, str.len);
	sh[SEC_SHSTRTAB] = (struct shdr){.name = name_shstr,
					 .type = SHT_STRTAB,
					 .offset = o.len,
					 .size = shstr.len,
					 .addralign = 1};
	ret = ret ?: put_bytes(&o, shstr.buf, shstr.len);

	ret = ret ?: align(&o, 8);
	shoff = o.len;
	for (i = 0; !ret && i < SEC_COUNT; i++)
		ret = put_shdr(&o, &sh[i]);
	if (!ret) {
		for (i = 0; i < 8; i++)
			o.buf[40 + i] = (u8)(shoff >> (8 * i));
		if (fwrite(o.buf, 1, o.len, f) != o.len)
			ret = -EIO;
	}
	if (ret)
		snprintf(err, errlen, "cannot write ELF: %s", strerror(-ret));
	free(o.buf);
	free(str.buf);
	free(shstr.buf);
	return ret;
}
