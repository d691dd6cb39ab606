// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Chip life cycle: create (memories, MEs, contexts, the fixed EMEM areas),
 * load an image (maps, relocations, pre-decode), unload, destroy, and the
 * profile / trace / statistics switches.
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
	s->imem_used = SIM_DESC_AREA;
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

void xnic_sim_unload(struct xnic_sim *s)
{
	sim_maps_free(s);
	xnic_free(s->ops);
	xnic_free(s->code);
	s->ops = NULL;
	s->code = NULL;
	s->nops = 0;
	s->loaded = false;
	/* Forget map memory: the next image starts from clean memories. */
	if (s->imem_used > SIM_DESC_AREA)
		xnic_memset(s->imem, 0, s->imem_used);
	xnic_memset(s->imem, 0, SIM_DESC_AREA);
	s->imem_used = SIM_DESC_AREA;
	if (s->emem && s->emem_used > s->emem_fixed)
		xnic_memset(s->emem + (s->emem_fixed - 0), 0,
			    s->emem_used - s->emem_fixed);
	s->emem_used = s->emem_fixed;
	s->raw_base = 0;
	s->raw_size = 0;
	xnic_free(s->prof.exec);
	xnic_free(s->prof.stall);
	s->prof.exec = NULL;
	s->prof.stall = NULL;
	s->prof.len = 0;
}

void xnic_sim_destroy(struct xnic_sim *s)
{
	u32 i;

	if (!s)
		return;
	xnic_sim_unload(s);
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

/* Patch the immediates of an immed / immed_w1 pair with a 32-bit value. */
static int patch_pair(u64 *code, u32 len, u32 at, u32 val, char *err,
		      u32 errlen)
{
	struct xnic_insn lo, hi;
	char e[96];

	if (at + 1 >= len || at + 1 < at ||
	    xnic_decode(code[at], &lo, e, sizeof(e)) ||
	    xnic_decode(code[at + 1], &hi, e, sizeof(e)) ||
	    lo.kind != XNIC_K_IMMED || hi.kind != XNIC_K_IMMED ||
	    lo.f[XNIC_F_PART] == 2 || lo.f[XNIC_F_BSHIFT] || lo.f[XNIC_F_INV] ||
	    hi.f[XNIC_F_PART] != 2) {
		xnic_snprintf(
			err, errlen,
			"relocation at word %u: not an immed / immed_w1 pair",
			at);
		return -EINVAL;
	}
	lo.f[XNIC_F_IMM16] = val & 0xffff;
	hi.f[XNIC_F_IMM16] = val >> 16;
	if (xnic_encode(&lo, &code[at], e, sizeof(e)) ||
	    xnic_encode(&hi, &code[at + 1], e, sizeof(e))) {
		xnic_snprintf(err, errlen, "relocation at word %u: %s", at, e);
		return -EINVAL;
	}
	return 0;
}

static int apply_relocs(struct xnic_sim *s, const struct xnic_image *img,
			u64 *code, char *err, u32 errlen)
{
	u32 i, val;
	int ret;

	if (img->reloc_cnt && !img->relocs) {
		xnic_snprintf(err, errlen,
			      "image has relocations but no table");
		return -EINVAL;
	}
	for (i = 0; i < img->reloc_cnt; i++) {
		const struct xnic_reloc *r = &img->relocs[i];
		struct sim_map *m;

		if (r->map >= s->nmaps) {
			xnic_snprintf(err, errlen,
				      "relocation %u: map %u does not exist", i,
				      r->map);
			return -EINVAL;
		}
		m = &s->maps[r->map];
		if (r->type == XNIC_RELO_MAP_DESC) {
			val = m->desc + r->addend;
		} else if (r->type == XNIC_RELO_MAP_VALUE &&
			   m->def.type == BPF_MAP_TYPE_ARRAY &&
			   r->addend < m->stride * m->def.max_entries) {
			val = m->values + r->addend;
		} else {
			xnic_snprintf(err, errlen,
				      "relocation %u: bad type %u or offset %u "
				      "for map '%.32s'",
				      i, r->type, r->addend, m->def.name);
			return -EINVAL;
		}
		ret = patch_pair(code, img->code_len, r->insn, val, err,
				 errlen);
		if (ret)
			return ret;
	}
	return 0;
}

static int prof_alloc(struct xnic_sim *s)
{
	xnic_free(s->prof.exec);
	xnic_free(s->prof.stall);
	s->prof.len = 0;
	s->prof.exec = xnic_zalloc(sizeof(u64) * (s->nops + 1));
	s->prof.stall = xnic_zalloc(sizeof(u64) * (s->nops + 1));
	if (!s->prof.exec || !s->prof.stall)
		return -ENOMEM;
	s->prof.len = s->nops;
	return 0;
}

int xnic_sim_load(struct xnic_sim *s, const struct xnic_image *img, char *err,
		  u32 errlen)
{
	u64 *code;
	int ret;

	xnic_sim_unload(s);
	if (img->abi_version != XNIC_ABI_VERSION) {
		xnic_snprintf(err, errlen,
			      "image ABI version %u, the NIC speaks %u",
			      img->abi_version, XNIC_ABI_VERSION);
		return -EINVAL;
	}
	if (img->prog_type != XNIC_PROG_XDP && img->prog_type != XNIC_PROG_TC) {
		xnic_snprintf(err, errlen, "unknown program type %u",
			      img->prog_type);
		return -EINVAL;
	}
	if (!img->code || !img->code_len || img->code_len > XNIC_CODE_MAX) {
		xnic_snprintf(err, errlen,
			      "image code size %u out of range (1..%u words)",
			      img->code_len, XNIC_CODE_MAX);
		return -EINVAL;
	}
	ret = sim_maps_load(s, img, err, errlen);
	if (ret)
		goto fail;
	code = xnic_zalloc(sizeof(u64) * img->code_len);
	if (!code) {
		ret = -ENOMEM;
		goto fail;
	}
	xnic_memcpy(code, img->code, sizeof(u64) * img->code_len);
	ret = apply_relocs(s, img, code, err, errlen);
	if (!ret) {
		struct xnic_image tmp = *img;

		tmp.code = code;
		ret = sim_predecode(s, &tmp, err, errlen);
	}
	if (ret) {
		xnic_free(code);
		goto fail;
	}
	s->code = code;
	s->prog_type = img->prog_type;
	if (s->prof_on && prof_alloc(s)) {
		ret = -ENOMEM;
		goto fail;
	}
	s->loaded = true;
	return 0;
fail:
	if (ret == -ENOMEM)
		xnic_snprintf(err, errlen, "out of memory loading the image");
	xnic_sim_unload(s);
	return ret;
}

int xnic_sim_profile_enable(struct xnic_sim *s, bool on)
{
	s->prof_on = on;
	if (on && s->loaded && prof_alloc(s)) {
		s->prof_on = false;
		s->hooks = s->trace != NULL;
		return -ENOMEM;
	}
	s->hooks = s->prof_on || s->trace;
	return 0;
}

const struct xnic_sim_profile *xnic_sim_get_profile(const struct xnic_sim *s)
{
	return s->prof_on && s->prof.len ? &s->prof : NULL;
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
