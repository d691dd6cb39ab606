// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Assembled BPF as a relocatable ELF object, the shape clang produces: the
 * main function in a section named after the program type (so libbpf,
 * bpftool and xnic's front end pick the type from it) under a global
 * function symbol, the local-call targets as static functions in .text,
 * the main function's calls to them as R_BPF_64_32 relocations (imm -1,
 * as libbpf expects), and a "license" section.  Written by hand (the
 * format is small), little-endian, EM_BPF.
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

#define SHT_REL	     9
#define STB_LOCAL    0
#define R_BPF_64_32  10
#define MAX_SECTIONS 8

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

/*
 * Where the program splits: [0, split) is the main function, and each
 * local-call target from split on starts a subprogram (libbpf wants those
 * in .text).  Every jump must stay inside its own function, or the split
 * cannot be expressed.
 */
struct layout {
	u32 split;  /* == cnt when there are no local calls */
	u32 nfunc;  /* subprograms */
	u32 *start; /* their first insn, ascending */
};

static bool is_call(const struct bpf_insn *in)
{
	return in->code == (BPF_JMP | BPF_CALL) &&
	       in->src_reg == BPF_PSEUDO_CALL;
}

/* 0 for the main function, j for subprogram j (1-based) */
static u32 func_of(const struct layout *l, u32 pc)
{
	u32 j;

	if (pc < l->split)
		return 0;
	for (j = l->nfunc; j > 0; j--)
		if (pc >= l->start[j - 1])
			return j;
	return 0;
}

static int plan(const struct bpf_insn *insns, u32 cnt, struct layout *l,
		char *err, size_t errlen)
{
	u8 *target = calloc(cnt + 1, 1);
	u32 i, n = 0;

	memset(l, 0, sizeof(*l));
	l->split = cnt;
	if (!target)
		return -ENOMEM;
	for (i = 0; i < cnt; i++) {
		s64 dest = (s64)i + 1 + insns[i].imm;

		if (!is_call(&insns[i]))
			continue;
		if (dest <= 0 || dest >= cnt) {
			snprintf(err, errlen,
				 "insn %u: local call out of the program", i);
			free(target);
			return -EINVAL;
		}
		target[dest] = 1;
	}
	for (i = 0; i < cnt; i++)
		n += target[i];
	l->start = calloc(n + 1, sizeof(*l->start));
	if (!l->start) {
		free(target);
		return -ENOMEM;
	}
	for (i = 0; i < cnt; i++)
		if (target[i])
			l->start[l->nfunc++] = i;
	free(target);
	if (l->nfunc)
		l->split = l->start[0];
	for (i = 0; i < cnt; i++) {
		u8 cls = BPF_CLASS(insns[i].code), op = BPF_OP(insns[i].code);
		s64 dest;

		if (insns[i].code == (BPF_LD | BPF_IMM | BPF_DW)) {
			i++;
			continue;
		}
		if ((cls != BPF_JMP && cls != BPF_JMP32) || op == BPF_CALL ||
		    op == BPF_EXIT)
			continue;
		dest = (s64)i + 1 +
		       (cls == BPF_JMP32 && op == BPF_JA ? insns[i].imm :
							   insns[i].off);
		if (dest < 0 || dest >= cnt ||
		    func_of(l, (u32)dest) != func_of(l, i)) {
			snprintf(
				err, errlen,
				"insn %u: jump leaves its function; ELF output "
				"needs each function contiguous",
				i);
			free(l->start);
			l->start = NULL;
			return -EINVAL;
		}
	}
	return 0;
}

static int put_sym(struct out *sym, struct out *str, const char *name, u8 bind,
		   u16 shndx, u64 value, u64 size)
{
	int ret = put_le(sym, str->len, 4)			      ?:
			  put_le(sym, (u64)(bind << 4 | STT_FUNC), 1) ?:
			  put_le(sym, 0, 1)			      ?:
			  put_le(sym, shndx, 2)			      ?:
			  put_le(sym, value, 8)			      ?:
			  put_le(sym, size, 8);

	return ret ?: put_bytes(str, name, strlen(name) + 1);
}

static int put_name(struct out *shstr, struct shdr *sh, const char *name)
{
	sh->name = (u32)shstr->len;
	return put_bytes(shstr, name, strlen(name) + 1);
}

int xnic_bpf_asm_write_elf(FILE *f, const struct bpf_insn *insns, u32 cnt,
			   const char *sec, const char *func, char *err,
			   size_t errlen)
{
	static const char license[] = "GPL";
	struct shdr sh[MAX_SECTIONS];
	struct out o = {0}, shstr = {0}, str = {0}, rel = {0}, sym = {0};
	u32 nsec = 1, sec_prog, sec_text = 0, sec_symtab, sec_strtab;
	struct layout l;
	char name[160];
	u64 shoff;
	int ret, i;
	u32 k, j;

	if (!cnt) {
		snprintf(err, errlen, "empty program");
		return -EINVAL;
	}
	ret = plan(insns, cnt, &l, err, errlen);
	if (ret)
		return ret;
	memset(sh, 0, sizeof(sh));
	/* string tables and symbols start with the empty / null entry */
	ret = put_bytes(&shstr, "", 1) ?: put_bytes(&str, "", 1);
	for (k = 0; !ret && k < 24; k++)
		ret = put_le(&sym, 0, 1);

	/* ELF header; shoff, shnum and shstrndx are patched in at the end */
	ret = ret ?: put_bytes(&o, "\177ELF\2\1\1", 7);
	ret = ret ?: align(&o, EI_NIDENT);
	ret = ret				     ?:
		      put_le(&o, ET_REL, 2)	     ?:
		      put_le(&o, EM_BPF, 2)	     ?:
		      put_le(&o, 1, 4) /* version */ ?:
		      put_le(&o, 0, 8)		     ?:
		      put_le(&o, 0, 8) /* phoff */   ?:
		      put_le(&o, 0, 8)		     ?:
		      put_le(&o, 0, 4) /* flags */   ?:
		      put_le(&o, 64, 2)		     ?:
		      put_le(&o, 0, 2)		     ?:
		      put_le(&o, 0, 2)		     ?:
		      put_le(&o, 64, 2)		     ?:
		      put_le(&o, 0, 2)		     ?:
						       put_le(&o, 0, 2);

	/* the main function; its calls into .text go through relocations */
	sec_prog = nsec++;
	sh[sec_prog] = (struct shdr){.type = SHT_PROGBITS,
				     .flags = SHF_ALLOC | SHF_EXEC,
				     .offset = o.len,
				     .size = (u64)l.split * 8,
				     .addralign = 8};
	ret = ret ?: put_name(&shstr, &sh[sec_prog], sec);
	for (k = 0; !ret && k < l.split; k++) {
		struct bpf_insn in = insns[k];

		if (is_call(&in)) {
			/* libbpf: callee = symbol value / 8 + imm + 1 */
			u32 callee = func_of(&l, k + 1 + in.imm);

			in.imm = -1;
			ret = put_le(&rel, (u64)k * 8, 8) ?:
							    put_le(&rel,
								   (u64)callee << 32 | R_BPF_64_32,
								   8);
		}
		ret = ret ?: put_le(&o, xnic_bpf_insn_to_u64(&in), 8);
	}
	if (l.nfunc) {
		sec_text = nsec++;
		sh[sec_text] = (struct shdr){.type = SHT_PROGBITS,
					     .flags = SHF_ALLOC | SHF_EXEC,
					     .offset = o.len,
					     .size = (u64)(cnt - l.split) * 8,
					     .addralign = 8};
		ret = ret ?: put_name(&shstr, &sh[sec_text], ".text");
		/* calls inside .text need no relocation: imm is right already
		 */
		for (k = l.split; !ret && k < cnt; k++)
			ret = put_le(&o, xnic_bpf_insn_to_u64(&insns[k]), 8);
		/* one static function per subprogram, symbols 1..nfunc */
		for (j = 0; !ret && j < l.nfunc; j++) {
			u32 end = j + 1 < l.nfunc ? l.start[j + 1] : cnt;

			snprintf(name, sizeof(name), "%s_sub%u", func,
				 l.start[j]);
			ret = put_sym(&sym, &str, name, STB_LOCAL,
				      (u16)sec_text,
				      (u64)(l.start[j] - l.split) * 8,
				      (u64)(end - l.start[j]) * 8);
		}
	}
	/* the program itself: the one global symbol */
	ret = ret   ?:
		      put_sym(&sym, &str, func, STB_GLOBAL, (u16)sec_prog, 0,
			      (u64)l.split * 8);

	sh[nsec] = (struct shdr){.type = SHT_PROGBITS,
				 .flags = SHF_ALLOC | SHF_WRITE,
				 .offset = o.len,
				 .size = sizeof(license),
				 .addralign = 1};
	ret = ret					     ?:
		      put_name(&shstr, &sh[nsec], "license") ?:
		      put_bytes(&o, license, sizeof(license));
	nsec++;

	ret = ret ?: align(&o, 8);
	sec_symtab = nsec++;
	sec_strtab = nsec++;
	sh[sec_symtab] = (struct shdr){.type = SHT_SYMTAB,
				       .offset = o.len,
				       .size = sym.len,
				       .link = sec_strtab,
				       .info = 1 + l.nfunc, /* first global */
				       .addralign = 8,
				       .entsize = 24};
	ret = ret						   ?:
		      put_name(&shstr, &sh[sec_symtab], ".symtab") ?:
		      put_bytes(&o, sym.buf, sym.len);
	sh[sec_strtab] = (struct shdr){.type = SHT_STRTAB,
				       .offset = o.len,
				       .size = str.len,
				       .addralign = 1};
	ret = ret						   ?:
		      put_name(&shstr, &sh[sec_strtab], ".strtab") ?:
		      put_bytes(&o, str.buf, str.len);
	if (rel.len) {
		snprintf(name, sizeof(name), ".rel%s", sec);
		ret = ret ?: align(&o, 8);
		sh[nsec] = (struct shdr){.type = SHT_REL,
					 .offset = o.len,
					 .size = rel.len,
					 .link = sec_symtab,
					 .info = sec_prog,
					 .addralign = 8,
					 .entsize = 16};
		ret = ret					?:
			      put_name(&shstr, &sh[nsec], name) ?:
			      put_bytes(&o, rel.buf, rel.len);
		nsec++;
	}
	sh[nsec] = (struct shdr){
		.type = SHT_STRTAB, .offset = o.len, .addralign = 1};
	ret = ret ?: put_name(&shstr, &sh[nsec], ".shstrtab");
	sh[nsec].size = shstr.len;
	ret = ret ?: put_bytes(&o, shstr.buf, shstr.len);
	nsec++;

	ret = ret ?: align(&o, 8);
	shoff = o.len;
	for (k = 0; !ret && k < nsec; k++)
		ret = put_shdr(&o, &sh[k]);
	if (!ret) {
		for (i = 0; i < 8; i++)
			o.buf[40 + i] = (u8)(shoff >> (8 * i));
		o.buf[60] = (u8)nsec;	    /* e_shnum */
		o.buf[62] = (u8)(nsec - 1); /* e_shstrndx: .shstrtab is last */
		if (fwrite(o.buf, 1, o.len, f) != o.len)
			ret = -EIO;
	}
	if (ret)
		snprintf(err, errlen, "cannot write ELF: %s", strerror(-ret));
	free(l.start);
	free(o.buf);
	free(str.buf);
	free(shstr.buf);
	free(rel.buf);
	free(sym.buf);
	return ret;
}
