// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Maps' life on the chip: creation (checking the definition, placing its
 * memory, writing its descriptor) and destruction, apart from programs.
 * The id is the descriptor slot (IMEM + id * 32), so the firmware finds
 * a map from its descriptor address in O(1).  Neither call allocates host
 * memory once xnic_sim_back_memory() backed all of EMEM (the driver calls
 * them under the lock that serialises its frames).
 */
#include "sim_internal.h"

static u8 *imem(struct xnic_sim *s, u32 addr, u32 len)
{
	return sim_tgt_ptr(s, 0, XNIC_MEM_IMEM, addr, len);
}

static u8 *emem(struct xnic_sim *s, u32 addr, u32 len)
{
	return sim_tgt_ptr(s, 0, XNIC_MEM_EMEM, addr, len);
}

static void write_desc(struct xnic_sim *s, struct sim_map *m)
{
	u8 *d = imem(s, m->desc, SIM_DESC_SIZE);

	sim_wr32(d + 0, m->def.type);
	sim_wr32(d + 4, m->def.key_size);
	sim_wr32(d + 8, m->def.value_size);
	sim_wr32(d + 12, m->def.max_entries);
	sim_wr32(d + 16, m->values);
	sim_wr32(d + 20, m->stride);
	sim_wr32(d + 24, m->buckets);
	sim_wr32(d + 28, m->def.flags);
}

int sim_map_check_def(const struct xnic_map_def *d, char *err, u32 errlen)
{
	switch (d->type) {
	case BPF_MAP_TYPE_ARRAY:
		if (d->key_size != 4 || !d->value_size || !d->max_entries)
			break;
		return 0;
	case BPF_MAP_TYPE_HASH:
		if (!d->key_size || d->key_size > 512 || !d->value_size ||
		    !d->max_entries || d->max_entries > (1u << 24))
			break;
		return 0;
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
		return 0;
	default:
		xnic_snprintf(err, errlen,
			      "map '%.32s': type %u not supported by the NIC",
			      d->name, d->type);
		return -EINVAL;
	}
	xnic_snprintf(err, errlen,
		      "map '%.32s': bad sizes (key %u, value %u, entries %u)",
		      d->name, d->key_size, d->value_size, d->max_entries);
	return -EINVAL;
}

static int too_big(const struct xnic_map_def *d, char *err, u32 errlen)
{
	xnic_snprintf(err, errlen,
		      "map '%.32s': %u entries of %u bytes do not fit in the "
		      "chip's memory",
		      d->name, d->max_entries, d->value_size);
	return -E2BIG;
}

/* Place m's memory (zeroed) and fill its layout fields. */
static int map_place(struct xnic_sim *s, struct sim_map *m, char *err,
		     u32 errlen)
{
	const struct xnic_map_def *d = &m->def;
	u64 bytes;
	u32 i, nb;
	u8 *p;
	int ret;

	m->stride = sim_round8(d->value_size);
	switch (d->type) {
	case BPF_MAP_TYPE_ARRAY:
		bytes = (u64)m->stride * d->max_entries;
		if (bytes > s->cfg.emem_bytes)
			return too_big(d, err, errlen);
		ret = sim_emem_alloc(s, (u32)bytes, &m->values);
		if (ret == -ENOMEM)
			return ret;
		if (ret)
			return too_big(d, err, errlen);
		m->has_emem = true;
		m->emem_off = m->values;
		xnic_memset(emem(s, m->values, (u32)bytes), 0, (u32)bytes);
		return 0;
	case BPF_MAP_TYPE_HASH:
		m->koff = 8;
		m->voff = 8 + sim_round8(d->key_size);
		m->esize = m->voff + m->stride;
		/* the entries, then the free list (u32 per entry) */
		bytes = ((u64)m->esize + 4) * d->max_entries;
		if (bytes > s->cfg.emem_bytes)
			return too_big(d, err, errlen);
		for (nb = 1; nb < d->max_entries; nb <<= 1)
			;
		m->nbuckets = nb;
		if (sim_imem_alloc(s, nb * 4, &m->buckets))
			return too_big(d, err, errlen);
		m->has_imem = true;
		m->imem_off = m->buckets;
		ret = sim_emem_alloc(s, (u32)bytes, &m->entries);
		if (ret) {
			sim_imem_free(s, m->buckets);
			m->has_imem = false;
			return ret == -ENOMEM ? ret : too_big(d, err, errlen);
		}
		m->has_emem = true;
		m->emem_off = m->entries;
		xnic_memset(imem(s, m->buckets, nb * 4), 0, nb * 4);
		xnic_memset(emem(s, m->entries, (u32)bytes), 0, (u32)bytes);
		m->flist = m->entries + m->esize * d->max_entries;
		/* popped from the top: entry 0 is handed out first */
		p = emem(s, m->flist, 4 * d->max_entries);
		for (i = 0; i < d->max_entries; i++)
			sim_wr32(p + 4 * i, d->max_entries - 1 - i);
		m->nfree = d->max_entries;
		m->values = m->entries;
		return 0;
	default: /* PERF_EVENT_ARRAY: records go to the fixed ring */
		return 0;
	}
}

static void count_maps(struct xnic_sim *s)
{
	u32 i = SIM_MAX_MAPS;

	while (i && !s->maps[i - 1].used)
		i--;
	s->nmaps = i;
}

int xnic_sim_map_create(struct xnic_sim *s, const struct xnic_map_def *def,
			u32 *id, char *err, u32 errlen)
{
	struct sim_map *m;
	u32 i, gen;
	int ret;

	ret = sim_map_check_def(def, err, errlen);
	if (ret)
		return ret;
	for (i = 0; i < SIM_MAX_MAPS && s->maps[i].used; i++)
		;
	if (i == SIM_MAX_MAPS) {
		xnic_snprintf(err, errlen, "map '%.32s': the NIC holds %u maps",
			      def->name, SIM_MAX_MAPS);
		return -E2BIG;
	}
	m = &s->maps[i];
	gen = m->gen;
	xnic_memset(m, 0, sizeof(*m));
	m->gen = gen;
	m->def = *def;
	m->desc = XNIC_ADDR_IMEM + i * SIM_DESC_SIZE;
	ret = map_place(s, m, err, errlen);
	if (ret) {
		if (ret == -ENOMEM)
			xnic_snprintf(err, errlen,
				      "map '%.32s': out of memory backing EMEM",
				      def->name);
		xnic_memset(m, 0, sizeof(*m));
		m->gen = gen;
		return ret;
	}
	write_desc(s, m);
	m->gen = gen + 1;
	m->used = true;
	if (i >= s->nmaps)
		s->nmaps = i + 1;
	*id = i;
	return 0;
}

/* Does p run against map id as it is now (generation gen)? */
bool sim_prog_uses(const struct xnic_sim_prog *p, u32 id, u32 gen)
{
	u32 i;

	for (i = 0; i < p->nmaps; i++)
		if (p->map_id[i] == id && p->map_gen[i] == gen)
			return true;
	return false;
}

void xnic_sim_map_destroy(struct xnic_sim *s, u32 id)
{
	struct sim_map *m;
	u32 port;

	if (id >= SIM_MAX_MAPS || !s->maps[id].used)
		return;
	m = &s->maps[id];
	/* a program naming it could never run again: detach it */
	for (port = 0; port < SIM_MAX_PORTS; port++)
		if (s->port_prog[port] &&
		    sim_prog_uses(s->port_prog[port], id, m->gen))
			s->port_prog[port] = NULL;
	if (m->has_emem)
		sim_emem_free(s, m->emem_off);
	if (m->has_imem)
		sim_imem_free(s, m->imem_off);
	/* a stale descriptor address now names no map (type 0) */
	xnic_memset(imem(s, m->desc, SIM_DESC_SIZE), 0, SIM_DESC_SIZE);
	m->used = false;
	m->gen++;
	s->load_maps &= ~(1ULL << id);
	count_maps(s);
}
