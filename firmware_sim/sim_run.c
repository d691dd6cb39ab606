// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Running the chip: one frame on one context, a raw run for conformance
 * vectors, a stream on every packet ME (scheduled earliest-ME-first so
 * shared memory units see commands in global time order), and the
 * analytic throughput estimate of docs/timing.md.  Also the dispatch and
 * egress halves of the firmware that the interpreter calls back into.
 */
#include "sim_internal.h"

const char *const xnic_sim_bottleneck_names[XNIC_SIM_BN_COUNT] = {
	"compute", "latency", "cls", "ctm", "imem", "emem", "line",
};

/* Dispatch: hand the next packet (if any) to a context asking for one. */
void sim_run_need_pkt(struct xnic_sim *s, struct sim_me *me, struct sim_ctx *c,
		      u64 *now)
{
	struct sim_stream *st = s->stream;
	const struct xnic_sim_frame *f;
	u64 t0;
	u32 i, port;

	if (!st || st->next >= st->n) {
		c->state = CS_IDLE;
		return;
	}
	i = st->next++;
	f = &st->f[i];
	t0 = *now > st->arrival[i] ? *now : st->arrival[i];
	port = s->mode == SIM_MODE_SINGLE ? c->in_port : i % s->cfg.ports;
	c->pkt = i;
	c->pkt_start = t0;
	c->busy = 1 + s->cfg.swap_penalty; /* packet_add_thread + swap */
	c->err = 0;
	xnic_memset(c->mem_cmds, 0, sizeof(c->mem_cmds));
	c->buf = c->buf_fixed;
	/* callers checked that every port a frame arrives on has one */
	c->prog = s->port_prog[port];
	sim_fw_dispatch(s, me, c, f->data, f->len, port, t0);
	/*
	 * The metadata read is issued by the packet engine once the packet
	 * is there (t0): the context sleeps until then and books it when the
	 * chip's time gets there, so the CTM unit sees it in time order.
	 */
	c->fw_acc[0].unit = XNIC_MEM_CTM;
	c->fw_acc[0].cls = XNIC_SIM_LAT_READ;
	c->fw_acc[0].flags = ACC_FREE_ISSUE;
	c->fw_acc[0].bytes = XNIC_PKT_META;
	c->fw_nacc = 1;
	c->fw_idx = 0;
	c->wake = t0;
	c->state = CS_WAIT;
	c->after_wait = 1;
	c->pend_busy = s->cfg.fw_dispatch;
	c->stall_from = 0;
	*now += 1 + s->cfg.swap_penalty;
}

static void count_verdict(struct xnic_sim *s, u32 v, bool fault)
{
	s->stats.packets++;
	s->stats.verdicts[v]++;
	if (fault)
		s->stats.faults++;
}

/* The program halted (or faulted): verdict, egress, next packet. */
void sim_run_pkt_done(struct xnic_sim *s, struct sim_me *me, struct sim_ctx *c,
		      u64 *now)
{
	struct xnic_sim_pkt_result *res = s->res;
	u32 port, v = sim_fw_verdict(s, c, &port);

	if (!s->raw) {
		*now += s->cfg.fw_egress;
		c->busy += s->cfg.fw_egress;
	}
	c->fw_nacc = 0;
	if (s->mode == SIM_MODE_SINGLE) {
		c->state = CS_DONE;
		if (!res)
			return;
		res->r0 = (u64)c->r[RF_A] | (u64)c->r[RF_A + 1] << 32;
		res->retval = c->r[RF_A];
		res->verdict = v;
		res->out_port = port;
		res->cycles = *now - c->pkt_start;
		res->busy = c->busy;
		xnic_memcpy(res->mem_cmds, c->mem_cmds, sizeof(c->mem_cmds));
		res->err = c->err;
		if (c->err)
			xnic_snprintf(res->errmsg, sizeof(res->errmsg), "%s",
				      s->errbuf);
		res->len = s->raw ? 0 : sim_fw_output(s, c, s->out, s->out_cap);
		if (!s->raw)
			count_verdict(s, v, c->err != 0);
		return;
	}
	if (c->pkt >= 0 && s->stream) {
		struct xnic_sim_stream_result *sr = s->stream->res;

		s->stream->done[c->pkt] = *now;
		if (v == XNIC_SIM_TX || v == XNIC_SIM_REDIRECT)
			s->stream->out[c->pkt] =
				sim_fw_output(s, c, NULL, 0) << 4 |
				(port & 7) << 1 | 1;
		s->stream->released++;
		sr->verdicts[v]++;
		sr->busy += c->busy;
		if (c->err && !sr->faults++)
			xnic_snprintf(sr->first_fault, sizeof(sr->first_fault),
				      "packet %lld: %.96s", (long long)c->pkt,
				      s->errbuf);
		count_verdict(s, v, c->err != 0);
	}
	c->pkt = -1;
	c->buf = 0;
	c->err = 0;
	c->fw_nacc = 0;
	c->state = CS_NEEDPKT;
}

static void single_setup(struct xnic_sim *s, struct sim_me *me)
{
	u32 i;

	for (i = 0; i < me->nctx; i++) {
		me->ctx[i].state = CS_IDLE;
		me->ctx[i].pkt = -1;
	}
	me->cur = me->nctx - 1;
	s->mode = SIM_MODE_SINGLE;
	sim_me_rekey(me);
}

static int run_single(struct xnic_sim *s, struct sim_me *me, u64 insns0)
{
	struct sim_ctx *c = &me->ctx[0];
	int ev = sim_me_run(s, me, NULL);

	s->res->insns = s->stats.insns - insns0;
	s->stream = NULL;
	s->res = NULL;
	if (ev != EV_DONE || c->state != CS_DONE) {
		/* only possible if the context went idle: a firmware bug */
		return -EIO;
	}
	return c->err;
}

int xnic_sim_run_frame(struct xnic_sim *s, const void *frame, u32 len,
		       u32 in_port, u8 *out, u32 out_cap,
		       struct xnic_sim_pkt_result *res)
{
	struct sim_me *me = &s->mes[0];
	struct xnic_sim_frame f = {frame, len};
	struct sim_stream st;
	u64 arrival = me->now;

	xnic_memset(res, 0, sizeof(*res));
	if (in_port >= s->cfg.ports) {
		res->err = -EINVAL;
		xnic_snprintf(res->errmsg, sizeof(res->errmsg),
			      "no port %u: the NIC has %u", in_port,
			      s->cfg.ports);
		return -EINVAL;
	}
	if (!s->port_prog[in_port]) {
		res->err = -ENOENT;
		xnic_snprintf(res->errmsg, sizeof(res->errmsg),
			      "no program loaded on port %u", in_port);
		return -ENOENT;
	}
	if (len < SIM_ETH_HLEN || len > s->cfg.split + s->cfg.tail_bytes) {
		res->err = -EINVAL;
		xnic_snprintf(res->errmsg, sizeof(res->errmsg),
			      "frame of %u bytes: the NIC takes %u..%u", len,
			      SIM_ETH_HLEN, s->cfg.split + s->cfg.tail_bytes);
		return -EINVAL;
	}
	xnic_memset(&st, 0, sizeof(st));
	st.f = &f;
	st.n = 1;
	st.arrival = &arrival;
	single_setup(s, me);
	s->stream = &st;
	s->res = res;
	s->out = out;
	s->out_cap = out ? out_cap : 0;
	s->raw = false;
	me->ctx[0].state = CS_NEEDPKT;
	me->ctx[0].in_port = in_port;
	sim_me_rekey(me);
	/* the frame arrives on in_port */
	st.next = 0;
	{
		int ret = run_single(s, me, s->stats.insns);

		if (!ret)
			return 0;
		if (!res->err) {
			res->err = ret;
			xnic_snprintf(res->errmsg, sizeof(res->errmsg),
				      "simulator error %d", ret);
		}
		return res->err;
	}
}

int xnic_sim_run_raw(struct xnic_sim *s, const u64 *regs, void *mem,
		     u32 mem_len, u32 mem_target,
		     struct xnic_sim_pkt_result *res)
{
	struct sim_me *me = &s->mes[0];
	struct sim_ctx *c = &me->ctx[0];
	u32 addr = 0, i;
	u8 *p = NULL;
	int ret;

	xnic_memset(res, 0, sizeof(*res));
	/* raw runs run port 0's program */
	if (!s->port_prog[0]) {
		res->err = -ENOENT;
		xnic_snprintf(res->errmsg, sizeof(res->errmsg),
			      "no program loaded on port 0");
		return -ENOENT;
	}
	if (mem && mem_len) {
		if (mem_target == XNIC_MEM_CTM) {
			u32 used = s->cfg.mes_per_island * s->cfg.ctx_per_me *
				   XNIC_PKT_BUF_SIZE;

			if (mem_len > s->cfg.ctm_bytes - used) {
				res->err = -E2BIG;
				xnic_snprintf(res->errmsg, sizeof(res->errmsg),
					      "memory of %u bytes does not fit "
					      "in CTM",
					      mem_len);
				return -E2BIG;
			}
			addr = XNIC_ADDR_CTM + used;
		} else {
			if (mem_len > s->raw_size) {
				/*
				 * The new area before freeing the old one:
				 * with load's maps only, it lands where the
				 * former bump allocator put it.
				 */
				ret = sim_emem_alloc(s, mem_len, &addr);
				if (!ret && s->raw_size)
					sim_emem_free(s, s->raw_base);
				if (ret) {
					res->err = ret;
					xnic_snprintf(res->errmsg,
						      sizeof(res->errmsg),
						      "memory of %u bytes does "
						      "not fit in EMEM",
						      mem_len);
					return ret;
				}
				s->raw_base = addr;
				s->raw_size = mem_len;
			}
			addr = s->raw_base;
			mem_target = XNIC_MEM_EMEM;
		}
		p = sim_tgt_ptr(s, me->island, mem_target, addr, mem_len);
		xnic_memcpy(p, mem, mem_len);
	}
	single_setup(s, me);
	s->stream = NULL;
	s->res = res;
	s->out = NULL;
	s->out_cap = 0;
	s->raw = true;
	sim_ctx_reset_regs(c);
	c->err = 0;
	c->buf = 0;
	c->tail_len = 0;
	c->in_port = 0;
	c->prog = s->port_prog[0];
	xnic_memset(c->mem_cmds, 0, sizeof(c->mem_cmds));
	if (regs)
		for (i = 0; i < 11; i++) {
			sim_set_gpr(c, 2 * i, (u32)regs[i]);
			sim_set_gpr(c, 2 * i + 1, (u32)(regs[i] >> 32));
		}
	if (mem) {
		sim_set_gpr(c, 2, addr);
		sim_set_gpr(c, 3, 0);
		sim_set_gpr(c, 4, mem_len);
		sim_set_gpr(c, 5, 0);
	}
	sim_set_gpr(c, 20, XNIC_STACK_PER_CTX);
	sim_set_gpr(c, 21, 0);
	sim_set_gpr(c, 22, addr);
	sim_set_gpr(c, 23, addr + mem_len);
	sim_set_gpr(c, 24, mem_len);
	sim_set_gpr(c, 25, XNIC_STACK_PER_CTX);
	sim_set_gpr(c, 26, s->cfg.ifindex[0]);
	for (i = 0; i < 4; i++)
		c->lm_addr[i] = 0;
	c->pc = 0;
	c->busy = 0;
	c->fw_nacc = 0;
	c->fw_idx = 0;
	c->after_wait = 0;
	c->pend_busy = 0;
	c->pkt_start = me->now;
	c->state = CS_READY;
	sim_me_rekey(me);
	ret = run_single(s, me, s->stats.insns);
	if (p)
		xnic_memcpy(mem, p, mem_len);
	if (ret && !res->err) {
		res->err = ret;
		xnic_snprintf(res->errmsg, sizeof(res->errmsg),
			      "simulator error %d", ret);
	}
	return res->err;
}

/*
 * Binary heap of MEs keyed by (now, id): the earliest runs next.  The
 * keys live in the heap entries (not behind the ME pointers, which are
 * far apart), and the ME that ran is put back by one sift-down from the
 * root instead of a pop and a push.  The keys are distinct, so any heap
 * shape gives the same order of runs.
 *
 * Two forms of the same order: packed keys (now << sh | id, one u64
 * compare per step) while every clock fits in 63 - sh bits, which is
 * every run the chip can make in practice (2^51 cycles at least), and
 * (now, id) pairs for the rest of a run once a clock would not fit.
 */
struct me_ent {
	u64 now;
	u32 id;
};

static inline bool ent_before(const struct me_ent *x, const struct me_ent *y)
{
	return x->now < y->now || (x->now == y->now && x->id < y->id);
}

/* Place v at the root's hole and restore the heap order below it. */
static void heap_sift_root(struct me_ent *h, u32 n, struct me_ent v)
{
	u32 i = 0, k;

	for (;;) {
		k = 2 * i + 1;
		if (k >= n)
			break;
		if (k + 1 < n && ent_before(&h[k + 1], &h[k]))
			k++;
		if (!ent_before(&h[k], &v))
			break;
		h[i] = h[k];
		i = k;
	}
	h[i] = v;
}

static void heap_push(struct me_ent *h, u32 *n, struct me_ent v)
{
	u32 i = (*n)++;

	while (i && ent_before(&v, &h[(i - 1) / 2])) {
		h[i] = h[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h[i] = v;
}

/*
 * Packed form: slots past the last entry hold U64_MAX (the array has
 * 2n + 2 of them), so a node's second child needs no bounds test and
 * the root's children give the limit even when fewer than two are left.
 * (A 4-ary heap was measured: more host instructions, not fewer.)
 */
static void pk_sift_root(u64 *h, u32 n, u64 v)
{
	u32 i = 0, k;

	/*
	 * The ME that ran is usually among the latest, so it lands near the
	 * bottom: move the hole down the smaller children to a leaf without
	 * comparing with v, then bring v up the few levels it belongs above.
	 */
	for (;;) {
		k = 2 * i + 1;
		if (k >= n)
			break;
		if (h[k + 1] < h[k])
			k++;
		h[i] = h[k];
		i = k;
	}
	while (i && v < h[(i - 1) / 2]) {
		h[i] = h[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h[i] = v;
}

static void pk_push(u64 *h, u32 *n, u64 v)
{
	u32 i = (*n)++;

	while (i && v < h[(i - 1) / 2]) {
		h[i] = h[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h[i] = v;
}

/*
 * Clocks below 2^PK_TOP(sh) are packed.  Building with a small value
 * (-DPK_TOP(sh)=20) makes long runs switch forms part way through, which
 * is how the switch is checked to leave every simulated result as it is.
 */
#ifndef PK_TOP
#define PK_TOP(sh) (63 - (sh))
#endif

/* Bits of a packed key that hold the ME id. */
static u32 pk_shift(u32 nmes)
{
	u32 sh = 1;

	while (sh < 32 && (1u << sh) < nmes)
		sh++;
	return sh;
}

/*
 * Run the packet MEs earliest first until all are idle.  mem holds
 * RUN_MES_WORDS(pkt_mes) u64s: the packed heap, then the pairs' heap.
 */
#define RUN_MES_WORDS(n) (2 * (n) + 2 + 2 * (n))

static void run_mes(struct xnic_sim *s, u64 t0, struct sim_stream *st,
		    u64 *pk)
{
	u32 nmes = s->cfg.pkt_mes, sh = pk_shift(nmes), nh = 0, i;
	u64 mask = ((u64)1 << sh) - 1, iter = 0;
	struct me_ent *heap = (struct me_ent *)(pk + 2 * nmes + 2);
	struct sim_limit lim;

	for (i = 0; i < 2 * nmes + 2; i++)
		pk[i] = U64_MAX;
	if (t0 >> PK_TOP(sh))
		goto slow;
	for (i = 0; i < nmes; i++)
		pk_push(pk, &nh, t0 << sh | i);
	while (nh) {
		u64 nx = pk[1] < pk[2] ? pk[1] : pk[2], now;
		u32 m = (u32)(pk[0] & mask);
		int ev;

		/* the limit is the earliest other ME: a child of the root */
		lim.now = nx >> sh;
		lim.id = (u32)(nx & mask);
		ev = sim_me_run(s, &s->mes[m], nh > 1 ? &lim : NULL);
		if (st->yield && !(++iter & 0xffff))
			st->yield(st->yield_arg);
		if (ev != EV_YIELD) {
			/* it is idle for good: the last entry fills its place */
			u64 v = pk[--nh];

			pk[nh] = U64_MAX;
			pk_sift_root(pk, nh, v);
			continue;
		}
		now = s->mes[m].now;
		if (now >> PK_TOP(sh)) {
			/* the clock no longer fits: on with (now, id) pairs */
			u32 k, j = nh;

			nh = 0;
			for (k = 0; k < j; k++) {
				struct me_ent e;

				e.id = (u32)(pk[k] & mask);
				e.now = e.id == m ? now : pk[k] >> sh;
				heap_push(heap, &nh, e);
			}
			goto run_slow;
		}
		pk_sift_root(pk, nh, now << sh | m);
	}
	return;
slow:
	for (i = 0; i < nmes; i++) {
		struct me_ent e = {t0, i};

		heap_push(heap, &nh, e);
	}
run_slow:
	while (nh) {
		u32 m = heap[0].id;
		struct me_ent e;
		int ev;

		if (nh > 1) {
			const struct me_ent *nx = &heap[1];

			if (nh > 2 && ent_before(&heap[2], nx))
				nx = &heap[2];
			lim.now = nx->now;
			lim.id = nx->id;
		}
		ev = sim_me_run(s, &s->mes[m], nh > 1 ? &lim : NULL);
		if (ev == EV_YIELD) {
			e.now = s->mes[m].now;
			e.id = m;
		} else {
			e = heap[--nh];
		}
		if (nh)
			heap_sift_root(heap, nh, e);
		if (st->yield && !(++iter & 0xffff))
			st->yield(st->yield_arg);
	}
}

int xnic_sim_run_stream(struct xnic_sim *s, const struct xnic_sim_frame *f,
			u32 n, void (*yield)(void *arg), void *yield_arg,
			struct xnic_sim_stream_result *res)
{
	const struct xnic_sim_config *cfg = &s->cfg;
	struct xnic_sim_stats before = s->stats;
	struct sim_stream st;
	u64 port_acc[SIM_MAX_PORTS] = {0}, t0 = 0, rel = 0;
	u64 port_free[SIM_MAX_PORTS] = {0}, last = 0, *heap;
	u32 i, j;

	xnic_memset(res, 0, sizeof(*res));
	/* every port a frame arrives on (i % ports) needs a program */
	for (i = 0; i < cfg->ports && i < n; i++)
		if (!s->port_prog[i])
			return -ENOENT;
	if (!n && !s->port_prog[0])
		return -ENOENT;
	for (i = 0; i < n; i++)
		if (f[i].len < SIM_ETH_HLEN ||
		    f[i].len > cfg->split + cfg->tail_bytes)
			return -EINVAL;
	xnic_memset(&st, 0, sizeof(st));
	st.arrival = xnic_zalloc(sizeof(u64) * (n ? n : 1));
	st.done = xnic_zalloc(sizeof(u64) * (n ? n : 1));
	st.out = xnic_zalloc(sizeof(u32) * (n ? n : 1));
	heap = xnic_zalloc(sizeof(u64) * RUN_MES_WORDS(cfg->pkt_mes));
	if (!st.arrival || !st.done || !st.out || !heap) {
		xnic_free(st.arrival);
		xnic_free(st.done);
		xnic_free(st.out);
		xnic_free(heap);
		return -ENOMEM;
	}
	for (i = 0; i < cfg->pkt_mes; i++)
		if (s->mes[i].now > t0)
			t0 = s->mes[i].now;
	/* Frames arrive back to back at line rate, alternating ports. */
	for (i = 0; i < n; i++) {
		u32 p = i % cfg->ports;

		port_acc[p] += (u64)(f[i].len + 20) * 8 * cfg->freq_mhz;
		st.arrival[i] = t0 + div_u64(port_acc[p], cfg->port_mbps);
	}
	st.f = f;
	st.n = n;
	st.res = res;
	st.yield = yield;
	st.yield_arg = yield_arg;
	s->stream = &st;
	s->mode = SIM_MODE_STREAM;
	s->raw = false;
	s->res = NULL;
	for (i = 0; i < s->nmes; i++) {
		struct sim_me *me = &s->mes[i];

		for (j = 0; j < me->nctx; j++) {
			me->ctx[j].state =
				i < cfg->pkt_mes ? CS_NEEDPKT : CS_IDLE;
			me->ctx[j].pkt = -1;
			me->ctx[j].buf = 0;
		}
		me->cur = me->nctx - 1;
		sim_me_rekey(me);
		if (i < cfg->pkt_mes)
			me->now = t0;
	}
	run_mes(s, t0, &st, heap);
	/*
	 * In-order release: a packet leaves after every earlier one; one
	 * sent out of a port then occupies it for its wire time (timing.md).
	 */
	for (i = 0; i < n; i++) {
		if (st.done[i] > rel)
			rel = st.done[i];
		if (st.out[i] & 1) {
			u32 p = (st.out[i] >> 1) & 7;
			u64 start = rel > port_free[p] ? rel : port_free[p];

			port_acc[p] = (u64)((st.out[i] >> 4) + 20) * 8 *
				      cfg->freq_mhz;
			port_free[p] = start +
				       div_u64(port_acc[p] + cfg->port_mbps - 1,
					       cfg->port_mbps);
			if (port_free[p] > last)
				last = port_free[p];
		}
		if (rel > last)
			last = rel;
	}
	rel = last;
	res->packets = st.released;
	res->elapsed = rel > t0 ? rel - t0 : 0;
	/*
	 * Over the whole run, the pipeline's fill (one packet's latency)
	 * included: callers run enough packets to make that small.
	 */
	if (res->elapsed)
		res->pps = div64_u64(res->packets * cfg->freq_mhz * 1000000ULL,
				     res->elapsed);
	res->insns = s->stats.insns - before.insns;
	for (i = 0; i < XNIC_MEM_COUNT; i++) {
		u64 inst = i <= XNIC_MEM_CTM ? cfg->islands : 1;

		res->units[i].cmds =
			s->stats.units[i].cmds - before.units[i].cmds;
		res->units[i].busy =
			s->stats.units[i].busy - before.units[i].busy;
		res->units[i].instances = (u32)inst;
		res->util_permille[i] =
			res->elapsed ? (u32)div64_u64(res->units[i].busy * 1000,
						      inst * res->elapsed) :
				       0;
	}
	s->stream = NULL;
	s->mode = SIM_MODE_SINGLE;
	xnic_free(st.arrival);
	xnic_free(st.done);
	xnic_free(st.out);
	xnic_free(heap);
	return 0;
}

void xnic_sim_estimate(const struct xnic_sim *s,
		       const struct xnic_sim_estimate_in *in,
		       struct xnic_sim_estimate *est)
{
	const struct xnic_sim_config *cfg = &s->cfg;
	u64 f = (u64)cfg->freq_mhz * 1000000ULL, n = in->packets, lt, den;
	u32 t, islands;

	xnic_memset(est, 0, sizeof(*est));
	if (!n)
		return;
	lt = div_u64(in->sum_cycles, cfg->ctx_per_me);
	den = in->sum_busy > lt ? in->sum_busy : lt;
	est->me_pps = den ? div64_u64(f * n, den) : U64_MAX;
	est->mes_pps =
		est->me_pps == U64_MAX ? U64_MAX : est->me_pps * cfg->pkt_mes;
	est->pps = est->mes_pps;
	est->bottleneck =
		in->sum_busy >= lt ? XNIC_SIM_BN_COMPUTE : XNIC_SIM_BN_LATENCY;
	islands =
		(cfg->pkt_mes + cfg->mes_per_island - 1) / cfg->mes_per_island;
	for (t = 0; t < XNIC_MEM_COUNT; t++) {
		u64 inst = t <= XNIC_MEM_CTM ? islands : 1;

		est->unit_pps[t] = U64_MAX;
		if (!in->sum_cmds[t])
			continue;
		/* unit rate F / svc commands/s, a_u = cmds / n per packet */
		est->unit_pps[t] = div64_u64(div_u64(f * inst, cfg->svc[t]) * n,
					     in->sum_cmds[t]);
		if (est->unit_pps[t] < est->pps) {
			est->pps = est->unit_pps[t];
			est->bottleneck = XNIC_SIM_BN_CLS + t;
		}
	}
	est->line_pps =
		div64_u64((u64)cfg->ports * cfg->port_mbps * 1000000ULL * n,
			  (in->sum_bytes + 20 * n) * 8);
	if (est->line_pps < est->pps) {
		est->pps = est->line_pps;
		est->bottleneck = XNIC_SIM_BN_LINE;
	}
}
