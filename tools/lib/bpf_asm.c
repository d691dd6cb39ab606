// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * BPF text assembler for the bpf_conformance syntax (see bpf_asm.h).
 *
 * Two passes: the first turns each line into instructions and records
 * every symbolic jump or call target; the second resolves the labels.
 * Every error names its line.
 */
#include <ctype.h>
#include <stdarg.h>

#include "xnic/bpf_asm.h"

#define MAX_TOKENS 8
#define TOKEN_LEN  64

struct fixup {
	u32 pc;
	unsigned int line;
	bool in_imm; /* ja32 and call local keep the offset in imm */
	char label[TOKEN_LEN];
};

/* bpf_insn has bit-fields for the registers; parse into plain fields. */
struct ins {
	u8 code, dst, src;
	s16 off;
	s32 imm;
};

struct label {
	char name[TOKEN_LEN];
	u32 pc;
};

struct asm_state {
	struct bpf_insn *insns;
	u32 cnt, cap;
	struct fixup *fixups;
	u32 nfix, capfix;
	struct label *labels;
	u32 nlabels, caplabels;
	s64 first_exit; /* pc of the first exit, or -1 */
	unsigned int line;
	char *err;
	size_t errlen;
};

/* One parsed line: mnemonic and operands, brackets kept whole. */
struct asm_line {
	char mn[TOKEN_LEN];
	char tok[MAX_TOKENS][TOKEN_LEN];
	int ntok;
};

static int asm_error(struct asm_state *st, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int asm_error(struct asm_state *st, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(st->err, st->errlen, "line %u: ", st->line);
	if (n < 0 || (size_t)n >= st->errlen)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(st->err + n, st->errlen - n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static void *grow(void *p, u32 *cap, u32 need, size_t elem)
{
	u32 ncap;
	void *np;

	if (need <= *cap)
		return p;
	ncap = *cap ? *cap * 2 : 64;
	while (ncap < need)
		ncap *= 2;
	np = realloc(p, (size_t)ncap * elem);
	if (!np)
		return NULL;
	*cap = ncap;
	return np;
}

static int emit_raw(struct asm_state *st, struct bpf_insn in)
{
	struct bpf_insn *n = grow(st->insns, &st->cap, st->cnt + 1, sizeof(in));

	if (!n)
		return asm_error(st, "out of memory");
	st->insns = n;
	st->insns[st->cnt++] = in;
	return 0;
}

static int emit(struct asm_state *st, struct ins in)
{
	struct bpf_insn b;

	memset(&b, 0, sizeof(b));
	b.code = in.code;
	b.dst_reg = in.dst;
	b.src_reg = in.src;
	b.off = in.off;
	b.imm = in.imm;
	return emit_raw(st, b);
}

u64 xnic_bpf_insn_to_u64(const struct bpf_insn *in)
{
	return (u64)in->code | (u64)(in->dst_reg | in->src_reg << 4) << 8 |
	       (u64)(u16)in->off << 16 | (u64)(u32)in->imm << 32;
}

struct bpf_insn xnic_bpf_insn_from_u64(u64 w)
{
	struct bpf_insn in;

	memset(&in, 0, sizeof(in));
	in.code = (u8)w;
	in.dst_reg = (w >> 8) & 0xf;
	in.src_reg = (w >> 12) & 0xf;
	in.off = (s16)(u16)(w >> 16);
	in.imm = (s32)(u32)(w >> 32);
	return in;
}

/* Signed or unsigned integer, decimal or 0x hex; the whole token. */
static bool parse_int(const char *s, s64 *lo_out, u64 *bits)
{
	bool neg = false;
	u64 v = 0;
	int base = 10, digits = 0;

	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (; *s; s++, digits++) {
		int d;

		if (isdigit((unsigned char)*s))
			d = *s - '0';
		else if (base == 16 && isxdigit((unsigned char)*s))
			d = tolower((unsigned char)*s) - 'a' + 10;
		else
			return false;
		if (v > (U64_MAX - d) / base)
			return false;
		v = v * base + d;
	}
	if (!digits)
		return false;
	if (neg && v > (1ULL << 63))
		return false;
	*bits = neg ? 0 - v : v;
	/* lo_out: the value as a signed number when it fits, for ranges */
	*lo_out =
		neg ? -(s64)(v - 1) - 1 : (v > (u64)S64_MAX ? S64_MAX : (s64)v);
	return true;
}

static int imm32(struct asm_state *st, const char *s, s32 *out)
{
	s64 v;
	u64 bits;

	if (!parse_int(s, &v, &bits))
		return asm_error(st, "bad immediate '%s'", s);
	if (v < S32_MIN || v > (s64)U32_MAX)
		return asm_error(st, "immediate '%s' does not fit in 32 bits",
				 s);
	*out = (s32)(u32)bits;
	return 0;
}

static int reg(struct asm_state *st, const char *s, u8 *out)
{
	const char *name = s;
	char *end;
	long n;

	if (*s == '%')
		s++;
	if (*s != 'r' || !isdigit((unsigned char)s[1]))
		return asm_error(
			st, "expected a register %%r0..%%r10, got '%s'", name);
	n = strtol(s + 1, &end, 10);
	if (*end || n < 0 || n > 10)
		return asm_error(
			st, "expected a register %%r0..%%r10, got '%s'", name);
	*out = (u8)n;
	return 0;
}

static bool is_reg(const char *s)
{
	return s[0] == '%' || (s[0] == 'r' && isdigit((unsigned char)s[1]));
}

/* "[%rN]", "[%rN+off]", "[%rN-off]" */
static int memop(struct asm_state *st, const char *s, u8 *r, s16 *off)
{
	char buf[TOKEN_LEN];
	size_t n = strlen(s);
	char *sign;
	s64 v = 0;
	u64 bits;
	int err;

	if (n < 3 || s[0] != '[' || s[n - 1] != ']' || n - 2 >= sizeof(buf))
		return asm_error(st, "expected [%%rN+offset], got '%s'", s);
	memcpy(buf, s + 1, n - 2);
	buf[n - 2] = 0;
	sign = strpbrk(buf, "+-");
	if (sign) {
		if (!parse_int(sign, &v, &bits))
			return asm_error(st, "bad offset in '%s'", s);
		if (v < -32768 || v > 32767)
			return asm_error(
				st, "offset in '%s' does not fit in 16 bits",
				s);
		*sign = 0;
	}
	err = reg(st, buf, r);
	if (err)
		return err;
	*off = (s16)v;
	return 0;
}

static int add_fixup(struct asm_state *st, const char *label, bool in_imm)
{
	struct fixup *f =
		grow(st->fixups, &st->capfix, st->nfix + 1, sizeof(*f));

	if (!f)
		return asm_error(st, "out of memory");
	st->fixups = f;
	f = &st->fixups[st->nfix++];
	f->pc = st->cnt;
	f->line = st->line;
	f->in_imm = in_imm;
	snprintf(f->label, sizeof(f->label), "%s", label);
	return 0;
}

/*
 * A jump target: +N/-N (or a bare number) is an offset, anything else a
 * label resolved in pass 2.  wide: the offset goes to the 32-bit imm.
 */
static int target(struct asm_state *st, const char *s, bool wide, s64 *rel)
{
	u64 bits;

	*rel = 0;
	if (*s == '+' || *s == '-' || isdigit((unsigned char)*s)) {
		if (!parse_int(s, rel, &bits))
			return asm_error(st, "bad jump offset '%s'", s);
		if (wide ? (*rel < S32_MIN || *rel > S32_MAX) :
			   (*rel < -32768 || *rel > 32767))
			return asm_error(st, "jump offset '%s' out of range",
					 s);
		return 0;
	}
	if (!isalpha((unsigned char)*s) && *s != '_' && *s != '.')
		return asm_error(st, "bad jump target '%s'", s);
	return add_fixup(st, s, wide);
}

static const char *const alu_names[16] = {
	[BPF_ADD >> 4] = "add",	  [BPF_SUB >> 4] = "sub",
	[BPF_MUL >> 4] = "mul",	  [BPF_DIV >> 4] = "div",
	[BPF_OR >> 4] = "or",	  [BPF_AND >> 4] = "and",
	[BPF_LSH >> 4] = "lsh",	  [BPF_RSH >> 4] = "rsh",
	[BPF_NEG >> 4] = "neg",	  [BPF_MOD >> 4] = "mod",
	[BPF_XOR >> 4] = "xor",	  [BPF_MOV >> 4] = "mov",
	[BPF_ARSH >> 4] = "arsh",
};

static const char *const jmp_names[16] = {
	[BPF_JEQ >> 4] = "jeq",	  [BPF_JGT >> 4] = "jgt",
	[BPF_JGE >> 4] = "jge",	  [BPF_JSET >> 4] = "jset",
	[BPF_JNE >> 4] = "jne",	  [BPF_JSGT >> 4] = "jsgt",
	[BPF_JSGE >> 4] = "jsge", [BPF_JLT >> 4] = "jlt",
	[BPF_JLE >> 4] = "jle",	  [BPF_JSLT >> 4] = "jslt",
	[BPF_JSLE >> 4] = "jsle",
};

static int find_name(const char *const names[16], const char *s, size_t n)
{
	int i;

	for (i = 0; i < 16; i++)
		if (names[i] && strlen(names[i]) == n &&
		    !strncmp(names[i], s, n))
			return i << 4;
	return -1;
}

static int size_code(const char *s)
{
	if (!strcmp(s, "b"))
		return BPF_B;
	if (!strcmp(s, "h"))
		return BPF_H;
	if (!strcmp(s, "w"))
		return BPF_W;
	if (!strcmp(s, "dw"))
		return BPF_DW;
	return -1;
}

static int want(struct asm_state *st, const struct asm_line *l, int n)
{
	if (l->ntok != n)
		return asm_error(st, "'%s' takes %d operand%s, got %d", l->mn,
				 n, n == 1 ? "" : "s", l->ntok);
	return 0;
}

/* Strip a 32 or 64 width suffix; returns the class it selects. */
static u8 width_class(char *base, u8 cls32, u8 cls64)
{
	size_t n = strlen(base);

	if (n > 2 && !strcmp(base + n - 2, "32")) {
		base[n - 2] = 0;
		return cls32;
	}
	if (n > 2 && !strcmp(base + n - 2, "64"))
		base[n - 2] = 0;
	return cls64;
}

static int asm_alu(struct asm_state *st, const struct asm_line *l, bool *done)
{
	struct ins in = {0};
	char base[TOKEN_LEN];
	int op, err, bits;

	*done = true;
	snprintf(base, sizeof(base), "%s", l->mn);
	/* byte swaps: le/be (class ALU), bswap/swap (ALU64, v4) */
	if (sscanf(base, "le%d", &bits) == 1 ||
	    sscanf(base, "be%d", &bits) == 1 ||
	    sscanf(base, "bswap%d", &bits) == 1 ||
	    sscanf(base, "swap%d", &bits) == 1) {
		char chk[TOKEN_LEN];
		const char *pfx = base[0] == 'l'		   ? "le" :
				  base[0] == 'b' && base[1] == 'e' ? "be" :
				  base[0] == 'b'		   ? "bswap" :
								     "swap";

		snprintf(chk, sizeof(chk), "%s%d", pfx, bits);
		if (strcmp(chk, base) ||
		    (bits != 16 && bits != 32 && bits != 64))
			goto not_alu;
		err = want(st, l, 1) ?: reg(st, l->tok[0], &in.dst);
		if (err)
			return err;
		in.code = pfx[0] == 'l' ? BPF_ALU | BPF_END | BPF_TO_LE :
			  pfx[1] == 'e' ? BPF_ALU | BPF_END | BPF_TO_BE :
					  BPF_ALU64 | BPF_END | BPF_TO_LE;
		in.imm = bits;
		return emit(st, in);
	}
	if (!strncmp(base, "movsx", 5)) {
		static const struct {
			const char *n;
			u8 cls;
			s16 off;
		} sx[] = {{"movsx832", BPF_ALU, 8},
			  {"movsx864", BPF_ALU64, 8},
			  {"movsx1632", BPF_ALU, 16},
			  {"movsx1664", BPF_ALU64, 16},
			  {"movsx3264", BPF_ALU64, 32}};
		size_t i;

		for (i = 0; i < ARRAY_SIZE(sx); i++)
			if (!strcmp(base, sx[i].n))
				break;
		if (i == ARRAY_SIZE(sx))
			goto not_alu;
		err = want(st, l, 2)			  ?:
			      reg(st, l->tok[0], &in.dst) ?:
			      reg(st, l->tok[1], &in.src);
		if (err)
			return err;
		in.code = sx[i].cls | BPF_MOV | BPF_X;
		in.off = sx[i].off;
		return emit(st, in);
	}
	in.code = width_class(base, BPF_ALU, BPF_ALU64);
	if (!strcmp(base, "sdiv") || !strcmp(base, "smod")) {
		in.off = 1;
		memmove(base, base + 1, strlen(base));
	}
	op = find_name(alu_names, base, strlen(base));
	if (op < 0)
		goto not_alu;
	in.code |= op;
	if (op == BPF_NEG) {
		err = want(st, l, 1) ?: reg(st, l->tok[0], &in.dst);
		return err ?: emit(st, in);
	}
	err = want(st, l, 2) ?: reg(st, l->tok[0], &in.dst);
	if (err)
		return err;
	if (is_reg(l->tok[1])) {
		in.code |= BPF_X;
		err = reg(st, l->tok[1], &in.src);
	} else {
		err = imm32(st, l->tok[1], &in.imm);
	}
	return err ?: emit(st, in);
not_alu:
	*done = false;
	return 0;
}

static int asm_jmp(struct asm_state *st, const struct asm_line *l, bool *done)
{
	struct ins in = {0};
	char base[TOKEN_LEN];
	s64 rel;
	int op, err;

	*done = true;
	if (!strcmp(l->mn, "ja") || !strcmp(l->mn, "ja32") ||
	    !strcmp(l->mn, "gotol")) {
		bool wide = strcmp(l->mn, "ja") != 0;

		err = want(st, l, 1) ?: target(st, l->tok[0], wide, &rel);
		if (err)
			return err;
		in.code = (wide ? BPF_JMP32 : BPF_JMP) | BPF_JA;
		if (wide)
			in.imm = (s32)rel;
		else
			in.off = (s16)rel;
		return emit(st, in);
	}
	snprintf(base, sizeof(base), "%s", l->mn);
	in.code = width_class(base, BPF_JMP32, BPF_JMP);
	op = find_name(jmp_names, base, strlen(base));
	if (op < 0) {
		*done = false;
		return 0;
	}
	in.code |= op;
	err = want(st, l, 3) ?: reg(st, l->tok[0], &in.dst);
	if (err)
		return err;
	if (is_reg(l->tok[1])) {
		in.code |= BPF_X;
		err = reg(st, l->tok[1], &in.src);
	} else {
		err = imm32(st, l->tok[1], &in.imm);
	}
	err = err ?: target(st, l->tok[2], false, &rel);
	if (err)
		return err;
	in.off = (s16)rel;
	return emit(st, in);
}

static int asm_call(struct asm_state *st, const struct asm_line *l)
{
	struct ins in = {.code = BPF_JMP | BPF_CALL};
	const char *kind = l->ntok == 2 ? l->tok[0] : "helper";
	const char *what = l->tok[l->ntok - 1];
	s64 rel;
	int err;

	if (l->ntok != 1 && l->ntok != 2)
		return asm_error(
			st, "call takes N, local LABEL, runtime N or %%rN");
	if (!strcmp(kind, "local")) {
		in.src = BPF_PSEUDO_CALL;
		err = target(st, what, true, &rel);
		in.imm = (s32)rel;
	} else if (!strcmp(kind, "helper") && is_reg(what)) {
		in.code |= BPF_X; /* callx: the register holds the target */
		err = reg(st, what, &in.dst);
	} else if (!strcmp(kind, "helper") || !strcmp(kind, "runtime")) {
		in.src = kind[0] == 'r' ? 2 /* BPF_PSEUDO_KFUNC_CALL */ : 0;
		err = imm32(st, what, &in.imm);
	} else {
		return asm_error(st, "unknown call kind '%s'", kind);
	}
	return err ?: emit(st, in);
}

static int asm_mem(struct asm_state *st, const struct asm_line *l, bool *done)
{
	struct ins in = {0};
	const char *mn = l->mn;
	int sz, err;

	*done = true;
	if (!strncmp(mn, "ldxs", 4) && (sz = size_code(mn + 4)) >= 0 &&
	    sz != BPF_DW) {
		in.code = BPF_LDX | BPF_MEMSX | sz;
	} else if (!strncmp(mn, "ldx", 3) && (sz = size_code(mn + 3)) >= 0) {
		in.code = BPF_LDX | BPF_MEM | sz;
	} else if (!strncmp(mn, "stx", 3) && (sz = size_code(mn + 3)) >= 0) {
		err = want(st, l, 2)				     ?:
			      memop(st, l->tok[0], &in.dst, &in.off) ?:
			      reg(st, l->tok[1], &in.src);
		in.code = BPF_STX | BPF_MEM | sz;
		return err ?: emit(st, in);
	} else if (!strncmp(mn, "st", 2) && (sz = size_code(mn + 2)) >= 0) {
		err = want(st, l, 2)				     ?:
			      memop(st, l->tok[0], &in.dst, &in.off) ?:
			      imm32(st, l->tok[1], &in.imm);
		in.code = BPF_ST | BPF_MEM | sz;
		return err ?: emit(st, in);
	} else if (!strncmp(mn, "ldabs", 5) && (sz = size_code(mn + 5)) >= 0 &&
		   sz != BPF_DW) {
		err = want(st, l, 1) ?: imm32(st, l->tok[0], &in.imm);
		in.code = BPF_LD | BPF_ABS | sz;
		return err ?: emit(st, in);
	} else if (!strncmp(mn, "ldind", 5) && (sz = size_code(mn + 5)) >= 0 &&
		   sz != BPF_DW) {
		err = want(st, l, 2)			  ?:
			      reg(st, l->tok[0], &in.src) ?:
			      imm32(st, l->tok[1], &in.imm);
		in.code = BPF_LD | BPF_IND | sz;
		return err ?: emit(st, in);
	} else {
		*done = false;
		return 0;
	}
	err = want(st, l, 2)			  ?:
		      reg(st, l->tok[0], &in.dst) ?:
		      memop(st, l->tok[1], &in.src, &in.off);
	return err ?: emit(st, in);
}

/* lock [fetch] add|and|or|xor[32] [..], %rS ; lock xchg|cmpxchg[32] ... */
static int asm_lock(struct asm_state *st, const struct asm_line *l)
{
	struct ins in = {0};
	bool fetch = l->ntok > 0 && !strcmp(l->tok[0], "fetch");
	int i = fetch ? 1 : 0;
	char op[TOKEN_LEN];
	int err;

	if (l->ntok != i + 3)
		return asm_error(st, "lock takes [fetch] OP [%%rD+off], %%rS");
	snprintf(op, sizeof(op), "%s", l->tok[i]);
	in.code = BPF_STX | BPF_ATOMIC |
		  (width_class(op, BPF_W, BPF_DW) == BPF_W ? BPF_W : BPF_DW);
	if (!strcmp(op, "add"))
		in.imm = BPF_ADD;
	else if (!strcmp(op, "and"))
		in.imm = BPF_AND;
	else if (!strcmp(op, "or"))
		in.imm = BPF_OR;
	else if (!strcmp(op, "xor"))
		in.imm = BPF_XOR;
	else if (!strcmp(op, "xchg") && !fetch)
		in.imm = BPF_XCHG;
	else if (!strcmp(op, "cmpxchg") && !fetch)
		in.imm = BPF_CMPXCHG;
	else
		return asm_error(st, "unknown atomic operation '%s%s'",
				 fetch ? "fetch " : "", l->tok[i]);
	if (fetch)
		in.imm |= BPF_FETCH;
	err = memop(st, l->tok[i + 1], &in.dst, &in.off) ?:
		      reg(st, l->tok[i + 2], &in.src);
	return err ?: emit(st, in);
}

static int asm_insn(struct asm_state *st, const struct asm_line *l)
{
	struct ins in = {0};
	bool done;
	u64 bits;
	s64 v;
	int err;

	if (!strcmp(l->mn, "exit")) {
		err = want(st, l, 0);
		if (err)
			return err;
		if (st->first_exit < 0)
			st->first_exit = st->cnt;
		in.code = BPF_JMP | BPF_EXIT;
		return emit(st, in);
	}
	if (!strcmp(l->mn, "call"))
		return asm_call(st, l);
	if (!strcmp(l->mn, "lock"))
		return asm_lock(st, l);
	if (!strcmp(l->mn, "lddw")) {
		err = want(st, l, 2) ?: reg(st, l->tok[0], &in.dst);
		if (err)
			return err;
		if (!parse_int(l->tok[1], &v, &bits))
			return asm_error(st, "bad 64-bit immediate '%s'",
					 l->tok[1]);
		in.code = BPF_LD | BPF_IMM | BPF_DW;
		in.imm = (s32)(u32)bits;
		err = emit(st, in);
		memset(&in, 0, sizeof(in));
		in.imm = (s32)(u32)(bits >> 32);
		return err ?: emit(st, in);
	}
	if (!strcmp(l->mn, ".insn")) {
		err = want(st, l, 1);
		if (err)
			return err;
		if (!parse_int(l->tok[0], &v, &bits))
			return asm_error(st, "bad raw instruction '%s'",
					 l->tok[0]);
		return emit_raw(st, xnic_bpf_insn_from_u64(bits));
	}
	err = asm_alu(st, l, &done);
	if (err || done)
		return err;
	err = asm_jmp(st, l, &done);
	if (err || done)
		return err;
	err = asm_mem(st, l, &done);
	if (err || done)
		return err;
	return asm_error(st, "unknown mnemonic '%s'", l->mn);
}

static int add_label(struct asm_state *st, const char *name)
{
	struct label *lb;
	u32 i;

	for (i = 0; i < st->nlabels; i++)
		if (!strcmp(st->labels[i].name, name))
			return asm_error(st, "label '%s' defined twice", name);
	lb = grow(st->labels, &st->caplabels, st->nlabels + 1, sizeof(*lb));
	if (!lb)
		return asm_error(st, "out of memory");
	st->labels = lb;
	lb = &st->labels[st->nlabels++];
	snprintf(lb->name, sizeof(lb->name), "%s", name);
	lb->pc = st->cnt;
	return 0;
}

/*
 * Split one line (comment already removed) into an optional label, the
 * mnemonic and operands.  Operands are separated by commas and/or blanks;
 * a bracketed memory operand is one token with its blanks dropped.
 */
static int tokenize(struct asm_state *st, char *s, struct asm_line *l)
{
	char *p = s, *colon;
	int err;

	memset(l, 0, sizeof(*l));
	while (isspace((unsigned char)*p))
		p++;
	colon = p;
	while (isalnum((unsigned char)*colon) || *colon == '_' || *colon == '.')
		colon++;
	if (*colon == ':' && colon != p) {
		*colon = 0;
		if (isdigit((unsigned char)*p))
			return asm_error(st, "label '%s' starts with a digit",
					 p);
		if (strlen(p) >= TOKEN_LEN)
			return asm_error(st, "label '%s' is too long", p);
		err = add_label(st, p);
		if (err)
			return err;
		p = colon + 1;
	}
	while (*p) {
		char *t;
		size_t n = 0;

		while (isspace((unsigned char)*p) || (*p == ',' && l->mn[0]))
			p++;
		if (!*p)
			break;
		if (!l->mn[0]) {
			t = l->mn;
		} else if (l->ntok < MAX_TOKENS) {
			t = l->tok[l->ntok++];
		} else {
			return asm_error(st, "too many operands");
		}
		if (*p == '[') {
			while (*p && *p != ']') {
				if (!isspace((unsigned char)*p) &&
				    n < TOKEN_LEN - 2)
					t[n++] = *p;
				p++;
			}
			if (*p != ']')
				return asm_error(st, "missing ']'");
			t[n++] = *p++;
		} else {
			while (*p && !isspace((unsigned char)*p) && *p != ',') {
				if (n >= TOKEN_LEN - 1)
					return asm_error(st, "token too long");
				t[n++] = *p++;
			}
		}
		t[n] = 0;
	}
	return 0;
}

static int resolve(struct asm_state *st)
{
	u32 i, j;

	for (i = 0; i < st->nfix; i++) {
		struct fixup *f = &st->fixups[i];
		s64 dest = -1, rel;

		for (j = 0; j < st->nlabels; j++)
			if (!strcmp(st->labels[j].name, f->label))
				dest = st->labels[j].pc;
		if (dest < 0 && !strcmp(f->label, "exit"))
			dest = st->first_exit;
		st->line = f->line;
		if (dest < 0)
			return asm_error(st, "undefined label '%s'", f->label);
		rel = dest - (s64)f->pc - 1;
		if (f->in_imm) {
			st->insns[f->pc].imm = (s32)rel;
		} else {
			if (rel < -32768 || rel > 32767)
				return asm_error(st,
						 "label '%s' is too far for a "
						 "16-bit offset",
						 f->label);
			st->insns[f->pc].off = (s16)rel;
		}
	}
	return 0;
}

int xnic_bpf_asm(const char *text, unsigned int first_line,
		 struct bpf_insn **insns, u32 *cnt, char *err, size_t errlen)
{
	struct asm_state st = {.first_exit = -1, .err = err, .errlen = errlen};
	struct asm_line l;
	const char *p = text;
	char *line = NULL;
	int ret = 0;

	if (errlen)
		err[0] = 0;
	st.line = first_line ? first_line - 1 : 0;
	while (*p && !ret) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		char *hash, *nl;

		st.line++;
		nl = realloc(line, n + 1);
		if (!nl) {
			ret = asm_error(&st, "out of memory");
			break;
		}
		line = nl;
		memcpy(line, p, n);
		line[n] = 0;
		p += n + (eol ? 1 : 0);
		hash = strchr(line, '#');
		if (hash)
			*hash = 0;
		ret = tokenize(&st, line, &l);
		if (!ret && l.mn[0])
			ret = asm_insn(&st, &l);
	}
	if (!ret)
		ret = resolve(&st);
	free(line);
	free(st.fixups);
	free(st.labels);
	if (ret) {
		free(st.insns);
		*insns = NULL;
		*cnt = 0;
		return ret;
	}
	*insns = st.insns;
	*cnt = st.cnt;
	return 0;
}
