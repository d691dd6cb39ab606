// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Programs on the chip: creating one from an image (checks, relocation
 * against maps that already exist, pre-decode), the program of each
 * port, and xnic_sim_load()/unload(), the one-program shortcut the host
 * tools use, built on the same pieces.
 */
#include "sim_internal.h"

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
			const struct xnic_sim_prog *p, u64 *code, char *err,
			u32 errlen)
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

		if (r->map >= p->nmaps) {
			xnic_snprintf(err, errlen,
				      "relocation %u: map %u does not exist", i,
				      r->map);
			return -EINVAL;
		}
		m = &s->maps[p->map_id[r->map]];
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

static int check_image(const struct xnic_image *img, char *err, u32 errlen)
{
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
	if (img->map_cnt > SIM_MAX_MAPS) {
		xnic_snprintf(err, errlen,
			      "image has %u maps, the NIC takes %u",
			      img->map_cnt, SIM_MAX_MAPS);
		return -E2BIG;
	}
	if (img->map_cnt && !img->maps) {
		xnic_snprintf(err, errlen, "image has a map count but no maps");
		return -EINVAL;
	}
	return 0;
}

/* Image map i against chip map id: the layout the code assumes. */
static int match_map(const struct xnic_sim *s, const struct xnic_image *img,
		     u32 i, u32 id, char *err, u32 errlen)
{
	const struct xnic_map_def *w = &img->maps[i], *h;

	if (id >= SIM_MAX_MAPS || !s->maps[id].used) {
		xnic_snprintf(
			err, errlen,
			"image map %u '%.32s': chip map %u does not exist", i,
			w->name, id);
		return -EINVAL;
	}
	h = &s->maps[id].def;
	if (h->type != w->type || h->key_size != w->key_size ||
	    h->value_size != w->value_size ||
	    h->max_entries != w->max_entries) {
		xnic_snprintf(
			err, errlen,
			"image map %u '%.32s' (type %u, key %u, value %u, "
			"entries %u) does not match chip map %u (type "
			"%u, key %u, value %u, entries %u)",
			i, w->name, w->type, w->key_size, w->value_size,
			w->max_entries, id, h->type, h->key_size, h->value_size,
			h->max_entries);
		return -EINVAL;
	}
	return 0;
}

static int prof_alloc(struct xnic_sim_prog *p)
{
	xnic_free(p->prof.exec);
	xnic_free(p->prof.stall);
	p->prof.len = 0;
	p->prof.exec = xnic_zalloc(sizeof(u64) * (p->nops + 1));
	p->prof.stall = xnic_zalloc(sizeof(u64) * (p->nops + 1));
	if (!p->prof.exec || !p->prof.stall)
		return -ENOMEM;
	p->prof.len = p->nops;
	return 0;
}

static void prog_free(struct xnic_sim_prog *p)
{
	xnic_free(p->ops);
	xnic_free(p->code);
	xnic_free(p->prof.exec);
	xnic_free(p->prof.stall);
	xnic_free(p);
}

int xnic_sim_prog_create(struct xnic_sim *s, const struct xnic_image *img,
			 const u32 *map_ids, struct xnic_sim_prog **out,
			 char *err, u32 errlen)
{
	struct xnic_sim_prog *p;
	struct xnic_image tmp;
	u32 i;
	int ret;

	*out = NULL;
	ret = check_image(img, err, errlen);
	if (ret)
		return ret;
	if (img->map_cnt && !map_ids) {
		xnic_snprintf(err, errlen, "image has %u maps but no map ids",
			      img->map_cnt);
		return -EINVAL;
	}
	for (i = 0; i < img->map_cnt; i++) {
		ret = match_map(s, img, i, map_ids[i], err, errlen);
		if (ret)
			return ret;
	}
	p = xnic_zalloc(sizeof(*p));
	if (!p)
		goto nomem;
	p->prog_type = img->prog_type;
	p->nmaps = img->map_cnt;
	for (i = 0; i < img->map_cnt; i++) {
		p->map_id[i] = map_ids[i];
		p->map_gen[i] = s->maps[map_ids[i]].gen;
	}
	p->code = xnic_zalloc(sizeof(u64) * img->code_len);
	if (!p->code)
		goto nomem_free;
	xnic_memcpy(p->code, img->code, sizeof(u64) * img->code_len);
	ret = apply_relocs(s, img, p, p->code, err, errlen);
	if (!ret) {
		tmp = *img;
		tmp.code = p->code;
		ret = sim_predecode(p, &tmp, err, errlen);
	}
	if (ret == -ENOMEM)
		goto nomem_free;
	if (ret) {
		prog_free(p);
		return ret;
	}
	if (s->prof_on && prof_alloc(p))
		goto nomem_free;
	*out = p;
	return 0;
nomem_free:
	prog_free(p);
nomem:
	xnic_snprintf(err, errlen, "out of memory loading the image");
	return -ENOMEM;
}

int xnic_sim_port_set_prog(struct xnic_sim *s, u32 port,
			   struct xnic_sim_prog *p)
{
	u32 i;

	if (port >= s->cfg.ports)
		return -EINVAL;
	if (p)
		for (i = 0; i < p->nmaps; i++)
			if (!s->maps[p->map_id[i]].used ||
			    s->maps[p->map_id[i]].gen != p->map_gen[i])
				return -ENOENT;
	s->port_prog[port] = p;
	return 0;
}

struct xnic_sim_prog *xnic_sim_port_prog(const struct xnic_sim *s, u32 port)
{
	return port < SIM_MAX_PORTS ? s->port_prog[port] : NULL;
}

/* No port runs p, and no context keeps a pointer to it. */
void sim_prog_detach(struct xnic_sim *s, struct xnic_sim_prog *p)
{
	u32 i, j;

	for (i = 0; i < SIM_MAX_PORTS; i++)
		if (s->port_prog[i] == p)
			s->port_prog[i] = NULL;
	for (i = 0; i < s->nmes; i++)
		for (j = 0; j < s->mes[i].nctx; j++)
			if (s->mes[i].ctx[j].prog == p)
				s->mes[i].ctx[j].prog = NULL;
}

void xnic_sim_prog_destroy(struct xnic_sim *s, struct xnic_sim_prog *p)
{
	if (!p)
		return;
	sim_prog_detach(s, p);
	if (s->load_prog == p)
		s->load_prog = NULL;
	prog_free(p);
}

int xnic_sim_set_ifindex(struct xnic_sim *s, u32 port, u32 ifindex)
{
	if (port >= s->cfg.ports)
		return -EINVAL;
	s->cfg.ifindex[port] = ifindex;
	return 0;
}

int xnic_sim_set_l2addr(struct xnic_sim *s, u32 port, const u8 *mac,
			const u8 *broadcast)
{
	if (port >= s->cfg.ports)
		return -EINVAL;
	xnic_memcpy(s->port_mac[port], mac, 6);
	xnic_memcpy(s->port_bcast[port], broadcast, 6);
	return 0;
}

/* Profile arrays for the programs the ports run (enabling clears them). */
int sim_prog_prof_enable(struct xnic_sim *s)
{
	u32 i, j;

	for (i = 0; i < SIM_MAX_PORTS; i++) {
		struct xnic_sim_prog *p = s->port_prog[i];

		for (j = 0; j < i && p; j++)
			if (s->port_prog[j] == p)
				p = NULL; /* done already */
		if (p && prof_alloc(p))
			return -ENOMEM;
	}
	return 0;
}

const struct xnic_sim_profile *xnic_sim_get_profile(const struct xnic_sim *s)
{
	const struct xnic_sim_prog *p = s->port_prog[0];

	return s->prof_on && p && p->prof.len ? &p->prof : NULL;
}

void xnic_sim_unload(struct xnic_sim *s)
{
	u32 i;

	xnic_sim_prog_destroy(s, s->load_prog);
	for (i = 0; i < SIM_MAX_MAPS; i++)
		if (s->load_maps & (1ULL << i))
			xnic_sim_map_destroy(s, i);
	s->load_maps = 0;
	if (s->raw_size)
		sim_emem_free(s, s->raw_base);
	s->raw_base = 0;
	s->raw_size = 0;
	/*
	 * Forget what programs left in map memory once no map is left: the
	 * next image starts from clean memories (map_create zeroes a map's
	 * own memory in any case).
	 */
	if (!s->nmaps && !s->emem_heap.n) {
		u32 ihi = s->imem_heap.hi, ehi = s->emem_heap.hi;

		if (s->imem)
			xnic_memset(s->imem, 0, ihi);
		s->imem_heap.hi = s->imem_heap.base;
		if (s->emem && ehi > s->emem_heap.base) {
			if (ehi > s->emem_backed)
				ehi = s->emem_backed;
			xnic_memset(s->emem + s->emem_heap.base, 0,
				    ehi - s->emem_heap.base);
		}
		s->emem_heap.hi = s->emem_heap.base;
	}
}

int xnic_sim_load(struct xnic_sim *s, const struct xnic_image *img, char *err,
		  u32 errlen)
{
	u32 ids[SIM_MAX_MAPS], i, port;
	int ret;

	xnic_sim_unload(s);
	ret = check_image(img, err, errlen);
	if (ret)
		return ret;
	for (i = 0; i < img->map_cnt; i++) {
		ret = xnic_sim_map_create(s, &img->maps[i], &ids[i], err,
					  errlen);
		if (ret)
			goto fail;
		s->load_maps |= 1ULL << ids[i];
	}
	ret = xnic_sim_prog_create(s, img, ids, &s->load_prog, err, errlen);
	if (ret)
		goto fail;
	for (port = 0; port < s->cfg.ports; port++)
		xnic_sim_port_set_prog(s, port, s->load_prog);
	return 0;
fail:
	xnic_sim_unload(s);
	return ret;
}
