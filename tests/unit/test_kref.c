// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Kernel reference runner against the host kernel: every corpus program
 * loads, runs a few hundred generated frames and gives the same result on
 * a second fresh load; for some programs the exact verdicts, output bytes
 * and map contents are recomputed here from the generator's record of each
 * frame.  Skips (with the reason) when BPF_PROG_TEST_RUN is not usable or
 * the BPF objects are not built.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "xnic/json_out.h"
#include "xnic/kref.h"
#include "xnic/pktgen.h"

#define NFRAMES 300

static struct xnic_frames frames;
static struct xnic_pkt_info info[NFRAMES];
static char bpf_dir[256];
static bool bpf_ok;
static char why[256];

static int group_setup(void **state)
{
	struct xnic_pktgen_cfg cfg;
	const char *d = getenv("XNIC_BPF_DIR");

	snprintf(bpf_dir, sizeof(bpf_dir), "%s", d ? d : "build/bpf");
	xnic_pktgen_defaults(&cfg);
	cfg.seed = 5;
	cfg.count = NFRAMES;
	if (xnic_pktgen_run(&cfg, &frames, info))
		return -1;
	bpf_ok = xnic_kref_available(why, sizeof(why));
	return 0;
}

static int group_teardown(void **state)
{
	xnic_frames_free(&frames);
	return 0;
}

static void need_bpf(void)
{
	if (!bpf_ok) {
		print_message("SKIP: kernel BPF unavailable: %s\n", why);
		skip();
	}
}

static void obj_path(char *buf, size_t len, const char *rel)
{
	snprintf(buf, len, "%s/%s", bpf_dir, rel);
	if (access(buf, R_OK)) {
		print_message("SKIP: %s not built (run make bpf, or set "
			      "XNIC_BPF_DIR)\n",
			      buf);
		skip();
	}
}

static struct xnic_kref *load(const char *path)
{
	struct xnic_kref *k = NULL;
	char err[512];
	int ret = xnic_kref_open(&k, path, NULL, err, sizeof(err));

	if (ret) {
		print_message("%s\n%s", err,
			      k ? xnic_kref_verifier_log(k) : "");
		xnic_kref_close(k);
		fail_msg("cannot load %s", path);
	}
	return k;
}

/* Load rel, run the generated frames, return the result. */
static void run_prog(const char *rel, struct xnic_result *res)
{
	char path[512];
	struct xnic_kref *k;

	need_bpf();
	obj_path(path, sizeof(path), rel);
	k = load(path);
	xnic_result_init(res);
	assert_int_equal(xnic_kref_run(k, &frames, res), 0);
	assert_int_equal(res->npkts, frames.n);
	xnic_kref_close(k);
}

static uint64_t map_u64(const struct xnic_res_map *m, uint32_t idx)
{
	uint64_t v;

	assert_true(idx < m->n);
	assert_int_equal(m->value_size, 8);
	memcpy(&v, m->values + (size_t)idx * 8, 8);
	return v;
}

static char *json_without_stats(struct xnic_result *r)
{
	char *buf = NULL, *s;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(xnic_result_write_json(r, f), 0);
	fclose(f);
	s = strstr(buf, "\"stats\":");
	assert_non_null(s);
	*s = '\0';
	return buf;
}

/* Which frames the kernel's TC test run refuses (see xnic/kref.h). */
static bool tc_refuses(const struct xnic_frame *f)
{
	uint16_t et = (uint16_t)(f->data[12] << 8 | f->data[13]);

	return (et == 0x0800 && f->len < 14 + 20) ||
	       (et == 0x86dd && f->len < 14 + 40);
}

static uint32_t run_dir(const char *sub)
{
	char dir[512], path[1024];
	struct dirent *de;
	uint32_t count = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/%s", bpf_dir, sub);
	d = opendir(dir);
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		struct xnic_result r1, r2;
		struct xnic_kref *k;
		char *j1, *j2;
		size_t l = strlen(de->d_name);
		uint32_t i;
		bool xdp;

		if (l < 6 || strcmp(de->d_name + l - 6, ".bpf.o"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		k = load(path);
		xdp = xnic_kref_is_xdp(k);
		xnic_result_init(&r1);
		assert_int_equal(xnic_kref_run(k, &frames, &r1), 0);
		xnic_kref_close(k);
		assert_int_equal(r1.npkts, frames.n);
		for (i = 0; i < frames.n; i++) {
			bool refused = !xdp && tc_refuses(&frames.v[i]);

			if ((r1.pkts[i].err != 0) != refused)
				fail_msg(
					"%s frame %u: err %d (%s), expected %s",
					de->d_name, i, r1.pkts[i].err,
					r1.pkts[i].errmsg,
					refused ? "a refusal" : "a run");
		}
		/* A second fresh load must give the same bytes: determinism. */
		k = load(path);
		xnic_result_init(&r2);
		assert_int_equal(xnic_kref_run(k, &frames, &r2), 0);
		xnic_kref_close(k);
		j1 = json_without_stats(&r1);
		j2 = json_without_stats(&r2);
		if (strcmp(j1, j2))
			fail_msg("%s is not deterministic", de->d_name);
		free(j1);
		free(j2);
		xnic_result_free(&r1);
		xnic_result_free(&r2);
		count++;
	}
	closedir(d);
	return count;
}

static void test_corpus_loads_and_is_deterministic(void **state)
{
	char path[512];
	uint32_t n;

	need_bpf();
	obj_path(path, sizeof(path), "tests/progs/diff/xdp_pass.bpf.o");
	n = run_dir("tests/progs/diff");
	print_message("ran %u corpus programs\n", n);
	assert_true(n >= 30);
	assert_true(run_dir("examples") >= 2);
}

static void test_drop_all_and_pass(void **state)
{
	struct xnic_result r;
	uint32_t i;

	run_prog("tests/progs/diff/xdp_drop_all.bpf.o", &r);
	for (i = 0; i < frames.n; i++) {
		assert_int_equal(r.pkts[i].err, 0);
		assert_int_equal(r.pkts[i].retval, 1); /* XDP_DROP */
		assert_int_equal(r.pkts[i].len, frames.v[i].len);
		assert_memory_equal(r.pkts[i].data, frames.v[i].data,
				    frames.v[i].len);
	}
	assert_int_equal(r.nmaps, 0);
	xnic_result_free(&r);

	run_prog("tests/progs/diff/xdp_pass.bpf.o", &r);
	for (i = 0; i < frames.n; i++) {
		assert_int_equal(r.pkts[i].retval, 2); /* XDP_PASS */
		assert_memory_equal(r.pkts[i].data, frames.v[i].data,
				    frames.v[i].len);
	}
	xnic_result_free(&r);
}

enum {
	C_ALL,
	C_BYTES,
	C_VLAN,
	C_IP4,
	C_IP6,
	C_ARP,
	C_OTHER,
	C_TCP,
	C_UDP,
	C_ICMP,
	C_L4_OTHER,
	C_MALFORMED,
	C_MAX
};

/* The rules in xdp_counters.bpf.c, applied to what the generator built. */
static void expect_counts(const struct xnic_pkt_info *in, uint64_t *c)
{
	uint32_t need, l4;

	c[C_ALL]++;
	c[C_BYTES] += in->len;
	if (in->vlans)
		c[C_VLAN]++;
	if (in->len < in->l3_off) {
		c[C_MALFORMED]++;
		return;
	}
	switch (in->kind) {
	case XNIC_PK_ARP:
		c[C_ARP]++;
		return;
	case XNIC_PK_OTHER:
		c[C_OTHER]++;
		return;
	case XNIC_PK_TCP4:
	case XNIC_PK_UDP4:
	case XNIC_PK_ICMP4:
		if (in->len < in->l3_off + 20) {
			c[C_MALFORMED]++;
			return;
		}
		c[C_IP4]++;
		if (in->frag == 2)
			return;
		break;
	default:
		if (in->len < in->l3_off + 40) {
			c[C_MALFORMED]++;
			return;
		}
		c[C_IP6]++;
		if (in->ip6_ext && in->len < in->l3_off + 48) {
			c[C_MALFORMED]++;
			return;
		}
		break;
	}
	need = in->l4_proto == 6 ? 20 : in->l4_proto == 17 ? 8 : 4;
	l4 = in->l4_off;
	if (in->len < l4 + need) {
		c[C_MALFORMED]++;
		return;
	}
	c[in->l4_proto == 6 ? C_TCP : in->l4_proto == 17 ? C_UDP : C_ICMP]++;
}

static void test_counters_match_generator(void **state)
{
	uint64_t want[C_MAX] = {0};
	const struct xnic_res_map *m;
	struct xnic_result r;
	uint32_t i;

	for (i = 0; i < frames.n; i++)
		expect_counts(&info[i], want);
	run_prog("tests/progs/diff/xdp_counters.bpf.o", &r);
	m = xnic_result_find_map(&r, "counters");
	assert_non_null(m);
	assert_int_equal(m->n, C_MAX);
	for (i = 0; i < C_MAX; i++) {
		if (map_u64(m, i) != want[i])
			fail_msg("counter %u: kernel %llu, expected %llu", i,
				 (unsigned long long)map_u64(m, i),
				 (unsigned long long)want[i]);
	}
	/* The mix must make the comparison meaningful. */
	assert_true(want[C_MALFORMED] > 0 && want[C_TCP] > 0 &&
		    want[C_UDP] > 0 && want[C_ICMP] > 0 && want[C_VLAN] > 0);
	for (i = 0; i < frames.n; i++)
		assert_int_equal(r.pkts[i].retval, 2);
	xnic_result_free(&r);
}

static void test_tail_grow_and_shrink(void **state)
{
	const struct xnic_res_map *m;
	struct xnic_result r;
	uint64_t big = 0, small = 0;
	uint32_t i;

	run_prog("tests/progs/diff/xdp_tail_grow.bpf.o", &r);
	for (i = 0; i < frames.n; i++) {
		uint32_t len = frames.v[i].len, grow = 16 + (len & 7);
		const uint8_t *o = r.pkts[i].data;
		uint8_t trailer[16] = {0};

		assert_int_equal(r.pkts[i].retval, 3);
		assert_int_equal(r.pkts[i].len, len + grow);
		assert_memory_equal(o, frames.v[i].data, len);
		trailer[0] = len >> 24;
		trailer[1] = len >> 16;
		trailer[2] = len >> 8;
		trailer[3] = len;
		memcpy(trailer + 4, "xnic", 4);
		trailer[8] = grow;
		assert_memory_equal(o + len, trailer, 16);
		/* grown bytes the program did not write are zero */
		while (grow-- > 16)
			assert_int_equal(o[len + 16 + grow - 16], 0);
	}
	xnic_result_free(&r);

	run_prog("tests/progs/diff/xdp_tail_shrink.bpf.o", &r);
	for (i = 0; i < frames.n; i++) {
		uint32_t len = frames.v[i].len;
		uint32_t want = len > 128 ? 128 : len - len % 7;

		big += len > 128;
		small += len <= 128;
		assert_int_equal(r.pkts[i].retval, 3);
		assert_int_equal(r.pkts[i].len, want);
		assert_memory_equal(r.pkts[i].data, frames.v[i].data, want);
	}
	m = xnic_result_find_map(&r, "shrink_stats");
	assert_non_null(m);
	assert_int_equal(map_u64(m, 0), big);
	assert_int_equal(map_u64(m, 1), small);
	assert_int_equal(map_u64(m, 2), 0);
	xnic_result_free(&r);
}

static uint16_t ip_checksum(const uint8_t *h)
{
	uint32_t s = 0;
	int i;

	for (i = 0; i < 20; i += 2)
		s += (uint32_t)(h[i] << 8 | h[i + 1]);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static void test_ipip_encap_bytes(void **state)
{
	struct xnic_result r;
	uint32_t i, encapped = 0;

	run_prog("tests/progs/diff/xdp_ipip_encap.bpf.o", &r);
	for (i = 0; i < frames.n; i++) {
		const uint8_t *in = frames.v[i].data;
		uint32_t len = frames.v[i].len;
		uint8_t want[1600];
		uint16_t inner_len, c;

		if (!(in[12] == 0x08 && in[13] == 0x00 && len >= 34)) {
			assert_int_equal(r.pkts[i].retval, 2);
			assert_int_equal(r.pkts[i].len, len);
			assert_memory_equal(r.pkts[i].data, in, len);
			continue;
		}
		encapped++;
		inner_len = (uint16_t)(in[16] << 8 | in[17]);
		memcpy(want, in, 14);
		memset(want + 14, 0, 20);
		want[14] = 0x45;
		want[16] = (uint8_t)((inner_len + 20) >> 8);
		want[17] = (uint8_t)(inner_len + 20);
		want[20] = 0x40; /* DF */
		want[22] = 64;
		want[23] = 4; /* IPIP */
		want[26] = 10;
		want[27] = 100;
		want[29] = 1;
		want[30] = 10;
		want[31] = 100;
		want[33] = (uint8_t)inner_len;
		c = ip_checksum(want + 14);
		want[24] = c >> 8;
		want[25] = c & 0xff;
		memcpy(want + 34, in + 14, len - 14);
		assert_int_equal(r.pkts[i].retval, 3);
		assert_int_equal(r.pkts[i].len, len + 20);
		assert_memory_equal(r.pkts[i].data, want, len + 20);
	}
	assert_true(encapped > 50);
	xnic_result_free(&r);
}

enum {
	P_FRAMES,
	P_BYTES,
	P_VLAN,
	P_IPV4,
	P_IPV6,
	P_ARP,
	P_OTHER_L3,
	P_TCP,
	P_UDP,
	P_ICMP,
	P_OTHER_L4,
	P_FRAGMENT,
	P_MALFORMED,
	P_MAX
};

/* parser_counters' documented rules; returns the expected verdict. */
static uint32_t expect_parser(const struct xnic_pkt_info *in, uint64_t *c)
{
	uint32_t need;

	c[P_FRAMES]++;
	c[P_BYTES] += in->len;
	if (in->vlans)
		c[P_VLAN]++;
	if (in->len < in->l3_off)
		goto malformed;
	if (in->kind == XNIC_PK_ARP) {
		c[P_ARP]++;
		return 2;
	}
	if (in->kind == XNIC_PK_OTHER) {
		c[P_OTHER_L3]++;
		return 2;
	}
	if (in->ethertype == 0x0800) {
		if (in->len < in->l3_off + 20)
			goto malformed;
		c[P_IPV4]++;
		if (in->frag)
			c[P_FRAGMENT]++;
		if (in->frag == 2)
			return 2;
	} else {
		if (in->len < in->l3_off + 40)
			goto malformed;
		c[P_IPV6]++;
		if (in->ip6_ext && in->len < in->l3_off + 48)
			goto malformed;
	}
	need = in->l4_proto == 6 ? 20 : in->l4_proto == 17 ? 8 : 4;
	if (in->len < in->l4_off + need)
		goto malformed;
	c[in->l4_proto == 6 ? P_TCP : in->l4_proto == 17 ? P_UDP : P_ICMP]++;
	return 2;
malformed:
	c[P_MALFORMED]++;
	return 1;
}

static void test_parser_counters_example(void **state)
{
	uint64_t want[P_MAX] = {0};
	const struct xnic_res_map *m, *src;
	struct xnic_result r;
	uint32_t i, j;

	run_prog("examples/parser_counters.bpf.o", &r);
	for (i = 0; i < frames.n; i++)
		assert_int_equal(r.pkts[i].retval,
				 expect_parser(&info[i], want));
	m = xnic_result_find_map(&r, "proto_counters");
	assert_non_null(m);
	assert_int_equal(m->n, P_MAX);
	for (i = 0; i < P_MAX; i++)
		if (map_u64(m, i) != want[i])
			fail_msg("counter %u: kernel %llu, expected %llu", i,
				 (unsigned long long)map_u64(m, i),
				 (unsigned long long)want[i]);
	/* Per-source counts: every IPv4 frame with a whole header. */
	src = xnic_result_find_map(&r, "ipv4_sources");
	assert_non_null(src);
	for (j = 0; j < src->n; j++) {
		const uint8_t *k = src->keys + (size_t)j * 4;
		uint32_t a =
			(uint32_t)k[0] << 24 | k[1] << 16 | k[2] << 8 | k[3];
		uint64_t n = 0, got;

		for (i = 0; i < frames.n; i++)
			n += info[i].ethertype == 0x0800 &&
			     info[i].len >= info[i].l3_off + 20 &&
			     info[i].saddr4 == a;
		memcpy(&got, src->values + (size_t)j * 8, 8);
		assert_int_equal(got, n);
		want[P_IPV4] -= n;
	}
	assert_int_equal(want[P_IPV4], 0); /* no source left out */
	xnic_result_free(&r);
}

/* lb_encap's flow hash, written again from the example's source. */
static uint32_t lb_hash(uint32_t s, uint32_t d, uint32_t ports, uint32_t p)
{
	uint32_t h = s * 0x9e3779b1u;

	h ^= d + 0x7f4a7c15u + (h << 6) + (h >> 2);
	h ^= ports * 0x85ebca6bu;
	h ^= p;
	h ^= h >> 16;
	h *= 0xc2b2ae35u;
	return h ^ (h >> 13);
}

/* Service id and backend count for a frame, 0 when it is not for a VIP. */
static uint32_t lb_service(const uint8_t *ip, const uint8_t *l4, uint32_t *n)
{
	uint32_t d =
		(uint32_t)ip[16] << 24 | ip[17] << 16 | ip[18] << 8 | ip[19];
	uint16_t dport = (uint16_t)(l4[2] << 8 | l4[3]);

	if (d == 0x0a000001 && dport == 80 && ip[9] == 6) {
		*n = 3;
		return 1;
	}
	if (d == 0x0a000002 && ip[9] == 17) {
		*n = 2;
		return 2;
	}
	if (d == 0x0a000003 && ip[9] == 6) {
		*n = 4;
		return 3;
	}
	if (d == 0xc0a8010a && ip[9] == 6) {
		*n = 3;
		return 4;
	}
	return 0;
}

static void test_lb_encap_example(void **state)
{
	uint64_t tx = 0, be_pkts = 0, v;
	const struct xnic_res_map *m;
	struct xnic_result r;
	uint32_t i;

	run_prog("examples/lb_encap.bpf.o", &r);
	for (i = 0; i < frames.n; i++) {
		const uint8_t *in = frames.v[i].data, *ip = in + 14;
		uint32_t len = frames.v[i].len, svc = 0, n = 0, s, d, ports,
			 idx;
		uint8_t want[1600];
		uint16_t inner_len, c;

		if (len >= 38 && in[12] == 0x08 && in[13] == 0 &&
		    ip[0] == 0x45 && !((ip[6] << 8 | ip[7]) & 0x3fff) &&
		    (ip[9] == 6 || ip[9] == 17))
			svc = lb_service(ip, ip + 20, &n);
		if (!svc) {
			assert_int_equal(r.pkts[i].retval, 2);
			assert_memory_equal(r.pkts[i].data, in, len);
			continue;
		}
		tx++;
		memcpy(&s, ip + 12, 4); /* loaded as the program does */
		memcpy(&d, ip + 16, 4);
		memcpy(&ports, ip + 20, 4);
		idx = lb_hash(s, d, ports, ip[9]) % n;
		inner_len = (uint16_t)(ip[2] << 8 | ip[3]);
		memcpy(want, in, 14);
		memset(want + 14, 0, 20);
		want[14] = 0x45;
		want[16] = (uint8_t)((inner_len + 20) >> 8);
		want[17] = (uint8_t)(inner_len + 20);
		want[20] = 0x40;
		want[22] = 64;
		want[23] = 4;
		want[26] = 10; /* 10.10.0.1 */
		want[27] = 10;
		want[29] = 1;
		want[30] = 10; /* 10.10.<service>.<index + 1> */
		want[31] = 10;
		want[32] = (uint8_t)svc;
		want[33] = (uint8_t)(idx + 1);
		c = ip_checksum(want + 14);
		want[24] = c >> 8;
		want[25] = c & 0xff;
		memcpy(want + 34, in + 14, len - 14);
		assert_int_equal(r.pkts[i].retval, 3);
		assert_int_equal(r.pkts[i].len, len + 20);
		assert_memory_equal(r.pkts[i].data, want, len + 20);
	}
	m = xnic_result_find_map(&r, "backends");
	assert_non_null(m);
	assert_int_equal(m->n, 3 + 2 + 4 + 3);
	for (i = 0; i < m->n; i++) {
		memcpy(&v, m->values + (size_t)i * m->value_size + 8, 8);
		be_pkts += v;
	}
	assert_int_equal(be_pkts, tx);
	assert_true(tx > 5);
	xnic_result_free(&r);
}

/* The blocklist is filled by the first frame and hit by later ones: maps
 * persist across frames of one run. */
static void test_map_state_persists(void **state)
{
	const struct xnic_res_map *bl, *st;
	uint64_t hit2 = 0, hit20 = 0, passed = 0, other = 0, v;
	struct xnic_result r;
	uint32_t i;

	for (i = 0; i < frames.n; i++) {
		const struct xnic_pkt_info *in = &info[i];

		if (in->len < in->l3_off || in->ethertype != 0x0800) {
			other++;
			continue;
		}
		if (in->len < in->l3_off + 20)
			continue; /* dropped, not counted */
		if (in->saddr4 == 0x0a000002)
			hit2++;
		else if (in->saddr4 == 0xc0a80114)
			hit20++;
		else
			passed++;
	}
	run_prog("tests/progs/diff/xdp_fw_src4.bpf.o", &r);
	bl = xnic_result_find_map(&r, "blocklist");
	st = xnic_result_find_map(&r, "fw_state");
	assert_non_null(bl);
	assert_non_null(st);
	assert_int_equal(bl->n, 3);
	/* Raw entries come in the kernel's iteration order: match by key. */
	for (i = 0; i < bl->n; i++) {
		const uint8_t *key = bl->keys + (size_t)i * 4;

		memcpy(&v, bl->values + (size_t)i * 8, 8);
		if (!memcmp(key, "\x0a\x00\x00\x02", 4))
			assert_int_equal(v, hit2);
		else if (!memcmp(key, "\xc0\xa8\x01\x14", 4))
			assert_int_equal(v, hit20);
		else if (!memcmp(key, "\x01\x02\x03\x04", 4))
			assert_int_equal(v, 0);
		else
			fail_msg("unexpected blocklist key");
	}
	assert_int_equal(map_u64(st, 0), 1);
	assert_int_equal(map_u64(st, 1), passed);
	assert_int_equal(map_u64(st, 2), other);
	assert_true(hit2 + hit20 > 0);
	xnic_result_free(&r);
}

static void test_refused_frames(void **state)
{
	static const uint8_t f13[13] = {0};
	uint8_t f20[20] = {0}, f34[34] = {0}, out[256];
	struct xnic_kref *k;
	uint32_t rv, olen, ns;
	char path[512];

	need_bpf();
	obj_path(path, sizeof(path), "tests/progs/diff/tc_counters.bpf.o");
	k = load(path);
	assert_false(xnic_kref_is_xdp(k));
	assert_int_equal(xnic_kref_run_frame(k, f13, 13, &rv, out, sizeof(out),
					     &olen, &ns),
			 -EINVAL);
	f20[12] = 0x08; /* IPv4 ethertype, 6 bytes of network header */
	assert_int_equal(xnic_kref_run_frame(k, f20, 20, &rv, out, sizeof(out),
					     &olen, &ns),
			 -EINVAL);
	f34[12] = 0x08;
	assert_int_equal(xnic_kref_run_frame(k, f34, 34, &rv, out, sizeof(out),
					     &olen, &ns),
			 0);
	assert_int_equal(rv, 0); /* TC_ACT_OK */
	assert_int_equal(olen, 34);
	xnic_kref_close(k);

	obj_path(path, sizeof(path), "tests/progs/diff/xdp_pass.bpf.o");
	k = load(path);
	assert_true(xnic_kref_is_xdp(k));
	assert_int_equal(xnic_kref_run_frame(k, f13, 13, &rv, out, sizeof(out),
					     &olen, &ns),
			 -EINVAL);
	assert_int_equal(xnic_kref_run_frame(k, f20, 14, &rv, out, sizeof(out),
					     &olen, &ns),
			 0);
	assert_int_equal(rv, 2);
	assert_int_equal(olen, 14);
	xnic_kref_close(k);
}

static void test_open_errors(void **state)
{
	struct xnic_kref *k;
	char err[512], path[512];
	FILE *f;

	assert_int_equal(xnic_kref_open(&k, "/nonexistent.bpf.o", NULL, err,
					sizeof(err)),
			 -ENOENT);
	assert_null(k);
	assert_non_null(strstr(err, "/nonexistent.bpf.o"));

	snprintf(path, sizeof(path), "/tmp/xnic-test-kref-%d.o", (int)getpid());
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("not an ELF object\n", f);
	fclose(f);
	assert_int_equal(xnic_kref_open(&k, path, NULL, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "not a usable BPF object"));
	unlink(path);

	need_bpf();
	obj_path(path, sizeof(path), "tests/progs/diff/xdp_pass.bpf.o");
	assert_int_equal(
		xnic_kref_open(&k, path, "no_such_prog", err, sizeof(err)),
		-ENOENT);
	assert_non_null(strstr(err, "no_such_prog"));
	assert_int_equal(xnic_kref_open(&k, path, "xdp", err, sizeof(err)), 0);
	assert_string_equal(xnic_kref_prog_name(k), "xdp_pass");
	xnic_kref_close(k);
	assert_int_equal(xnic_kref_open(&k, path, "xdp_pass", err, sizeof(err)),
			 0);
	assert_string_equal(xnic_kref_sec_name(k), "xdp");
	xnic_kref_close(k);
}

/* A program the kernel verifier must reject, built here with clang. */
static void test_verifier_rejection(void **state)
{
	static const char src[] =
		"#include <linux/bpf.h>\n"
		"#include <bpf/bpf_helpers.h>\n"
		"SEC(\"xdp\") int unchecked(struct xdp_md *ctx)\n"
		"{\n"
		"\treturn *(unsigned char *)(long)ctx->data;\n"
		"}\n"
		"char _license[] SEC(\"license\") = \"GPL\";\n";
	char dir[] = "/tmp/xnic-test-kref-XXXXXX", c_path[96], o_path[96];
	char cmd[512], err[512];
	struct xnic_kref *k = NULL;
	FILE *f;
	int ret;

	need_bpf();
	assert_non_null(mkdtemp(dir));
	snprintf(c_path, sizeof(c_path), "%s/bad.bpf.c", dir);
	snprintf(o_path, sizeof(o_path), "%s/bad.bpf.o", dir);
	f = fopen(c_path, "w");
	assert_non_null(f);
	fputs(src, f);
	fclose(f);
	snprintf(
		cmd, sizeof(cmd),
		"clang -target bpf -O2 -g -I/usr/include/$(uname -m)-linux-gnu "
		"-c %s -o %s 2>/dev/null",
		c_path, o_path);
	if (system(cmd)) {
		unlink(c_path);
		rmdir(dir);
		print_message("SKIP: clang cannot build a BPF object here\n");
		skip();
	}
	ret = xnic_kref_open(&k, o_path, NULL, err, sizeof(err));
	assert_int_equal(ret, -EACCES);
	assert_non_null(k);
	assert_non_null(strstr(err, "verifier rejected program unchecked"));
	assert_non_null(
		strstr(xnic_kref_verifier_log(k), "invalid access to packet"));
	xnic_kref_close(k);
	unlink(o_path);
	unlink(c_path);
	rmdir(dir);
}

static void test_bench_mode(void **state)
{
	struct xnic_kref *k;
	char path[512];
	uint32_t ns = 0, rv = 0;
	uint64_t wall = 0;

	need_bpf();
	obj_path(path, sizeof(path), "tests/progs/diff/xdp_counters.bpf.o");
	k = load(path);
	assert_int_equal(xnic_kref_bench(k, frames.v[0].data, frames.v[0].len,
					 1000, &ns, &wall, &rv),
			 0);
	assert_int_equal(rv, 2);
	assert_true(wall > 0);
	/* the 1000 runs are visible in the frame counter */
	{
		struct xnic_result r;
		const struct xnic_res_map *m;

		xnic_result_init(&r);
		assert_int_equal(xnic_kref_dump_maps(k, &r), 0);
		m = xnic_result_find_map(&r, "counters");
		assert_non_null(m);
		assert_int_equal(map_u64(m, C_ALL), 1000);
		xnic_result_free(&r);
	}
	xnic_kref_close(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_corpus_loads_and_is_deterministic),
		cmocka_unit_test(test_drop_all_and_pass),
		cmocka_unit_test(test_counters_match_generator),
		cmocka_unit_test(test_tail_grow_and_shrink),
		cmocka_unit_test(test_ipip_encap_bytes),
		cmocka_unit_test(test_lb_encap_example),
		cmocka_unit_test(test_parser_counters_example),
		cmocka_unit_test(test_map_state_persists),
		cmocka_unit_test(test_refused_frames),
		cmocka_unit_test(test_verifier_rejection),
		cmocka_unit_test(test_bench_mode),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
