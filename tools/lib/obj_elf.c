// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ELF side of the front end: validate that a buffer is a BPF relocatable
 * object and index its sections, relocation sections and symbols with
 * libelf.  Every offset and size taken from the file is checked before
 * use, so truncated or hostile objects give an error, not a crash.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "obj_elf.h"

#ifndef EM_BPF
#define EM_BPF 247
#endif

int obj_fail(struct obj_elf *o, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	if (!o->err || !o->errlen)
		return -EINVAL;
	n = (size_t)snprintf(o->err, o->errlen, "%s: ", o->name);
	if (n >= o->errlen)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(o->err + n, o->errlen - n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int parse_sections(struct obj_elf *o)
{
	size_t shstrndx, nsec;
	Elf_Scn *scn = NULL;
	u32 i;

	if (elf_getshdrstrndx(o->elf, &shstrndx) ||
	    elf_getshdrnum(o->elf, &nsec))
		return obj_fail(o, "cannot read the section headers (%s)",
				elf_errmsg(-1));
	if (nsec == 0 || nsec > 65536)
		return obj_fail(o, "bad section count %zu", nsec);
	o->nsec = (u32)nsec;
	o->secs = calloc(nsec, sizeof(*o->secs));
	if (!o->secs)
		return -ENOMEM;
	o->maps_sec = o->legacy_sec = o->btf_sec = o->btf_ext_sec = -1;
	for (i = 0; i < nsec; i++)
		o->secs[i].rel = -1;
	while ((scn = elf_nextscn(o->elf, scn))) {
		struct obj_sec *s;

		i = (u32)elf_ndxscn(scn);
		if (i >= nsec)
			return obj_fail(o, "bad section index %u", i);
		s = &o->secs[i];
		if (!gelf_getshdr(scn, &s->sh))
			return obj_fail(o, "bad section header %u", i);
		s->name = elf_strptr(o->elf, shstrndx, s->sh.sh_name);
		if (!s->name)
			return obj_fail(o, "section %u has no name", i);
		if (s->sh.sh_type != SHT_NOBITS) {
			if (s->sh.sh_offset > o->size ||
			    s->sh.sh_size > o->size - s->sh.sh_offset)
				return obj_fail(o, "section %s is truncated",
						s->name);
			s->data = elf_getdata(scn, NULL);
			if (!s->data && s->sh.sh_size)
				return obj_fail(o,
						"cannot read section %s (%s)",
						s->name, elf_errmsg(-1));
			if (s->data && s->data->d_size != s->sh.sh_size)
				return obj_fail(o, "section %s is truncated",
						s->name);
		}
		if (!strcmp(s->name, ".maps"))
			o->maps_sec = (int)i;
		else if (!strcmp(s->name, "maps"))
			o->legacy_sec = (int)i;
		else if (!strcmp(s->name, ".BTF"))
			o->btf_sec = (int)i;
		else if (!strcmp(s->name, ".BTF.ext"))
			o->btf_ext_sec = (int)i;
	}
	for (i = 0; i < nsec; i++) {
		struct obj_sec *s = &o->secs[i];

		if (s->sh.sh_type == SHT_RELA)
			return obj_fail(o,
					"section %s: RELA relocations are not "
					"used by BPF objects",
					s->name);
		if (s->sh.sh_type != SHT_REL)
			continue;
		if (s->sh.sh_info >= nsec)
			return obj_fail(
				o,
				"relocation section %s targets bad section %u",
				s->name, (u32)s->sh.sh_info);
		o->secs[s->sh.sh_info].rel = (int)i;
	}
	return 0;
}

static int parse_symbols(struct obj_elf *o)
{
	struct obj_sec *st = NULL;
	u32 i, n;

	for (i = 0; i < o->nsec; i++)
		if (o->secs[i].sh.sh_type == SHT_SYMTAB)
			st = &o->secs[i];
	if (!st || !st->data)
		return obj_fail(o, "no symbol table");
	if (!st->sh.sh_entsize || st->sh.sh_link >= o->nsec)
		return obj_fail(o, "bad symbol table");
	n = (u32)(st->sh.sh_size / sizeof(Elf64_Sym));
	o->syms = calloc(n ? n : 1, sizeof(*o->syms));
	if (!o->syms)
		return -ENOMEM;
	o->nsyms = n;
	for (i = 0; i < n; i++) {
		if (!gelf_getsym(st->data, (int)i, &o->syms[i].sym))
			return obj_fail(o, "bad symbol %u", i);
		o->syms[i].name = elf_strptr(o->elf, st->sh.sh_link,
					     o->syms[i].sym.st_name);
		if (!o->syms[i].name)
			o->syms[i].name = "";
	}
	return 0;
}

int obj_elf_parse(struct obj_elf *o, const void *data, size_t size)
{
	const unsigned char *e = data;
	GElf_Ehdr eh;
	int ret;

	if (size < 4 || memcmp(e, ELFMAG, SELFMAG))
		return obj_fail(o, "not an ELF file");
	if (size < sizeof(Elf64_Ehdr))
		return obj_fail(o, "truncated ELF header");
	if (e[EI_CLASS] != ELFCLASS64)
		return obj_fail(o, "not a 64-bit ELF object");
	o->buf = malloc(size);
	if (!o->buf)
		return -ENOMEM;
	memcpy(o->buf, data, size);
	o->size = size;
	elf_version(EV_CURRENT);
	o->elf = elf_memory(o->buf, size);
	if (!o->elf || elf_kind(o->elf) != ELF_K_ELF ||
	    !gelf_getehdr(o->elf, &eh))
		return obj_fail(o, "cannot parse ELF (%s)", elf_errmsg(-1));
	if (eh.e_machine != EM_BPF)
		return obj_fail(o, "not a BPF object (e_machine %u)",
				eh.e_machine);
	if (eh.e_type != ET_REL)
		return obj_fail(o, "not a relocatable object (e_type %u)",
				eh.e_type);
	if (eh.e_shoff > size)
		return obj_fail(o, "truncated section header table");
	ret = parse_sections(o);
	if (ret)
		return ret;
	ret = parse_symbols(o);
	if (ret)
		return ret;
	if (o->btf_sec >= 0 && o->secs[o->btf_sec].data) {
		o->btf = btf__new(o->secs[o->btf_sec].data->d_buf,
				  (u32)o->secs[o->btf_sec].data->d_size);
	}
	return 0;
}

void obj_elf_free(struct obj_elf *o)
{
	if (o->btf)
		btf__free(o->btf);
	if (o->elf)
		elf_end(o->elf);
	free(o->buf);
	free(o->secs);
	free(o->syms);
	memset(o, 0, sizeof(*o));
}

bool obj_sec_is_prog(const struct obj_elf *o, u32 i)
{
	const struct obj_sec *s = &o->secs[i];

	return s->sh.sh_type == SHT_PROGBITS &&
	       (s->sh.sh_flags & SHF_EXECINSTR) && s->data && s->sh.sh_size;
}

int obj_prog_type(const char *sec)
{
	if (!strncmp(sec, "xdp", 3))
		return XNIC_PROG_XDP;
	if (!strncmp(sec, "tc", 2) || !strncmp(sec, "classifier", 10))
		return XNIC_PROG_TC;
	return -1;
}

int obj_func_at(const struct obj_elf *o, u32 sec, u64 off)
{
	u32 i;

	for (i = 0; i < o->nsyms; i++) {
		const GElf_Sym *s = &o->syms[i].sym;

		if (GELF_ST_TYPE(s->st_info) != STT_FUNC || s->st_shndx != sec)
			continue;
		if (s->st_value <= off && off < s->st_value + s->st_size)
			return (int)i;
	}
	return -1;
}
