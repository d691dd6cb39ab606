// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The front end proper: pick a program of a BPF object, append the
 * subprograms it calls (in libbpf's order: each called function once,
 * depth first after the main one, call offsets rewritten), turn map relocations
 * into map indices, and collect BTF line info for the final instruction layout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "obj_maps.h"

#define MAX_FUNCS 1024
#define MAX_INSNS 1000000

struct func {
	int sym;
	u32 sec;
	u64 start; /* byte offset in its section */
	u32 cnt;   /* insns */
	u32 base;  /* position in the final program */
};

struct xnic_obj {
	struct xnic_prog prog;
	char *name;
	char *section;
	struct bpf_insn *insns;
	struct xnic_map_def *maps;
	int *map_key; /* symbol (>= 0) or -(section + 1) per map */
	u32 map_cnt;
	struct xnic_line_info *lines;
	u32 line_cnt;
	char **files;
	u32 file_cnt;
	struct func funcs[MAX_FUNCS];
	u32 nfuncs;
};

/*
 * Append function sym to the program (its code copied at the end) unless
 * it is already there; returns its index in x->funcs.  *added says whether
 * it was new, so the caller can walk its calls before anything else.
 */
static int add_func(struct obj_elf *o, struct xnic_obj *x, int sym, u32 *total,
		    bool *added)
{
	const GElf_Sym *s = &o->syms[sym].sym;
	struct func *f;
	void *p;
	u32 i;

	*added = false;
	for (i = 0; i < x->nfuncs; i++)
		if (x->funcs[i].sym == sym)
			return (int)i;
	if (x->nfuncs == MAX_FUNCS)
		return obj_fail(o, "too many subprograms");
	if (s->st_size % 8 || s->st_value % 8 || !s->st_size ||
	    s->st_shndx >= o->nsec || !obj_sec_is_prog(o, s->st_shndx) ||
	    s->st_value > o->secs[s->st_shndx].sh.sh_size ||
	    s->st_size > o->secs[s->st_shndx].sh.sh_size - s->st_value)
		return obj_fail(o, "function %s has a bad size or offset",
				o->syms[sym].name);
	if (*total + s->st_size / 8 > MAX_INSNS)
		return obj_fail(o, "program is too large");
	p = realloc(x->insns, sizeof(*x->insns) * (*total + s->st_size / 8));
	if (!p)
		return -ENOMEM;
	x->insns = p;
	f = &x->funcs[x->nfuncs];
	f->sym = sym;
	f->sec = s->st_shndx;
	f->start = s->st_value;
	f->cnt = (u32)(s->st_size / 8);
	f->base = *total;
	memcpy(&x->insns[f->base],
	       (const char *)o->secs[f->sec].data->d_buf + f->start,
	       f->cnt * 8ULL);
	*total += f->cnt;
	*added = true;
	return (int)x->nfuncs++;
}

static int map_index(struct obj_elf *o, struct xnic_obj *x, int key,
		     const struct obj_sym *sym)
{
	struct xnic_map_def def;
	void *p;
	u32 i;
	int ret;

	for (i = 0; i < x->map_cnt; i++)
		if (x->map_key[i] == key)
			return (int)i;
	if (key < 0)
		obj_data_map(o, (u32)(-key - 1), &def);
	else if (sym->sym.st_shndx == (u32)o->maps_sec)
		ret = obj_btf_map(o, sym->name, &def);
	else
		ret = obj_legacy_map(o, sym, &def);
	if (key >= 0 && ret)
		return ret;
	p = realloc(x->maps, sizeof(*x->maps) * (x->map_cnt + 1));
	if (!p)
		return -ENOMEM;
	x->maps = p;
	p = realloc(x->map_key, sizeof(*x->map_key) * (x->map_cnt + 1));
	if (!p)
		return -ENOMEM;
	x->map_key = p;
	x->maps[x->map_cnt] = def;
	x->map_key[x->map_cnt] = key;
	return (int)x->map_cnt++;
}

/* Relocation entry for byte offset off of section sec, or NULL. */
static int find_rel(struct obj_elf *o, u32 sec, u64 off, GElf_Rel *rel)
{
	struct obj_sec *rs;
	u32 i, n;

	if (o->secs[sec].rel < 0)
		return 0;
	rs = &o->secs[o->secs[sec].rel];
	if (!rs->data)
		return 0;
	n = (u32)(rs->data->d_size / sizeof(Elf64_Rel));
	for (i = 0; i < n; i++) {
		if (!gelf_getrel(rs->data, (int)i, rel))
			return obj_fail(o, "bad relocation %u in %s", i,
					rs->name);
		if (rel->r_offset == off)
			return 1;
	}
	return 0;
}

static int reloc_ldimm64(struct obj_elf *o, struct xnic_obj *x,
			 struct bpf_insn *in, u32 at, const GElf_Rel *rel)
{
	u32 symi = (u32)GELF_R_SYM(rel->r_info);
	const struct obj_sym *sym;
	u32 sec;
	int idx;

	if (GELF_R_TYPE(rel->r_info) != R_BPF_64_64)
		return obj_fail(o, "unsupported relocation type %u at insn %u",
				(u32)GELF_R_TYPE(rel->r_info), at);
	if (symi >= o->nsyms)
		return obj_fail(o, "relocation at insn %u has a bad symbol",
				at);
	sym = &o->syms[symi];
	sec = sym->sym.st_shndx;
	if (sec == SHN_UNDEF)
		return obj_fail(o, "unresolved external symbol '%s' at insn %u",
				sym->name, at);
	if (sec >= o->nsec)
		return obj_fail(
			o, "relocation at insn %u refers to special section %u",
			at, sec);
	if ((int)sec == o->maps_sec || (int)sec == o->legacy_sec) {
		idx = map_index(o, x, (int)symi, sym);
		if (idx < 0)
			return idx;
		in[0].src_reg = BPF_PSEUDO_MAP_FD;
		in[0].imm = idx;
		in[1].imm = 0;
		return 0;
	}
	if (obj_is_data_sec(o, sec)) {
		idx = map_index(o, x, -(int)sec - 1, NULL);
		if (idx < 0)
			return idx;
		in[0].src_reg = BPF_PSEUDO_MAP_VALUE;
		in[1].imm = (s32)(in[0].imm + (s64)sym->sym.st_value);
		in[0].imm = idx;
		return 0;
	}
	if (obj_sec_is_prog(o, sec))
		return obj_fail(o,
				"unsupported relocation: address of function "
				"'%s' taken at insn %u",
				sym->name, at);
	return obj_fail(
		o, "relocation at insn %u refers to unsupported section '%s'",
		at, o->secs[sec].name);
}

/*
 * Point the call at insn k of function fi at its callee, appending the
 * callee first if it is new (*callee_new then says which one it is).
 */
static int reloc_call(struct obj_elf *o, struct xnic_obj *x, u32 fi, u32 k,
		      bool has_rel, const GElf_Rel *rel, u32 *total,
		      int *callee_new)
{
	struct func f = x->funcs[fi];
	s32 imm = x->insns[f.base + k].imm;
	u32 sec = f.sec, symi;
	s64 tgt; /* insn index within sec */
	bool added;
	int callee;

	*callee_new = -1;
	if (has_rel) {
		if (GELF_R_TYPE(rel->r_info) != R_BPF_64_32 &&
		    GELF_R_TYPE(rel->r_info) != R_BPF_64_64)
			return obj_fail(
				o, "unsupported relocation type %u at insn %u",
				(u32)GELF_R_TYPE(rel->r_info), f.base + k);
		symi = (u32)GELF_R_SYM(rel->r_info);
		if (symi >= o->nsyms)
			return obj_fail(o, "call at insn %u has a bad symbol",
					f.base + k);
		sec = o->syms[symi].sym.st_shndx;
		if (sec == SHN_UNDEF)
			return obj_fail(o,
					"call to unresolved external function "
					"'%s' at insn %u",
					o->syms[symi].name, f.base + k);
		if (sec >= o->nsec || !obj_sec_is_prog(o, sec))
			return obj_fail(o,
					"call at insn %u into non-code section",
					f.base + k);
		tgt = (s64)(o->syms[symi].sym.st_value / 8) + imm + 1;
	} else {
		tgt = (s64)(f.start / 8) + k + imm + 1;
	}
	if (tgt < 0)
		return obj_fail(o, "call at insn %u jumps before its section",
				f.base + k);
	callee = obj_func_at(o, sec, (u64)tgt * 8);
	if (callee < 0)
		return obj_fail(o,
				"call at insn %u does not land in a function",
				f.base + k);
	/* may move x->insns: the call insn is looked up again below */
	callee = add_func(o, x, callee, total, &added);
	if (callee < 0)
		return callee;
	if (added)
		*callee_new = callee;
	x->insns[f.base + k].imm =
		(s32)((s64)x->funcs[callee].base +
		      (tgt * 8 - (s64)x->funcs[callee].start) / 8 -
		      (f.base + k) - 1);
	return 0;
}

struct walk_frame {
	u32 fi; /* function being scanned */
	u32 k;	/* next insn of it */
};

/*
 * Lay the program out the way libbpf does when it loads the object, so our
 * insns are the kernel's (and the driver's) insns: scan the main function
 * in order and append a subprogram the first time a call to it is met,
 * then scan that subprogram's calls at once (depth first), before going on
 * with its caller.  A breadth-first order (all of main's callees, then
 * theirs) gives the same code at different offsets.  The walk keeps its own
 * stack; every function is on it at most once, so it holds MAX_FUNCS.
 */
static int layout_calls(struct obj_elf *o, struct xnic_obj *x, u32 *total)
{
	struct walk_frame *st;
	u32 depth = 1;
	int ret = 0;

	st = calloc(MAX_FUNCS, sizeof(*st));
	if (!st)
		return -ENOMEM;
	st[0].fi = 0;
	while (depth) {
		struct walk_frame *top = &st[depth - 1];
		const struct func *f = &x->funcs[top->fi];
		const struct bpf_insn *in;
		GElf_Rel rel;
		int has, callee;
		u32 k;

		if (top->k >= f->cnt) {
			depth--;
			continue;
		}
		k = top->k++;
		in = &x->insns[f->base + k];
		if (in->code == (BPF_LD | BPF_IMM | BPF_DW)) {
			top->k++; /* its second half is no insn of its own */
			continue;
		}
		if (in->code != (BPF_JMP | BPF_CALL) ||
		    in->src_reg != BPF_PSEUDO_CALL)
			continue;
		has = find_rel(o, f->sec, f->start + (u64)k * 8, &rel);
		if (has < 0) {
			ret = has;
			break;
		}
		ret = reloc_call(o, x, top->fi, k, has, &rel, total, &callee);
		if (ret)
			break;
		if (callee >= 0) {
			st[depth].fi = (u32)callee;
			st[depth].k = 0;
			depth++;
		}
	}
	free(st);
	return ret;
}

/*
 * Resolve map and global data references in final insn order, so map
 * indices follow first use in the laid-out program, as the kernel numbers
 * a program's maps.
 */
static int reloc_data(struct obj_elf *o, struct xnic_obj *x)
{
	u32 fi, k;
	int ret;

	for (fi = 0; fi < x->nfuncs; fi++) {
		struct func f = x->funcs[fi];

		for (k = 0; k < f.cnt; k++) {
			struct bpf_insn *in = &x->insns[f.base + k];
			GElf_Rel rel;
			int has;

			has = find_rel(o, f.sec, f.start + (u64)k * 8, &rel);
			if (has < 0)
				return has;
			if (in->code == (BPF_LD | BPF_IMM | BPF_DW)) {
				if (k + 1 >= f.cnt)
					return obj_fail(
						o,
						"truncated ld_imm64 at insn %u",
						f.base + k);
				if (has) {
					ret = reloc_ldimm64(o, x, in,
							    f.base + k, &rel);
					if (ret)
						return ret;
				} else if (in->src_reg) {
					return obj_fail(o,
							"ld_imm64 at insn %u "
							"has pseudo source %u "
							"but no relocation",
							f.base + k,
							in->src_reg);
				}
				k++;
				continue;
			}
			if (in->code == (BPF_JMP | BPF_CALL) &&
			    in->src_reg == BPF_PSEUDO_CALL)
				continue;
			if (has)
				return obj_fail(o,
						"relocation at insn %u is not "
						"on an ld_imm64 or call insn",
						f.base + k);
		}
	}
	return 0;
}

static int build_insns(struct obj_elf *o, struct xnic_obj *x, u32 *total)
{
	int ret = layout_calls(o, x, total);

	return ret ? ret : reloc_data(o, x);
}

static int intern_file(struct xnic_obj *x, const char *name, u32 *out)
{
	void *p;
	u32 i;

	for (i = 0; i < x->file_cnt; i++) {
		if (!strcmp(x->files[i], name)) {
			*out = i;
			return 0;
		}
	}
	p = realloc(x->files, sizeof(*x->files) * (x->file_cnt + 1));
	if (!p)
		return -ENOMEM;
	x->files = p;
	x->files[x->file_cnt] = strdup(name);
	if (!x->files[x->file_cnt])
		return -ENOMEM;
	*out = x->file_cnt++;
	return 0;
}

static int cmp_line(const void *a, const void *b)
{
	const struct xnic_line_info *x = a, *y = b;

	return x->insn_off < y->insn_off ? -1 : x->insn_off > y->insn_off;
}

/* .BTF.ext line info -> xnic_line_info in final insn numbering. */
static int collect_lines(struct obj_elf *o, struct xnic_obj *x)
{
	const struct obj_sec *s;
	const u8 *d, *end;
	u32 hdr_len, off, len, rec_size, fi;
	const u8 *p;
	u16 magic;

	if (o->btf_ext_sec < 0 || !o->btf)
		return 0;
	s = &o->secs[o->btf_ext_sec];
	if (!s->data || s->data->d_size < 24)
		return 0;
	d = s->data->d_buf;
	end = d + s->data->d_size;
	memcpy(&magic, d, 2);
	if (magic != 0xeB9F)
		return obj_fail(o, ".BTF.ext has a bad magic");
	memcpy(&hdr_len, d + 4, 4);
	memcpy(&off, d + 16, 4);
	memcpy(&len, d + 20, 4);
	if (hdr_len < 24 || hdr_len > s->data->d_size ||
	    off > s->data->d_size - hdr_len ||
	    len > s->data->d_size - hdr_len - off)
		return obj_fail(o, ".BTF.ext line info is out of bounds");
	if (len < 4)
		return 0;
	p = d + hdr_len + off;
	end = p + len;
	memcpy(&rec_size, p, 4);
	p += 4;
	if (rec_size < 16 || rec_size > 256)
		return obj_fail(o, ".BTF.ext line info record size %u",
				rec_size);
	while (end - p >= 8) {
		u32 name_off, num, i;
		const char *secname;

		memcpy(&name_off, p, 4);
		memcpy(&num, p + 4, 4);
		p += 8;
		if ((u64)num * rec_size > (u64)(end - p))
			return obj_fail(o, ".BTF.ext line info is truncated");
		secname = btf__name_by_offset(o->btf, name_off);
		for (i = 0; i < num; i++, p += rec_size) {
			u32 r[4], file;
			void *q;

			memcpy(r, p, 16);
			if (!secname)
				continue;
			for (fi = 0; fi < x->nfuncs; fi++) {
				const struct func *f = &x->funcs[fi];
				const char *fname;

				if (strcmp(o->secs[f->sec].name, secname) ||
				    r[0] < f->start ||
				    r[0] >= f->start + f->cnt * 8ULL)
					continue;
				fname = btf__name_by_offset(o->btf, r[1]);
				if (!fname || intern_file(x, fname, &file))
					break;
				q = realloc(x->lines,
					    sizeof(*x->lines) *
						    (x->line_cnt + 1));
				if (!q)
					return -ENOMEM;
				x->lines = q;
				x->lines[x->line_cnt].insn_off =
					f->base + (u32)((r[0] - f->start) / 8);
				x->lines[x->line_cnt].file = file;
				x->lines[x->line_cnt].line = r[3] >> 10;
				x->lines[x->line_cnt].col = r[3] & 0x3ff;
				x->line_cnt++;
				break;
			}
		}
	}
	if (x->line_cnt)
		qsort(x->lines, x->line_cnt, sizeof(*x->lines), cmp_line);
	return 0;
}

static bool is_prog_sym(const struct obj_elf *o, u32 i)
{
	const GElf_Sym *s = &o->syms[i].sym;

	return GELF_ST_TYPE(s->st_info) == STT_FUNC &&
	       GELF_ST_BIND(s->st_info) == STB_GLOBAL &&
	       s->st_shndx < o->nsec && obj_sec_is_prog(o, s->st_shndx) &&
	       strcmp(o->secs[s->st_shndx].name, ".text");
}

static int pick_prog(struct obj_elf *o, const char *sel)
{
	u32 i;

	for (i = 0; i < o->nsyms; i++) {
		const char *sec;

		if (!is_prog_sym(o, i))
			continue;
		sec = o->secs[o->syms[i].sym.st_shndx].name;
		if (sel ? (!strcmp(o->syms[i].name, sel) || !strcmp(sec, sel)) :
			  obj_prog_type(sec) >= 0)
			return (int)i;
	}
	if (sel)
		return obj_fail(o, "no program or section named '%s'", sel);
	return obj_fail(o, "no XDP or TC program in the object");
}

void xnic_obj_close(struct xnic_obj *x)
{
	u32 i;

	if (!x)
		return;
	for (i = 0; i < x->file_cnt; i++)
		free(x->files[i]);
	free(x->files);
	free(x->lines);
	free(x->maps);
	free(x->map_key);
	free(x->insns);
	free(x->name);
	free(x->section);
	free(x);
}

int xnic_obj_open_mem(const void *data, size_t size, const char *name,
		      const char *sel, struct xnic_obj **out, char *err,
		      size_t errlen)
{
	struct obj_elf o = {
		.name = name ? name : "object", .err = err, .errlen = errlen};
	struct xnic_obj *x;
	u32 total = 0;
	int ret, sym, type;
	bool added;
	const char *sec;

	*out = NULL;
	if (err && errlen)
		err[0] = '\0';
	x = calloc(1, sizeof(*x));
	if (!x)
		return -ENOMEM;
	ret = obj_elf_parse(&o, data, size);
	if (ret)
		goto fail;
	sym = pick_prog(&o, sel);
	if (sym < 0) {
		ret = sym;
		goto fail;
	}
	sec = o.secs[o.syms[sym].sym.st_shndx].name;
	type = obj_prog_type(sec);
	if (type < 0) {
		ret = obj_fail(
			&o,
			"program %s: section '%s' is not an XDP or TC program",
			o.syms[sym].name, sec);
		goto fail;
	}
	ret = add_func(&o, x, sym, &total, &added);
	if (ret < 0)
		goto fail;
	ret = build_insns(&o, x, &total);
	if (ret)
		goto fail;
	ret = collect_lines(&o, x);
	if (ret)
		goto fail;
	x->name = strdup(o.syms[sym].name);
	x->section = strdup(sec);
	if (!x->name || !x->section) {
		ret = -ENOMEM;
		goto fail;
	}
	x->prog.name = x->name;
	x->prog.type = (enum xnic_prog_type)type;
	x->prog.insns = x->insns;
	x->prog.insn_cnt = total;
	x->prog.maps = x->maps;
	x->prog.map_cnt = x->map_cnt;
	x->prog.lines = x->lines;
	x->prog.line_cnt = x->line_cnt;
	x->prog.files = (const char *const *)x->files;
	x->prog.file_cnt = x->file_cnt;
	obj_elf_free(&o);
	*out = x;
	return 0;
fail:
	if (ret == -ENOMEM && err && errlen)
		snprintf(err, errlen, "%s: out of memory", o.name);
	obj_elf_free(&o);
	xnic_obj_close(x);
	return ret;
}

static void *read_file(const char *path, size_t *size, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	void *buf;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		fclose(f);
		return NULL;
	}
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!buf ||
	    fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		snprintf(err, errlen, "%s: cannot read", path);
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*size = (size_t)st.st_size;
	return buf;
}

int xnic_obj_open(const char *path, const char *sel, struct xnic_obj **out,
		  char *err, size_t errlen)
{
	size_t size;
	void *buf = read_file(path, &size, err, errlen);
	int ret;

	*out = NULL;
	if (!buf)
		return -ENOENT;
	ret = xnic_obj_open_mem(buf, size, path, sel, out, err, errlen);
	free(buf);
	return ret;
}

const struct xnic_prog *xnic_obj_prog(const struct xnic_obj *x)
{
	return &x->prog;
}

const char *xnic_obj_section(const struct xnic_obj *x)
{
	return x->section;
}

int xnic_obj_list(const char *path,
		  void (*cb)(void *ctx, const struct xnic_obj_prog_info *info),
		  void *ctx, char *err, size_t errlen)
{
	struct obj_elf o = {.name = path, .err = err, .errlen = errlen};
	struct xnic_obj_prog_info info;
	size_t size;
	void *buf = read_file(path, &size, err, errlen);
	int ret, n = 0;
	u32 i;

	if (!buf)
		return -ENOENT;
	ret = obj_elf_parse(&o, buf, size);
	free(buf);
	if (ret) {
		obj_elf_free(&o);
		return ret;
	}
	for (i = 0; i < o.nsyms; i++) {
		if (!is_prog_sym(&o, i))
			continue;
		info.name = o.syms[i].name;
		info.section = o.secs[o.syms[i].sym.st_shndx].name;
		info.type = obj_prog_type(info.section);
		info.insn_cnt = (u32)(o.syms[i].sym.st_size / 8);
		if (cb)
			cb(ctx, &info);
		n++;
	}
	obj_elf_free(&o);
	return n;
}
