// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The firmware, as native C (docs/simulator.md says why): packet dispatch
 * and egress, and the fwcall routines of docs/abi.md.  Every memory access
 * a routine makes is booked on the memory units through a sim_charge, so
 * routines cost what the equivalent microcode would (docs/timing.md).
 */
#include "sim_internal.h"

/*
 * Bytes adjust_head may push in front of the frame: 216, as the kernel's
 * test run allows (its 256-byte headroom less the 40-byte struct
 * xdp_frame it reserves), so results agree with BPF_PROG_TEST_RUN; the
 * buffer itself has 240 (docs/abi.md).
 */
#define SIM_XDP_MAX_PUSH 216

/* tc actions (uapi pkt_cls.h), by value: the core does not include it */
#define SIM_TC_UNSPEC	(-1)
#define SIM_TC_OK	0
#define SIM_TC_PIPE	3
#define SIM_TC_REDIRECT 7

static u32 gpr(const struct sim_ctx *c, u32 n)
{
	return c->r[RF_A + n];
}

static u64 breg(const struct sim_ctx *c, u32 n)
{
	return (u64)c->r[RF_A + 2 * n] | (u64)c->r[RF_A + 2 * n + 1] << 32;
}

void sim_set_gpr(struct sim_ctx *c, u32 n, u32 v)
{
	c->r[RF_A + n] = v;
	c->r[RF_B + n] = v;
}

static void set_breg(struct sim_ctx *c, u32 n, u64 v)
{
	sim_set_gpr(c, 2 * n, (u32)v);
	sim_set_gpr(c, 2 * n + 1, (u32)(v >> 32));
}

static void set_r0_err(struct sim_ctx *c, int err)
{
	set_breg(c, 0, (u64)(s64)err);
}

void sim_ctx_reset_regs(struct sim_ctx *c)
{
	xnic_memset(c->r, 0, sizeof(c->r));
	c->cc_res = 0;
	c->cc_c = 0;
	c->cc_v = 0;
	c->slow = 0;
	c->sig_out = 0;
	c->mul_a = 0;
	c->mul_b = 0;
	c->mul_prod = 0;
	c->mul_steps = 0;
	xnic_memset(c->lm_pend_cnt, 0, sizeof(c->lm_pend_cnt));
}

/*
 * Operand memory of a routine (key, value, data): resolved in the
 * caller's ME; charged as one read unless it is LM.
 */
static const u8 *arg_mem(struct xnic_sim *s, struct sim_me *me,
			 struct sim_ctx *c, struct sim_charge *ch, u32 addr,
			 u32 len, const char *what)
{
	int unit;
	const u8 *p = sim_ptr(s, me, addr, len, &unit);

	if (!p) {
		sim_ctx_fault(s, c, -EFAULT,
			      "firmware: %s of %u bytes at 0x%08x outside chip "
			      "memory",
			      what, len, addr);
		return NULL;
	}
	if (unit >= 0)
		sim_charge_access(s, ch, (u32)unit, XNIC_SIM_LAT_READ, len);
	return p;
}

static struct sim_map *arg_map(struct xnic_sim *s, struct sim_ctx *c,
			       struct sim_charge *ch, u32 desc)
{
	struct sim_map *m = sim_map_by_desc(s, desc);

	if (!m) {
		sim_ctx_fault(s, c, -EFAULT,
			      "firmware: 0x%08x is not a map descriptor", desc);
		return NULL;
	}
	sim_charge_access(s, ch, XNIC_MEM_IMEM, XNIC_SIM_LAT_READ,
			  SIM_DESC_SIZE);
	return m;
}

static u32 hash_cost(struct xnic_sim *s, const struct sim_map *m)
{
	if (m->def.type != BPF_MAP_TYPE_HASH)
		return 0;
	return (m->def.key_size + 3) / 4 * s->cfg.fw_hash_per4;
}

static int fw_map(struct xnic_sim *s, struct sim_me *me, struct sim_ctx *c,
		  u32 id, struct sim_charge *ch, u64 *busy)
{
	struct sim_map *m = arg_map(s, c, ch, gpr(c, 2));
	const u8 *key, *val = NULL;
	u32 va = 0;
	int ret;

	if (!m)
		return -EFAULT;
	if (m->def.type == BPF_MAP_TYPE_PERF_EVENT_ARRAY) {
		/* the kernel refuses these helpers on perf maps too */
		if (id == XNIC_FW_MAP_LOOKUP)
			set_breg(c, 0, 0);
		else
			set_r0_err(c, -EINVAL);
		*busy = s->cfg.fw_map;
		return 0;
	}
	key = arg_mem(s, me, c, ch, gpr(c, 4), m->def.key_size, "map key");
	if (!key)
		return -EFAULT;
	*busy = s->cfg.fw_map + hash_cost(s, m);
	switch (id) {
	case XNIC_FW_MAP_LOOKUP:
		ret = sim_map_lookup_addr(s, m, key, &va, ch);
		set_breg(c, 0, ret ? 0 : va);
		return 0;
	case XNIC_FW_MAP_UPDATE:
		val = arg_mem(s, me, c, ch, gpr(c, 6), m->def.value_size,
			      "map value");
		if (!val)
			return -EFAULT;
		*busy += (m->def.value_size + 3) / 4;
		ret = sim_map_update_raw(s, m, key, val, breg(c, 4), ch);
		set_r0_err(c, ret);
		return 0;
	default:
		ret = sim_map_delete_raw(s, m, key, ch);
		set_r0_err(c, ret);
		return 0;
	}
}

static void pkt_regs(struct xnic_sim *s, struct sim_ctx *c)
{
	sim_set_gpr(c, 22, c->pdata);
	sim_set_gpr(c, 23, c->pend);
	sim_set_gpr(c, 24, c->pend - c->pdata + c->tail_len);
}

static u8 *ctm(struct xnic_sim *s, struct sim_me *me, u32 addr, u32 len)
{
	return sim_tgt_ptr(s, me->island, XNIC_MEM_CTM, addr, len);
}

static int fw_adjust_head(struct xnic_sim *s, struct sim_me *me,
			  struct sim_ctx *c, struct sim_charge *ch)
{
	s32 delta = (s32)gpr(c, 4);
	u32 nd = c->pdata + (u32)delta;

	if (!c->buf || (delta < 0 && nd > c->pdata) ||
	    (delta > 0 && nd < c->pdata) || nd < c->buf + XNIC_PKT_DATA_OFF - SIM_XDP_MAX_PUSH ||
	    nd + SIM_ETH_HLEN > c->pend) {
		set_r0_err(c, -EINVAL);
		return 0;
	}
	c->pdata = nd;
	pkt_regs(s, c);
	sim_charge_access(s, ch, XNIC_MEM_CTM, XNIC_SIM_LAT_WRITE, 4);
	set_breg(c, 0, 0);
	return 0;
}

/*
 * How far adjust_tail may grow a frame, from the buffer start: 3776, as
 * the kernel's test run (a 4096-byte frame less its 320-byte
 * skb_shared_info), so results agree with BPF_PROG_TEST_RUN.  Bytes past
 * the 2 KiB CTM buffer go to the context's EMEM tail, outside the packet
 * window, like the bytes of a long frame past split.
 */
#define SIM_XDP_HARD_END 3776

static int fw_adjust_tail(struct xnic_sim *s, struct sim_me *me,
			  struct sim_ctx *c, struct sim_charge *ch)
{
	s64 delta = (s32)gpr(c, 4);
	s64 ctm_end = (s64)c->pend - c->buf; /* end of the CTM part */
	s64 end = ctm_end + c->tail_len + delta; /* new end of the frame */
	s64 cap = c->tail_len ? ctm_end : XNIC_PKT_BUF_SIZE;
	u8 *tail;

	if (!c->buf || end > SIM_XDP_HARD_END ||
	    end < (s64)(c->pdata - c->buf) + SIM_ETH_HLEN)
		goto inval;
	if (end > cap && end - cap > (s64)s->cfg.tail_bytes)
		goto inval;
	tail = sim_tgt_ptr(s, 0, XNIC_MEM_EMEM, c->tail, s->cfg.tail_bytes);
	if (end <= cap) {
		/* everything in CTM: grown bytes read as zero */
		if (end > ctm_end)
			xnic_memset(ctm(s, me, c->pend, (u32)(end - ctm_end)), 0,
				    (u32)(end - ctm_end));
		c->pend = c->buf + (u32)end;
		c->tail_len = 0;
	} else {
		if (cap > ctm_end)
			xnic_memset(ctm(s, me, c->pend, (u32)(cap - ctm_end)), 0,
				    (u32)(cap - ctm_end));
		if (!tail)
			goto inval;
		if (end - cap > c->tail_len)
			xnic_memset(tail + c->tail_len, 0,
				    (u32)(end - cap) - c->tail_len);
		c->pend = c->buf + (u32)cap;
		c->tail_len = (u32)(end - cap);
	}
	pkt_regs(s, c);
	sim_charge_access(s, ch, XNIC_MEM_CTM, XNIC_SIM_LAT_WRITE, 4);
	set_breg(c, 0, 0);
	return 0;
inval:
	set_r0_err(c, -EINVAL);
	return 0;
}

#define F_INDEX_MASK  0xffffffffULL
#define F_CURRENT_CPU 0xffffffffULL
#define F_CTXLEN_MASK (0xfffffULL << 32)

static int fw_perf(struct xnic_sim *s, struct sim_me *me, struct sim_ctx *c,
		   struct sim_charge *ch, u64 *busy)
{
	struct sim_map *m = arg_map(s, c, ch, gpr(c, 4));
	u64 flags = breg(c, 3);
	u32 size = gpr(c, 10), idx = (u32)(flags & F_INDEX_MASK);
	u32 ctxlen = (u32)((flags & F_CTXLEN_MASK) >> 32);
	const u8 *data, *pkt = NULL;
	int ret;

	if (!m)
		return -EFAULT;
	*busy = s->cfg.fw_perf + (size + ctxlen) / 8;
	if (m->def.type != BPF_MAP_TYPE_PERF_EVENT_ARRAY ||
	    (flags & ~(F_INDEX_MASK | F_CTXLEN_MASK))) {
		set_r0_err(c, -EINVAL);
		return 0;
	}
	if (idx == F_CURRENT_CPU)
		idx = 0;
	if (idx >= m->def.max_entries) {
		set_r0_err(c, -E2BIG);
		return 0;
	}
	if (ctxlen > (c->buf ? c->pend - c->pdata : 0)) {
		set_r0_err(c, -EFAULT);
		return 0;
	}
	data = size ? arg_mem(s, me, c, ch, gpr(c, 8), size, "perf data") :
		      NULL;
	if (size && !data)
		return -EFAULT;
	if (ctxlen)
		pkt = ctm(s, me, c->pdata, ctxlen);
	ret = sim_perf_push(s, idx, data, size, pkt, ctxlen);
	sim_charge_access(s, ch, XNIC_MEM_EMEM, XNIC_SIM_LAT_WRITE,
			  8 + size + ctxlen);
	set_r0_err(c, ret);
	return 0;
}

static int fw_csum(struct xnic_sim *s, struct sim_me *me, struct sim_ctx *c,
		   struct sim_charge *ch, u64 *busy)
{
	u32 fsz = gpr(c, 4), tsz = gpr(c, 8), i;
	u64 acc = gpr(c, 10); /* seed (a u32 __wsum) */
	const u8 *from = NULL, *to = NULL;

	*busy = s->cfg.fw_csum;
	if (((fsz | tsz) & 3) || fsz > 512 || tsz > 512 || fsz + tsz > 512) {
		set_r0_err(c, -EINVAL);
		return 0;
	}
	*busy += (fsz + tsz) / 4;
	if (fsz && !(from = arg_mem(s, me, c, ch, gpr(c, 2), fsz, "csum from")))
		return -EFAULT;
	if (tsz && !(to = arg_mem(s, me, c, ch, gpr(c, 6), tsz, "csum to")))
		return -EFAULT;
	/* csum_partial over ~from words then to words, 32-bit ones' sum */
	for (i = 0; i < fsz; i += 4)
		acc += (u32)~sim_rd32(from + i);
	for (i = 0; i < tsz; i += 4)
		acc += sim_rd32(to + i);
	while (acc >> 32)
		acc = (acc & 0xffffffffULL) + (acc >> 32);
	set_breg(c, 0, acc);
	return 0;
}

static void fw_div(struct sim_ctx *c, bool sign)
{
	u64 a = (u64)gpr(c, 28) | (u64)gpr(c, 29) << 32;
	u64 b = (u64)gpr(c, 30) | (u64)gpr(c, 31) << 32;
	u64 q, r;

	if (!b) {
		q = 0;
		r = a;
	} else if (!sign) {
		q = div64_u64(a, b);
		r = a - q * b;
	} else if ((s64)a == S64_MIN && (s64)b == -1) {
		q = a;
		r = 0;
	} else {
		/* truncating division; remainder takes the dividend's sign */
		u64 ua = (s64)a < 0 ? -a : a, ub = (s64)b < 0 ? -b : b;
		u64 uq = div64_u64(ua, ub), ur = ua - uq * ub;

		q = ((s64)a < 0) != ((s64)b < 0) ? -uq : uq;
		r = (s64)a < 0 ? -ur : ur;
	}
	sim_set_gpr(c, 28, (u32)q);
	sim_set_gpr(c, 29, (u32)(q >> 32));
	sim_set_gpr(c, 30, (u32)r);
	sim_set_gpr(c, 31, (u32)(r >> 32));
}

static u64 chip_prng(struct xnic_sim *s)
{
	u64 x = s->prng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	s->prng = x;
	return x * 0x2545f4914f6cdd1dULL;
}

int sim_fwcall(struct xnic_sim *s, struct sim_me *me, struct sim_ctx *c, u32 id,
	       u64 now, u64 *busy)
{
	struct sim_charge ch = {c, 0};
	int ret = 0;

	*busy = s->cfg.fw_small;
	switch (id) {
	case XNIC_FW_MAP_LOOKUP:
	case XNIC_FW_MAP_UPDATE:
	case XNIC_FW_MAP_DELETE:
		ret = fw_map(s, me, c, id, &ch, busy);
		break;
	case XNIC_FW_ADJUST_HEAD:
		*busy = s->cfg.fw_adjust;
		ret = fw_adjust_head(s, me, c, &ch);
		break;
	case XNIC_FW_ADJUST_TAIL:
		*busy = s->cfg.fw_adjust;
		ret = fw_adjust_tail(s, me, c, &ch);
		break;
	case XNIC_FW_PRANDOM:
		set_breg(c, 0, (u32)(chip_prng(s) >> 32));
		break;
	case XNIC_FW_KTIME:
		set_breg(c, 0, div_u64(now * 1000, s->cfg.freq_mhz));
		break;
	case XNIC_FW_PERF_OUTPUT:
		ret = fw_perf(s, me, c, &ch, busy);
		break;
	case XNIC_FW_CSUM_DIFF:
		ret = fw_csum(s, me, c, &ch, busy);
		break;
	case XNIC_FW_UDIV64:
	case XNIC_FW_SDIV64:
		*busy = s->cfg.fw_div;
		fw_div(c, id == XNIC_FW_SDIV64);
		break;
	default:
		sim_ctx_fault(s, c, -EINVAL, "unknown firmware routine %u", id);
		return -EINVAL;
	}
	if (ret)
		return ret;
	c->fw_nacc = ch.n < SIM_FW_ACC ? ch.n : SIM_FW_ACC;
	c->fw_idx = 0;
	return 0;
}

/*
 * skb->pkt_type as eth_type_trans() sets it on the receiving device:
 * PACKET_HOST (0) for its own address, else PACKET_BROADCAST (1) for its
 * broadcast address, PACKET_MULTICAST (2) for another group address,
 * PACKET_OTHERHOST (3).
 */
static u32 tc_pkt_type(const struct xnic_sim *s, const u8 *dst, u32 port)
{
	if (!xnic_memcmp(dst, s->port_mac[port], 6))
		return 0;
	if (!(dst[0] & 1))
		return 3;
	return xnic_memcmp(dst, s->port_bcast[port], 6) ? 2 : 1;
}

/* Ingress: place a frame in the context's CTM buffer and EMEM tail. */
void sim_fw_dispatch(struct xnic_sim *s, struct sim_me *me, struct sim_ctx *c,
		     const u8 *frame, u32 len, u32 port, u64 now)
{
	u32 head = len < s->cfg.split ? len : s->cfg.split;
	u8 *b = ctm(s, me, c->buf, XNIC_PKT_BUF_SIZE);

	/*
	 * Metadata and headroom start zeroed (as the kernel's fresh test-run
	 * buffer); bytes past the frame are zeroed when adjust_tail grows.
	 */
	xnic_memset(b, 0, XNIC_PKT_DATA_OFF);
	sim_wr32(b + 0, len);
	sim_wr32(b + 4, port);
	sim_wr32(b + 8, c->tail);
	xnic_memcpy(b + XNIC_PKT_DATA_OFF, frame, head);
	if (c->prog && c->prog->prog_type == XNIC_PROG_TC && len >= 6)
		sim_wr32(b + XNIC_PKT_DATA_OFF - XNIC_TC_CTX_OFF + 4,
			 tc_pkt_type(s, frame, port % SIM_MAX_PORTS));
	c->tail_len = len - head;
	if (c->tail_len)
		xnic_memcpy(
			sim_tgt_ptr(s, 0, XNIC_MEM_EMEM, c->tail, c->tail_len),
			frame + head, c->tail_len);
	c->pdata = c->buf + XNIC_PKT_DATA_OFF;
	c->pend = c->pdata + head;
	c->in_port = port;
}

/* Registers at program entry (docs/abi.md). */
void sim_run_start_prog(struct xnic_sim *s, struct sim_me *me,
			struct sim_ctx *c, u64 now)
{
	u32 ci = (u32)(c - me->ctx), i;

	sim_ctx_reset_regs(c);
	pkt_regs(s, c);
	sim_set_gpr(c, 25, (ci + 1) * XNIC_STACK_PER_CTX);
	sim_set_gpr(c, 26, s->cfg.ifindex[c->in_port % SIM_MAX_PORTS]);
	for (i = 0; i < 4; i++)
		c->lm_addr[i] = ci * XNIC_STACK_PER_CTX;
	c->pc = 0;
	c->state = CS_READY;
}

u32 sim_fw_verdict(struct xnic_sim *s, struct sim_ctx *c, u32 *port)
{
	u32 r0 = gpr(c, 0);

	*port = c->in_port;
	if (c->err)
		return XNIC_SIM_ABORTED;
	/* the meaning of R0 is the running program's type */
	if (c->prog->prog_type == XNIC_PROG_XDP) {
		switch (r0) {
		case XDP_DROP:
			return XNIC_SIM_DROP;
		case XDP_PASS:
			return XNIC_SIM_PASS;
		case XDP_TX:
			return XNIC_SIM_TX;
		case XDP_REDIRECT:
			*port = (c->in_port + 1) % s->cfg.ports;
			return XNIC_SIM_REDIRECT;
		default:
			return XNIC_SIM_ABORTED;
		}
	}
	switch ((s32)r0) {
	case SIM_TC_OK:
	case SIM_TC_PIPE:
	case SIM_TC_UNSPEC:
		return XNIC_SIM_PASS;
	case SIM_TC_REDIRECT:
		*port = (c->in_port + 1) % s->cfg.ports;
		return XNIC_SIM_REDIRECT;
	default:
		return XNIC_SIM_DROP;
	}
}

/* The output frame: [data, data_end) then the EMEM tail. */
u32 sim_fw_output(struct xnic_sim *s, struct sim_ctx *c, u8 *out, u32 cap)
{
	u32 head = c->pend - c->pdata, n;
	const u8 *p;

	if (!c->buf)
		return 0;
	p = sim_tgt_ptr(s, c->island_of_buf, XNIC_MEM_CTM, c->pdata, head);
	n = head < cap ? head : cap;
	if (p && out)
		xnic_memcpy(out, p, n);
	if (c->tail_len && out && cap > head) {
		p = sim_tgt_ptr(s, 0, XNIC_MEM_EMEM, c->tail, c->tail_len);
		n = c->tail_len < cap - head ? c->tail_len : cap - head;
		if (p)
			xnic_memcpy(out + head, p, n);
	}
	return head + c->tail_len;
}
