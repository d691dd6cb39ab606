// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Chip life cycle: create (memories, MEs, contexts, the fixed EMEM areas,
 * the map memory allocators), destroy, and the profile / trace /
 * statistics switches.  Programs and load: sim_prog.c; maps:
 * sim_map_life.c.
 */
#include "sim_internal.h"

const char *const xnic_sim_verdict_names[XNIC_SIM_VERDICT_COUNT] = {
	"aborted", "drop", "pass", "tx", "redirect",
};

static void init_me(struct xnic_sim *s, struct sim_me *me, u32 id, u8 *lm)
{
	const struct xnic_sim_config *cfg = &s->cfg;
	u32 i;

	me->id = id;
	me->island = id / cfg->mes_per_island;
	me->idx_in_island = id % cfg->mes_per_island;
	me->nctx = cfg->ctx_per_me;
	me->lm = lm;
	me->prng = (cfg->seed ^ (0x9e3779b97f4a7c15ULL * (id + 1))) | 1;
	me->cur = me->nctx - 1; /* context 0 runs first */
	for (i = 0; i < me->nctx; i++) {
		struct sim_ctx *c = &me->ctx[i];

		c->buf_fixed = XNIC_ADDR_CTM +
			       (me->idx_in_island * cfg->ctx_per_me + i) *
				       XNIC_PKT_BUF_SIZE;
		c->island_of_buf = me->island;
		if (id < cfg->pkt_mes)
			c->tail = s->tails_base +
				  (id * cfg->ctx_per_me + i) * cfg->tail_bytes;
		c->pkt = -1;
		c->state = CS_IDLE;
	}
	sim_me_rekey(me);
}

int xnic_sim_create(const struct xnic_sim_config *cfg, struct xnic_sim **out,
		    char *err, u32 errlen)
{
	struct xnic_sim *s;
	u8 *lm;
	u32 i, tails;
	int ret;

	*out = NULL;
	ret = sim_config_check(cfg, err, errlen);
	if (ret)
		return ret;
	s = xnic_zalloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->cfg = *cfg;
	s->nmes = cfg->islands * cfg->mes_per_island;
	s->mes = xnic_zalloc(sizeof(*s->mes) * s->nmes);
	lm = xnic_zalloc((size_t)cfg->lm_bytes * s->nmes);
	s->cls = xnic_zalloc(sizeof(u8 *) * cfg->islands);
	s->ctm = xnic_zalloc(sizeof(u8 *) * cfg->islands);
	s->u_cls = xnic_zalloc(sizeof(*s->u_cls) * cfg->islands);
	s->u_ctm = xnic_zalloc(sizeof(*s->u_ctm) * cfg->islands);
	s->imem = xnic_zalloc(cfg->imem_bytes);
	if (!s->mes || !lm || !s->cls || !s->ctm || !s->u_cls || !s->u_ctm ||
	    !s->imem) {
		xnic_free(lm);
		goto nomem;
	}
	for (i = 0; i < cfg->islands; i++) {
		s->cls[i] = xnic_zalloc(cfg->cls_bytes);
		s->ctm[i] = xnic_zalloc(cfg->ctm_bytes);
		if (!s->cls[i] || !s->ctm[i]) {
			xnic_free(lm);
			goto nomem;
		}
	}
	sim_heap_init(&s->imem_heap, SIM_DESC_AREA, cfg->imem_bytes);
	/* Fixed EMEM: the perf ring, then a tail buffer per packet context. */
	s->perf_size = cfg->perf_ring_bytes & ~7u;
	tails = cfg->pkt_mes * cfg->ctx_per_me * cfg->tail_bytes;
	if (sim_emem_reserve(s, s->perf_size, &s->perf_base) ||
	    sim_emem_reserve(s, tails ? tails : 8, &s->tails_base)) {
		xnic_free(lm);
		xnic_snprintf(err, errlen,
			      "bad configuration: EMEM too small for the perf "
			      "ring and packet tails");
		xnic_sim_destroy(s);
		return -E2BIG;
	}
	s->emem_fixed = s->emem_used;
	sim_heap_init(&s->emem_heap, s->emem_fixed, cfg->emem_bytes);
	for (i = 0; i < s->nmes; i++)
		init_me(s, &s->mes[i], i, lm + (size_t)i * cfg->lm_bytes);
	s->prng = cfg->seed | 1;
	*out = s;
	return 0;
nomem:
	xnic_snprintf(err, errlen, "out of memory creating the chip");
	xnic_sim_destroy(s);
	return -ENOMEM;
}

void xnic_sim_destroy(struct xnic_sim *s)
{
	u32 i;

	if (!s)
		return;
	xnic_sim_unload(s);
	/* programs ports still run (others are their creator's to free) */
	for (i = 0; i < SIM_MAX_PORTS; i++)
		xnic_sim_prog_destroy(s, s->port_prog[i]);
	if (s->mes)
		xnic_free(s->mes[0].lm);
	xnic_free(s->mes);
	for (i = 0; i < s->cfg.islands; i++) {
		if (s->cls)
			xnic_free(s->cls[i]);
		if (s->ctm)
			xnic_free(s->ctm[i]);
	}
	xnic_free(s->cls);
	xnic_free(s->ctm);
	xnic_free(s->u_cls);
	xnic_free(s->u_ctm);
	xnic_free(s->imem);
	xnic_free(s->emem);
	xnic_free(s);
}

const struct xnic_sim_config *xnic_sim_get_config(const struct xnic_sim *s)
{
	return &s->cfg;
}

int xnic_sim_profile_enable(struct xnic_sim *s, bool on)
{
	s->prof_on = on;
	if (on && sim_prog_prof_enable(s)) {
		s->prof_on = false;
		s->hooks = s->trace != NULL;
		return -ENOMEM;
	}
	s->hooks = s->prof_on || s->trace;
	return 0;
}

void xnic_sim_set_trace(struct xnic_sim *s, xnic_sim_trace_fn fn, void *arg)
{
	s->trace = fn;
	s->trace_arg = arg;
	s->hooks = s->prof_on || fn;
}

void xnic_sim_get_stats(const struct xnic_sim *s, struct xnic_sim_stats *st)
{
	u32 t;

	*st = s->stats;
	for (t = 0; t < XNIC_MEM_COUNT; t++)
		st->units[t].instances = t <= XNIC_MEM_CTM ? s->cfg.islands : 1;
}

int xnic_sim_ctx_reg(const struct xnic_sim *s, u32 me, u32 ctx, u32 bank,
		     u32 idx, u32 *val)
{
	if (me >= s->nmes || ctx >= s->cfg.ctx_per_me || bank > 3 || idx >= 32)
		return -EINVAL;
	*val = s->mes[me].ctx[ctx].r[bank * 32 + idx];
	return 0;
}
