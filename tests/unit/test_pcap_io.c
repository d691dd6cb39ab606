// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * pcap I/O: write/read round trips keep every byte and length (14 to 1514
 * bytes, and an empty capture), identical frames give identical files,
 * and unusable inputs (missing file, non-Ethernet link type, garbage)
 * fail with a message.
 */
#include <errno.h>
#include <pcap/pcap.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "xnic/pcap_io.h"
#include "xnic/pktgen.h"

static char path_a[64], path_b[64];

static int setup(void **state)
{
	int fd;

	snprintf(path_a, sizeof(path_a), "/tmp/xnic-test-pcap-a-XXXXXX");
	snprintf(path_b, sizeof(path_b), "/tmp/xnic-test-pcap-b-XXXXXX");
	fd = mkstemp(path_a);
	if (fd < 0)
		return -1;
	close(fd);
	fd = mkstemp(path_b);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int teardown(void **state)
{
	unlink(path_a);
	unlink(path_b);
	return 0;
}

static void test_round_trip(void **state)
{
	struct xnic_frames out, in;
	uint8_t buf[1514];
	char err[256];
	uint32_t i, sizes[] = {14, 15, 60, 64, 1500, 1514, 777};

	xnic_frames_init(&out);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		uint32_t k;

		for (k = 0; k < sizes[i]; k++)
			buf[k] = (uint8_t)(k * 7 + i);
		assert_int_equal(xnic_frames_add(&out, buf, sizes[i]), 0);
	}
	assert_int_equal(xnic_pcap_write(path_a, &out, err, sizeof(err)), 0);
	assert_int_equal(xnic_pcap_read(path_a, &in, err, sizeof(err)), 0);
	assert_int_equal(in.n, out.n);
	for (i = 0; i < in.n; i++) {
		assert_int_equal(in.v[i].len, out.v[i].len);
		assert_memory_equal(in.v[i].data, out.v[i].data, in.v[i].len);
	}
	xnic_frames_free(&in);
	xnic_frames_free(&out);
}

static void test_empty(void **state)
{
	struct xnic_frames out, in;
	char err[256];

	xnic_frames_init(&out);
	assert_int_equal(xnic_pcap_write(path_a, &out, err, sizeof(err)), 0);
	assert_int_equal(xnic_pcap_read(path_a, &in, err, sizeof(err)), 0);
	assert_int_equal(in.n, 0);
	xnic_frames_free(&in);
}

static long file_bytes(const char *p, uint8_t **data)
{
	FILE *f = fopen(p, "rb");
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	*data = malloc(n + 1);
	assert_int_equal(fread(*data, 1, n, f), (size_t)n);
	fclose(f);
	return n;
}

static void test_generated_files_identical(void **state)
{
	struct xnic_pktgen_cfg cfg;
	struct xnic_frames a, b;
	uint8_t *da, *db;
	long na, nb;
	char err[256];

	xnic_pktgen_defaults(&cfg);
	cfg.count = 200;
	cfg.seed = 99;
	assert_int_equal(xnic_pktgen_run(&cfg, &a, NULL), 0);
	assert_int_equal(xnic_pktgen_run(&cfg, &b, NULL), 0);
	assert_int_equal(xnic_pcap_write(path_a, &a, err, sizeof(err)), 0);
	assert_int_equal(xnic_pcap_write(path_b, &b, err, sizeof(err)), 0);
	na = file_bytes(path_a, &da);
	nb = file_bytes(path_b, &db);
	assert_int_equal(na, nb);
	assert_memory_equal(da, db, na);
	/* 24-byte file header + 16 bytes per record header + the frames */
	{
		long want = 24;
		uint32_t i;

		for (i = 0; i < a.n; i++)
			want += 16 + a.v[i].len;
		assert_int_equal(na, want);
	}
	free(da);
	free(db);
	xnic_frames_free(&a);
	xnic_frames_free(&b);
}

static void test_errors(void **state)
{
	struct xnic_frames in;
	pcap_dumper_t *d;
	pcap_t *p;
	char err[256];
	FILE *f;

	err[0] = '\0';
	assert_int_equal(
		xnic_pcap_read("/nonexistent/x.pcap", &in, err, sizeof(err)),
		-EINVAL);
	assert_non_null(strstr(err, "/nonexistent/x.pcap"));

	/* A raw-IP capture is not Ethernet. */
	p = pcap_open_dead(DLT_RAW, 65535);
	assert_non_null(p);
	d = pcap_dump_open(p, path_a);
	assert_non_null(d);
	pcap_dump_close(d);
	pcap_close(p);
	assert_int_equal(xnic_pcap_read(path_a, &in, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "want Ethernet"));

	f = fopen(path_b, "w");
	assert_non_null(f);
	fputs("this is not a pcap file at all\n", f);
	fclose(f);
	assert_int_equal(xnic_pcap_read(path_b, &in, err, sizeof(err)),
			 -EINVAL);

	xnic_frames_init(&in);
	assert_int_equal(xnic_pcap_write("/nonexistent/dir/out.pcap", &in, err,
					 sizeof(err)),
			 -EIO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_generated_files_identical),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
