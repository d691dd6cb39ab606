// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Result container and its two printers (JSON contract, human text).
 * Shared by xnic-kref and xnic-sim so their outputs differ only in data.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "xnic/json_out.h"

void xnic_result_init(struct xnic_result *r)
{
	memset(r, 0, sizeof(*r));
}

void xnic_result_free(struct xnic_result *r)
{
	u32 i;

	for (i = 0; i < r->npkts; i++)
		free(r->pkts[i].data);
	for (i = 0; i < r->nmaps; i++) {
		free(r->maps[i].keys);
		free(r->maps[i].values);
	}
	for (i = 0; i < r->nstats; i++)
		free(r->stats[i].str);
	free(r->pkts);
	free(r->maps);
	free(r->stats);
	memset(r, 0, sizeof(*r));
}

/* Grow *v (elements of size sz) so that one more fits. */
static int grow(void **v, u32 n, u32 *cap, size_t sz)
{
	u32 ncap;
	void *p;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 16;
	p = realloc(*v, (size_t)ncap * sz);
	if (!p)
		return -ENOMEM;
	memset((char *)p + (size_t)*cap * sz, 0, (size_t)(ncap - *cap) * sz);
	*v = p;
	*cap = ncap;
	return 0;
}

static struct xnic_res_pkt *new_pkt(struct xnic_result *r)
{
	if (grow((void **)&r->pkts, r->npkts, &r->pkts_cap, sizeof(*r->pkts)))
		return NULL;
	return &r->pkts[r->npkts++];
}

int xnic_result_add_pkt(struct xnic_result *r, u32 retval, const void *data,
			u32 len, u64 cycles)
{
	struct xnic_res_pkt *p;
	u8 *copy = malloc(len ? len : 1);

	if (!copy)
		return -ENOMEM;
	p = new_pkt(r);
	if (!p) {
		free(copy);
		return -ENOMEM;
	}
	if (len)
		memcpy(copy, data, len);
	p->retval = retval;
	p->data = copy;
	p->len = len;
	p->cycles = cycles;
	return 0;
}

int xnic_result_add_pkt_err(struct xnic_result *r, int err, const char *msg)
{
	struct xnic_res_pkt *p = new_pkt(r);

	if (!p)
		return -ENOMEM;
	p->err = err < 0 ? err : -EINVAL;
	snprintf(p->errmsg, sizeof(p->errmsg), "%s", msg ? msg : "error");
	return 0;
}

struct xnic_res_map *xnic_result_add_map(struct xnic_result *r,
					 const char *name, u32 type,
					 u32 key_size, u32 value_size)
{
	struct xnic_res_map *m;

	if (grow((void **)&r->maps, r->nmaps, &r->maps_cap, sizeof(*r->maps)))
		return NULL;
	m = &r->maps[r->nmaps++];
	snprintf(m->name, sizeof(m->name), "%s", name);
	m->type = type;
	m->key_size = key_size;
	m->value_size = value_size;
	return m;
}

int xnic_res_map_add(struct xnic_res_map *m, const void *key, const void *value)
{
	if (m->n == m->cap) {
		u32 ncap = m->cap ? m->cap * 2 : 16;
		u8 *k = realloc(m->keys, (size_t)ncap * m->key_size + 1);
		u8 *v;

		if (!k)
			return -ENOMEM;
		m->keys = k;
		v = realloc(m->values, (size_t)ncap * m->value_size + 1);
		if (!v)
			return -ENOMEM;
		m->values = v;
		m->cap = ncap;
	}
	memcpy(m->keys + (size_t)m->n * m->key_size, key, m->key_size);
	memcpy(m->values + (size_t)m->n * m->value_size, value, m->value_size);
	m->n++;
	return 0;
}

const struct xnic_res_map *xnic_result_find_map(const struct xnic_result *r,
						const char *name)
{
	u32 i;

	for (i = 0; i < r->nmaps; i++)
		if (!strcmp(r->maps[i].name, name))
			return &r->maps[i];
	return NULL;
}

static struct xnic_res_stat *new_stat(struct xnic_result *r, const char *name)
{
	struct xnic_res_stat *s;

	if (grow((void **)&r->stats, r->nstats, &r->stats_cap,
		 sizeof(*r->stats)))
		return NULL;
	s = &r->stats[r->nstats++];
	snprintf(s->name, sizeof(s->name), "%s", name);
	return s;
}

int xnic_result_add_stat(struct xnic_result *r, const char *name, u64 value)
{
	struct xnic_res_stat *s = new_stat(r, name);

	if (!s)
		return -ENOMEM;
	s->value = value;
	return 0;
}

int xnic_result_add_stat_str(struct xnic_result *r, const char *name,
			     const char *str)
{
	struct xnic_res_stat *s = new_stat(r, name);

	if (!s)
		return -ENOMEM;
	s->str = strdup(str);
	return s->str ? 0 : -ENOMEM;
}

void xnic_hex(char *out, const void *data, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	const u8 *p = data;
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * len] = '\0';
}

static void put_hex(FILE *f, const void *data, size_t len)
{
	char buf[2 * 64 + 1];
	const u8 *p = data;

	while (len) {
		size_t n = len < 64 ? len : 64;

		xnic_hex(buf, p, n);
		fputs(buf, f);
		p += n;
		len -= n;
	}
}

/* JSON string body: our names are C identifiers and errno texts, but
 * escape anyway so the output always parses. */
static void put_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* Sort a HASH map's entries by key bytes: an index permutation, so keys
 * and values stay paired.  Insertion sort keeps this dependency-free;
 * maps in the corpus hold at most a few thousand entries. */
static u32 *sorted_index(const struct xnic_res_map *m)
{
	u32 *idx = malloc(((size_t)m->n + 1) * sizeof(*idx));
	u32 i, j;

	if (!idx)
		return NULL;
	for (i = 0; i < m->n; i++) {
		u32 cur = i;

		j = i;
		if (m->type == BPF_MAP_TYPE_HASH) {
			while (j > 0 &&
			       memcmp(m->keys +
					      (size_t)idx[j - 1] * m->key_size,
				      m->keys + (size_t)cur * m->key_size,
				      m->key_size) > 0) {
				idx[j] = idx[j - 1];
				j--;
			}
		}
		idx[j] = cur;
	}
	return idx;
}

static int write_map_json(const struct xnic_res_map *m, FILE *f)
{
	u32 *idx = sorted_index(m);
	u32 i;

	if (!idx)
		return -ENOMEM;
	put_str(f, m->name);
	fputs(": [", f);
	for (i = 0; i < m->n; i++) {
		fputs(i ? ",\n    {\"key\": \"" : "\n    {\"key\": \"", f);
		put_hex(f, m->keys + (size_t)idx[i] * m->key_size, m->key_size);
		fputs("\", \"value\": \"", f);
		put_hex(f, m->values + (size_t)idx[i] * m->value_size,
			m->value_size);
		fputs("\"}", f);
	}
	fputs(m->n ? "\n  ]" : "]", f);
	free(idx);
	return 0;
}

/* The i-th map in name order: JSON object member order carries no
 * meaning, and libbpf's map order (section offsets) is not something
 * every producer can reproduce, so both printers sort by name. */
static const struct xnic_res_map *map_by_name(const struct xnic_result *r,
					      u32 i)
{
	const struct xnic_res_map *best = NULL;
	u32 j, rank;

	for (j = 0; j < r->nmaps; j++) {
		u32 k;

		rank = 0;
		for (k = 0; k < r->nmaps; k++)
			if (strcmp(r->maps[k].name, r->maps[j].name) < 0 ||
			    (!strcmp(r->maps[k].name, r->maps[j].name) &&
			     k < j))
				rank++;
		if (rank == i)
			best = &r->maps[j];
	}
	return best;
}

int xnic_result_write_json(struct xnic_result *r, FILE *f)
{
	u32 i;

	fputs("{\"packets\": [", f);
	for (i = 0; i < r->npkts; i++) {
		const struct xnic_res_pkt *p = &r->pkts[i];

		fputs(i ? ",\n  " : "\n  ", f);
		fprintf(f, "{\"retval\": %u, \"data_out\": \"", p->retval);
		put_hex(f, p->data, p->len);
		fprintf(f, "\", \"cycles\": %llu",
			(unsigned long long)p->cycles);
		if (p->err) {
			fputs(", \"error\": ", f);
			put_str(f, p->errmsg);
		}
		fputc('}', f);
	}
	fputs(r->npkts ? "\n],\n\"maps\": {" : "],\n\"maps\": {", f);
	for (i = 0; i < r->nmaps; i++) {
		fputs(i ? ",\n  " : "\n  ", f);
		if (write_map_json(map_by_name(r, i), f))
			return -ENOMEM;
	}
	fputs(r->nmaps ? "\n},\n\"stats\": {" : "},\n\"stats\": {", f);
	for (i = 0; i < r->nstats; i++) {
		const struct xnic_res_stat *s = &r->stats[i];

		fputs(i ? ", " : "", f);
		put_str(f, s->name);
		fputs(": ", f);
		if (s->str)
			put_str(f, s->str);
		else
			fprintf(f, "%llu", (unsigned long long)s->value);
	}
	fputs("}}\n", f);
	return ferror(f) ? -EIO : 0;
}

static const char *verdict_name(u32 v, bool xdp)
{
	static const char *const xdp_names[] = {"XDP_ABORTED", "XDP_DROP",
						"XDP_PASS", "XDP_TX",
						"XDP_REDIRECT"};
	static const char *const tc_names[] = {
		"TC_ACT_OK",	 "TC_ACT_RECLASSIFY", "TC_ACT_SHOT",
		"TC_ACT_PIPE",	 "TC_ACT_STOLEN",     "TC_ACT_QUEUED",
		"TC_ACT_REPEAT", "TC_ACT_REDIRECT",   "TC_ACT_TRAP"};

	if (xdp)
		return v < ARRAY_SIZE(xdp_names) ? xdp_names[v] : "?";
	if (v == U32_MAX)
		return "TC_ACT_UNSPEC";
	return v < ARRAY_SIZE(tc_names) ? tc_names[v] : "?";
}

int xnic_result_write_text(struct xnic_result *r, FILE *f, bool xdp)
{
	u32 i, j;

	for (i = 0; i < r->npkts; i++) {
		const struct xnic_res_pkt *p = &r->pkts[i];

		if (p->err) {
			fprintf(f, "frame %u: error: %s\n", i, p->errmsg);
			continue;
		}
		fprintf(f, "frame %u: %-14s retval %-10u len %-5u", i,
			verdict_name(p->retval, xdp), p->retval, p->len);
		if (p->cycles)
			fprintf(f, " cycles %llu",
				(unsigned long long)p->cycles);
		fputs("  ", f);
		put_hex(f, p->data, p->len < 24 ? p->len : 24);
		fputs(p->len > 24 ? "...\n" : "\n", f);
	}
	for (i = 0; i < r->nmaps; i++) {
		const struct xnic_res_map *m = map_by_name(r, i);
		u32 *idx = sorted_index(m);

		if (!idx)
			return -ENOMEM;
		fprintf(f, "map %s (%u entries):\n", m->name, m->n);
		for (j = 0; j < m->n; j++) {
			fputs("  ", f);
			put_hex(f, m->keys + (size_t)idx[j] * m->key_size,
				m->key_size);
			fputs(" -> ", f);
			put_hex(f, m->values + (size_t)idx[j] * m->value_size,
				m->value_size);
			fputc('\n', f);
		}
		free(idx);
	}
	for (i = 0; i < r->nstats; i++) {
		if (r->stats[i].str)
			fprintf(f, "%s: %s\n", r->stats[i].name,
				r->stats[i].str);
		else
			fprintf(f, "%s: %llu\n", r->stats[i].name,
				(unsigned long long)r->stats[i].value);
	}
	return ferror(f) ? -EIO : 0;
}

/* One difference: counted always, printed while under the limit. */
static void note_diff(u32 *n, FILE *report, u32 max_report, const char *fmt,
		      ...)
{
	va_list ap;

	if (report && *n < max_report) {
		va_start(ap, fmt);
		vfprintf(report, fmt, ap);
		va_end(ap);
		fputc('\n', report);
	}
	(*n)++;
}

static u32 first_diff(const u8 *a, const u8 *b, u32 len)
{
	u32 i;

	for (i = 0; i < len && a[i] == b[i]; i++)
		;
	return i;
}

static void compare_pkts(const struct xnic_result *ref,
			 const struct xnic_result *got, FILE *report,
			 u32 max_report, u32 *n)
{
	u32 i, cnt = ref->npkts < got->npkts ? ref->npkts : got->npkts;

	if (ref->npkts != got->npkts)
		note_diff(n, report, max_report, "packets: %u vs %u",
			  ref->npkts, got->npkts);
	for (i = 0; i < cnt; i++) {
		const struct xnic_res_pkt *a = &ref->pkts[i],
					  *b = &got->pkts[i];

		if (!a->err != !b->err) {
			note_diff(n, report, max_report, "packet %u: %s vs %s",
				  i, a->err ? a->errmsg : "ran",
				  b->err ? b->errmsg : "ran");
			continue;
		}
		if (a->err)
			continue;
		if (a->retval != b->retval)
			note_diff(n, report, max_report,
				  "packet %u: retval %u vs %u", i, a->retval,
				  b->retval);
		if (a->len != b->len)
			note_diff(n, report, max_report,
				  "packet %u: length %u vs %u", i, a->len,
				  b->len);
		else if (a->len && memcmp(a->data, b->data, a->len))
			note_diff(n, report, max_report,
				  "packet %u: output differs from byte %u", i,
				  first_diff(a->data, b->data, a->len));
	}
}

static void compare_map(const struct xnic_res_map *a,
			const struct xnic_res_map *b, FILE *report,
			u32 max_report, u32 *n)
{
	u32 *ia, *ib, i;

	if (a->key_size != b->key_size || a->value_size != b->value_size) {
		note_diff(n, report, max_report,
			  "map %s: key/value sizes %u/%u vs %u/%u", a->name,
			  a->key_size, a->value_size, b->key_size,
			  b->value_size);
		return;
	}
	if (a->n != b->n)
		note_diff(n, report, max_report, "map %s: %u vs %u entries",
			  a->name, a->n, b->n);
	ia = sorted_index(a);
	ib = sorted_index(b);
	for (i = 0; ia && ib && i < a->n && i < b->n; i++) {
		const u8 *ka = a->keys + (size_t)ia[i] * a->key_size;
		const u8 *kb = b->keys + (size_t)ib[i] * b->key_size;
		const u8 *va = a->values + (size_t)ia[i] * a->value_size;
		const u8 *vb = b->values + (size_t)ib[i] * b->value_size;
		char hex[2 * 64 + 1];

		xnic_hex(hex, ka, a->key_size < 64 ? a->key_size : 64);
		if (memcmp(ka, kb, a->key_size)) {
			note_diff(n, report, max_report,
				  "map %s: entry %u has key %s vs another key",
				  a->name, i, hex);
			break; /* the rest is shifted: one report is enough */
		}
		if (memcmp(va, vb, a->value_size))
			note_diff(n, report, max_report,
				  "map %s: key %s: value differs from byte %u",
				  a->name, hex,
				  first_diff(va, vb, a->value_size));
	}
	free(ia);
	free(ib);
}

u32 xnic_result_compare(const struct xnic_result *ref,
			const struct xnic_result *got, FILE *report,
			u32 max_report)
{
	u32 n = 0, i;

	compare_pkts(ref, got, report, max_report, &n);
	for (i = 0; i < ref->nmaps; i++) {
		const struct xnic_res_map *b =
			xnic_result_find_map(got, ref->maps[i].name);

		if (!b)
			note_diff(&n, report, max_report, "map %s: missing",
				  ref->maps[i].name);
		else
			compare_map(&ref->maps[i], b, report, max_report, &n);
	}
	for (i = 0; i < got->nmaps; i++)
		if (!xnic_result_find_map(ref, got->maps[i].name))
			note_diff(&n, report, max_report, "map %s: unexpected",
				  got->maps[i].name);
	return n;
}
