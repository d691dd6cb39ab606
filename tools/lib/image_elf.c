// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * .xnic image files: an ELF64 container so that readelf and objcopy can
 * look inside.  Section layout and record formats are in docs/abi.md; the
 * reader checks every size against the counts before trusting it.
 */
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xnic/image_elf.h"

struct info_rec {
	u32 abi_version, prog_type, stack_size, flags, code_len, map_cnt,
		reloc_cnt, bpf_insn_cnt, line_cnt, file_cnt;
	char name[XNIC_NAME_LEN];
};

struct map_rec {
	char name[XNIC_NAME_LEN];
	u32 type, key_size, value_size, max_entries, flags;
};

struct relo_rec {
	u32 insn;
	u16 type;
	u16 map;
	u32 addend;
};

struct line_rec {
	u32 insn_off, file, line, col;
};

static const char shstrtab[] = "\0.shstrtab\0.xnic.info\0.xnic.code\0"
			       ".xnic.maps\0.xnic.relo\0.xnic.insnmap\0"
			       ".xnic.lines\0.xnic.files";

static int seterr(char *err, size_t len, int ret, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return ret;
}

static u32 name_off(const char *name)
{
	const char *p = shstrtab;

	while (p < shstrtab + sizeof(shstrtab)) {
		if (!strcmp(p, name))
			return (u32)(p - shstrtab);
		p += strlen(p) + 1;
	}
	return 0;
}

static int add_section(Elf *e, const char *name, u32 type, u64 flags,
		       const void *data, size_t size)
{
	Elf_Scn *scn = elf_newscn(e);
	Elf_Data *d;
	GElf_Shdr sh;

	if (!scn)
		return -1;
	d = elf_newdata(scn);
	if (!d)
		return -1;
	d->d_align = 8;
	d->d_buf = (void *)data;
	d->d_size = size;
	d->d_type = ELF_T_BYTE;
	d->d_version = EV_CURRENT;
	if (!gelf_getshdr(scn, &sh))
		return -1;
	sh.sh_name = name_off(name);
	sh.sh_type = type;
	sh.sh_flags = flags;
	sh.sh_addralign = 8;
	return gelf_update_shdr(scn, &sh) ? 0 : -1;
}

/* Concatenate file names, each NUL-terminated. */
static char *files_blob(const struct xnic_image *img, size_t *size)
{
	size_t n = 1, off = 1;
	char *b;
	u32 i;

	for (i = 0; i < img->file_cnt; i++)
		n += strlen(img->files[i]) + 1;
	b = calloc(1, n);
	if (!b)
		return NULL;
	for (i = 0; i < img->file_cnt; i++) {
		size_t l = strlen(img->files[i]) + 1;

		memcpy(b + off, img->files[i], l);
		off += l;
	}
	*size = n;
	return b;
}

int xnic_image_write_file(const char *path, const struct xnic_image *img,
			  char *err, size_t errlen)
{
	struct info_rec info = { 0 };
	struct map_rec *maps = NULL;
	struct relo_rec *relos = NULL;
	struct line_rec *lines = NULL;
	char *files = NULL;
	size_t files_size = 0;
	GElf_Ehdr eh;
	Elf *e = NULL;
	int fd, ret = -EIO;
	u32 i;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return seterr(err, errlen, -EIO, "libelf: %s", elf_errmsg(-1));
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return seterr(err, errlen, -errno, "%s: %s", path,
			      strerror(errno));
	info.abi_version = img->abi_version;
	info.prog_type = img->prog_type;
	info.stack_size = img->stack_size;
	info.flags = img->flags;
	info.code_len = img->code_len;
	info.map_cnt = img->map_cnt;
	info.reloc_cnt = img->reloc_cnt;
	info.bpf_insn_cnt = img->insn_start ? img->bpf_insn_cnt : 0;
	info.line_cnt = img->line_cnt;
	info.file_cnt = img->file_cnt;
	memcpy(info.name, img->name, sizeof(info.name));
	info.name[XNIC_NAME_LEN - 1] = '\0';

	maps = calloc(img->map_cnt + 1, sizeof(*maps));
	relos = calloc(img->reloc_cnt + 1, sizeof(*relos));
	lines = calloc(img->line_cnt + 1, sizeof(*lines));
	files = files_blob(img, &files_size);
	if (!maps || !relos || !lines || !files) {
		ret = seterr(err, errlen, -ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < img->map_cnt; i++) {
		memcpy(maps[i].name, img->maps[i].name, XNIC_NAME_LEN);
		maps[i].type = img->maps[i].type;
		maps[i].key_size = img->maps[i].key_size;
		maps[i].value_size = img->maps[i].value_size;
		maps[i].max_entries = img->maps[i].max_entries;
		maps[i].flags = img->maps[i].flags;
	}
	for (i = 0; i < img->reloc_cnt; i++) {
		relos[i].insn = img->relocs[i].insn;
		relos[i].type = img->relocs[i].type;
		relos[i].map = img->relocs[i].map;
		relos[i].addend = img->relocs[i].addend;
	}
	for (i = 0; i < img->line_cnt; i++) {
		lines[i].insn_off = img->lines[i].insn_off;
		lines[i].file = img->lines[i].file;
		lines[i].line = img->lines[i].line;
		lines[i].col = img->lines[i].col;
	}

	e = elf_begin(fd, ELF_C_WRITE, NULL);
	if (!e || !gelf_newehdr(e, ELFCLASS64) || !gelf_getehdr(e, &eh))
		goto elf_err;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_OSABI] = ELFOSABI_NONE;
	eh.e_type = ET_EXEC;
	eh.e_machine = XNIC_EM_XNIC;
	eh.e_version = EV_CURRENT;
	if (!gelf_update_ehdr(e, &eh))
		goto elf_err;
	if (add_section(e, ".shstrtab", SHT_STRTAB, 0, shstrtab,
			sizeof(shstrtab)) ||
	    add_section(e, ".xnic.info", SHT_PROGBITS, 0, &info,
			sizeof(info)) ||
	    add_section(e, ".xnic.code", SHT_PROGBITS,
			SHF_ALLOC | SHF_EXECINSTR, img->code,
			(size_t)img->code_len * 8) ||
	    add_section(e, ".xnic.maps", SHT_PROGBITS, 0, maps,
			img->map_cnt * sizeof(*maps)) ||
	    add_section(e, ".xnic.relo", SHT_PROGBITS, 0, relos,
			img->reloc_cnt * sizeof(*relos)) ||
	    add_section(e, ".xnic.insnmap", SHT_PROGBITS, 0, img->insn_start,
			info.bpf_insn_cnt ?
				(info.bpf_insn_cnt + 1) * sizeof(u32) :
				0) ||
	    add_section(e, ".xnic.lines", SHT_PROGBITS, 0, lines,
			img->line_cnt * sizeof(*lines)) ||
	    add_section(e, ".xnic.files", SHT_STRTAB, 0, files, files_size))
		goto elf_err;
	eh.e_shstrndx = 1;
	if (!gelf_update_ehdr(e, &eh) || elf_update(e, ELF_C_WRITE) < 0)
		goto elf_err;
	ret = 0;
	goto out;
elf_err:
	ret = seterr(err, errlen, -EIO, "%s: libelf: %s", path,
		     elf_errmsg(-1));
out:
	if (e)
		elf_end(e);
	close(fd);
	if (ret)
		unlink(path);
	free(maps);
	free(relos);
	free(lines);
	free(files);
	return ret;
}

static Elf_Data *find_section(Elf *e, const char *name, size_t shstrndx)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(e, scn))) {
		const char *n;

		if (!gelf_getshdr(scn, &sh))
			return NULL;
		n = elf_strptr(e, shstrndx, sh.sh_name);
		if (n && !strcmp(n, name))
			return elf_getdata(scn, NULL);
	}
	return NULL;
}

/* Section data of exactly want bytes, or NULL with an error set. */
static const void *section_exact(Elf *e, size_t shstrndx, const char *name,
				 size_t want, char *err, size_t errlen)
{
	static const char empty[8];
	Elf_Data *d = find_section(e, name, shstrndx);

	if (!d) {
		seterr(err, errlen, -EINVAL, "missing section %s", name);
		return NULL;
	}
	if (d->d_size != want) {
		seterr(err, errlen, -EINVAL,
		       "section %s has %zu bytes, expected %zu", name,
		       (size_t)d->d_size, want);
		return NULL;
	}
	return want ? d->d_buf : empty;
}

static int read_files(struct xnic_image *img, const char *blob, size_t size,
		      char *err, size_t errlen)
{
	size_t off = 1;
	u32 i;

	if (!img->file_cnt)
		return 0;
	if (size < 1 || blob[size - 1] != '\0')
		return seterr(err, errlen, -EINVAL,
			      ".xnic.files is not NUL-terminated");
	img->files = calloc(img->file_cnt, sizeof(char *));
	if (!img->files)
		return seterr(err, errlen, -ENOMEM, "out of memory");
	for (i = 0; i < img->file_cnt; i++) {
		if (off >= size)
			return seterr(err, errlen, -EINVAL,
				      ".xnic.files holds fewer than %u names",
				      img->file_cnt);
		img->files[i] = strdup(blob + off);
		if (!img->files[i])
			return seterr(err, errlen, -ENOMEM, "out of memory");
		off += strlen(blob + off) + 1;
	}
	return 0;
}

static void *dup_bytes(const void *p, size_t n)
{
	void *q = malloc(n ? n : 1);

	if (q && n)
		memcpy(q, p, n);
	return q;
}

static int parse_image(Elf *e, struct xnic_image *img, char *err,
		       size_t errlen)
{
	const struct info_rec *info;
	const struct map_rec *maps;
	const struct relo_rec *relos;
	const struct line_rec *lines;
	const void *code, *insnmap;
	Elf_Data *files;
	GElf_Ehdr eh;
	size_t shstrndx;
	u32 i;

	if (!gelf_getehdr(e, &eh) || gelf_getclass(e) != ELFCLASS64)
		return seterr(err, errlen, -EINVAL, "not an ELF64 file");
	if (eh.e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh.e_machine != XNIC_EM_XNIC)
		return seterr(err, errlen, -EINVAL,
			      "not an xnic image (machine 0x%x)",
			      eh.e_machine);
	if (elf_getshdrstrndx(e, &shstrndx))
		return seterr(err, errlen, -EINVAL, "no section name table");
	info = section_exact(e, shstrndx, ".xnic.info", sizeof(*info), err,
			     errlen);
	if (!info)
		return -EINVAL;
	if (info->abi_version != XNIC_ABI_VERSION)
		return seterr(err, errlen, -EINVAL,
			      "image ABI version %u, this build knows %u",
			      info->abi_version, XNIC_ABI_VERSION);
	if (info->code_len > XNIC_CODE_MAX_WORDS || info->map_cnt > 4096 ||
	    info->reloc_cnt > (1u << 20) || info->bpf_insn_cnt > (1u << 24) ||
	    info->line_cnt > (1u << 24) || info->file_cnt > (1u << 16))
		return seterr(err, errlen, -EINVAL,
			      "image counts out of range");
	code = section_exact(e, shstrndx, ".xnic.code",
			     (size_t)info->code_len * 8, err, errlen);
	maps = section_exact(e, shstrndx, ".xnic.maps",
			     info->map_cnt * sizeof(*maps), err, errlen);
	relos = section_exact(e, shstrndx, ".xnic.relo",
			      info->reloc_cnt * sizeof(*relos), err, errlen);
	insnmap = section_exact(e, shstrndx, ".xnic.insnmap",
				info->bpf_insn_cnt ?
					(info->bpf_insn_cnt + 1) * 4 :
					0,
				err, errlen);
	lines = section_exact(e, shstrndx, ".xnic.lines",
			      info->line_cnt * sizeof(*lines), err, errlen);
	files = find_section(e, ".xnic.files", shstrndx);
	if (!code || !maps || !relos || !insnmap || !lines)
		return -EINVAL;
	if (!files)
		return seterr(err, errlen, -EINVAL,
			      "missing section .xnic.files");

	img->abi_version = info->abi_version;
	img->prog_type = info->prog_type;
	img->stack_size = info->stack_size;
	img->flags = info->flags;
	memcpy(img->name, info->name, XNIC_NAME_LEN);
	img->name[XNIC_NAME_LEN - 1] = '\0';
	img->code_len = info->code_len;
	img->code = dup_bytes(code, (size_t)info->code_len * 8);
	img->map_cnt = info->map_cnt;
	img->maps = calloc(info->map_cnt + 1, sizeof(*img->maps));
	img->reloc_cnt = info->reloc_cnt;
	img->relocs = calloc(info->reloc_cnt + 1, sizeof(*img->relocs));
	img->bpf_insn_cnt = info->bpf_insn_cnt;
	img->insn_start = info->bpf_insn_cnt ?
				  dup_bytes(insnmap,
					    (info->bpf_insn_cnt + 1) * 4) :
				  NULL;
	img->line_cnt = info->line_cnt;
	img->lines = calloc(info->line_cnt + 1, sizeof(*img->lines));
	img->file_cnt = info->file_cnt;
	if (!img->code || !img->maps || !img->relocs || !img->lines ||
	    (info->bpf_insn_cnt && !img->insn_start))
		return seterr(err, errlen, -ENOMEM, "out of memory");
	for (i = 0; i < info->map_cnt; i++) {
		memcpy(img->maps[i].name, maps[i].name, XNIC_NAME_LEN);
		img->maps[i].name[XNIC_NAME_LEN - 1] = '\0';
		img->maps[i].type = maps[i].type;
		img->maps[i].key_size = maps[i].key_size;
		img->maps[i].value_size = maps[i].value_size;
		img->maps[i].max_entries = maps[i].max_entries;
		img->maps[i].flags = maps[i].flags;
	}
	for (i = 0; i < info->reloc_cnt; i++) {
		img->relocs[i].insn = relos[i].insn;
		img->relocs[i].type = relos[i].type;
		img->relocs[i].map = relos[i].map;
		img->relocs[i].addend = relos[i].addend;
		if (relos[i].map >= info->map_cnt ||
		    (u64)relos[i].insn + 1 >= info->code_len)
			return seterr(err, errlen, -EINVAL,
				      "relocation %u refers outside the image",
				      i);
	}
	for (i = 0; i < info->line_cnt; i++) {
		img->lines[i].insn_off = lines[i].insn_off;
		img->lines[i].file = lines[i].file;
		img->lines[i].line = lines[i].line;
		img->lines[i].col = lines[i].col;
		if (lines[i].file >= info->file_cnt)
			return seterr(err, errlen, -EINVAL,
				      "line record %u names file %u of %u", i,
				      lines[i].file, info->file_cnt);
	}
	return read_files(img, files->d_buf, files->d_size, err, errlen);
}

int xnic_image_read_file(const char *path, struct xnic_image *img, char *err,
			 size_t errlen)
{
	Elf *e;
	int fd, ret;

	memset(img, 0, sizeof(*img));
	if (elf_version(EV_CURRENT) == EV_NONE)
		return seterr(err, errlen, -EIO, "libelf: %s", elf_errmsg(-1));
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return seterr(err, errlen, -errno, "%s: %s", path,
			      strerror(errno));
	e = elf_begin(fd, ELF_C_READ, NULL);
	if (!e || elf_kind(e) != ELF_K_ELF) {
		ret = seterr(err, errlen, -EINVAL, "%s: not an ELF file", path);
	} else {
		char inner[256];

		ret = parse_image(e, img, inner, sizeof(inner));
		if (ret)
			seterr(err, errlen, ret, "%s: %s", path, inner);
	}
	if (e)
		elf_end(e);
	close(fd);
	if (ret)
		xnic_image_release(img);
	return ret;
}

int xnic_image_write_code(const char *path, const struct xnic_image *img,
			  char *err, size_t errlen)
{
	FILE *f = fopen(path, "wb");
	u32 i;

	if (!f)
		return seterr(err, errlen, -errno, "%s: %s", path,
			      strerror(errno));
	for (i = 0; i < img->code_len; i++) {
		u8 b[8];
		u32 k;

		for (k = 0; k < 8; k++)
			b[k] = (u8)(img->code[i] >> (8 * k));
		if (fwrite(b, 1, 8, f) != 8) {
			fclose(f);
			return seterr(err, errlen, -EIO, "%s: write failed",
				      path);
		}
	}
	if (fclose(f))
		return seterr(err, errlen, -EIO, "%s: write failed", path);
	return 0;
}
