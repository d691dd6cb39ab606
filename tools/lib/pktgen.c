// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Deterministic frame generator (see xnic/pktgen.h).  Every random choice
 * comes from one xorshift64* stream seeded from cfg->seed, drawn in a fixed
 * order, so a (config, seed) pair always yields the same bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "xnic/compat.h"
#include "xnic/pktgen.h"

#define ETH_HLEN_ 14
#define MAX_FRAME 1514
#define BUF_LEN	  2048

struct gen {
	u64 s;
	const struct xnic_pktgen_cfg *cfg;
};

static u64 rnd(struct gen *g)
{
	u64 x = g->s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	g->s = x;
	return x * 0x2545F4914F6CDD1DULL;
}

/* Uniform-enough value in [0, n); n > 0. */
static u32 below(struct gen *g, u32 n)
{
	return (u32)((rnd(g) >> 32) % n);
}

static bool chance(struct gen *g, u32 pct)
{
	return below(g, 100) < pct;
}

static void put16(u8 *p, u16 v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void put32(u8 *p, u32 v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

static void fill_random(struct gen *g, u8 *p, u32 len)
{
	u32 i;

	for (i = 0; i < len; i++)
		p[i] = (u8)(rnd(g) >> 56);
}

u16 xnic_csum_fold(const void *data, size_t len, u32 sum)
{
	const u8 *p = data;
	u64 acc = sum;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		acc += (u32)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		acc += (u32)p[len - 1] << 8;
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (u16)acc;
}

static const char *const kind_names[XNIC_PK_KINDS] = {
	"tcp4", "udp4", "icmp4", "tcp6", "udp6", "icmp6", "arp", "other",
};

const char *xnic_pkt_kind_name(unsigned int kind)
{
	return kind < XNIC_PK_KINDS ? kind_names[kind] : "?";
}

void xnic_pktgen_defaults(struct xnic_pktgen_cfg *cfg)
{
	static const u32 w[XNIC_PK_KINDS] = {25, 20, 8, 12, 10, 5, 8, 7};

	memset(cfg, 0, sizeof(*cfg));
	cfg->seed = 1;
	cfg->count = 100;
	memcpy(cfg->weight, w, sizeof(w));
	cfg->vlan_pct = 15;
	cfg->qinq_pct = 5;
	cfg->ip4opt_pct = 12;
	cfg->frag_pct = 8;
	cfg->ip6ext_pct = 20;
	cfg->trunc_pct = 8;
	cfg->miss_pct = 25;
	cfg->min_len = ETH_HLEN_;
	cfg->max_len = MAX_FRAME;
}

int xnic_pktgen_parse_mix(struct xnic_pktgen_cfg *cfg, const char *mix,
			  char *err, size_t errlen)
{
	static const char *const mods[] = {"vlan",   "qinq",  "ip4opt", "frag",
					   "ip6ext", "trunc", "miss"};
	u32 *modp[] = {&cfg->vlan_pct, &cfg->qinq_pct,	 &cfg->ip4opt_pct,
		       &cfg->frag_pct, &cfg->ip6ext_pct, &cfg->trunc_pct,
		       &cfg->miss_pct};
	bool kind_seen = false;
	u32 w[XNIC_PK_KINDS] = {0};
	char *copy, *tok, *save = NULL;
	int ret = 0;

	if (!strcmp(mix, "all"))
		return 0;
	copy = strdup(mix);
	if (!copy)
		return -ENOMEM;
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '='), *end;
		unsigned long v = 1;
		u32 i;
		bool found = false;

		if (eq) {
			*eq = '\0';
			v = strtoul(eq + 1, &end, 10);
			if (!eq[1] || *end || v > 1000000) {
				snprintf(err, errlen,
					 "--mix: bad number in '%s=%s'", tok,
					 eq + 1);
				ret = -EINVAL;
				break;
			}
		}
		for (i = 0; i < XNIC_PK_KINDS; i++) {
			if (!strcmp(tok, kind_names[i])) {
				w[i] = (u32)v;
				kind_seen = found = true;
			}
		}
		for (i = 0; i < ARRAY_SIZE(mods); i++) {
			if (!strcmp(tok, mods[i])) {
				if (v > 100) {
					snprintf(err, errlen,
						 "--mix: %s is a percentage "
						 "(0..100)",
						 tok);
					ret = -EINVAL;
				}
				*modp[i] = (u32)v;
				found = true;
			}
		}
		if (ret)
			break;
		if (!found) {
			snprintf(err, errlen,
				 "--mix: unknown name '%s' (kinds: tcp4 udp4 "
				 "icmp4 tcp6 udp6 icmp6 arp other; modifiers: "
				 "vlan qinq ip4opt frag ip6ext trunc miss)",
				 tok);
			ret = -EINVAL;
			break;
		}
	}
	free(copy);
	if (!ret && kind_seen)
		memcpy(cfg->weight, w, sizeof(w));
	return ret;
}

static const u32 ip4_pool[] = XNIC_PKTGEN_IP4_POOL;
static const u16 port_pool[] = XNIC_PKTGEN_PORT_POOL;
static const u16 vlan_pool[] = XNIC_PKTGEN_VLAN_POOL;
static const u8 mac_pool[3][6] = {
	{0x02, 0x00, 0x00, 0x00, 0x00, 0x01},
	{0x02, 0x00, 0x00, 0x00, 0x00, 0x02},
	{0x00, 0x1b, 0x21, 0x3c, 0x4d, 0x5e},
};

static u32 pick_ip4(struct gen *g)
{
	if (chance(g, g->cfg->miss_pct))
		return (u32)(rnd(g) >> 32);
	if (g->cfg->ip4_pool && g->cfg->ip4_pool_n)
		return g->cfg->ip4_pool[below(g, g->cfg->ip4_pool_n)];
	return ip4_pool[below(g, ARRAY_SIZE(ip4_pool))];
}

static u16 pick_port(struct gen *g)
{
	if (chance(g, g->cfg->miss_pct))
		return (u16)(1024 + below(g, 64512));
	if (g->cfg->port_pool && g->cfg->port_pool_n)
		return g->cfg->port_pool[below(g, g->cfg->port_pool_n)];
	return port_pool[below(g, ARRAY_SIZE(port_pool))];
}

static void pick_ip6(struct gen *g, u8 *a)
{
	u32 n;

	memset(a, 0, 16);
	if (chance(g, g->cfg->miss_pct)) {
		fill_random(g, a, 16);
		a[0] = 0x20;
		a[1] = 0x01;
		return;
	}
	n = below(g, 5);
	if (n == 4) {
		a[0] = 0xfe;
		a[1] = 0x80;
		a[15] = 1;
		return;
	}
	put32(a, 0x20010db8);
	a[15] = (u8)(n + 1);
}

static void pick_mac(struct gen *g, u8 *m)
{
	memcpy(m, mac_pool[below(g, ARRAY_SIZE(mac_pool))], 6);
}

/* Frame length to aim for: some header-only frames, mostly small ones,
 * a tail up to the maximum. */
static u32 target_len(struct gen *g, u32 hdrs)
{
	u32 r = below(g, 100), lo, hi, t;

	if (r < 10)
		t = hdrs;
	else if (r < 50)
		t = 60 + below(g, 69);
	else if (r < 80)
		t = 129 + below(g, 384);
	else
		t = 513 + below(g, MAX_FRAME - 513 + 1);
	lo = g->cfg->min_len;
	hi = g->cfg->max_len;
	if (t < lo)
		t = lo;
	if (t > hi)
		t = hi;
	return t;
}

static u32 pick_kind(struct gen *g, u32 total)
{
	u32 r = below(g, total), k;

	for (k = 0; k < XNIC_PK_KINDS; k++) {
		if (r < g->cfg->weight[k])
			return k;
		r -= g->cfg->weight[k];
	}
	return XNIC_PK_KINDS - 1;
}

/* L4 header length and protocol number for a kind. */
static u32 l4_hdr_len(u32 kind, u8 *proto, bool tcp_opt)
{
	switch (kind) {
	case XNIC_PK_TCP4:
	case XNIC_PK_TCP6:
		*proto = 6;
		return tcp_opt ? 24 : 20;
	case XNIC_PK_UDP4:
	case XNIC_PK_UDP6:
		*proto = 17;
		return 8;
	case XNIC_PK_ICMP4:
		*proto = 1;
		return 8;
	case XNIC_PK_ICMP6:
		*proto = 58;
		return 8;
	}
	*proto = 0;
	return 0;
}

/* Write the L4 header (checksum zero) at p. */
static void build_l4(struct gen *g, u8 *p, u32 kind, u32 hlen, u32 l4len,
		     struct xnic_pkt_info *in)
{
	static const u8 tcp_flags[] = {0x02, 0x12, 0x10, 0x11,
				       0x04, 0x18, 0x14, 0x01};

	switch (kind) {
	case XNIC_PK_TCP4:
	case XNIC_PK_TCP6:
		in->sport = pick_port(g);
		in->dport = pick_port(g);
		put16(p, in->sport);
		put16(p + 2, in->dport);
		put32(p + 4, (u32)(rnd(g) >> 32));
		put32(p + 8, (u32)(rnd(g) >> 32));
		p[12] = (u8)((hlen / 4) << 4);
		p[13] = tcp_flags[below(g, ARRAY_SIZE(tcp_flags))];
		put16(p + 14, (u16)(1024 + below(g, 64000)));
		if (hlen == 24) {
			p[20] = 2; /* MSS option */
			p[21] = 4;
			put16(p + 22, 1460);
		}
		break;
	case XNIC_PK_UDP4:
	case XNIC_PK_UDP6:
		in->sport = pick_port(g);
		in->dport = pick_port(g);
		put16(p, in->sport);
		put16(p + 2, in->dport);
		put16(p + 4, (u16)l4len);
		break;
	case XNIC_PK_ICMP4:
		p[0] = chance(g, 70) ? 8 : (chance(g, 50) ? 0 : 3);
		put16(p + 4, (u16)below(g, 65536));
		put16(p + 6, (u16)below(g, 65536));
		break;
	case XNIC_PK_ICMP6:
		p[0] = chance(g, 70) ? 128 : 129;
		put16(p + 4, (u16)below(g, 65536));
		put16(p + 6, (u16)below(g, 65536));
		break;
	}
}

/* Checksum field offset within the L4 header. */
static u32 l4_csum_off(u8 proto)
{
	switch (proto) {
	case 6:
		return 16;
	case 17:
		return 6;
	default:
		return 2;
	}
}

static void l4_checksum(u8 *l4, u32 l4len, u8 proto, u32 pseudo)
{
	u32 off = l4_csum_off(proto);
	u16 c;

	put16(l4 + off, 0);
	c = (u16)~xnic_csum_fold(l4, l4len, proto == 1 ? 0 : pseudo);
	if (proto == 17 && c == 0)
		c = 0xffff; /* zero means "no checksum" in UDP */
	put16(l4 + off, c);
}

/* Returns the L3 end (header end) and fills the frame from l3 on. */
static u32 build_ip4(struct gen *g, u8 *f, u32 l3, u32 kind,
		     struct xnic_pkt_info *in)
{
	u32 optw = chance(g, g->cfg->ip4opt_pct) ? 1 + below(g, 10) : 0;
	u32 ihl = 5 + optw, hlen, l4h, data, total, i, pseudo;
	u32 frag = 0, frag_off = 0;
	bool mf = false, tcp_opt;
	u8 *ip = f + l3, proto;
	static const u8 ttls[] = {1, 2, 64, 128, 255};

	if (chance(g, g->cfg->frag_pct))
		frag = chance(g, 50) ? 1 : 2;
	tcp_opt = chance(g, 20);
	hlen = ihl * 4;
	l4h = l4_hdr_len(kind, &proto, tcp_opt);
	if (frag == 2)
		l4h = 0;
	data = target_len(g, l3 + hlen + l4h);
	data = data > l3 + hlen + l4h ? data - (l3 + hlen + l4h) : 0;
	if (frag == 1) {
		/* Non-final fragments carry a multiple of 8 bytes: round up
		 * unless that breaks the size limit. */
		total = l4h + data;
		if (total % 8) {
			u32 up = total + 8 - total % 8;

			if (l3 + hlen + up <= g->cfg->max_len ||
			    total - total % 8 < l4h)
				total = up;
			else
				total -= total % 8;
		}
		data = total - l4h;
		mf = true;
	} else if (frag == 2) {
		frag_off = 1 + below(g, 180);
		mf = chance(g, 50);
	}
	if (l3 + hlen + l4h + data > BUF_LEN - 64)
		data = 0;
	total = hlen + l4h + data;

	ip[0] = (u8)(0x40 | ihl);
	ip[1] = (u8)(below(g, 64) << 2);
	put16(ip + 2, (u16)total);
	put16(ip + 4, (u16)below(g, 65536));
	put16(ip + 6, (u16)((mf ? 0x2000 : 0) | frag_off |
			    (!frag && chance(g, 50) ? 0x4000 : 0)));
	ip[8] = ttls[below(g, ARRAY_SIZE(ttls))];
	ip[9] = proto;
	in->saddr4 = pick_ip4(g);
	in->daddr4 = pick_ip4(g);
	put32(ip + 12, in->saddr4);
	put32(ip + 16, in->daddr4);
	if (optw) {
		/* Router alert, then NOPs, then end-of-list. */
		ip[20] = 0x94;
		ip[21] = 4;
		ip[22] = 0;
		ip[23] = 0;
		for (i = 24; i < hlen; i++)
			ip[i] = 1;
		ip[hlen - 1] = 0;
	}
	put16(ip + 10, 0);
	put16(ip + 10, (u16)~xnic_csum_fold(ip, hlen, 0));

	in->frag = (u8)frag;
	in->l3_hdr_len = (u16)hlen;
	in->l4_proto = proto;
	if (l4h) {
		u8 *l4 = ip + hlen;

		in->l4_off = (u16)(l3 + hlen);
		build_l4(g, l4, kind, l4h, l4h + data, in);
		fill_random(g, l4 + l4h, data);
		pseudo = (in->saddr4 >> 16) + (in->saddr4 & 0xffff) +
			 (in->daddr4 >> 16) + (in->daddr4 & 0xffff) + proto +
			 l4h + data;
		l4_checksum(l4, l4h + data, proto, pseudo);
	} else {
		fill_random(g, ip + hlen, data);
	}
	return l3 + total;
}

static u32 build_ip6(struct gen *g, u8 *f, u32 l3, u32 kind,
		     struct xnic_pkt_info *in)
{
	static const u8 hops[] = {1, 2, 64, 255};
	u32 ext = 0, l4h, data, i, pseudo, plen;
	u8 *ip = f + l3, proto, ext_type = 0;
	bool tcp_opt;

	if (chance(g, g->cfg->ip6ext_pct)) {
		ext = chance(g, 50) ? 8 : 16;
		ext_type = chance(g, 50) ? 0 : 60;
	}
	tcp_opt = chance(g, 20);
	l4h = l4_hdr_len(kind, &proto, tcp_opt);
	data = target_len(g, l3 + 40 + ext + l4h);
	data = data > l3 + 40 + ext + l4h ? data - (l3 + 40 + ext + l4h) : 0;
	plen = ext + l4h + data;

	put32(ip, 0x60000000u | (below(g, 256) << 20) | below(g, 1u << 20));
	put16(ip + 4, (u16)plen);
	ip[6] = ext ? ext_type : proto;
	ip[7] = hops[below(g, ARRAY_SIZE(hops))];
	pick_ip6(g, ip + 8);
	pick_ip6(g, ip + 24);
	if (ext) {
		u8 *e = ip + 40;

		memset(e, 0, ext);
		e[0] = proto;
		e[1] = (u8)(ext / 8 - 1);
		e[2] = 1; /* PadN over the rest */
		e[3] = (u8)(ext - 4);
	}
	in->ip6_ext = ext ? 1 : 0;
	in->l3_hdr_len = (u16)(40 + ext);
	in->l4_proto = proto;
	in->l4_off = (u16)(l3 + 40 + ext);
	build_l4(g, f + in->l4_off, kind, l4h, l4h + data, in);
	fill_random(g, f + in->l4_off + l4h, data);
	pseudo = proto + l4h + data;
	for (i = 0; i < 32; i += 2)
		pseudo += (u32)(ip[8 + i] << 8 | ip[9 + i]);
	l4_checksum(f + in->l4_off, l4h + data, proto, pseudo);
	return in->l4_off + l4h + data;
}

static u32 build_arp(struct gen *g, u8 *f, u32 l3, struct xnic_pkt_info *in)
{
	u8 *a = f + l3;
	u32 end = l3 + 28, t;

	put16(a, 1);
	put16(a + 2, 0x0800);
	a[4] = 6;
	a[5] = 4;
	put16(a + 6, chance(g, 60) ? 1 : 2);
	pick_mac(g, a + 8);
	put32(a + 14, pick_ip4(g));
	if (a[7] == 1)
		memset(a + 18, 0, 6);
	else
		pick_mac(g, a + 18);
	put32(a + 24, pick_ip4(g));
	in->l3_hdr_len = 28;
	/* Ethernet padding up to the target length. */
	t = target_len(g, end);
	if (t > end) {
		memset(f + end, 0, t - end);
		end = t;
	}
	return end;
}

static u32 build_other(struct gen *g, u8 *f, u32 l3)
{
	u32 t = target_len(g, l3), n = t > l3 ? t - l3 : 0;

	fill_random(g, f + l3, n);
	return l3 + n;
}

static u16 other_ethertype(struct gen *g, u8 *f, u32 l3, u32 end)
{
	static const u16 types[] = {0x88b5, 0x88cc, 0x9000, 0x0040, 0x05dc};
	u16 t = types[below(g, ARRAY_SIZE(types))];

	/* 802.3 length frames: raw (0xffff) or LLC/SNAP payload start. */
	if (t < 0x600 && end >= l3 + 3) {
		if (chance(g, 50)) {
			f[l3] = 0xff;
			f[l3 + 1] = 0xff;
		} else {
			f[l3] = 0xaa;
			f[l3 + 1] = 0xaa;
			f[l3 + 2] = 0x03;
		}
	}
	return t;
}

/* Build one frame into f; returns its length. */
static u32 build_frame(struct gen *g, u8 *f, u32 total_w,
		       struct xnic_pkt_info *in)
{
	u32 kind = pick_kind(g, total_w), l3, end, hdr_end, i;
	u16 et = 0;

	memset(in, 0, sizeof(*in));
	in->kind = (u8)kind;
	pick_mac(g, f);
	pick_mac(g, f + 6);
	if (chance(g, g->cfg->qinq_pct))
		in->vlans = 2;
	else if (chance(g, g->cfg->vlan_pct))
		in->vlans = 1;
	l3 = 12;
	for (i = 0; i < in->vlans; i++) {
		u16 tpid = (in->vlans == 2 && i == 0) ? 0x88a8 : 0x8100;
		u16 tci = (u16)(below(g, 8) << 13 |
				vlan_pool[below(g, ARRAY_SIZE(vlan_pool))]);

		put16(f + l3, tpid);
		put16(f + l3 + 2, tci);
		l3 += 4;
	}
	l3 += 2; /* ethertype slot */
	in->l3_off = (u16)l3;

	switch (kind) {
	case XNIC_PK_TCP4:
	case XNIC_PK_UDP4:
	case XNIC_PK_ICMP4:
		et = 0x0800;
		end = build_ip4(g, f, l3, kind, in);
		break;
	case XNIC_PK_TCP6:
	case XNIC_PK_UDP6:
	case XNIC_PK_ICMP6:
		et = 0x86dd;
		end = build_ip6(g, f, l3, kind, in);
		break;
	case XNIC_PK_ARP:
		et = 0x0806;
		end = build_arp(g, f, l3, in);
		break;
	default:
		end = build_other(g, f, l3);
		et = other_ethertype(g, f, l3, end);
		break;
	}
	put16(f + l3 - 2, et);
	in->ethertype = et;
	in->full_len = (u16)end;

	/* Truncate somewhere inside the headers (never below Ethernet). */
	hdr_end = in->l4_off ? in->l4_off + 8u : l3 + in->l3_hdr_len;
	if (hdr_end > end)
		hdr_end = end;
	if (chance(g, g->cfg->trunc_pct) && hdr_end > ETH_HLEN_)
		end = ETH_HLEN_ + below(g, hdr_end - ETH_HLEN_);
	if (end > g->cfg->max_len)
		end = g->cfg->max_len;
	if (end < ETH_HLEN_)
		end = ETH_HLEN_;
	in->len = (u16)end;
	in->truncated = end < in->full_len;
	return end;
}

int xnic_pktgen_run(const struct xnic_pktgen_cfg *cfg, struct xnic_frames *out,
		    struct xnic_pkt_info *info)
{
	struct xnic_pktgen_cfg c = *cfg;
	struct xnic_pkt_info in;
	struct gen g;
	u32 i, total = 0;
	u8 *buf;
	int ret = 0;

	xnic_frames_init(out);
	for (i = 0; i < XNIC_PK_KINDS; i++)
		total += c.weight[i];
	if (!total)
		return -EINVAL;
	if (c.min_len < ETH_HLEN_)
		c.min_len = ETH_HLEN_;
	if (c.max_len > MAX_FRAME || c.max_len < ETH_HLEN_)
		c.max_len = MAX_FRAME;
	if (c.min_len > c.max_len)
		c.min_len = c.max_len;
	g.cfg = &c;
	g.s = c.seed * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL;
	if (!g.s)
		g.s = 1;
	buf = calloc(1, BUF_LEN);
	if (!buf)
		return -ENOMEM;
	for (i = 0; i < c.count; i++) {
		u32 len;

		memset(buf, 0, BUF_LEN);
		len = build_frame(&g, buf, total, &in);
		if (xnic_frames_add(out, buf, len)) {
			ret = -ENOMEM;
			break;
		}
		if (info)
			info[i] = in;
	}
	free(buf);
	if (ret)
		xnic_frames_free(out);
	return ret;
}
