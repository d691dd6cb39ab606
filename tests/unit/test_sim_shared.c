// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * One chip shared by several programs and by maps that live apart from
 * programs (include/xnic/sim.h, "One chip, several programs"): the
 * program of each port with shared ARRAY and HASH maps, frames and
 * streams on both ports, detaching when a map goes, the generation check,
 * map memory reuse over thousands of create/destroy cycles, map creation
 * without host allocation once EMEM is backed, and xnic_sim_load() on
 * top of it all.
 */
#include "test_sim_common.h"

/* Internal state, read only: is EMEM's backing still the same buffer? */
#include "../../firmware_sim/sim_internal.h"

static const struct xnic_map_def cnt_def = {"cnt", BPF_MAP_TYPE_ARRAY, 4, 8, 4,
					    0};
static const struct xnic_map_def hsh_def = {"hsh", BPF_MAP_TYPE_HASH, 4, 8, 16,
					    0};

/* R2 = the context's stack base in LM, where lm0[0] writes. */
#define KEY_PTR "immed[ab4, 512]\nalu[ab4, a25, sub, b4]\nimmed[ab5, 0]\n"

/*
 * A counting program: ARRAY[aidx] += 1 and HASH[7] += 1 (when present),
 * then, if upd_key, HASH[upd_key] = upd_val; R0 = r0.  Words 0..2 take
 * the ARRAY descriptor (map 0), words 3..5 the HASH one (map 1), kept in
 * R6 across the calls.
 */
static void count_src(char *buf, size_t cap, u32 aidx, u32 upd_key, u32 upd_val,
		      u32 r0)
{
	int n = snprintf(
		buf, cap,
		"immed[ab2, 0]\nimmed_w1[ab2, 0]\nimmed[ab3, 0]\n"
		"immed[ab12, 0]\nimmed_w1[ab12, 0]\nimmed[ab13, 0]\n" KEY_PTR
		"alu[lm0[0], --, pass, %u]\n"
		"fwcall[map_lookup]\n"
		"alu[--, --, pass, a0]\nbeq[h]\n"
		"immed[$xo0, 1]\n"
		"emem[add, $0, a0, 0, 1], ctx_swap[s0]\n"
		"h: alu[ab2, --, pass, b12]\nimmed[ab3, 0]\n" KEY_PTR
		"alu[lm0[0], --, pass, 7]\n"
		"fwcall[map_lookup]\n"
		"alu[--, --, pass, a0]\nbeq[u]\n"
		"immed[$xo0, 1]\n"
		"emem[add, $0, a0, 0, 1], ctx_swap[s0]\n"
		"u: nop\n",
		aidx);

	if (upd_key)
		n += snprintf(buf + n, cap - (size_t)n,
			      "alu[ab2, --, pass, b12]\nimmed[ab3, 0]\n" KEY_PTR
			      "alu[lm0[0], --, pass, %u]\n"
			      "immed[ab14, 0x%x]\nimmed_w1[ab14, 0x%x]\n"
			      "alu[lm0[2], --, pass, b14]\n"
			      "alu[lm0[3], --, pass, 0]\n"
			      "alu[ab6, a4, add, 8]\nimmed[ab7, 0]\n"
			      "immed[ab8, 0]\nimmed[ab9, 0]\n"
			      "fwcall[map_update]\n",
			      upd_key, upd_val & 0xffff, upd_val >> 16);
	snprintf(buf + n, cap - (size_t)n,
		 "immed[ab0, %u]\nimmed[ab1, 0]\nhalt\n", r0);
}

static const struct xnic_reloc count_rel[2] = {
	{0, XNIC_RELO_MAP_DESC, 0, 0},
	{3, XNIC_RELO_MAP_DESC, 1, 0},
};

/* prog_create from source against chip maps ids (the image names defs). */
static int make_prog(struct xnic_sim *s, const char *src, u32 type,
		     const struct xnic_map_def *defs, const u32 *ids, u32 nmaps,
		     const struct xnic_reloc *rel, u32 nrel,
		     struct xnic_sim_prog **out, char *err, u32 errlen)
{
	struct xnic_image img;
	int ret;

	assert_int_equal(sim_t_asm(src, type, &img), 0);
	img.maps = (struct xnic_map_def *)defs;
	img.map_cnt = nmaps;
	img.relocs = (struct xnic_reloc *)rel;
	img.reloc_cnt = nrel;
	ret = xnic_sim_prog_create(s, &img, ids, out, err, errlen);
	free(img.code);
	return ret;
}

/* The counting program over ARRAY ids[0] and HASH ids[1]. */
static struct xnic_sim_prog *count_prog(struct xnic_sim *s, const u32 *ids,
					u32 type, u32 aidx, u32 upd_key,
					u32 upd_val, u32 r0)
{
	const struct xnic_map_def defs[2] = {cnt_def, hsh_def};
	struct xnic_sim_prog *p = NULL;
	char src[2048], err[256];
	int ret;

	count_src(src, sizeof(src), aidx, upd_key, upd_val, r0);
	ret = make_prog(s, src, type, defs, ids, 2, count_rel, 2, &p, err,
			sizeof(err));
	if (ret)
		fprintf(stderr, "prog_create: %s\n", err);
	assert_int_equal(ret, 0);
	assert_non_null(p);
	return p;
}

/* A program with no maps: R0 = r0. */
static struct xnic_sim_prog *const_prog(struct xnic_sim *s, u32 type, u32 r0)
{
	struct xnic_sim_prog *p = NULL;
	char src[128], err[256];

	snprintf(src, sizeof(src), "immed[ab0, %u]\nimmed[ab1, 0]\nhalt\n", r0);
	assert_int_equal(make_prog(s, src, type, NULL, NULL, 0, NULL, 0, &p,
				   err, sizeof(err)),
			 0);
	return p;
}

/* A chip with the shared ARRAY (ids[0]) and HASH (ids[1], key 7 = 0). */
static struct xnic_sim *shared_chip(u32 *ids,
				    void (*fn)(struct xnic_sim_config *))
{
	struct xnic_sim *s = sim_t_chip(fn);
	char err[256];
	u32 k = 7;
	u64 zero = 0;

	assert_non_null(s);
	assert_int_equal(xnic_sim_back_memory(s), 0);
	assert_int_equal(
		xnic_sim_map_create(s, &cnt_def, &ids[0], err, sizeof(err)), 0);
	assert_int_equal(
		xnic_sim_map_create(s, &hsh_def, &ids[1], err, sizeof(err)), 0);
	assert_int_equal(ids[0], 0);
	assert_int_equal(ids[1], 1);
	/* both programs add to HASH[7]: present from the start */
	assert_int_equal(xnic_sim_map_update(s, ids[1], &k, &zero, BPF_ANY), 0);
	return s;
}

static u64 lookup(struct xnic_sim *s, u32 id, u32 k)
{
	u64 v = 0;

	assert_int_equal(xnic_sim_map_lookup(s, id, &k, &v), 0);
	return v;
}

static int frame_on(struct xnic_sim *s, u32 port, struct xnic_sim_pkt_result *r)
{
	u8 in[60] = {0}, out[128];

	in[12] = 0x08;
	return xnic_sim_run_frame(s, in, sizeof(in), port, out, sizeof(out), r);
}

/*
 * Two programs, one per port, share both maps: an XDP one and a TC one
 * both returning 2 (XDP_PASS, TC_ACT_SHOT), so each verdict shows the
 * running program's type.
 */
static void t_two_progs(void **st)
{
	struct xnic_sim_pkt_result r;
	struct xnic_sim_prog *a, *b;
	struct xnic_sim *s;
	u32 ids[2], i;
	u64 c0[2];

	(void)st;
	s = shared_chip(ids, NULL);
	a = count_prog(s, ids, XNIC_PROG_XDP, 0, 0, 0, 2);
	b = count_prog(s, ids, XNIC_PROG_TC, 1, 9, 0xb0b, 2);
	assert_int_equal(xnic_sim_port_set_prog(s, 0, a), 0);
	assert_int_equal(xnic_sim_port_set_prog(s, 1, b), 0);
	assert_ptr_equal(xnic_sim_port_prog(s, 0), a);
	assert_ptr_equal(xnic_sim_port_prog(s, 1), b);
	for (i = 0; i < 3; i++) {
		assert_int_equal(frame_on(s, 0, &r), 0);
		assert_int_equal(r.retval, 2);
		assert_int_equal(r.verdict, XNIC_SIM_PASS);
		c0[0] = r.cycles;
	}
	for (i = 0; i < 2; i++) {
		assert_int_equal(frame_on(s, 1, &r), 0);
		assert_int_equal(r.retval, 2);
		assert_int_equal(r.verdict, XNIC_SIM_DROP);
		c0[1] = r.cycles;
	}
	/* B does more work than A (the extra update) */
	assert_true(c0[1] > c0[0]);
	assert_int_equal(lookup(s, ids[0], 0), 3);
	assert_int_equal(lookup(s, ids[0], 1), 2);
	assert_int_equal(lookup(s, ids[0], 2), 0);
	assert_int_equal(lookup(s, ids[1], 7), 5);
	assert_int_equal(lookup(s, ids[1], 9), 0xb0b);
	/* the host's updates are what the programs see next */
	{
		u32 k = 0;
		u64 v = 100;

		assert_int_equal(
			xnic_sim_map_update(s, ids[0], &k, &v, BPF_EXIST), 0);
		assert_int_equal(frame_on(s, 0, &r), 0);
		assert_int_equal(lookup(s, ids[0], 0), 101);
	}
	xnic_sim_prog_destroy(s, a);
	assert_null(xnic_sim_port_prog(s, 0));
	assert_ptr_equal(xnic_sim_port_prog(s, 1), b);
	xnic_sim_destroy(s); /* frees b, still on port 1 */
}

static void ports4(struct xnic_sim_config *c)
{
	c->ports = 4;
	c->ifindex[0] = 11;
	c->ifindex[1] = 12;
	c->ifindex[2] = 13;
	c->ifindex[3] = 14;
}

/* One program on every port; GPR 26 and TX/REDIRECT follow the port. */
static void t_same_prog(void **st)
{
	struct xnic_sim_pkt_result r;
	struct xnic_sim_prog *a, *tx, *rd;
	struct xnic_sim *s;
	u32 ids[2], port, v;

	(void)st;
	s = shared_chip(ids, ports4);
	a = count_prog(s, ids, XNIC_PROG_XDP, 0, 0, 0, 1);
	for (port = 0; port < 4; port++)
		assert_int_equal(xnic_sim_port_set_prog(s, port, a), 0);
	for (port = 0; port < 4; port++) {
		assert_int_equal(frame_on(s, port, &r), 0);
		assert_int_equal(r.verdict, XNIC_SIM_DROP);
		assert_int_equal(xnic_sim_ctx_reg(s, 0, 0, 0, 26, &v), 0);
		assert_int_equal(v, 11 + port);
	}
	assert_int_equal(lookup(s, ids[0], 0), 4);
	assert_int_equal(lookup(s, ids[1], 7), 4);
	assert_int_equal(xnic_sim_set_ifindex(s, 2, 42), 0);
	assert_int_equal(xnic_sim_set_ifindex(s, 4, 42), -EINVAL);
	assert_int_equal(frame_on(s, 2, &r), 0);
	assert_int_equal(xnic_sim_ctx_reg(s, 0, 0, 0, 26, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(xnic_sim_get_config(s)->ifindex[2], 42);
	/* TX leaves by the ingress port, REDIRECT by the next one */
	tx = const_prog(s, XNIC_PROG_XDP, 3);
	rd = const_prog(s, XNIC_PROG_XDP, 4);
	assert_int_equal(xnic_sim_port_set_prog(s, 2, tx), 0);
	assert_int_equal(xnic_sim_port_set_prog(s, 3, rd), 0);
	assert_int_equal(frame_on(s, 2, &r), 0);
	assert_int_equal(r.verdict, XNIC_SIM_TX);
	assert_int_equal(r.out_port, 2);
	assert_int_equal(frame_on(s, 3, &r), 0);
	assert_int_equal(r.verdict, XNIC_SIM_REDIRECT);
	assert_int_equal(r.out_port, 0);
	xnic_sim_prog_destroy(s, tx);
	xnic_sim_prog_destroy(s, rd);
	xnic_sim_prog_destroy(s, a);
	xnic_sim_destroy(s);
}

/* No program on a port: its frames get -ENOENT; bad ports -EINVAL. */
static void t_no_prog(void **st)
{
	struct xnic_sim_stream_result sr;
	struct xnic_sim_pkt_result r;
	struct xnic_sim_frame f[2];
	struct xnic_sim_prog *a;
	struct xnic_sim *s;
	u8 in[60] = {0};
	u32 ids[2];

	(void)st;
	s = shared_chip(ids, NULL);
	a = count_prog(s, ids, XNIC_PROG_XDP, 0, 0, 0, 2);
	assert_int_equal(frame_on(s, 0, &r), -ENOENT);
	assert_int_equal(r.err, -ENOENT);
	assert_string_equal(r.errmsg, "no program loaded on port 0");
	assert_int_equal(xnic_sim_port_set_prog(s, 0, a), 0);
	assert_int_equal(xnic_sim_port_set_prog(s, 1, a), 0);
	assert_int_equal(xnic_sim_port_set_prog(s, 2, a), -EINVAL);
	assert_int_equal(frame_on(s, 1, &r), 0);
	assert_int_equal(xnic_sim_port_set_prog(s, 1, NULL), 0);
	assert_null(xnic_sim_port_prog(s, 1));
	assert_int_equal(frame_on(s, 1, &r), -ENOENT);
	assert_string_equal(r.errmsg, "no program loaded on port 1");
	assert_int_equal(frame_on(s, 0, &r), 0);
	assert_int_equal(frame_on(s, 2, &r), -EINVAL);
	assert_string_equal(r.errmsg, "no port 2: the NIC has 2");
	/* a stream reaching port 1 needs its program */
	f[0].data = in;
	f[0].len = sizeof(in);
	f[1] = f[0];
	assert_int_equal(xnic_sim_run_stream(s, f, 2, NULL, NULL, &sr),
			 -ENOENT);
	assert_int_equal(xnic_sim_run_stream(s, f, 1, NULL, NULL, &sr), 0);
	assert_int_equal(sr.packets, 1);
	/* the raw run follows port 0 */
	assert_int_equal(xnic_sim_port_set_prog(s, 0, NULL), 0);
	assert_int_equal(xnic_sim_run_raw(s, NULL, NULL, 0, XNIC_MEM_EMEM, &r),
			 -ENOENT);
	assert_string_equal(r.errmsg, "no program loaded on port 0");
	/* frames on port 1, port 0, then the stream's one */
	assert_int_equal(lookup(s, ids[0], 0), 3);
	xnic_sim_prog_destroy(s, a);
	xnic_sim_destroy(s);
}

static void ports3(struct xnic_sim_config *c)
{
	c->ports = 3;
}

/* Destroying a map detaches exactly the ports whose program uses it. */
static void t_destroy_detaches(void **st)
{
	struct xnic_sim_pkt_result r;
	struct xnic_sim_prog *a, *b, *c;
	u8 desc[32], zero[32] = {0};
	struct xnic_sim *s;
	u32 ids[2], k = 7;
	u64 v;

	(void)st;
	s = shared_chip(ids, ports3);
	a = count_prog(s, ids, XNIC_PROG_XDP, 0, 0, 0, 2);
	b = count_prog(s, ids, XNIC_PROG_XDP, 1, 0, 0, 1);
	c = const_prog(s, XNIC_PROG_XDP, 3);
	assert_int_equal(xnic_sim_port_set_prog(s, 0, a), 0);
	assert_int_equal(xnic_sim_port_set_prog(s, 1, b), 0);
	assert_int_equal(xnic_sim_port_set_prog(s, 2, c), 0);
	assert_int_equal(xnic_sim_map_count(s), 2);
	/* HASH descriptor: type 1, key 4, value 8, entries 16 */
	assert_int_equal(
		xnic_sim_mem_read(s, XNIC_ADDR_IMEM + 32, desc, sizeof(desc)),
		0);
	assert_int_equal(desc[0], BPF_MAP_TYPE_HASH);
	assert_int_equal(desc[12], 16);
	xnic_sim_map_destroy(s, ids[1]);
	assert_null(xnic_sim_port_prog(s, 0));
	assert_null(xnic_sim_port_prog(s, 1));
	assert_ptr_equal(xnic_sim_port_prog(s, 2), c);
	assert_int_equal(frame_on(s, 0, &r), -ENOENT);
	assert_int_equal(frame_on(s, 1, &r), -ENOENT);
	assert_int_equal(frame_on(s, 2, &r), 0);
	assert_int_equal(r.verdict, XNIC_SIM_TX);
	/* the id answers -ENOENT; the other map is untouched */
	assert_int_equal(xnic_sim_map_lookup(s, ids[1], &k, &v), -ENOENT);
	assert_int_equal(xnic_sim_map_def(s, ids[1], &(struct xnic_map_def){0}),
			 -ENOENT);
	assert_int_equal(xnic_sim_map_desc_addr(s, ids[1]), 0);
	/* its descriptor is gone from IMEM: the slot reads as no map */
	assert_int_equal(
		xnic_sim_mem_read(s, XNIC_ADDR_IMEM + 32, desc, sizeof(desc)),
		0);
	assert_memory_equal(desc, zero, sizeof(desc));
	assert_int_equal(xnic_sim_map_count(s), 1);
	assert_int_equal(xnic_sim_map_desc_addr(s, ids[0]),
			 XNIC_ADDR_IMEM + 0 * 32);
	/* a program that used it can never run again */
	assert_int_equal(xnic_sim_port_set_prog(s, 0, a), -ENOENT);
	xnic_sim_map_destroy(s, ids[1]); /* twice: nothing */
	xnic_sim_map_destroy(s, 64);
	xnic_sim_map_destroy(s, ids[0]);
	assert_int_equal(xnic_sim_map_count(s), 0);
	xnic_sim_prog_destroy(s, a);
	xnic_sim_prog_destroy(s, b);
	xnic_sim_prog_destroy(s, c);
	xnic_sim_destroy(s);
}

/* The same id recreated is another map: programs of the old one stay out. */
static void t_generation(void **st)
{
	struct xnic_sim_pkt_result r;
	struct xnic_sim_prog *a, *a2;
	struct xnic_sim *s;
	char err[256];
	u32 ids[2], id, k = 7;
	u64 zero = 0;

	(void)st;
	s = shared_chip(ids, NULL);
	a = count_prog(s, ids, XNIC_PROG_XDP, 0, 0, 0, 2);
	xnic_sim_map_destroy(s, ids[1]);
	assert_int_equal(
		xnic_sim_map_create(s, &hsh_def, &id, err, sizeof(err)), 0);
	assert_int_equal(id, ids[1]); /* lowest free id: the same slot */
	assert_int_equal(xnic_sim_port_set_prog(s, 0, a), -ENOENT);
	assert_null(xnic_sim_port_prog(s, 0));
	/* relocated against the new map, it runs */
	a2 = count_prog(s, ids, XNIC_PROG_XDP, 0, 0, 0, 2);
	assert_int_equal(xnic_sim_port_set_prog(s, 0, a2), 0);
	assert_int_equal(xnic_sim_map_update(s, id, &k, &zero, BPF_ANY), 0);
	assert_int_equal(frame_on(s, 0, &r), 0);
	assert_int_equal(lookup(s, id, 7), 1);
	/* a map destroyed and recreated in between also counts */
	xnic_sim_map_destroy(s, ids[0]);
	assert_null(xnic_sim_port_prog(s, 0));
	assert_int_equal(
		xnic_sim_map_create(s, &cnt_def, &id, err, sizeof(err)), 0);
	assert_int_equal(id, ids[0]);
	assert_int_equal(xnic_sim_port_set_prog(s, 0, a2), -ENOENT);
	xnic_sim_prog_destroy(s, a);
	xnic_sim_prog_destroy(s, a2);
	xnic_sim_destroy(s);
}

/* Map definitions the image and the chip disagree on. */
static void t_mismatch(void **st)
{
	const struct xnic_map_def want[2] = {
		{"cnt", BPF_MAP_TYPE_ARRAY, 4, 16, 4, 0}, hsh_def};
	struct xnic_sim_prog *p = (struct xnic_sim_prog *)1;
	struct xnic_sim *s;
	char err[256], src[2048];
	u32 ids[2], bad[2];

	(void)st;
	s = shared_chip(ids, NULL);
	count_src(src, sizeof(src), 0, 0, 0, 2);
	assert_int_equal(make_prog(s, src, XNIC_PROG_XDP, want, ids, 2,
				   count_rel, 2, &p, err, sizeof(err)),
			 -EINVAL);
	assert_null(p);
	assert_string_equal(err,
			    "image map 0 'cnt' (type 2, key 4, value 16, "
			    "entries 4) does not match chip map 0 (type 2, "
			    "key 4, value 8, entries 4)");
	/* the HASH where the ARRAY should be */
	bad[0] = ids[1];
	bad[1] = ids[1];
	assert_int_equal(make_prog(s, src, XNIC_PROG_XDP, want + 1, bad, 1,
				   NULL, 0, &p, err, sizeof(err)),
			 0);
	xnic_sim_prog_destroy(s, p);
	assert_int_equal(make_prog(s, src, XNIC_PROG_XDP, &cnt_def, bad, 1,
				   count_rel, 1, &p, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err,
			    "image map 0 'cnt' (type 2, key 4, value 8, "
			    "entries 4) does not match chip map 1 (type 1, "
			    "key 4, value 8, entries 16)");
	bad[0] = 5;
	assert_int_equal(make_prog(s, src, XNIC_PROG_XDP, &cnt_def, bad, 1,
				   count_rel, 1, &p, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "image map 0 'cnt': chip map 5 does not "
				 "exist");
	assert_int_equal(make_prog(s, src, XNIC_PROG_XDP, &cnt_def, NULL, 1,
				   count_rel, 1, &p, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "image has 1 maps but no map ids");
	xnic_sim_destroy(s);
}

/* A stream alternating over the ports runs each port's program. */
static void t_stream_ports(void **st)
{
	struct xnic_sim_stream_result sr;
	struct xnic_sim_frame f[100];
	struct xnic_sim_prog *a, *b;
	struct xnic_sim *s;
	u8 in[64] = {0};
	u32 ids[2], i;

	(void)st;
	s = shared_chip(ids, NULL);
	a = count_prog(s, ids, XNIC_PROG_XDP, 0, 0, 0, 2);
	b = count_prog(s, ids, XNIC_PROG_TC, 1, 9, 0xb0b, 2);
	assert_int_equal(xnic_sim_port_set_prog(s, 0, a), 0);
	assert_int_equal(xnic_sim_port_set_prog(s, 1, b), 0);
	for (i = 0; i < 100; i++) {
		f[i].data = in;
		f[i].len = sizeof(in);
	}
	assert_int_equal(xnic_sim_run_stream(s, f, 100, NULL, NULL, &sr), 0);
	assert_int_equal(sr.packets, 100);
	assert_int_equal(sr.faults, 0);
	assert_int_equal(sr.verdicts[XNIC_SIM_PASS], 50); /* port 0: A */
	assert_int_equal(sr.verdicts[XNIC_SIM_DROP], 50); /* port 1: B */
	assert_int_equal(lookup(s, ids[0], 0), 50);
	assert_int_equal(lookup(s, ids[0], 1), 50);
	assert_int_equal(lookup(s, ids[1], 7), 100);
	assert_int_equal(lookup(s, ids[1], 9), 0xb0b);
	/* both ports, one program: one verdict */
	assert_int_equal(xnic_sim_port_set_prog(s, 1, a), 0);
	assert_int_equal(xnic_sim_run_stream(s, f, 100, NULL, NULL, &sr), 0);
	assert_int_equal(sr.verdicts[XNIC_SIM_PASS], 100);
	assert_int_equal(lookup(s, ids[0], 0), 150);
	assert_int_equal(lookup(s, ids[1], 7), 200);
	xnic_sim_prog_destroy(s, b);
	xnic_sim_destroy(s);
}

static u64 rnd(u64 *x)
{
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * 0x2545f4914f6cdd1dULL;
}

/* Free EMEM for maps: the window less the perf ring and packet tails. */
static u32 free_emem(const struct xnic_sim_config *c)
{
	u32 perf = ((c->perf_ring_bytes & ~7u) + 7) & ~7u;

	return c->emem_bytes - perf -
	       c->pkt_mes * c->ctx_per_me * c->tail_bytes;
}

/* A live map of t_churn and the byte its values are filled with. */
struct churn_map {
	struct xnic_map_def d;
	u32 id;
	u8 fill;
};

/* Entries t_churn writes: every ARRAY index, up to 8 HASH keys. */
static u32 churn_n(const struct xnic_map_def *d)
{
	return d->type == BPF_MAP_TYPE_ARRAY ? d->max_entries :
	       d->max_entries < 8	     ? d->max_entries :
					       8;
}

static void churn_key(const struct churn_map *m, u32 i, u8 *key)
{
	memset(key, m->fill, 64);
	if (m->d.type == BPF_MAP_TYPE_ARRAY)
		memcpy(key, &i, 4);
	else
		key[0] = (u8)i;
}

/* Fill (check) every value t_churn writes; a fresh map reads zero. */
static void churn_fill(struct xnic_sim *s, const struct churn_map *m)
{
	u8 key[64], val[256];
	u32 i, k;

	memset(val, 0, sizeof(val));
	if (m->d.type == BPF_MAP_TYPE_ARRAY) {
		k = m->d.max_entries - 1;
		assert_int_equal(xnic_sim_map_lookup(s, m->id, &k, val), 0);
		for (k = 0; k < m->d.value_size; k++)
			assert_int_equal(val[k], 0);
	} else {
		assert_int_equal(xnic_sim_map_get_next_key(s, m->id, NULL, key),
				 -ENOENT);
	}
	memset(val, m->fill, sizeof(val));
	for (i = 0; i < churn_n(&m->d); i++) {
		churn_key(m, i, key);
		assert_int_equal(
			xnic_sim_map_update(s, m->id, key, val, BPF_ANY), 0);
	}
}

static void churn_check(struct xnic_sim *s, const struct churn_map *m)
{
	u8 key[64], val[256];
	u32 i, k;

	for (i = 0; i < churn_n(&m->d); i++) {
		churn_key(m, i, key);
		memset(val, 0, sizeof(val));
		assert_int_equal(xnic_sim_map_lookup(s, m->id, key, val), 0);
		for (k = 0; k < m->d.value_size; k++)
			assert_int_equal(val[k], m->fill);
	}
}

/* The allocators' extents: sorted, apart, inside their regions. */
static void heap_sane(const struct sim_heap *h)
{
	u32 i;

	assert_true(h->n <= SIM_MAX_EXTENTS);
	for (i = 0; i < h->n; i++) {
		assert_true(h->ext[i].off >= h->base);
		assert_true(h->ext[i].off + h->ext[i].len <= h->end);
		if (i)
			assert_true(h->ext[i - 1].off + h->ext[i - 1].len <=
				    h->ext[i].off);
	}
}

/*
 * 10000 maps of mixed kinds and sizes created and destroyed with up to
 * 30 alive: every creation succeeds (30 of the largest take a third of
 * EMEM), memory comes back zeroed, no map overwrites another (each is
 * filled with its own byte and checked before it goes), and once all are
 * gone the largest ARRAY fits exactly again: nothing leaked, no fragment
 * left.
 */
static void t_churn(void **st)
{
	struct xnic_sim *s = sim_t_chip(NULL);
	const struct xnic_sim_config *cfg;
	struct churn_map live[30];
	struct xnic_map_def d;
	u32 nlive = 0, created = 0, id, k, fre;
	u64 x = 0x5eed, v;
	char err[256];

	(void)st;
	assert_non_null(s);
	cfg = xnic_sim_get_config(s);
	assert_int_equal(xnic_sim_back_memory(s), 0);
	while (created < 10000) {
		if (nlive < 30 && (nlive == 0 || rnd(&x) % 3)) {
			struct churn_map *m = &live[nlive++];

			memset(m, 0, sizeof(*m));
			strcpy(m->d.name, "m");
			m->d.type = rnd(&x) & 1 ? BPF_MAP_TYPE_HASH :
						  BPF_MAP_TYPE_ARRAY;
			m->d.key_size = m->d.type == BPF_MAP_TYPE_HASH ?
						1 + rnd(&x) % 64 :
						4;
			m->d.value_size = 1 + rnd(&x) % 256;
			m->d.max_entries = 1 + rnd(&x) % 512;
			m->fill = (u8)(created | 1);
			assert_int_equal(xnic_sim_map_create(s, &m->d, &m->id,
							     err, sizeof(err)),
					 0);
			churn_fill(s, m);
			created++;
		} else {
			k = (u32)(rnd(&x) % nlive);
			churn_check(s, &live[k]);
			xnic_sim_map_destroy(s, live[k].id);
			live[k] = live[--nlive];
		}
		heap_sane(&s->emem_heap);
		heap_sane(&s->imem_heap);
		/* HASH: one extent in each memory; ARRAY: one in EMEM */
		assert_int_equal(s->emem_heap.n, nlive);
	}
	while (nlive) {
		churn_check(s, &live[nlive - 1]);
		xnic_sim_map_destroy(s, live[--nlive].id);
	}
	assert_int_equal(xnic_sim_map_count(s), 0);
	assert_int_equal(s->emem_heap.n, 0);
	assert_int_equal(s->imem_heap.n, 0);
	/* the largest ARRAY of 8-byte values: all of map EMEM, not one more */
	fre = free_emem(cfg);
	memset(&d, 0, sizeof(d));
	strcpy(d.name, "big");
	d.type = BPF_MAP_TYPE_ARRAY;
	d.key_size = 4;
	d.value_size = 8;
	d.max_entries = fre / 8 + 1;
	assert_int_equal(xnic_sim_map_create(s, &d, &id, err, sizeof(err)),
			 -E2BIG);
	assert_string_equal(err, "map 'big': 1679361 entries of 8 bytes do "
				 "not fit in the chip's memory");
	d.max_entries = fre / 8;
	assert_int_equal(fre, 13434880); /* 16 MiB - 64 KiB - 50*8*8 KiB */
	assert_int_equal(xnic_sim_map_create(s, &d, &id, err, sizeof(err)), 0);
	k = d.max_entries - 1;
	assert_int_equal(xnic_sim_map_lookup(s, id, &k, &v), 0);
	assert_int_equal(v, 0);
	xnic_sim_destroy(s);
}

static void emem64(struct xnic_sim_config *c)
{
	c->emem_bytes = 64 << 20;
}

/* IMEM: three HASH maps of 2^18 buckets (1 MiB) fit, a fourth once one goes. */
static void t_imem_reuse(void **st)
{
	struct xnic_sim *s = sim_t_chip(emem64);
	struct xnic_map_def d = {"hb", BPF_MAP_TYPE_HASH, 4,
				 4,    (1u << 17) + 1,	  0};
	char err[256];
	u32 id[4], i;

	(void)st;
	assert_non_null(s);
	for (i = 0; i < 3; i++)
		assert_int_equal(
			xnic_sim_map_create(s, &d, &id[i], err, sizeof(err)),
			0);
	assert_int_equal(xnic_sim_map_create(s, &d, &id[3], err, sizeof(err)),
			 -E2BIG);
	assert_string_equal(err, "map 'hb': 131073 entries of 4 bytes do not "
				 "fit in the chip's memory");
	xnic_sim_map_destroy(s, id[1]);
	assert_int_equal(xnic_sim_map_create(s, &d, &id[3], err, sizeof(err)),
			 0);
	assert_int_equal(id[3], 1);
	assert_int_equal(xnic_sim_map_desc_addr(s, 1), XNIC_ADDR_IMEM + 32);
	xnic_sim_destroy(s);
}

/* Once EMEM is backed, creating maps keeps the very same backing. */
static void t_no_alloc(void **st)
{
	struct xnic_sim *s = sim_t_chip(NULL);
	struct xnic_map_def d = {"big", BPF_MAP_TYPE_ARRAY, 4, 256, 16384, 0};
	char err[256];
	u8 *before;
	u32 id, i;

	(void)st;
	assert_non_null(s);
	/* unbacked, a 4 MiB map grows the backing */
	before = s->emem;
	assert_int_equal(s->emem_backed, 4u << 20); /* fixed areas: 3.2 MiB */
	assert_int_equal(xnic_sim_map_create(s, &d, &id, err, sizeof(err)), 0);
	assert_int_equal(s->emem_backed, 8u << 20);
	assert_ptr_not_equal(s->emem, before);
	xnic_sim_map_destroy(s, id);
	assert_int_equal(xnic_sim_back_memory(s), 0);
	assert_int_equal(s->emem_backed, 16u << 20);
	before = s->emem;
	for (i = 0; i < 40; i++) {
		d.max_entries = 256 * (i + 1);
		d.type = i & 1 ? BPF_MAP_TYPE_HASH : BPF_MAP_TYPE_ARRAY;
		d.value_size = i & 1 ? 64 : 8;
		assert_int_equal(
			xnic_sim_map_create(s, &d, &id, err, sizeof(err)), 0);
		if (i % 3)
			xnic_sim_map_destroy(s, id);
	}
	assert_ptr_equal(s->emem, before);
	assert_int_equal(s->emem_backed, 16u << 20);
	xnic_sim_destroy(s);
}

/* HASH entries come from a free list in chip memory: full, empty, full. */
static void t_hash_reuse(void **st)
{
	struct xnic_sim *s = sim_t_chip(NULL);
	struct xnic_map_def d = {"h", BPF_MAP_TYPE_HASH, 4, 4, 8, 0};
	char err[256];
	u32 id, k, v, round;

	(void)st;
	assert_non_null(s);
	assert_int_equal(xnic_sim_back_memory(s), 0);
	assert_int_equal(xnic_sim_map_create(s, &d, &id, err, sizeof(err)), 0);
	for (round = 0; round < 3; round++) {
		for (k = 0; k < 8; k++) {
			v = k + round;
			assert_int_equal(
				xnic_sim_map_update(s, id, &k, &v, BPF_NOEXIST),
				0);
		}
		k = 8;
		assert_int_equal(xnic_sim_map_update(s, id, &k, &v, BPF_ANY),
				 -E2BIG);
		for (k = 0; k < 8; k++) {
			assert_int_equal(xnic_sim_map_lookup(s, id, &k, &v), 0);
			assert_int_equal(v, k + round);
			assert_int_equal(xnic_sim_map_delete(s, id, &k), 0);
		}
	}
	/* a recreated map is empty */
	k = 3;
	v = 1;
	assert_int_equal(xnic_sim_map_update(s, id, &k, &v, BPF_ANY), 0);
	xnic_sim_map_destroy(s, id);
	assert_int_equal(xnic_sim_map_create(s, &d, &id, err, sizeof(err)), 0);
	assert_int_equal(xnic_sim_map_lookup(s, id, &k, &v), -ENOENT);
	assert_int_equal(xnic_sim_map_get_next_key(s, id, NULL, &k), -ENOENT);
	xnic_sim_destroy(s);
}

/* xnic_sim_load(): ids 0..n-1, one program on every port, undone by unload. */
static void t_load_shortcut(void **st)
{
	const struct xnic_map_def defs[2] = {cnt_def, hsh_def};
	struct xnic_sim_pkt_result r;
	struct xnic_image img;
	struct xnic_sim *s = sim_t_chip(NULL);
	char err[256], src[2048];
	u32 desc[2], round, k;

	(void)st;
	assert_non_null(s);
	count_src(src, sizeof(src), 0, 9, 1, 2);
	assert_int_equal(sim_t_asm(src, XNIC_PROG_XDP, &img), 0);
	img.maps = (struct xnic_map_def *)defs;
	img.map_cnt = 2;
	img.relocs = (struct xnic_reloc *)count_rel;
	img.reloc_cnt = 2;
	for (round = 0; round < 3; round++) {
		assert_int_equal(xnic_sim_load(s, &img, err, sizeof(err)), 0);
		assert_int_equal(xnic_sim_map_count(s), 2);
		assert_non_null(xnic_sim_port_prog(s, 0));
		assert_ptr_equal(xnic_sim_port_prog(s, 0),
				 xnic_sim_port_prog(s, 1));
		if (!round) {
			desc[0] = xnic_sim_map_desc_addr(s, 0);
			desc[1] = xnic_sim_map_desc_addr(s, 1);
			assert_int_equal(desc[0], XNIC_ADDR_IMEM);
			assert_int_equal(desc[1], XNIC_ADDR_IMEM + 32);
		}
		/* the same places each time, fresh maps */
		assert_int_equal(xnic_sim_map_desc_addr(s, 0), desc[0]);
		assert_int_equal(xnic_sim_map_desc_addr(s, 1), desc[1]);
		assert_int_equal(frame_on(s, 1, &r), 0);
		assert_int_equal(r.verdict, XNIC_SIM_PASS);
		assert_int_equal(frame_on(s, 0, &r), 0);
		/* fresh maps each time: two frames, two counts */
		assert_int_equal(lookup(s, 0, 0), 2);
		assert_int_equal(lookup(s, 1, 9), 1);
		assert_int_equal(xnic_sim_map_get_next_key(s, 1, NULL, &k), 0);
		assert_int_equal(k, 9);
		assert_int_equal(xnic_sim_map_get_next_key(s, 1, &k, &k),
				 -ENOENT);
	}
	xnic_sim_unload(s);
	assert_int_equal(xnic_sim_map_count(s), 0);
	assert_null(xnic_sim_port_prog(s, 0));
	assert_null(xnic_sim_port_prog(s, 1));
	assert_int_equal(frame_on(s, 0, &r), -ENOENT);
	free(img.code);
	xnic_sim_destroy(s);
}

/* The profile is port 0's program's; each program counts its own runs. */
static void t_profile_port0(void **st)
{
	const struct xnic_sim_profile *pf;
	struct xnic_sim_pkt_result r;
	struct xnic_sim_prog *a, *b;
	struct xnic_sim *s;
	u32 ids[2];

	(void)st;
	s = shared_chip(ids, NULL);
	a = const_prog(s, XNIC_PROG_XDP, 1);
	b = const_prog(s, XNIC_PROG_XDP, 2);
	assert_int_equal(xnic_sim_port_set_prog(s, 0, a), 0);
	assert_int_equal(xnic_sim_port_set_prog(s, 1, b), 0);
	assert_null(xnic_sim_get_profile(s));
	assert_int_equal(xnic_sim_profile_enable(s, true), 0);
	pf = xnic_sim_get_profile(s);
	assert_non_null(pf);
	assert_int_equal(pf->len, 3);
	assert_int_equal(frame_on(s, 1, &r), 0);
	assert_int_equal(pf->exec[0], 0);
	assert_int_equal(frame_on(s, 0, &r), 0);
	assert_int_equal(frame_on(s, 0, &r), 0);
	assert_int_equal(pf->exec[0], 2);
	assert_int_equal(pf->exec[2], 2);
	/* port 0 now runs b: its own count, one frame */
	assert_int_equal(xnic_sim_port_set_prog(s, 0, b), 0);
	pf = xnic_sim_get_profile(s);
	assert_int_equal(pf->exec[0], 1);
	xnic_sim_prog_destroy(s, a);
	xnic_sim_destroy(s);
}

/* A TC frame's pkt_type on port with destination dst (R0 = the word). */
static u64 pkt_type_on(struct xnic_sim *s, u32 port, const u8 *dst)
{
	struct xnic_sim_pkt_result r;
	u8 in[60] = {0}, out[128];

	memcpy(in, dst, 6);
	in[12] = 0x08;
	assert_int_equal(xnic_sim_run_frame(s, in, sizeof(in), port, out,
					    sizeof(out), &r),
			 0);
	return r.r0;
}

/*
 * skb->pkt_type follows the receiving port's addresses as eth_type_trans()
 * does: 0 own address, 1 its broadcast, 2 other multicast, 3 other host;
 * all-zero addresses (the loopback BPF_PROG_TEST_RUN uses) at create.
 * The program returns the word at data - XNIC_TC_CTX_OFF + 4.
 */
static void t_pkt_type(void **st)
{
	static const u8 mac0[6] = {0x02, 0, 0, 0, 0, 0x10};
	static const u8 mac1[6] = {0x02, 0, 0, 0, 0, 0x11};
	static const u8 bc[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	static const u8 mc[6] = {0x01, 0x00, 0x5e, 0, 0, 1};
	static const u8 zero[6] = {0};
	struct xnic_sim_prog *p = NULL;
	struct xnic_sim *s;
	char src[160], err[256];
	u32 ids[2];

	(void)st;
	s = shared_chip(ids, NULL);
	snprintf(src, sizeof(src),
		 "alu[ab27, a22, sub, %u]\n"
		 "ctm[read, $0, a27, 0, 1], ctx_swap[s1]\n"
		 "alu[ab0, --, pass, $xi0]\nimmed[ab1, 0]\nhalt\n",
		 XNIC_TC_CTX_OFF - 4);
	assert_int_equal(make_prog(s, src, XNIC_PROG_TC, NULL, NULL, 0, NULL, 0,
				   &p, err, sizeof(err)),
			 0);
	assert_int_equal(xnic_sim_port_set_prog(s, 0, p), 0);
	assert_int_equal(xnic_sim_port_set_prog(s, 1, p), 0);
	/* loopback's addresses: only all-zero is "host" */
	assert_int_equal(pkt_type_on(s, 0, zero), 0);
	assert_int_equal(pkt_type_on(s, 0, mac0), 3);
	assert_int_equal(pkt_type_on(s, 0, bc), 2);
	assert_int_equal(pkt_type_on(s, 0, mc), 2);
	assert_int_equal(xnic_sim_set_l2addr(s, 0, mac0, bc), 0);
	assert_int_equal(xnic_sim_set_l2addr(s, 1, mac1, bc), 0);
	assert_int_equal(xnic_sim_set_l2addr(s, 2, mac1, bc), -EINVAL);
	assert_int_equal(pkt_type_on(s, 0, mac0), 0);
	assert_int_equal(pkt_type_on(s, 0, bc), 1);
	assert_int_equal(pkt_type_on(s, 0, mc), 2);
	assert_int_equal(pkt_type_on(s, 0, mac1), 3);
	assert_int_equal(pkt_type_on(s, 0, zero), 3);
	/* per port: port 1's own address is port 0's other host */
	assert_int_equal(pkt_type_on(s, 1, mac1), 0);
	assert_int_equal(pkt_type_on(s, 1, mac0), 3);
	xnic_sim_prog_destroy(s, p);
	xnic_sim_destroy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_two_progs),
		cmocka_unit_test(t_same_prog),
		cmocka_unit_test(t_no_prog),
		cmocka_unit_test(t_destroy_detaches),
		cmocka_unit_test(t_generation),
		cmocka_unit_test(t_mismatch),
		cmocka_unit_test(t_stream_ports),
		cmocka_unit_test(t_churn),
		cmocka_unit_test(t_imem_reuse),
		cmocka_unit_test(t_no_alloc),
		cmocka_unit_test(t_hash_reuse),
		cmocka_unit_test(t_load_shortcut),
		cmocka_unit_test(t_profile_port0),
		cmocka_unit_test(t_pkt_type),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
