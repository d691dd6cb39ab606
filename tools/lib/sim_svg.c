// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic-sim --profile-svg: the per-instruction profile as a picture.  One
 * row per microcode word: its disassembly (and BPF instruction / source
 * line when the image has a line table), a blue bar for how often it ran
 * and a red bar for the cycles its context lost there, each scaled to the
 * largest of its kind.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sim_host.h"

#define ROW	14
#define LABEL_W 560
#define BAR_W	300
#define TOP	40

static void esc(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else if (*s == '&')
			fputs("&amp;", f);
		else
			fputc(*s, f);
	}
}

/* BPF instruction owning word w, or -1. */
static long bpf_of(const struct xnic_image *img, u32 w)
{
	u32 i;

	if (!img->insn_start || !img->bpf_insn_cnt)
		return -1;
	for (i = 0; i < img->bpf_insn_cnt; i++)
		if (w >= img->insn_start[i] && w < img->insn_start[i + 1])
			return i;
	return -1;
}

static const char *src_line(const struct xnic_image *img, long insn, char *buf,
			    size_t len)
{
	const struct xnic_line_info *best = NULL;
	u32 i;

	buf[0] = '\0';
	if (insn < 0)
		return buf;
	for (i = 0; i < img->line_cnt; i++)
		if (img->lines[i].insn_off <= (u32)insn)
			best = &img->lines[i];
	if (best && best->file < img->file_cnt)
		snprintf(buf, len, "%s:%u", img->files[best->file], best->line);
	return buf;
}

int xnic_sim_profile_svg(const char *path, const struct xnic_image *img,
			 const struct xnic_sim_profile *prof, char *err,
			 size_t errlen)
{
	FILE *f = fopen(path, "w");
	u64 max_e = 1, max_s = 1, tot_e = 0, tot_s = 0;
	u32 i, h;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -errno;
	}
	for (i = 0; i < prof->len; i++) {
		if (prof->exec[i] > max_e)
			max_e = prof->exec[i];
		if (prof->stall[i] > max_s)
			max_s = prof->stall[i];
		tot_e += prof->exec[i];
		tot_s += prof->stall[i];
	}
	h = TOP + ROW * prof->len + 10;
	fprintf(f,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%u\" "
		"height=\"%u\" "
		"font-family=\"monospace\" font-size=\"11\">\n",
		LABEL_W + 2 * BAR_W + 40, h);
	fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
	fprintf(f,
		"<text x=\"4\" y=\"16\" font-size=\"13\">xnic-sim profile: "
		"%llu instructions executed, %llu stall cycles</text>\n",
		(unsigned long long)tot_e, (unsigned long long)tot_s);
	fprintf(f,
		"<text x=\"%u\" y=\"32\" fill=\"#2060c0\">executions (max "
		"%llu)</text>"
		"<text x=\"%u\" y=\"32\" fill=\"#c03020\">stall cycles (max "
		"%llu)</text>\n",
		LABEL_W, (unsigned long long)max_e, LABEL_W + BAR_W + 20,
		(unsigned long long)max_s);
	for (i = 0; i < prof->len; i++) {
		struct xnic_insn in;
		char dis[128], e[96], where[160];
		long b = bpf_of(img, i);
		u32 y = TOP + ROW * i;
		u32 we = (u32)(prof->exec[i] * BAR_W / max_e);
		u32 ws = (u32)(prof->stall[i] * BAR_W / max_s);

		if (xnic_decode(img->code[i], &in, e, sizeof(e)) ||
		    xnic_disasm(&in, dis, sizeof(dis)) < 0)
			snprintf(dis, sizeof(dis), "<bad word>");
		src_line(img, b, where, sizeof(where));
		if (i % 2)
			fprintf(f,
				"<rect x=\"0\" y=\"%u\" width=\"100%%\" "
				"height=\"%u\" fill=\"#f4f4f4\"/>\n",
				y, ROW);
		fprintf(f, "<text x=\"4\" y=\"%u\">", y + ROW - 3);
		if (b >= 0)
			fprintf(f, "%4u [bpf %ld%s%s] ", i, b,
				where[0] ? " " : "", where);
		else
			fprintf(f, "%4u ", i);
		esc(f, dis);
		fprintf(f, "</text>\n");
		fprintf(f,
			"<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" "
			"fill=\"#2060c0\"><title>%llu</title></rect>\n",
			LABEL_W, y + 2, we, ROW - 4,
			(unsigned long long)prof->exec[i]);
		fprintf(f,
			"<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" "
			"fill=\"#c03020\"><title>%llu</title></rect>\n",
			LABEL_W + BAR_W + 20, y + 2, ws, ROW - 4,
			(unsigned long long)prof->stall[i]);
	}
	fprintf(f, "</svg>\n");
	if (fclose(f)) {
		snprintf(err, errlen, "%s: write failed", path);
		return -EIO;
	}
	return 0;
}
