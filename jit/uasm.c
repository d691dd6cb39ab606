// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Whole-file microcode assembly: comments, labels, two passes, and the
 * program-level rule that nothing which changes control flow may sit in
 * another instruction's defer slots.
 */
#include "xnic/uasm.h"

struct line {
	const char *s; /* instruction text, label and comment removed */
	u32 len;
	u32 lineno;
};

static bool label_char(char c, bool first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       c == '.' || (!first && c >= '0' && c <= '9');
}

static void where(char *buf, u32 len, const char *fname, u32 lineno)
{
	xnic_snprintf(buf, len, "%s:%u", fname ? fname : "<input>", lineno);
}

static int label_cmp(const struct xnic_asm_label *a,
		     const struct xnic_asm_label *b)
{
	const char *x = a->name, *y = b->name;

	while (*x && *x == *y) {
		x++;
		y++;
	}
	return (int)(u8)*x - (int)(u8)*y;
}

/* Insertion sort keeps this free of libc; label counts are modest. */
static void sort_labels(struct xnic_asm_label *l, u32 n)
{
	struct xnic_asm_label tmp;
	u32 i, j;

	for (i = 1; i < n; i++) {
		tmp = l[i];
		for (j = i; j > 0 && label_cmp(&l[j - 1], &tmp) > 0; j--)
			l[j] = l[j - 1];
		l[j] = tmp;
	}
}

/* Split one physical line into its label (if any) and instruction. */
static int split_line(const char *s, u32 len, const char **label,
		      u32 *label_len, struct line *insn)
{
	u32 i = 0, end = 0, j;

	while (end < len && s[end] != ';' && s[end] != '#')
		end++;
	while (i < end && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
		i++;
	*label = NULL;
	*label_len = 0;
	j = i;
	while (j < end && label_char(s[j], j == i))
		j++;
	if (j > i && j < end && s[j] == ':') {
		*label = s + i;
		*label_len = j - i;
		i = j + 1;
		while (i < end && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
			i++;
	}
	while (end > i && (s[end - 1] == ' ' || s[end - 1] == '\t' ||
			   s[end - 1] == '\r'))
		end--;
	insn->s = s + i;
	insn->len = end - i;
	return 0;
}

static u32 count_lines(const char *src, u32 len)
{
	u32 n = 1, i;

	for (i = 0; i < len; i++)
		if (src[i] == '\n')
			n++;
	return n;
}

struct uasm {
	const char *fname;
	struct xnic_diag *diag;
	struct line *insns;
	u32 ninsns;
	struct xnic_asm_label *labels;
	u32 nlabels;
	u32 *label_lines;
};

static int pass_labels(struct uasm *a, const char *src, u32 len)
{
	const char *p = src, *end = src + len;
	char w[64];
	u32 lineno = 0;

	while (p <= end) {
		const char *nl = p, *label;
		u32 label_len, k;
		struct line insn;

		while (nl < end && *nl != '\n')
			nl++;
		lineno++;
		split_line(p, (u32)(nl - p), &label, &label_len, &insn);
		if (label) {
			where(w, sizeof(w), a->fname, lineno);
			if (label_len >= XNIC_LABEL_LEN) {
				xnic_diag_error(a->diag, w,
						"label '%.*s' longer than %u characters",
						(int)label_len, label,
						XNIC_LABEL_LEN - 1);
			} else {
				struct xnic_asm_label *l =
					&a->labels[a->nlabels];

				xnic_memcpy(l->name, label, label_len);
				l->name[label_len] = '\0';
				l->addr = a->ninsns;
				a->label_lines[a->nlabels] = lineno;
				for (k = 0; k < a->nlabels; k++)
					if (!label_cmp(&a->labels[k], l))
						break;
				if (k < a->nlabels)
					xnic_diag_error(a->diag, w,
							"label '%s' already defined at line %u",
							l->name,
							a->label_lines[k]);
				else
					a->nlabels++;
			}
		}
		if (insn.len) {
			insn.lineno = lineno;
			a->insns[a->ninsns++] = insn;
		}
		p = nl + 1;
	}
	return 0;
}

static void check_defer_slots(struct uasm *a, const struct xnic_insn *dec)
{
	char w[64];
	u32 i, j;

	for (i = 0; i < a->ninsns; i++) {
		u32 d = xnic_insn_defer(&dec[i]);

		for (j = 1; j <= d; j++) {
			if (i + j >= a->ninsns) {
				where(w, sizeof(w), a->fname,
				      a->insns[i].lineno);
				xnic_diag_error(a->diag, w,
						"defer[%u] runs past the end of the program",
						d);
				break;
			}
			if (xnic_kinds[dec[i + j].kind].flags &
			    XNIC_KF_BRANCH) {
				where(w, sizeof(w), a->fname,
				      a->insns[i + j].lineno);
				xnic_diag_error(a->diag, w,
						"%s in a defer slot of the instruction at line %u",
						xnic_kinds[dec[i + j].kind].name,
						a->insns[i].lineno);
			}
		}
	}
}

int xnic_assemble(const char *src, u32 len, const char *fname,
		  struct xnic_asm_out *out, struct xnic_diag *diag)
{
	struct uasm a = { fname, diag, NULL, 0, NULL, 0, NULL };
	struct xnic_insn *dec = NULL;
	u32 nlines = count_lines(src, len), errors = diag->errors, i;
	char err[160], w[64];
	int ret = -ENOMEM;

	xnic_memset(out, 0, sizeof(*out));
	a.insns = xnic_zalloc(sizeof(*a.insns) * nlines);
	a.labels = xnic_zalloc(sizeof(*a.labels) * nlines);
	a.label_lines = xnic_zalloc(sizeof(u32) * nlines);
	if (!a.insns || !a.labels || !a.label_lines)
		goto out;
	pass_labels(&a, src, len);
	sort_labels(a.labels, a.nlabels);
	if (a.ninsns > XNIC_CODE_MAX) {
		where(w, sizeof(w), fname, a.insns[XNIC_CODE_MAX].lineno);
		xnic_diag_error(diag, w, "program exceeds %u instructions",
				XNIC_CODE_MAX);
	}
	dec = xnic_zalloc(sizeof(*dec) * (a.ninsns + 1));
	out->words = xnic_zalloc(sizeof(u64) * (a.ninsns + 1));
	out->lines = xnic_zalloc(sizeof(u32) * (a.ninsns + 1));
	if (!dec || !out->words || !out->lines)
		goto out;
	for (i = 0; i < a.ninsns; i++) {
		struct line *l = &a.insns[i];

		if (xnic_asm_parse_insn(l->s, l->len, &dec[i], a.labels,
					a.nlabels, err, sizeof(err)) ||
		    xnic_encode(&dec[i], &out->words[i], err, sizeof(err))) {
			where(w, sizeof(w), fname, l->lineno);
			xnic_diag_error(diag, w, "%s", err);
			xnic_insn_init(&dec[i], XNIC_K_NOP);
			continue;
		}
		out->lines[i] = l->lineno;
	}
	check_defer_slots(&a, dec);
	if (diag->errors != errors) {
		ret = -EINVAL;
		goto out;
	}
	out->nwords = a.ninsns;
	out->labels = a.labels;
	out->nlabels = a.nlabels;
	a.labels = NULL;
	ret = 0;
out:
	if (ret)
		xnic_asm_out_free(out);
	xnic_free(dec);
	xnic_free(a.insns);
	xnic_free(a.labels);
	xnic_free(a.label_lines);
	return ret;
}

void xnic_asm_out_free(struct xnic_asm_out *out)
{
	xnic_free(out->words);
	xnic_free(out->lines);
	xnic_free(out->labels);
	xnic_memset(out, 0, sizeof(*out));
}
