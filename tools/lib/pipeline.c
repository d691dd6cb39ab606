// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Host pipeline: front end (libbpf/libelf object loader) -> verifier_ext
 * -> JIT, and the source/BPF/microcode listing.
 */
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>
#include "xnic/bpf_asm.h"
#include "xnic/diag.h"
#include "xnic/frontend.h"
#include "xnic/isa.h"
#include "xnic/jit.h"
#include "xnic/pipeline.h"
#include "xnic/verifier.h"

#define DIAG_SIZE (16 * 1024)

static void copy_diag(char *err, size_t errlen, const char *what,
		      const char *buf)
{
	size_t n;

	if (!err || !errlen)
		return;
	n = strlen(buf);
	while (n && buf[n - 1] == '\n')
		n--;
	if (!n) {
		snprintf(err, errlen, "%s failed", what);
		return;
	}
	snprintf(err, errlen, "%.*s", (int)n, buf);
}

int xnic_pipeline_jit(const struct xnic_prog *prog,
		      const struct xnic_prog_meta *meta,
		      const struct xnic_dev_caps *caps, struct xnic_image *img,
		      char *err, size_t errlen)
{
	struct xnic_diag diag;
	char *buf = calloc(1, DIAG_SIZE);
	int ret;

	if (!buf)
		return -ENOMEM;
	xnic_diag_init(&diag, buf, DIAG_SIZE);
	ret = xnic_jit_compile(prog, meta, caps, img, &diag);
	if (ret)
		copy_diag(err, errlen, "jit", buf);
	free(buf);
	return ret;
}

int xnic_pipeline_build(const char *obj_path, const char *sec,
			struct xnic_image *img, char *err, size_t errlen)
{
	struct xnic_verifier_opts vopts = { 0 };
	struct xnic_prog_meta meta;
	struct xnic_dev_caps caps;
	struct xnic_diag diag;
	struct xnic_obj *obj;
	char *buf;
	int ret;

	memset(img, 0, sizeof(*img));
	ret = xnic_obj_open(obj_path, sec, &obj, err, errlen);
	if (ret)
		return ret;
	buf = calloc(1, DIAG_SIZE);
	if (!buf) {
		xnic_obj_close(obj);
		return -ENOMEM;
	}
	xnic_dev_caps_default(&caps);
	xnic_diag_init(&diag, buf, DIAG_SIZE);
	ret = xnic_verify(xnic_obj_prog(obj), &caps, &vopts, &meta, &diag);
	if (ret)
		copy_diag(err, errlen, "verification", buf);
	else
		ret = xnic_pipeline_jit(xnic_obj_prog(obj), &meta, &caps, img,
					err, errlen);
	xnic_prog_meta_free(&meta);
	free(buf);
	xnic_obj_close(obj);
	return ret;
}

int xnic_pipeline_map_init(const char *obj_path, const struct xnic_image *img,
			   int (*set)(void *ctx, u32 map, const void *data,
				      u32 size),
			   void *ctx, char *err, size_t errlen)
{
	struct bpf_object *obj;
	struct bpf_map *m;
	int ret = 0;

	obj = bpf_object__open_file(obj_path, NULL);
	if (!obj) {
		snprintf(err, errlen, "%s: cannot open", obj_path);
		return -errno;
	}
	bpf_object__for_each_map(m, obj)
	{
		const char *name = bpf_map__name(m);
		size_t nlen = strlen(name), sz = 0;
		const void *data;
		u32 i;

		if (!bpf_map__is_internal(m))
			continue;
		data = bpf_map__initial_value(m, &sz);
		if (!data || !sz)
			continue;
		/* libbpf names them "<obj prefix>.rodata...", we ".rodata...". */
		for (i = 0; i < img->map_cnt && !ret; i++) {
			size_t l = strlen(img->maps[i].name);

			if (l && img->maps[i].name[0] == '.' && l <= nlen &&
			    !strcmp(name + nlen - l, img->maps[i].name) &&
			    (name + nlen - l == name ||
			     name[nlen - l - 1] != '.'))
				ret = set(ctx, i, data,
					  sz < img->maps[i].value_size ?
						  (u32)sz :
						  img->maps[i].value_size);
		}
		if (ret) {
			snprintf(err, errlen, "%s: initial value: error %d",
				 name, ret);
			break;
		}
	}
	bpf_object__close(obj);
	return ret;
}

/* Line n (1-based) of a source file, or NULL; text is cached per call. */
struct src_cache {
	char *path;
	char *text;
	size_t len;
};

static const char *src_line(struct src_cache *sc, const char *path, u32 n,
			    size_t *len)
{
	const char *p, *end;
	FILE *f;

	if (!path || !*path)
		return NULL;
	if (!sc->path || strcmp(sc->path, path)) {
		free(sc->path);
		free(sc->text);
		sc->path = strdup(path);
		sc->text = NULL;
		sc->len = 0;
		f = fopen(path, "r");
		if (f) {
			sc->text = malloc(1 << 20);
			if (sc->text)
				sc->len = fread(sc->text, 1, (1 << 20) - 1, f);
			fclose(f);
		}
	}
	if (!sc->text)
		return NULL;
	p = sc->text;
	end = sc->text + sc->len;
	while (--n && p < end) {
		p = memchr(p, '\n', (size_t)(end - p));
		if (!p)
			return NULL;
		p++;
	}
	if (p >= end)
		return NULL;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	*len = 0;
	while (p + *len < end && p[*len] != '\n')
		(*len)++;
	return p;
}

void xnic_pipeline_listing(FILE *f, const struct xnic_prog *prog,
			   const struct xnic_image *img)
{
	struct src_cache sc = { 0 };
	u32 i, w, li = 0, last_line = 0, last_file = U32_MAX;
	char buf[256];

	for (i = 0; i < prog->insn_cnt; i++) {
		u32 from = img->insn_start ? img->insn_start[i] : 0;
		u32 to = img->insn_start ? img->insn_start[i + 1] : 0;

		while (li < prog->line_cnt && prog->lines[li].insn_off < i)
			li++;
		if (li < prog->line_cnt && prog->lines[li].insn_off == i &&
		    (prog->lines[li].line != last_line ||
		     prog->lines[li].file != last_file)) {
			const struct xnic_line_info *l = &prog->lines[li];
			const char *fname = l->file < prog->file_cnt ?
						    prog->files[l->file] :
						    "?";
			size_t n = 0;
			const char *s = src_line(&sc, fname, l->line, &n);

			fprintf(f, "; %s:%u: %.*s\n", fname, l->line, (int)n,
				s ? s : "");
			last_line = l->line;
			last_file = l->file;
		}
		if (xnic_bpf_disasm_insn(prog->insns, prog->insn_cnt, i, buf,
					 sizeof(buf)) < 0)
			snprintf(buf, sizeof(buf), "?");
		fprintf(f, "%5u: %s\n", i, buf);
		for (w = from; w < to && w < img->code_len; w++) {
			struct xnic_insn in;
			char e[128], t[160];

			if (xnic_decode(img->code[w], &in, e, sizeof(e)))
				snprintf(t, sizeof(t), "<%s>", e);
			else
				xnic_disasm(&in, t, sizeof(t));
			fprintf(f, "        %5u  %016llx  %s\n", w,
				(unsigned long long)img->code[w], t);
		}
	}
	/* Words past the last BPF insn's range (none today). */
	for (w = img->insn_start ? img->insn_start[prog->insn_cnt] : 0;
	     w < img->code_len; w++) {
		struct xnic_insn in;
		char e[128], t[160];

		if (xnic_decode(img->code[w], &in, e, sizeof(e)))
			snprintf(t, sizeof(t), "<%s>", e);
		else
			xnic_disasm(&in, t, sizeof(t));
		fprintf(f, "        %5u  %016llx  %s\n", w,
			(unsigned long long)img->code[w], t);
	}
	free(sc.path);
	free(sc.text);
}
