/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The result of running one program over a list of frames, in a form that
 * both producers fill: the host-kernel reference runner (xnic-kref, via
 * BPF_PROG_TEST_RUN) and the simulator (xnic-sim).  One writer prints it, so
 * the two outputs share every formatting decision and a differential test
 * can compare them field by field.
 *
 * JSON contract (one object, lower-case hex without spaces):
 *   {"packets": [{"retval": N, "data_out": "<hex>", "cycles": N}, ...],
 *    "maps": {"<name>": [{"key": "<hex>", "value": "<hex>"}, ...], ...},
 *    "stats": {"<name>": N or "<string>", ...}}
 *  - retval is the program's 32-bit return value as an unsigned decimal
 *    (TC_ACT_UNSPEC prints as 4294967295), as BPF_PROG_TEST_RUN reports it.
 *  - A frame that could not be run at all (the kernel rejected the test
 *    run, e.g. a frame shorter than 14 bytes) carries "error": "<reason>"
 *    with retval 0 and an empty data_out; compare the presence of "error",
 *    not its text.
 *  - "cycles" is meaningful only for the simulator; the kernel prints 0, and
 *    differential comparisons ignore it (and ignore "stats").
 *  - Maps print sorted by name; ARRAY entries in index order, HASH
 *    entries sorted by key bytes (memcmp order).  The writer does both
 *    sorts, so producers may add maps and entries in any order.
 */
#ifndef XNIC_JSON_OUT_H
#define XNIC_JSON_OUT_H

#include <stdbool.h>
#include <stdio.h>

#include "xnic/compat.h"

#define XNIC_RES_NAME_LEN 64
#define XNIC_RES_ERR_LEN  160

struct xnic_res_pkt {
	u32 retval;
	u8 *data; /* owned */
	u32 len;
	u64 cycles;
	int err; /* 0, or a negative errno: the frame was not run */
	char errmsg[XNIC_RES_ERR_LEN];
};

struct xnic_res_map {
	char name[XNIC_RES_NAME_LEN];
	u32 type; /* enum bpf_map_type; HASH entries are printed sorted */
	u32 key_size;
	u32 value_size;
	u32 n; /* entries */
	u32 cap;
	u8 *keys;   /* n * key_size bytes, owned */
	u8 *values; /* n * value_size bytes, owned */
};

struct xnic_res_stat {
	char name[XNIC_RES_NAME_LEN];
	u64 value;
	char *str; /* owned; when set, printed instead of value */
};

struct xnic_result {
	struct xnic_res_pkt *pkts;
	u32 npkts, pkts_cap;
	struct xnic_res_map *maps;
	u32 nmaps, maps_cap;
	struct xnic_res_stat *stats;
	u32 nstats, stats_cap;
};

void xnic_result_init(struct xnic_result *r);
void xnic_result_free(struct xnic_result *r);

/* Append a packet result (data is copied).  Returns 0 or -ENOMEM. */
int xnic_result_add_pkt(struct xnic_result *r, u32 retval, const void *data,
			u32 len, u64 cycles);
/* Append a frame that could not be run: err < 0, msg a short reason. */
int xnic_result_add_pkt_err(struct xnic_result *r, int err, const char *msg);

/* Append an empty map; returns it (valid until the next add_map) or NULL. */
struct xnic_res_map *xnic_result_add_map(struct xnic_result *r,
					 const char *name, u32 type,
					 u32 key_size, u32 value_size);
/* Append one entry (copied) to a map. */
int xnic_res_map_add(struct xnic_res_map *m, const void *key,
		     const void *value);
/* Find a map by name, or NULL. */
const struct xnic_res_map *xnic_result_find_map(const struct xnic_result *r,
						const char *name);

int xnic_result_add_stat(struct xnic_result *r, const char *name, u64 value);
int xnic_result_add_stat_str(struct xnic_result *r, const char *name,
			     const char *str);

/* Print the JSON contract above, followed by a newline. */
int xnic_result_write_json(struct xnic_result *r, FILE *f);
/* Print a human-readable summary (verdicts, hex dumps of changed frames,
 * maps, stats).  xdp selects XDP verdict names, else TC action names. */
int xnic_result_write_text(struct xnic_result *r, FILE *f, bool xdp);

/*
 * Differential comparison: every packet's retval, error presence and output
 * bytes, and every map (by name; entries in printed order), ignoring cycles
 * and stats.  Prints up to max_report differences to report (may be NULL)
 * and returns how many there are, 0 when the results agree.  Textually the
 * same holds for two JSON outputs once the ", "cycles": N" fields and the
 * "stats" line are removed: everything else must be byte-identical.
 */
u32 xnic_result_compare(const struct xnic_result *ref,
			const struct xnic_result *got, FILE *report,
			u32 max_report);

/* Lower-case hex without separators; out must hold 2 * len + 1 bytes. */
void xnic_hex(char *out, const void *data, size_t len);

#endif /* XNIC_JSON_OUT_H */
