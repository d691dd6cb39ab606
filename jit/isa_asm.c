// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Microcode assembler.  Each instruction line is parsed by walking the
 * syntax template of its mnemonic (xnic_mnemonics[]), the same template
 * the disassembler prints with; the result is checked and encoded by
 * isa_codec.c.  Two passes: labels first, then instructions.
 */
#include "xnic/uasm.h"

#define ERRLEN 160

struct cur {
	const char *p;
	const char *end;
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

static bool is_word_char(char c)
{
	return is_alnum(c) || c == '$' || c == '@' || c == '.' || c == '+' ||
	       c == '-' || c == '~' || c == '<' || c == '>';
}

static void skip_ws(struct cur *c)
{
	while (c->p < c->end && is_space(*c->p))
		c->p++;
}

static bool peek(struct cur *c, char ch)
{
	skip_ws(c);
	return c->p < c->end && *c->p == ch;
}

static bool starts_with(const struct cur *c, const char *s)
{
	u32 n = xnic_strlen(s);

	return (u32)(c->end - c->p) >= n && !xnic_memcmp(c->p, s, n);
}

/* A word token; "lm0[3]" keeps its brackets. */
static u32 read_word(struct cur *c, char *buf, u32 len)
{
	const char *s;
	u32 n;

	skip_ws(c);
	s = c->p;
	while (c->p < c->end && is_word_char(*c->p))
		c->p++;
	if (c->p < c->end && *c->p == '[' && c->p - s >= 3 && s[0] == 'l' &&
	    s[1] == 'm') {
		while (c->p < c->end && *c->p != ']')
			c->p++;
		if (c->p < c->end)
			c->p++;
	}
	n = (u32)(c->p - s);
	if (n >= len)
		n = len - 1;
	xnic_memcpy(buf, s, n);
	buf[n] = '\0';
	return n;
}

/* Unsigned number: decimal, 0x hex or 0b binary; whole string. */
static bool parse_num(const char *s, u64 *val)
{
	u32 base = 10;
	u64 v = 0;

	if (!*s)
		return false;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
		base = 2;
		s += 2;
	}
	if (!*s)
		return false;
	for (; *s; s++) {
		u32 d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return false;
		if (d >= base)
			return false;
		if (v > (U64_MAX - d) / base)
			return false;
		v = v * base + d;
	}
	*val = v;
	return true;
}

/* "prefix<digits>rest": the number after prefix, rest must match. */
static bool parse_prefixed(const char *tok, const char *prefix,
			   const char *rest, u64 *val)
{
	u32 n = xnic_strlen(prefix), m = xnic_strlen(rest), t;
	char digits[24];

	t = xnic_strlen(tok);
	if (t <= n + m || xnic_memcmp(tok, prefix, n) ||
	    xnic_memcmp(tok + t - m, rest, m) || t - n - m >= sizeof(digits))
		return false;
	xnic_memcpy(digits, tok + n, t - n - m);
	digits[t - n - m] = '\0';
	if (digits[0] < '0' || digits[0] > '9')
		return false;
	return parse_num(digits, val);
}

static int bad_reg(const char *tok, char *err)
{
	xnic_snprintf(err, ERRLEN, "unknown register '%s'", tok);
	return -EINVAL;
}

/* Operand token to code; wab is set for "abN" when allowed. */
static int parse_opnd(const char *tok, u32 *code, u32 *wab, char *err)
{
	u64 v;

	if (!xnic_strcmp(tok, "--")) {
		*code = XNIC_OPND_NONE;
		return 0;
	}
	if (wab && parse_prefixed(tok, "ab", "", &v)) {
		if (v >= XNIC_NR_GPR)
			return bad_reg(tok, err);
		*code = xnic_gpr_a((u32)v);
		*wab = 1;
		return 0;
	}
	if (parse_prefixed(tok, "a", "", &v)) {
		if (v >= XNIC_NR_GPR)
			return bad_reg(tok, err);
		*code = xnic_gpr_a((u32)v);
		return 0;
	}
	if (parse_prefixed(tok, "b", "", &v)) {
		if (v >= XNIC_NR_GPR)
			return bad_reg(tok, err);
		*code = xnic_gpr_b((u32)v);
		return 0;
	}
	if (parse_prefixed(tok, "$xi", "", &v)) {
		if (v >= XNIC_NR_XFER)
			return bad_reg(tok, err);
		*code = xnic_xin((u32)v);
		return 0;
	}
	if (parse_prefixed(tok, "$xo", "", &v)) {
		if (v >= XNIC_NR_XFER)
			return bad_reg(tok, err);
		*code = xnic_xout((u32)v);
		return 0;
	}
	if (parse_prefixed(tok, "nn", "", &v)) {
		if (v >= XNIC_NR_NN)
			return bad_reg(tok, err);
		*code = xnic_nn((u32)v);
		return 0;
	}
	if (parse_prefixed(tok, "lm", "++", &v) ||
	    parse_prefixed(tok, "lm", "--", &v)) {
		if (v >= XNIC_NR_LM_INDEX)
			return bad_reg(tok, err);
		*code = tok[xnic_strlen(tok) - 1] == '+' ?
				xnic_lm_postinc((u32)v) :
				xnic_lm_postdec((u32)v);
		return 0;
	}
	if (!xnic_memcmp(tok, "lm", 2) && tok[2] >= '0' && tok[2] <= '9') {
		u64 off;
		const char *br = tok + 2;

		v = 0;
		while (*br >= '0' && *br <= '9')
			v = v * 10 + (u64)(*br++ - '0');
		if (v >= XNIC_NR_LM_INDEX || *br != '[')
			return bad_reg(tok, err);
		{
			char num[16];
			u32 n = 0;

			br++;
			while (*br && *br != ']' && n < sizeof(num) - 1)
				num[n++] = *br++;
			num[n] = '\0';
			if (*br != ']' || br[1] || !parse_num(num, &off))
				return bad_reg(tok, err);
		}
		if (off > 15) {
			xnic_snprintf(err, ERRLEN,
				      "local memory offset %llu out of range (0..15) in '%s'",
				      (unsigned long long)off, tok);
			return -EINVAL;
		}
		*code = xnic_lm((u32)v, (u32)off);
		return 0;
	}
	if (parse_num(tok, &v)) {
		if (v > 255) {
			xnic_snprintf(err, ERRLEN,
				      "immediate %llu out of range (0..255); use immed",
				      (unsigned long long)v);
			return -EINVAL;
		}
		*code = xnic_imm((u32)v);
		return 0;
	}
	if (!*tok)
		xnic_snprintf(err, ERRLEN, "missing operand");
	else
		xnic_snprintf(err, ERRLEN, "unknown operand '%s'", tok);
	return -EINVAL;
}

/* Look a word up in a name table; -1 if absent. */
static int lookup(const char *const *names, u32 n, const char *tok)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (names[i] && !xnic_strcmp(names[i], tok))
			return (int)i;
	return -1;
}

static int parse_enum(struct cur *c, const char *const *names, u32 n,
		      const char *what, u32 *val, char *err)
{
	char tok[32];
	int i;

	read_word(c, tok, sizeof(tok));
	i = lookup(names, n, tok);
	if (i < 0) {
		xnic_snprintf(err, ERRLEN, "unknown %s '%s'", what, tok);
		return -EINVAL;
	}
	*val = (u32)i;
	return 0;
}

static int parse_uint(struct cur *c, const char *what, u64 max, u32 *val,
		      char *err)
{
	char tok[32];
	u64 v;

	read_word(c, tok, sizeof(tok));
	if (!parse_num(tok, &v)) {
		xnic_snprintf(err, ERRLEN, "expected %s, got '%s'", what, tok);
		return -EINVAL;
	}
	if (v > max) {
		xnic_snprintf(err, ERRLEN, "%s %llu out of range (0..%llu)",
			      what, (unsigned long long)v,
			      (unsigned long long)max);
		return -EINVAL;
	}
	*val = (u32)v;
	return 0;
}

static int expect(struct cur *c, char ch, char *err)
{
	if (!peek(c, ch)) {
		char got[24];

		read_word(c, got, sizeof(got));
		if (!got[0] && c->p < c->end) {
			got[0] = *c->p;
			got[1] = '\0';
		}
		xnic_snprintf(err, ERRLEN, "expected '%c'%s%s%s", ch,
			      got[0] ? " before '" : " at end of line",
			      got, got[0] ? "'" : "");
		return -EINVAL;
	}
	c->p++;
	return 0;
}

static int expect_word(struct cur *c, const char *w, char *err)
{
	char tok[24];

	read_word(c, tok, sizeof(tok));
	if (xnic_strcmp(tok, w)) {
		xnic_snprintf(err, ERRLEN, "expected '%s', got '%s'", w, tok);
		return -EINVAL;
	}
	return 0;
}

/* "defer[N]" after the comma has been consumed. */
static int parse_defer(struct cur *c, u32 max, u32 *val, char *err)
{
	u64 v;
	char tok[16];

	if (expect_word(c, "defer", err) || expect(c, '[', err))
		return -EINVAL;
	read_word(c, tok, sizeof(tok));
	if (!parse_num(tok, &v)) {
		xnic_snprintf(err, ERRLEN, "bad defer count '%s'", tok);
		return -EINVAL;
	}
	if (v > max) {
		xnic_snprintf(err, ERRLEN,
			      "defer count %llu out of range (0..%u)",
			      (unsigned long long)v, max);
		return -EINVAL;
	}
	*val = (u32)v;
	return expect(c, ']', err);
}

static bool next_is_comma_then(struct cur *c, const char *w)
{
	struct cur save = *c;
	bool yes;

	if (!peek(c, ','))
		return false;
	c->p++;
	skip_ws(c);
	yes = starts_with(c, w);
	*c = save;
	return yes;
}

static int parse_signal(struct cur *c, u32 *sig, char *err)
{
	char tok[16];
	u64 v;

	read_word(c, tok, sizeof(tok));
	if (tok[0] != 's' || !parse_num(tok + 1, &v) || v > 15) {
		xnic_snprintf(err, ERRLEN, "bad signal '%s' (s0..s15)", tok);
		return -EINVAL;
	}
	*sig = (u32)v;
	return 0;
}

static int parse_ctx(struct cur *c, struct xnic_insn *in, char *err)
{
	char tok[24];
	u32 d = 0;

	if (expect(c, ',', err))
		return -EINVAL;
	read_word(c, tok, sizeof(tok));
	if (!xnic_strcmp(tok, "sig_done")) {
		in->f[XNIC_F_CTX] = XNIC_CTX_SIG_ONLY;
	} else if (!xnic_strcmp(tok, "ctx_swap")) {
		in->f[XNIC_F_CTX] = XNIC_CTX_SWAP;
	} else {
		xnic_snprintf(err, ERRLEN,
			      "expected ctx_swap[sN] or sig_done[sN], got '%s'",
			      tok);
		return -EINVAL;
	}
	if (expect(c, '[', err) || parse_signal(c, &in->f[XNIC_F_SIG], err) ||
	    expect(c, ']', err))
		return -EINVAL;
	if (in->f[XNIC_F_CTX] == XNIC_CTX_SWAP &&
	    next_is_comma_then(c, "defer")) {
		c->p++;
		skip_ws(c);
		if (parse_defer(c, 2, &d, err))
			return -EINVAL;
		if (d == 0) {
			xnic_snprintf(err, ERRLEN,
				      "defer count 0 out of range (1..2) for ctx_swap");
			return -EINVAL;
		}
		in->f[XNIC_F_CTX] = d;
	}
	return 0;
}

static int parse_shift(struct cur *c, struct xnic_insn *in, u32 nshift,
		       char *err)
{
	char tok[16];

	if (parse_enum(c, xnic_shift_names, nshift, "shift", &in->f[XNIC_F_SHT],
		       err))
		return -EINVAL;
	skip_ws(c);
	{
		struct cur save = *c;

		read_word(c, tok, sizeof(tok));
		if (!xnic_strcmp(tok, "ind")) {
			in->f[XNIC_F_SHIND] = 1;
			return 0;
		}
		*c = save;
	}
	return parse_uint(c, "shift amount", 31, &in->f[XNIC_F_SHAMT], err);
}

static int parse_immed_opts(struct cur *c, struct xnic_insn *in, char *err)
{
	char tok[16];

	while (next_is_comma_then(c, "<<") || next_is_comma_then(c, "~")) {
		peek(c, ',');
		c->p++;
		read_word(c, tok, sizeof(tok));
		if (!xnic_strcmp(tok, "~")) {
			in->f[XNIC_F_INV] = 1;
		} else if (!xnic_strcmp(tok, "<<8")) {
			in->f[XNIC_F_BSHIFT] = 1;
		} else if (!xnic_strcmp(tok, "<<16")) {
			in->f[XNIC_F_BSHIFT] = 2;
		} else if (!xnic_strcmp(tok, "<<24")) {
			in->f[XNIC_F_BSHIFT] = 3;
		} else {
			xnic_snprintf(err, ERRLEN,
				      "bad immed option '%s' (<<8, <<16, <<24, ~)",
				      tok);
			return -EINVAL;
		}
	}
	return 0;
}

static int find_label(const struct xnic_asm_label *labels, u32 n,
		      const char *name, u32 *addr)
{
	u32 lo = 0, hi = n;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		int cmp = 0;
		const char *a = labels[mid].name, *b = name;

		while (*a && *a == *b) {
			a++;
			b++;
		}
		cmp = (int)(u8)*a - (int)(u8)*b;
		if (!cmp) {
			*addr = labels[mid].addr;
			return 0;
		}
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -ENOENT;
}

static int parse_target(struct cur *c, u32 *target,
			const struct xnic_asm_label *labels, u32 nlabels,
			char *err)
{
	char tok[XNIC_LABEL_LEN + 8];
	u64 v;

	read_word(c, tok, sizeof(tok));
	if (tok[0] == '@') {
		if (!parse_num(tok + 1, &v) || v >= XNIC_CODE_MAX) {
			xnic_snprintf(err, ERRLEN,
				      "bad branch target '%s' (@0..@%u)", tok,
				      XNIC_CODE_MAX - 1);
			return -EINVAL;
		}
		*target = (u32)v;
		return 0;
	}
	if (!tok[0]) {
		xnic_snprintf(err, ERRLEN, "missing branch target");
		return -EINVAL;
	}
	if (find_label(labels, nlabels, tok, target)) {
		xnic_snprintf(err, ERRLEN, "undefined label '%s'", tok);
		return -EINVAL;
	}
	return 0;
}

static int parse_sigmask(struct cur *c, u32 *mask, char *err)
{
	u32 sig;

	*mask = 0;
	if (peek(c, ']'))
		return 0;
	for (;;) {
		if (parse_signal(c, &sig, err))
			return -EINVAL;
		*mask |= 1u << sig;
		if (!peek(c, ','))
			return 0;
		c->p++;
	}
}

static int parse_operand_letter(struct cur *c, char t, struct xnic_insn *in,
				char *err)
{
	char tok[32];
	u32 field = t == 'D' ? XNIC_F_DST : t == 'A' ? XNIC_F_A : XNIC_F_B;

	read_word(c, tok, sizeof(tok));
	return parse_opnd(tok, &in->f[field],
			  t == 'D' ? &in->f[XNIC_F_WAB] : NULL, err);
}

static int parse_letter(struct cur *c, char t, struct xnic_insn *in,
			const struct xnic_asm_label *labels, u32 nlabels,
			char *err)
{
	u32 *f = in->f;
	u32 v;

	switch (t) {
	case 'D':
	case 'A':
	case 'B':
		return parse_operand_letter(c, t, in, err);
	case 'O':
		return parse_enum(c, xnic_aluop_names, XNIC_ALU_COUNT, "alu op",
				  &f[XNIC_F_ALUOP], err);
	case 'S':
		return parse_shift(c, in, XNIC_SH_DSHR, err);
	case 's':
		return parse_shift(c, in, XNIC_SH_COUNT, err);
	case 'I':
		return parse_uint(c, "immediate", 0xffff, &f[XNIC_F_IMM16], err);
	case 'b':
		return parse_immed_opts(c, in, err);
	case 'M':
		return parse_uint(c, "byte mask", 15, &f[XNIC_F_BMASK], err);
	case 'R':
		if (expect_word(c, "ror", err))
			return -EINVAL;
		return parse_uint(c, "rotate", 31, &f[XNIC_F_ROT], err);
	case 'T':
		return parse_target(c, &f[XNIC_F_TARGET], labels, nlabels, err);
	case 'K':
		return parse_uint(c, "bit number", 31, &f[XNIC_F_BIT], err);
	case 'Y':
		return parse_uint(c, "byte index", 3, &f[XNIC_F_BYTE], err);
	case 'V':
		return parse_uint(c, "byte value", 255, &f[XNIC_F_BVAL], err);
	case 'G':
		return parse_enum(c, xnic_mem_action_names, XNIC_MA_COUNT,
				  "memory action", &f[XNIC_F_MACT], err);
	case 'X': {
		char tok[16];
		u64 x;

		read_word(c, tok, sizeof(tok));
		if (tok[0] != '$' || !parse_num(tok + 1, &x) ||
		    x >= XNIC_NR_XFER) {
			xnic_snprintf(err, ERRLEN,
				      "bad transfer register '%s' ($0..$%u)",
				      tok, XNIC_NR_XFER - 1);
			return -EINVAL;
		}
		f[XNIC_F_XFER] = (u32)x;
		return 0;
	}
	case 'N':
		if (parse_uint(c, "count", 16, &v, err))
			return -EINVAL;
		if (!v) {
			xnic_snprintf(err, ERRLEN,
				      "count 0 out of range (1..16)");
			return -EINVAL;
		}
		f[XNIC_F_CNT] = v - 1;
		return 0;
	case 'C':
		return parse_enum(c, xnic_csr_names, XNIC_CSR_COUNT, "CSR",
				  &f[XNIC_F_CSR], err);
	case 'P':
		return parse_enum(c, xnic_mul_type_names, XNIC_MUL_COUNT,
				  "multiply type", &f[XNIC_F_MTYPE], err);
	case 'Q':
		return parse_enum(c, xnic_mul_step_names, XNIC_MSTEP_COUNT,
				  "multiply step", &f[XNIC_F_MSTEP], err);
	case 'W':
		return parse_sigmask(c, &f[XNIC_F_SIGMASK], err);
	case 'F':
		return parse_enum(c, xnic_fw_names, XNIC_FW_COUNT,
				  "firmware routine", &f[XNIC_F_FWID], err);
	case 'd':
		if (!next_is_comma_then(c, "defer"))
			return 0;
		peek(c, ',');
		c->p++;
		return parse_defer(c, 3, &f[XNIC_F_DEFER], err);
	case 'c':
		return parse_ctx(c, in, err);
	case ' ':
		return 0;
	default:
		return expect(c, t, err);
	}
}

int xnic_asm_parse_insn(const char *line, u32 len, struct xnic_insn *in,
			const struct xnic_asm_label *labels, u32 nlabels,
			char *err, u32 errlen)
{
	struct cur c = { line, line + len };
	const struct xnic_mnemonic *m = NULL;
	char name[32], lerr[ERRLEN];
	const char *t;
	u32 i;

	(void)errlen;
	/* Mnemonics are plain identifiers; stop before '['. */
	skip_ws(&c);
	{
		const char *s = c.p;
		u32 n;

		while (c.p < c.end && is_alnum(*c.p))
			c.p++;
		n = (u32)(c.p - s);
		if (n >= sizeof(name))
			n = sizeof(name) - 1;
		xnic_memcpy(name, s, n);
		name[n] = '\0';
	}
	for (i = 0; i < xnic_nr_mnemonics; i++) {
		if (!xnic_strcmp(xnic_mnemonics[i].name, name)) {
			m = &xnic_mnemonics[i];
			break;
		}
	}
	if (!m) {
		xnic_snprintf(err, errlen, "unknown instruction '%s'", name);
		return -EINVAL;
	}
	xnic_insn_init(in, m->kind);
	for (i = 0; i < m->nfixed; i++)
		in->f[m->fixed_field[i]] = m->fixed_value[i];
	for (t = m->syntax; *t; t++) {
		if (parse_letter(&c, *t, in, labels, nlabels, lerr)) {
			xnic_snprintf(err, errlen, "%s", lerr);
			return -EINVAL;
		}
	}
	skip_ws(&c);
	if (c.p < c.end) {
		xnic_snprintf(err, errlen, "unexpected '%.*s' after %s",
			      (int)(c.end - c.p), c.p, m->name);
		return -EINVAL;
	}
	return xnic_insn_check(in, err, errlen);
}
