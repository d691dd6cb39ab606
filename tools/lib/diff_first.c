// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The first difference between a kernel reference result and a NIC
 * result, worded for a one-line FAIL report: which frame or map, which
 * field, the kernel's value ("expected") and the NIC's ("got").  Compares
 * the same fields as xnic_result_compare().
 */
#define _GNU_SOURCE /* qsort_r */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>

#include "diff.h"

static const char *const xdp_names[] = {"XDP_ABORTED", "XDP_DROP", "XDP_PASS",
					"XDP_TX", "XDP_REDIRECT"};
static const char *const tc_names[] = {
	"TC_ACT_OK",	 "TC_ACT_RECLASSIFY", "TC_ACT_SHOT",
	"TC_ACT_PIPE",	 "TC_ACT_STOLEN",     "TC_ACT_QUEUED",
	"TC_ACT_REPEAT", "TC_ACT_REDIRECT",   "TC_ACT_TRAP"};

static const char *verdict_name(u32 v, bool xdp)
{
	if (xdp)
		return v < 5 ? xdp_names[v] : "unknown";
	if (v == 0xffffffffu)
		return "TC_ACT_UNSPEC";
	return v < 9 ? tc_names[v] : "unknown";
}

static u32 first_byte_diff(const u8 *a, const u8 *b, u32 len)
{
	u32 i = 0;

	while (i < len && a[i] == b[i])
		i++;
	return i;
}

static bool pkt_diff(const struct xnic_res_pkt *a, const struct xnic_res_pkt *b,
		     u32 i, bool xdp, char *buf, size_t len)
{
	u32 at;

	if (a->err && b->err && !strcmp(b->errmsg, XNIC_DIFF_NOT_RECEIVED))
		return false;
	if (a->err || b->err) {
		snprintf(buf, len, "frame %u: kernel %s%s, NIC %s%s", i,
			 a->err ? "refused it: " : "ran it",
			 a->err ? a->errmsg : "",
			 b->err ? "did not run it: " : "ran it",
			 b->err ? b->errmsg : "");
		return true;
	}
	if (a->retval != b->retval) {
		snprintf(buf, len,
			 "frame %u: retval expected %u (%s) got %u (%s)", i,
			 a->retval, verdict_name(a->retval, xdp), b->retval,
			 verdict_name(b->retval, xdp));
		return true;
	}
	at = first_byte_diff(a->data, b->data,
			     a->len < b->len ? a->len : b->len);
	if (a->len != b->len && at < a->len && at < b->len) {
		snprintf(buf, len,
			 "frame %u: output length expected %u got %u, first "
			 "differing byte %u",
			 i, a->len, b->len, at);
		return true;
	}
	if (a->len != b->len) {
		snprintf(buf, len,
			 "frame %u: output length expected %u got %u, common "
			 "bytes equal",
			 i, a->len, b->len);
		return true;
	}
	if (at < a->len) {
		snprintf(buf, len,
			 "frame %u: output byte %u expected 0x%02x got 0x%02x",
			 i, at, a->data[at], b->data[at]);
		return true;
	}
	return false;
}

static int cmp_keys(const void *x, const void *y, void *arg)
{
	const struct xnic_res_map *m = arg;

	return memcmp(m->keys + (size_t) * (const u32 *)x * m->key_size,
		      m->keys + (size_t) * (const u32 *)y * m->key_size,
		      m->key_size);
}

/* Entry order the JSON writer prints: ARRAY by index, HASH by key bytes. */
static u32 *entry_order(const struct xnic_res_map *m)
{
	u32 *idx = calloc(m->n + 1, sizeof(*idx));
	u32 i;

	if (!idx)
		return NULL;
	for (i = 0; i < m->n; i++)
		idx[i] = i;
	if (m->type == BPF_MAP_TYPE_HASH)
		qsort_r(idx, m->n, sizeof(*idx), cmp_keys, (void *)m);
	return idx;
}

static void hex_short(char *out, const u8 *p, u32 n)
{
	if (n > 32) {
		xnic_hex(out, p, 32);
		strcat(out, "...");
	} else {
		xnic_hex(out, p, n);
	}
}

static bool map_diff(const struct xnic_res_map *a, const struct xnic_res_map *b,
		     char *buf, size_t len)
{
	char k[2 * 32 + 4], va[2 * 32 + 4], vb[2 * 32 + 4];
	u32 *ia, *ib, i, n = a->n < b->n ? a->n : b->n;
	bool found = false;

	if (a->key_size != b->key_size || a->value_size != b->value_size) {
		snprintf(buf, len,
			 "map %s: key/value size expected %u/%u got %u/%u",
			 a->name, a->key_size, a->value_size, b->key_size,
			 b->value_size);
		return true;
	}
	ia = entry_order(a);
	ib = entry_order(b);
	if (!ia || !ib) {
		snprintf(buf, len, "map %s: out of memory comparing", a->name);
		free(ia);
		free(ib);
		return true;
	}
	for (i = 0; i < n && !found; i++) {
		const u8 *ka = a->keys + (size_t)ia[i] * a->key_size;
		const u8 *kb = b->keys + (size_t)ib[i] * b->key_size;
		const u8 *xa = a->values + (size_t)ia[i] * a->value_size;
		const u8 *xb = b->values + (size_t)ib[i] * b->value_size;

		if (memcmp(ka, kb, a->key_size)) {
			hex_short(k, ka, a->key_size);
			hex_short(va, kb, a->key_size);
			snprintf(buf, len,
				 "map %s: entry %u key expected %s got %s (%u "
				 "vs %u entries)",
				 a->name, i, k, va, a->n, b->n);
			found = true;
		} else if (memcmp(xa, xb, a->value_size)) {
			hex_short(k, ka, a->key_size);
			hex_short(va, xa, a->value_size);
			hex_short(vb, xb, a->value_size);
			snprintf(buf, len,
				 "map %s: key %s: value expected %s got %s",
				 a->name, k, va, vb);
			found = true;
		}
	}
	if (!found && a->n != b->n) {
		const struct xnic_res_map *more = a->n > b->n ? a : b;
		u32 *im = a->n > b->n ? ia : ib;

		hex_short(k, more->keys + (size_t)im[n] * more->key_size,
			  more->key_size);
		snprintf(buf, len,
			 "map %s: entries expected %u got %u (first extra key "
			 "%s on the %s side)",
			 a->name, a->n, b->n, k,
			 a->n > b->n ? "kernel" : "NIC");
		found = true;
	}
	free(ia);
	free(ib);
	return found;
}

bool xnic_diff_first(const struct xnic_result *ref,
		     const struct xnic_result *got, bool xdp, long *frame,
		     char *buf, size_t len)
{
	u32 n = ref->npkts < got->npkts ? ref->npkts : got->npkts, i;

	*frame = -1;
	for (i = 0; i < n; i++) {
		if (pkt_diff(&ref->pkts[i], &got->pkts[i], i, xdp, buf, len)) {
			*frame = i;
			return true;
		}
	}
	if (ref->npkts != got->npkts) {
		snprintf(buf, len, "frames expected %u got %u", ref->npkts,
			 got->npkts);
		return true;
	}
	for (i = 0; i < ref->nmaps; i++) {
		const struct xnic_res_map *b =
			xnic_result_find_map(got, ref->maps[i].name);

		if (!b) {
			snprintf(buf, len, "map %s: missing on the NIC",
				 ref->maps[i].name);
			return true;
		}
		if (map_diff(&ref->maps[i], b, buf, len))
			return true;
	}
	for (i = 0; i < got->nmaps; i++) {
		if (!xnic_result_find_map(ref, got->maps[i].name)) {
			snprintf(buf, len, "map %s: only on the NIC",
				 got->maps[i].name);
			return true;
		}
	}
	return false;
}

void xnic_diff_normalise_maps(struct xnic_result *r)
{
	u32 i;

	for (i = 0; i < r->nmaps; i++) {
		char *dot = strchr(r->maps[i].name, '.');

		if (dot && dot != r->maps[i].name)
			memmove(r->maps[i].name, dot, strlen(dot) + 1);
	}
}
