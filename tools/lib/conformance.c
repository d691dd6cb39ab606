// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bpf_conformance vector reader and the per-vector check.
 *
 * A .data file is a list of "-- section" blocks; "#" starts a comment
 * (except in the C source notes).  The program comes from "-- raw" when
 * present, as the upstream runner does, else from "-- asm"; the asm is
 * assembled in both cases so that a broken vector is reported.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdarg.h>

#include "xnic/bpf_asm.h"
#include "xnic/conformance.h"

enum section {
	SEC_NONE,
	SEC_ASM,
	SEC_RAW,
	SEC_MEM,
	SEC_RESULT,
	SEC_ERROR,
	SEC_NOTES
};

struct reader {
	const char *name;
	unsigned int line;
	char *err;
	size_t errlen;
};

static int rd_error(struct reader *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int rd_error(struct reader *r, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(r->err, r->errlen, "%s:%u: ", r->name, r->line);
	if (n < 0 || (size_t)n >= r->errlen)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(r->err + n, r->errlen - n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* Append a line to a growing string. */
static int append(char **s, const char *line)
{
	size_t old = *s ? strlen(*s) : 0, n = strlen(line);
	char *ns = realloc(*s, old + n + 2);

	if (!ns)
		return -ENOMEM;
	memcpy(ns + old, line, n);
	ns[old + n] = '\n';
	ns[old + n + 1] = 0;
	*s = ns;
	return 0;
}

static enum section section_of(const char *title)
{
	if (!strcmp(title, "asm"))
		return SEC_ASM;
	if (!strcmp(title, "raw"))
		return SEC_RAW;
	if (!strcmp(title, "mem"))
		return SEC_MEM;
	if (!strcmp(title, "result"))
		return SEC_RESULT;
	if (!strcmp(title, "error"))
		return SEC_ERROR;
	return SEC_NOTES; /* "c", "no register offset", anything new */
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = 0;
	return s;
}

static bool parse_u64(const char *s, u64 *v)
{
	char *end;
	bool neg = *s == '-';

	if (!*s)
		return false;
	errno = 0;
	if (neg)
		*v = (u64)strtoll(s, &end, 0);
	else
		*v = strtoull(s, &end,
			      s[0] == '0' && (s[1] == 'x' || s[1] == 'X') ? 16 :
									    10);
	return !errno && !*end;
}

int xnic_conformance_parse_hex(const char *s, u8 **out, u32 *len)
{
	u32 cap = 64, n = 0;
	u8 *buf = malloc(cap);

	if (!buf)
		return -ENOMEM;
	while (*s) {
		int hi, lo;

		if (isspace((unsigned char)*s) || *s == ',') {
			s++;
			continue;
		}
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
			s += 2;
		if (!isxdigit((unsigned char)s[0])) {
			free(buf);
			return -EINVAL;
		}
		hi = isdigit((unsigned char)s[0]) ?
			     s[0] - '0' :
			     tolower((unsigned char)s[0]) - 'a' + 10;
		if (isxdigit((unsigned char)s[1])) {
			lo = isdigit((unsigned char)s[1]) ?
				     s[1] - '0' :
				     tolower((unsigned char)s[1]) - 'a' + 10;
			hi = hi << 4 | lo;
			s += 2;
		} else {
			s += 1;
		}
		if (n == cap) {
			u8 *nb = realloc(buf, cap *= 2);

			if (!nb) {
				free(buf);
				return -ENOMEM;
			}
			buf = nb;
		}
		buf[n++] = (u8)hi;
	}
	*out = buf;
	*len = n;
	return 0;
}

static int add_mem(struct reader *r, struct xnic_conformance_vector *v,
		   const char *line)
{
	u8 *bytes, *nm;
	u32 n;
	int err = xnic_conformance_parse_hex(line, &bytes, &n);

	if (err)
		return err == -ENOMEM ?
			       err :
			       rd_error(r, "bad memory bytes '%s'", line);
	nm = realloc(v->mem, v->mem_len + n + 1);
	if (!nm) {
		free(bytes);
		return -ENOMEM;
	}
	memcpy(nm + v->mem_len, bytes, n);
	v->mem = nm;
	v->mem_len += n;
	free(bytes);
	return 0;
}

static int add_raw(struct reader *r, struct xnic_conformance_vector *v,
		   char *line)
{
	char *tok, *save = NULL;

	for (tok = strtok_r(line, " \t,", &save); tok;
	     tok = strtok_r(NULL, " \t,", &save)) {
		struct bpf_insn *ni;
		u64 w;

		if (!parse_u64(tok, &w))
			return rd_error(r, "bad raw instruction '%s'", tok);
		ni = realloc(v->insns, (v->insn_cnt + 1) * sizeof(*ni));
		if (!ni)
			return -ENOMEM;
		v->insns = ni;
		v->insns[v->insn_cnt++] = xnic_bpf_insn_from_u64(w);
	}
	return 0;
}

static int take_line(struct reader *r, struct xnic_conformance_vector *v,
		     enum section sec, char *raw_line, char **asm_text,
		     unsigned int *asm_line)
{
	char *hash, *line;

	if (sec == SEC_NOTES)
		return append(&v->notes, raw_line);
	if (sec == SEC_ASM) {
		/* keep blank lines too, so assembler line numbers map back */
		if (!*asm_text)
			*asm_line = r->line;
		return append(asm_text, raw_line);
	}
	hash = strchr(raw_line, '#');
	if (hash)
		*hash = 0;
	line = trim(raw_line);
	if (!*line)
		return 0;
	switch (sec) {
	case SEC_RAW:
		v->from_raw = true;
		return add_raw(r, v, line);
	case SEC_MEM:
		return add_mem(r, v, line);
	case SEC_RESULT:
		if (v->has_result)
			return rd_error(r, "more than one result");
		if (!parse_u64(line, &v->result))
			return rd_error(r, "bad result '%s'", line);
		v->has_result = true;
		return 0;
	case SEC_ERROR:
		if (v->error)
			return append(&v->error, line);
		v->error = strdup(line);
		return v->error ? 0 : -ENOMEM;
	default:
		return rd_error(r, "text outside any section: '%s'", line);
	}
}

int xnic_conformance_parse(const char *text, const char *name,
			   struct xnic_conformance_vector *v, char *err,
			   size_t errlen)
{
	struct reader r = {.name = name, .err = err, .errlen = errlen};
	enum section sec = SEC_NONE;
	char *asm_text = NULL, *line = NULL;
	unsigned int asm_line = 1;
	const char *p = text;
	int ret = 0;

	memset(v, 0, sizeof(*v));
	if (errlen)
		err[0] = 0;
	v->name = strdup(name);
	if (!v->name)
		return -ENOMEM;
	while (*p && !ret) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		char *nl = realloc(line, n + 1), *t;

		if (!nl) {
			ret = -ENOMEM;
			break;
		}
		line = nl;
		memcpy(line, p, n);
		line[n] = 0;
		if (n && line[n - 1] == '\r')
			line[n - 1] = 0;
		p += n + (eol ? 1 : 0);
		r.line++;
		if (!strncmp(line, "--", 2)) {
			t = trim(line + 2);
			sec = section_of(t);
			if (sec == SEC_NOTES)
				ret = append(&v->notes, line);
			continue;
		}
		/* before the first section, and between sections, # is a
		 * comment */
		if (sec == SEC_NONE && (line[0] == '#' || !*trim(line)))
			continue;
		ret = take_line(&r, v, sec, line, &asm_text, &asm_line);
	}
	free(line);
	if (!ret && asm_text) {
		char aerr[256];

		ret = xnic_bpf_asm(asm_text, asm_line, &v->asm_insns,
				   &v->asm_cnt, aerr, sizeof(aerr));
		if (ret)
			snprintf(err, errlen, "%s:%s", name,
				 aerr + 5 /* "line " */);
	}
	free(asm_text);
	if (!ret && !v->from_raw && v->asm_insns) {
		v->insns = malloc(v->asm_cnt * sizeof(*v->insns) + 1);
		if (!v->insns)
			ret = -ENOMEM;
		else
			memcpy(v->insns, v->asm_insns,
			       v->asm_cnt * sizeof(*v->insns));
		v->insn_cnt = v->asm_cnt;
	}
	if (!ret && !v->insn_cnt) {
		snprintf(err, errlen,
			 "%s: no program (neither -- asm nor -- raw)", name);
		ret = -EINVAL;
	}
	if (ret)
		xnic_conformance_vector_free(v);
	return ret;
}

int xnic_conformance_load(const char *path, struct xnic_conformance_vector *v,
			  char *err, size_t errlen)
{
	const char *base = strrchr(path, '/');
	char name[256], *text;
	size_t n, cap = 4096, len = 0;
	FILE *f;
	int ret;

	snprintf(name, sizeof(name), "%s", base ? base + 1 : path);
	n = strlen(name);
	if (n > 5 && !strcmp(name + n - 5, ".data"))
		name[n - 5] = 0;
	f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -errno;
	}
	text = malloc(cap);
	while (text && (n = fread(text + len, 1, cap - len - 1, f)) > 0) {
		char *nt;

		len += n;
		if (cap - len > 1)
			continue;
		nt = realloc(text, cap *= 2);
		if (!nt) {
			free(text);
			text = NULL;
		}
		text = nt;
	}
	fclose(f);
	if (!text) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -ENOMEM;
	}
	text[len] = 0;
	ret = xnic_conformance_parse(text, name, v, err, errlen);
	free(text);
	return ret;
}

void xnic_conformance_vector_free(struct xnic_conformance_vector *v)
{
	free(v->name);
	free(v->insns);
	free(v->asm_insns);
	free(v->mem);
	free(v->error);
	free(v->notes);
	memset(v, 0, sizeof(*v));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **xnic_conformance_list(const char *dir, u32 *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **list = NULL;
	u32 n = 0;

	*count = 0;
	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		char **nl;

		if (len <= 5 || strcmp(e->d_name + len - 5, ".data"))
			continue;
		nl = realloc(list, (n + 2) * sizeof(*list));
		if (!nl)
			goto oom;
		list = nl;
		list[n] = malloc(strlen(dir) + len + 2);
		if (!list[n])
			goto oom;
		sprintf(list[n], "%s/%s", dir, e->d_name);
		list[++n] = NULL;
	}
	closedir(d);
	if (!list) {
		list = calloc(1, sizeof(*list));
		if (!list)
			return NULL;
	}
	qsort(list, n, sizeof(*list), cmp_str);
	*count = n;
	return list;
oom:
	closedir(d);
	xnic_conformance_free_list(list);
	errno = ENOMEM;
	return NULL;
}

void xnic_conformance_free_list(char **list)
{
	char **p;

	for (p = list; p && *p; p++)
		free(*p);
	free(list);
}

unsigned int xnic_conformance_isa_version(const struct bpf_insn *insns, u32 cnt)
{
	unsigned int v = 1;
	u32 i;

	for (i = 0; i < cnt; i++) {
		const struct bpf_insn *in = &insns[i];
		u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
		unsigned int need = 1;

		if (in->code == (BPF_LD | BPF_IMM | BPF_DW)) {
			i++; /* skip the second half */
			continue;
		}
		if (cls == BPF_ALU || cls == BPF_ALU64) {
			if (((op == BPF_DIV || op == BPF_MOD) && in->off) ||
			    (op == BPF_MOV && in->off) ||
			    (op == BPF_END && cls == BPF_ALU64))
				need = 4;
		} else if (cls == BPF_LDX && BPF_MODE(in->code) == BPF_MEMSX) {
			need = 4;
		} else if (cls == BPF_JMP32) {
			need = op == BPF_JA ? 4 : 3;
		} else if (cls == BPF_JMP) {
			if (op == BPF_JLT || op == BPF_JLE || op == BPF_JSLT ||
			    op == BPF_JSLE)
				need = 2;
			if (op == BPF_CALL && in->src_reg == BPF_PSEUDO_CALL)
				need = 3;
		} else if (cls == BPF_STX && BPF_MODE(in->code) == BPF_ATOMIC) {
			/* add without fetch is the original v1 XADD */
			need = in->imm == BPF_ADD ? 1 : 3;
		}
		if (need > v)
			v = need;
	}
	return v;
}

void xnic_conformance_check(const struct xnic_conformance_backend *b, void *ctx,
			    const struct xnic_conformance_vector *v,
			    struct xnic_conformance_outcome *out)
{
	unsigned int isa = xnic_conformance_isa_version(v->insns, v->insn_cnt);
	char why[200] = "";
	u8 *mem = NULL;
	u64 r0 = 0;
	int ret;

	memset(out, 0, sizeof(*out));
	if (!v->has_result && !v->error) {
		out->status = XNIC_CONFORMANCE_SKIP;
		snprintf(out->reason, sizeof(out->reason),
			 "vector has neither a result nor an error");
		return;
	}
	if (b->isa_version && isa > b->isa_version) {
		out->status = XNIC_CONFORMANCE_SKIP;
		snprintf(out->reason, sizeof(out->reason),
			 "needs ISA v%u, backend %s implements v%u", isa,
			 b->name, b->isa_version);
		return;
	}
	/* a private copy: programs write to their memory */
	if (v->mem) {
		mem = malloc(v->mem_len + 1);
		if (!mem) {
			out->status = XNIC_CONFORMANCE_FAIL;
			snprintf(out->reason, sizeof(out->reason),
				 "out of memory");
			return;
		}
		memcpy(mem, v->mem, v->mem_len);
	}
	ret = b->run(ctx, v->insns, v->insn_cnt, mem, v->mem_len, &r0, why,
		     sizeof(why));
	free(mem);
	if (ret == XNIC_CONFORMANCE_REJECTED) {
		out->status = XNIC_CONFORMANCE_SKIP;
		snprintf(out->reason, sizeof(out->reason), "rejected: %s",
			 why[0] ? why : "(no reason given)");
		return;
	}
	if (ret < 0) {
		if (v->error && !strcmp(v->error, why)) {
			out->status = XNIC_CONFORMANCE_PASS;
			return;
		}
		out->status = XNIC_CONFORMANCE_FAIL;
		if (v->error)
			snprintf(out->reason, sizeof(out->reason),
				 "expected error \"%s\", got error \"%s\"",
				 v->error, why);
		else
			snprintf(out->reason, sizeof(out->reason),
				 "expected 0x%llx, got error: %s",
				 (unsigned long long)v->result,
				 why[0] ? why : "(no reason given)");
		return;
	}
	out->ran = true;
	out->got = r0;
	if (v->error) {
		out->status = XNIC_CONFORMANCE_FAIL;
		snprintf(out->reason, sizeof(out->reason),
			 "expected error \"%s\", got r0 = 0x%llx", v->error,
			 (unsigned long long)r0);
	} else if (r0 != v->result) {
		out->status = XNIC_CONFORMANCE_FAIL;
		snprintf(out->reason, sizeof(out->reason),
			 "expected 0x%llx, got 0x%llx",
			 (unsigned long long)v->result, (unsigned long long)r0);
	} else {
		out->status = XNIC_CONFORMANCE_PASS;
	}
}

const struct xnic_conformance_backend *
xnic_conformance_find_backend(const char *name)
{
	if (!strcmp(name, "sim"))
		return xnic_conformance_sim_backend();
	if (!strcmp(name, "interp"))
		return xnic_conformance_interp_backend();
	if (!strcmp(name, "exec"))
		return xnic_conformance_exec_backend();
	return NULL;
}
