// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Frame generator: determinism (same seed, same bytes; another seed,
 * other bytes), every checksum verified byte-exactly by a checksum written
 * here independently of the generator's, header fields consistent with the
 * generator's per-frame record, and --mix parsing.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "xnic/pktgen.h"

#define N 600

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)be16(p) << 16 | be16(p + 2);
}

/* RFC 1071 sum, written out again here so the test does not trust the
 * generator's own routine. */
static uint32_t sum16(const uint8_t *p, size_t len, uint32_t acc)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		acc += be16(p + i);
	if (len & 1)
		acc += (uint32_t)p[len - 1] << 8;
	return acc;
}

static uint16_t fold(uint32_t acc)
{
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (uint16_t)acc;
}

static void gen(struct xnic_frames *f, struct xnic_pkt_info *info,
		uint64_t seed, const char *mix)
{
	struct xnic_pktgen_cfg cfg;
	char err[256];

	xnic_pktgen_defaults(&cfg);
	cfg.seed = seed;
	cfg.count = N;
	if (mix)
		assert_int_equal(
			xnic_pktgen_parse_mix(&cfg, mix, err, sizeof(err)), 0);
	assert_int_equal(xnic_pktgen_run(&cfg, f, info), 0);
	assert_int_equal(f->n, N);
}

static void test_same_seed_same_bytes(void **state)
{
	static struct xnic_pkt_info i1[N], i2[N];
	struct xnic_frames a, b, c;
	uint32_t k, differ = 0;

	gen(&a, i1, 42, NULL);
	gen(&b, i2, 42, NULL);
	for (k = 0; k < N; k++) {
		assert_int_equal(a.v[k].len, b.v[k].len);
		assert_memory_equal(a.v[k].data, b.v[k].data, a.v[k].len);
	}
	assert_memory_equal(i1, i2, sizeof(i1));
	gen(&c, NULL, 43, NULL);
	for (k = 0; k < N; k++)
		if (a.v[k].len != c.v[k].len ||
		    memcmp(a.v[k].data, c.v[k].data, a.v[k].len))
			differ++;
	assert_true(differ > N / 2);
	xnic_frames_free(&a);
	xnic_frames_free(&b);
	xnic_frames_free(&c);
}

static void check_l4_csum(const uint8_t *l4, uint32_t l4len, uint8_t proto,
			  uint32_t pseudo)
{
	uint32_t acc = sum16(l4, l4len, proto == 1 ? 0 : pseudo);

	assert_int_equal(fold(acc), 0xffff);
	if (proto == 17) /* zero would mean "no checksum" */
		assert_int_not_equal(be16(l4 + 6), 0);
}

static void test_checksums_and_fields(void **state)
{
	static struct xnic_pkt_info in[N];
	struct xnic_frames f;
	uint32_t k, v4 = 0, v6 = 0, l4 = 0;

	gen(&f, in, 7, NULL);
	for (k = 0; k < N; k++) {
		const uint8_t *p = f.v[k].data;
		uint32_t len = f.v[k].len, l3 = in[k].l3_off;

		assert_int_equal(in[k].len, len);
		assert_in_range(len, 14, 1514);
		assert_int_equal(l3, 14 + 4 * in[k].vlans);
		if (in[k].vlans)
			assert_true(be16(p + 12) == 0x8100 ||
				    be16(p + 12) == 0x88a8);
		if (len < l3)
			continue;
		assert_int_equal(be16(p + l3 - 2), in[k].ethertype);
		if (in[k].truncated)
			continue;
		if (in[k].ethertype == 0x0800) {
			const uint8_t *ip = p + l3;
			uint32_t hl = (ip[0] & 15) * 4, tot = be16(ip + 2);
			uint32_t pseudo;

			assert_int_equal(ip[0] >> 4, 4);
			assert_int_equal(hl, in[k].l3_hdr_len);
			assert_int_equal(fold(sum16(ip, hl, 0)), 0xffff);
			assert_true(l3 + tot <= len);
			assert_int_equal(be32(ip + 12), in[k].saddr4);
			v4++;
			if (!in[k].l4_off)
				continue;
			assert_int_equal(in[k].l4_off, l3 + hl);
			pseudo = fold(sum16(ip + 12, 8, 0)) + ip[9] + tot - hl;
			check_l4_csum(p + l3 + hl, tot - hl, ip[9], pseudo);
			l4++;
		} else if (in[k].ethertype == 0x86dd) {
			const uint8_t *ip = p + l3;
			uint32_t plen = be16(ip + 4),
				 ext = in[k].l3_hdr_len - 40;
			uint32_t pseudo;

			assert_int_equal(ip[0] >> 4, 6);
			assert_int_equal(l3 + 40 + plen, len);
			assert_int_equal(in[k].l4_off, l3 + 40 + ext);
			if (ext) {
				assert_true(ip[6] == 0 || ip[6] == 60);
				assert_int_equal((ip[41] + 1) * 8, ext);
			}
			pseudo = sum16(ip + 8, 32, 0) + in[k].l4_proto + plen -
				 ext;
			check_l4_csum(p + in[k].l4_off, plen - ext,
				      in[k].l4_proto, pseudo);
			v6++;
			l4++;
		} else if (in[k].ethertype == 0x0806) {
			assert_int_equal(be16(p + l3), 1);
			assert_int_equal(be16(p + l3 + 2), 0x0800);
		}
	}
	/* The default mix must actually exercise what we verified. */
	assert_true(v4 > N / 4);
	assert_true(v6 > N / 10);
	assert_true(l4 > N / 3);
	xnic_frames_free(&f);
}

static void test_variety(void **state)
{
	static struct xnic_pkt_info in[N];
	uint32_t kinds[XNIC_PK_KINDS] = {0}, k, vlan = 0, qinq = 0, frag = 0,
		 ext = 0, trunc = 0, opts = 0, min = 9999, max = 0;
	struct xnic_frames f;

	gen(&f, in, 1, NULL);
	for (k = 0; k < N; k++) {
		kinds[in[k].kind]++;
		vlan += in[k].vlans == 1;
		qinq += in[k].vlans == 2;
		frag += in[k].frag != 0;
		ext += in[k].ip6_ext;
		trunc += in[k].truncated;
		opts += in[k].ethertype == 0x0800 && in[k].l3_hdr_len > 20;
		if (f.v[k].len < min)
			min = f.v[k].len;
		if (f.v[k].len > max)
			max = f.v[k].len;
	}
	for (k = 0; k < XNIC_PK_KINDS; k++)
		assert_true(kinds[k] > 0);
	assert_true(vlan && qinq && frag && ext && trunc && opts);
	assert_true(min < 60);
	assert_true(max > 1400);
	xnic_frames_free(&f);
}

static void test_mix(void **state)
{
	static struct xnic_pkt_info in[N];
	struct xnic_pktgen_cfg cfg;
	struct xnic_frames f;
	char err[256];
	uint32_t k;

	gen(&f, in, 3, "udp4=1,vlan=0,qinq=0,ip4opt=0,frag=0,trunc=0");
	for (k = 0; k < N; k++) {
		const uint8_t *p = f.v[k].data;

		assert_int_equal(in[k].kind, XNIC_PK_UDP4);
		assert_int_equal(be16(p + 12), 0x0800);
		assert_int_equal(p[14], 0x45);
		assert_int_equal(p[23], 17);
		/* UDP length = IP total length - 20 */
		assert_int_equal(be16(p + 38), be16(p + 16) - 20);
		assert_int_equal(in[k].sport, be16(p + 34));
		assert_int_equal(in[k].dport, be16(p + 36));
	}
	xnic_frames_free(&f);

	xnic_pktgen_defaults(&cfg);
	assert_int_equal(
		xnic_pktgen_parse_mix(&cfg, "bogus=1", err, sizeof(err)),
		-EINVAL);
	assert_non_null(strstr(err, "unknown name 'bogus'"));
	assert_int_equal(
		xnic_pktgen_parse_mix(&cfg, "vlan=101", err, sizeof(err)),
		-EINVAL);
	assert_int_equal(
		xnic_pktgen_parse_mix(&cfg, "tcp4=x", err, sizeof(err)),
		-EINVAL);
	assert_int_equal(xnic_pktgen_parse_mix(&cfg, "arp=0", err, sizeof(err)),
			 0);
	assert_int_equal(xnic_pktgen_run(&cfg, &f, NULL), -EINVAL);
}

static void test_size_limits(void **state)
{
	struct xnic_pktgen_cfg cfg;
	struct xnic_frames f;
	uint32_t k;

	xnic_pktgen_defaults(&cfg);
	cfg.count = 300;
	cfg.min_len = 200;
	cfg.max_len = 300;
	cfg.trunc_pct = 0;
	assert_int_equal(xnic_pktgen_run(&cfg, &f, NULL), 0);
	for (k = 0; k < f.n; k++)
		assert_in_range(f.v[k].len, 200, 300);
	xnic_frames_free(&f);
}

static void test_custom_pools(void **state)
{
	static const uint32_t ips[] = {0x01020304, 0x05060708};
	static const uint16_t ports[] = {7};
	static struct xnic_pkt_info in[N];
	struct xnic_pktgen_cfg cfg;
	struct xnic_frames f;
	char err[256];
	uint32_t k;

	xnic_pktgen_defaults(&cfg);
	cfg.count = N;
	cfg.ip4_pool = ips;
	cfg.ip4_pool_n = 2;
	cfg.port_pool = ports;
	cfg.port_pool_n = 1;
	assert_int_equal(xnic_pktgen_parse_mix(&cfg,
					       "tcp4=1,udp4=1,miss=0,frag=0",
					       err, sizeof(err)),
			 0);
	assert_int_equal(xnic_pktgen_run(&cfg, &f, in), 0);
	for (k = 0; k < N; k++) {
		assert_true(in[k].saddr4 == ips[0] || in[k].saddr4 == ips[1]);
		assert_true(in[k].daddr4 == ips[0] || in[k].daddr4 == ips[1]);
		assert_int_equal(in[k].sport, 7);
		assert_int_equal(in[k].dport, 7);
	}
	xnic_frames_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_seed_same_bytes),
		cmocka_unit_test(test_checksums_and_fields),
		cmocka_unit_test(test_variety),
		cmocka_unit_test(test_mix),
		cmocka_unit_test(test_size_limits),
		cmocka_unit_test(test_custom_pools),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
