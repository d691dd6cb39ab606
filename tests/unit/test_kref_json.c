// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The JSON contract writer shared by xnic-kref and xnic-sim: exact bytes
 * for a small result (packet order, lower-case hex, ARRAY entries in index
 * order, HASH entries sorted by key bytes, error frames, stats with string
 * escaping), and the empty result.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "xnic/json_out.h"

static char *render(struct xnic_result *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(xnic_result_write_json(r, f), 0);
	fclose(f);
	return buf;
}

static void test_exact_output(void **state)
{
	static const char want[] =
		"{\"packets\": [\n"
		"  {\"retval\": 2, \"data_out\": \"00ff10ab\", \"cycles\": "
		"0},\n"
		"  {\"retval\": 4294967295, \"data_out\": \"\", \"cycles\": "
		"17},\n"
		"  {\"retval\": 0, \"data_out\": \"\", \"cycles\": 0, "
		"\"error\": \"too \\\"short\\\"\"}\n"
		"],\n"
		"\"maps\": {\n"
		"  \"arr\": [\n"
		"    {\"key\": \"00010000\", \"value\": \"aa\"},\n"
		"    {\"key\": \"01000000\", \"value\": \"bb\"}\n"
		"  ],\n"
		"  \"empty\": [],\n"
		"  \"hash\": [\n"
		"    {\"key\": \"0001\", \"value\": \"0102\"},\n"
		"    {\"key\": \"0100\", \"value\": \"0304\"},\n"
		"    {\"key\": \"ff00\", \"value\": \"0506\"}\n"
		"  ]\n"
		"},\n"
		"\"stats\": {\"frames\": 3, \"prog\": \"a\\\\b\"}}\n";
	static const uint8_t pkt[] = {0x00, 0xff, 0x10, 0xab};
	struct xnic_result r;
	struct xnic_res_map *m;
	uint32_t k;
	uint8_t v;
	char *out;

	xnic_result_init(&r);
	assert_int_equal(xnic_result_add_pkt(&r, 2, pkt, 4, 0), 0);
	assert_int_equal(xnic_result_add_pkt(&r, 0xffffffffu, NULL, 0, 17), 0);
	assert_int_equal(xnic_result_add_pkt_err(&r, -EINVAL, "too \"short\""),
			 0);
	/* ARRAY keys stay in index order even where memcmp disagrees. */
	m = xnic_result_add_map(&r, "arr", BPF_MAP_TYPE_ARRAY, 4, 1);
	assert_non_null(m);
	k = 256;
	v = 0xaa;
	assert_int_equal(xnic_res_map_add(m, &k, &v), 0);
	k = 1;
	v = 0xbb;
	assert_int_equal(xnic_res_map_add(m, &k, &v), 0);
	/* Maps print by name: "arr", "empty", "hash". */
	m = xnic_result_add_map(&r, "hash", BPF_MAP_TYPE_HASH, 2, 2);
	assert_non_null(m);
	assert_int_equal(xnic_res_map_add(m, "\xff\x00", "\x05\x06"), 0);
	assert_int_equal(xnic_res_map_add(m, "\x01\x00", "\x03\x04"), 0);
	assert_int_equal(xnic_res_map_add(m, "\x00\x01", "\x01\x02"), 0);
	assert_non_null(
		xnic_result_add_map(&r, "empty", BPF_MAP_TYPE_HASH, 4, 4));
	assert_int_equal(xnic_result_add_stat(&r, "frames", 3), 0);
	assert_int_equal(xnic_result_add_stat_str(&r, "prog", "a\\b"), 0);

	out = render(&r);
	assert_string_equal(out, want);
	free(out);
	assert_non_null(xnic_result_find_map(&r, "hash"));
	assert_null(xnic_result_find_map(&r, "nope"));
	xnic_result_free(&r);
}

static void test_empty_result(void **state)
{
	struct xnic_result r;
	char *out;

	xnic_result_init(&r);
	out = render(&r);
	assert_string_equal(
		out, "{\"packets\": [],\n\"maps\": {},\n\"stats\": {}}\n");
	free(out);
	xnic_result_free(&r);
}

static void test_hex(void **state)
{
	char buf[9];

	xnic_hex(buf, "\x01\xab\xff\x00", 4);
	assert_string_equal(buf, "01abff00");
}

static void test_many_packets(void **state)
{
	struct xnic_result r;
	uint8_t frame[1514];
	uint32_t i;
	char *out;

	memset(frame, 0x5a, sizeof(frame));
	xnic_result_init(&r);
	for (i = 0; i < 1000; i++)
		assert_int_equal(
			xnic_result_add_pkt(&r, i, frame, 1 + i % 1514, i), 0);
	assert_int_equal(r.npkts, 1000);
	assert_int_equal(r.pkts[999].len, 1 + 999 % 1514);
	out = render(&r);
	assert_non_null(strstr(out, "{\"retval\": 999, \"data_out\": \"5a5a"));
	free(out);
	xnic_result_free(&r);
}

static void fill(struct xnic_result *r, bool reversed, u64 cycles)
{
	static const uint8_t pkt[] = {1, 2, 3, 4, 5};
	struct xnic_res_map *m;
	uint32_t k;
	uint64_t v;
	int i;

	xnic_result_init(r);
	assert_int_equal(xnic_result_add_pkt(r, 2, pkt, 5, cycles), 0);
	assert_int_equal(xnic_result_add_pkt(r, 1, pkt, 3, cycles + 1), 0);
	assert_int_equal(xnic_result_add_pkt_err(r, -EINVAL, "short"), 0);
	m = xnic_result_add_map(r, "h", BPF_MAP_TYPE_HASH, 4, 8);
	assert_non_null(m);
	for (i = 0; i < 3; i++) {
		k = reversed ? 2 - i : i;
		v = k * 100;
		assert_int_equal(xnic_res_map_add(m, &k, &v), 0);
	}
	assert_int_equal(xnic_result_add_stat(r, "cycles_total", cycles), 0);
}

static void test_compare(void **state)
{
	struct xnic_result a, b;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	/* Equal up to cycles, stats and HASH insertion order. */
	fill(&a, false, 0);
	fill(&b, true, 1234);
	assert_int_equal(xnic_result_compare(&a, &b, NULL, 0), 0);

	b.pkts[0].retval = 3;
	b.pkts[1].data[2] ^= 0xff;
	b.maps[0].values[8] = 7; /* key 1's value (b holds keys 2,1,0) */
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(xnic_result_compare(&a, &b, f, 10), 3);
	fclose(f);
	assert_string_equal(buf,
			    "packet 0: retval 2 vs 3\n"
			    "packet 1: output differs from byte 2\n"
			    "map h: key 01000000: value differs from byte 0\n");
	free(buf);
	xnic_result_free(&b);

	fill(&b, false, 0);
	b.pkts[2].err = 0; /* ran where the reference refused */
	b.maps[0].n = 2;
	snprintf(b.maps[0].name, sizeof(b.maps[0].name), "h");
	assert_int_equal(xnic_result_compare(&a, &b, NULL, 0), 2);
	snprintf(b.maps[0].name, sizeof(b.maps[0].name), "other");
	/* packet 2, map h missing, map other unexpected; max_report 0 */
	assert_int_equal(xnic_result_compare(&a, &b, NULL, 0), 3);
	xnic_result_free(&a);
	xnic_result_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_output),
		cmocka_unit_test(test_empty_result),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_many_packets),
		cmocka_unit_test(test_compare),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
