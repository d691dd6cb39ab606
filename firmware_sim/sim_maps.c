// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Maps in chip memory and the firmware's map code, shared by the fwcall
 * routines (which pass a charge so every access is timed) and the host
 * API (no charge).  Layout (docs/abi.md, docs/simulator.md):
 *  - descriptors: 32 bytes each at the start of IMEM;
 *  - ARRAY: max_entries values of stride round8(value_size) in EMEM;
 *  - HASH: a power-of-two bucket array of u32 chip addresses in IMEM,
 *    chained entries {u32 next, u32 hash, key (8-aligned), value} in
 *    EMEM, preallocated; the free list is firmware-private state.
 * Programs may scribble over any of this memory, so every chain walk is
 * bounded and every pointer read from chip memory is validated.
 */
#include "sim_internal.h"

u32 sim_hash(const u8 *key, u32 len)
{
	u32 h = 0x811c9dc5, i;

	/* FNV-1a: simple, deterministic, byte-order independent. */
	for (i = 0; i < len; i++)
		h = (h ^ key[i]) * 0x01000193;
	return h;
}

void sim_charge_access(struct xnic_sim *s, struct sim_charge *ch, u32 tgt,
		       u32 cls, u32 bytes)
{
	struct sim_acc *a;

	if (!ch)
		return;
	/* Each access depends on the previous one: issue, wait, go on. */
	if (ch->n < SIM_FW_ACC) {
		a = &ch->c->fw_acc[ch->n++];
		a->unit = (u8)tgt;
		a->cls = (u8)cls;
		a->flags = 0;
		a->bytes = (u16)(bytes < 0xffff ? bytes : 0xffff);
	} else {
		/* a very long walk: fold the rest into the last access */
		a = &ch->c->fw_acc[SIM_FW_ACC - 1];
		a->bytes = (u16)(a->bytes + bytes < 0xffff ? a->bytes + bytes :
							     0xffff);
	}
}

static u8 *emem(struct xnic_sim *s, u32 addr, u32 len)
{
	return sim_tgt_ptr(s, 0, XNIC_MEM_EMEM, addr, len);
}

static u8 *imem(struct xnic_sim *s, u32 addr, u32 len)
{
	return sim_tgt_ptr(s, 0, XNIC_MEM_IMEM, addr, len);
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

static int map_alloc(struct xnic_sim *s, struct sim_map *m, char *err,
		     u32 errlen)
{
	const struct xnic_map_def *d = &m->def;
	u64 bytes;
	u32 i, nb;
	int ret;

	m->stride = sim_round8(d->value_size);
	switch (d->type) {
	case BPF_MAP_TYPE_ARRAY:
		if (d->key_size != 4 || !d->value_size || !d->max_entries)
			goto bad;
		bytes = (u64)m->stride * d->max_entries;
		if (bytes > s->cfg.emem_bytes)
			goto big;
		ret = sim_emem_reserve(s, (u32)bytes, &m->values);
		if (ret)
			goto big;
		return 0;
	case BPF_MAP_TYPE_HASH:
		if (!d->key_size || d->key_size > 512 || !d->value_size ||
		    !d->max_entries || d->max_entries > (1u << 24))
			goto bad;
		m->koff = 8;
		m->voff = 8 + sim_round8(d->key_size);
		m->esize = m->voff + m->stride;
		bytes = (u64)m->esize * d->max_entries;
		if (bytes > s->cfg.emem_bytes)
			goto big;
		for (nb = 1; nb < d->max_entries; nb <<= 1)
			;
		m->nbuckets = nb;
		if (sim_imem_reserve(s, nb * 4, &m->buckets) ||
		    sim_emem_reserve(s, (u32)bytes, &m->entries))
			goto big;
		xnic_memset(imem(s, m->buckets, nb * 4), 0, nb * 4);
		m->free_stack = xnic_zalloc(sizeof(u32) * d->max_entries);
		if (!m->free_stack)
			return -ENOMEM;
		for (i = 0; i < d->max_entries; i++)
			m->free_stack[i] = d->max_entries - 1 - i;
		m->nfree = d->max_entries;
		m->values = m->entries;
		return 0;
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
		return 0;
	default:
		xnic_snprintf(err, errlen,
			      "map '%.32s': type %u not supported by the NIC",
			      d->name, d->type);
		return -EINVAL;
	}
bad:
	xnic_snprintf(err, errlen,
		      "map '%.32s': bad sizes (key %u, value %u, entries %u)",
		      d->name, d->key_size, d->value_size, d->max_entries);
	return -EINVAL;
big:
	xnic_snprintf(err, errlen,
		      "map '%.32s': %u entries of %u bytes do not fit in the "
		      "chip's memory",
		      d->name, d->max_entries, d->value_size);
	return -E2BIG;
}

void sim_maps_free(struct xnic_sim *s)
{
	u32 i;

	for (i = 0; i < s->nmaps; i++)
		xnic_free(s->maps[i].free_stack);
	xnic_memset(s->maps, 0, sizeof(s->maps));
	s->nmaps = 0;
}

int sim_maps_load(struct xnic_sim *s, const struct xnic_image *img, char *err,
		  u32 errlen)
{
	u32 i;
	int ret;

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
	for (i = 0; i < img->map_cnt; i++) {
		struct sim_map *m = &s->maps[i];

		m->def = img->maps[i];
		m->desc = XNIC_ADDR_IMEM + i * SIM_DESC_SIZE;
		s->nmaps = i + 1;
		ret = map_alloc(s, m, err, errlen);
		if (ret)
			return ret;
	}
	/* Descriptors last: EMEM may have moved while growing. */
	for (i = 0; i < s->nmaps; i++)
		write_desc(s, &s->maps[i]);
	return 0;
}

struct sim_map *sim_map_by_desc(struct xnic_sim *s, u32 desc)
{
	u32 off = desc - XNIC_ADDR_IMEM;

	if (desc < XNIC_ADDR_IMEM || off % SIM_DESC_SIZE ||
	    off / SIM_DESC_SIZE >= s->nmaps)
		return NULL;
	return &s->maps[off / SIM_DESC_SIZE];
}

/* A chain pointer read from chip memory: must name an entry of m. */
static u8 *entry_at(struct xnic_sim *s, struct sim_map *m, u32 e)
{
	u32 off = e - m->entries;

	if (e < m->entries || off % m->esize ||
	    off / m->esize >= m->def.max_entries)
		return NULL;
	return emem(s, e, m->esize);
}

static u8 *bucket_at(struct xnic_sim *s, struct sim_map *m, u32 b)
{
	return imem(s, m->buckets + 4 * b, 4);
}

/*
 * Find key in a HASH: returns the entry's address (0 if absent); *prev
 * gets the previous entry (0 = the bucket itself).
 */
static u32 hash_find(struct xnic_sim *s, struct sim_map *m, const u8 *key,
		     u32 *prev, struct sim_charge *ch)
{
	u32 h = sim_hash(key, m->def.key_size), e, n = 0;
	u8 *p;

	*prev = 0;
	sim_charge_access(s, ch, XNIC_MEM_IMEM, XNIC_SIM_LAT_READ, 4);
	e = sim_rd32(bucket_at(s, m, h & (m->nbuckets - 1)));
	while (e && n++ < m->def.max_entries) {
		p = entry_at(s, m, e);
		if (!p)
			return 0;
		sim_charge_access(s, ch, XNIC_MEM_EMEM, XNIC_SIM_LAT_READ,
				  m->koff + m->def.key_size);
		if (sim_rd32(p + 4) == h &&
		    !xnic_memcmp(p + m->koff, key, m->def.key_size))
			return e;
		*prev = e;
		e = sim_rd32(p);
	}
	return 0;
}

int sim_map_lookup_addr(struct xnic_sim *s, struct sim_map *m, const u8 *key,
			u32 *vaddr, struct sim_charge *ch)
{
	u32 idx, prev, e;

	switch (m->def.type) {
	case BPF_MAP_TYPE_ARRAY:
		idx = sim_rd32(key);
		if (idx >= m->def.max_entries)
			return -ENOENT;
		*vaddr = m->values + idx * m->stride;
		return 0;
	case BPF_MAP_TYPE_HASH:
		e = hash_find(s, m, key, &prev, ch);
		if (!e)
			return -ENOENT;
		*vaddr = e + m->voff;
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

int sim_map_update_raw(struct xnic_sim *s, struct sim_map *m, const u8 *key,
		       const u8 *value, u64 flags, struct sim_charge *ch)
{
	u32 idx, prev, e, b;
	u8 *p, *bp;

	if (flags > BPF_EXIST)
		return -EINVAL;
	switch (m->def.type) {
	case BPF_MAP_TYPE_ARRAY:
		idx = sim_rd32(key);
		if (idx >= m->def.max_entries)
			return -E2BIG;
		if (flags == BPF_NOEXIST)
			return -EEXIST;
		p = emem(s, m->values + idx * m->stride, m->def.value_size);
		sim_charge_access(s, ch, XNIC_MEM_EMEM, XNIC_SIM_LAT_WRITE,
				  m->def.value_size);
		xnic_memcpy(p, value, m->def.value_size);
		return 0;
	case BPF_MAP_TYPE_HASH:
		e = hash_find(s, m, key, &prev, ch);
		if (e && flags == BPF_NOEXIST)
			return -EEXIST;
		if (!e && flags == BPF_EXIST)
			return -ENOENT;
		if (e) {
			p = entry_at(s, m, e);
			sim_charge_access(s, ch, XNIC_MEM_EMEM,
					  XNIC_SIM_LAT_WRITE,
					  m->def.value_size);
			xnic_memcpy(p + m->voff, value, m->def.value_size);
			return 0;
		}
		if (!m->nfree)
			return -E2BIG;
		/* free-list pop: one atomic in IMEM */
		sim_charge_access(s, ch, XNIC_MEM_IMEM, XNIC_SIM_LAT_ATOMIC_RET,
				  4);
		idx = m->free_stack[--m->nfree];
		e = m->entries + idx * m->esize;
		p = entry_at(s, m, e);
		b = sim_hash(key, m->def.key_size);
		bp = bucket_at(s, m, b & (m->nbuckets - 1));
		xnic_memset(p, 0, m->esize);
		sim_wr32(p, sim_rd32(bp));
		sim_wr32(p + 4, b);
		xnic_memcpy(p + m->koff, key, m->def.key_size);
		xnic_memcpy(p + m->voff, value, m->def.value_size);
		sim_charge_access(s, ch, XNIC_MEM_EMEM, XNIC_SIM_LAT_WRITE,
				  m->esize);
		sim_wr32(bp, e);
		sim_charge_access(s, ch, XNIC_MEM_IMEM, XNIC_SIM_LAT_WRITE, 4);
		m->count++;
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

int sim_map_delete_raw(struct xnic_sim *s, struct sim_map *m, const u8 *key,
		       struct sim_charge *ch)
{
	u32 prev, e, next;

	switch (m->def.type) {
	case BPF_MAP_TYPE_ARRAY:
		return -EINVAL;
	case BPF_MAP_TYPE_HASH:
		e = hash_find(s, m, key, &prev, ch);
		if (!e)
			return -ENOENT;
		next = sim_rd32(entry_at(s, m, e));
		if (prev) {
			sim_wr32(entry_at(s, m, prev), next);
			sim_charge_access(s, ch, XNIC_MEM_EMEM,
					  XNIC_SIM_LAT_WRITE, 4);
		} else {
			sim_wr32(bucket_at(s, m,
					   sim_hash(key, m->def.key_size) &
						   (m->nbuckets - 1)),
				 next);
			sim_charge_access(s, ch, XNIC_MEM_IMEM,
					  XNIC_SIM_LAT_WRITE, 4);
		}
		sim_charge_access(s, ch, XNIC_MEM_IMEM, XNIC_SIM_LAT_ATOMIC, 4);
		if (m->nfree < m->def.max_entries)
			m->free_stack[m->nfree++] = (e - m->entries) / m->esize;
		m->count--;
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

/* Host API ---------------------------------------------------------- */

static struct sim_map *host_map(struct xnic_sim *s, u32 map)
{
	return map < s->nmaps ? &s->maps[map] : NULL;
}

u32 xnic_sim_map_count(const struct xnic_sim *s)
{
	return s->nmaps;
}

int xnic_sim_map_def(const struct xnic_sim *s, u32 map,
		     struct xnic_map_def *def)
{
	if (map >= s->nmaps)
		return -ENOENT;
	*def = s->maps[map].def;
	return 0;
}

u32 xnic_sim_map_desc_addr(const struct xnic_sim *s, u32 map)
{
	return map < s->nmaps ? s->maps[map].desc : 0;
}

int xnic_sim_map_lookup(struct xnic_sim *s, u32 map, const void *key,
			void *value)
{
	struct sim_map *m = host_map(s, map);
	u32 va;
	int ret;

	if (!m)
		return -ENOENT;
	ret = sim_map_lookup_addr(s, m, key, &va, NULL);
	if (ret)
		return ret;
	xnic_memcpy(value, emem(s, va, m->def.value_size), m->def.value_size);
	return 0;
}

int xnic_sim_map_update(struct xnic_sim *s, u32 map, const void *key,
			const void *value, u64 flags)
{
	struct sim_map *m = host_map(s, map);

	if (!m)
		return -ENOENT;
	return sim_map_update_raw(s, m, key, value, flags, NULL);
}

int xnic_sim_map_delete(struct xnic_sim *s, u32 map, const void *key)
{
	struct sim_map *m = host_map(s, map);

	if (!m)
		return -ENOENT;
	return sim_map_delete_raw(s, m, key, NULL);
}

static int hash_first_from(struct xnic_sim *s, struct sim_map *m, u32 b,
			   void *next)
{
	u8 *p;
	u32 e;

	for (; b < m->nbuckets; b++) {
		e = sim_rd32(bucket_at(s, m, b));
		if (!e)
			continue;
		p = entry_at(s, m, e);
		if (!p)
			return -EFAULT;
		xnic_memcpy(next, p + m->koff, m->def.key_size);
		return 0;
	}
	return -ENOENT;
}

int xnic_sim_map_get_next_key(struct xnic_sim *s, u32 map, const void *key,
			      void *next)
{
	struct sim_map *m = host_map(s, map);
	u32 idx, prev, e, n;
	u8 *p;

	if (!m)
		return -ENOENT;
	switch (m->def.type) {
	case BPF_MAP_TYPE_ARRAY:
		idx = key ? sim_rd32(key) : U32_MAX;
		if (idx >= m->def.max_entries)
			idx = 0;
		else if (idx == m->def.max_entries - 1)
			return -ENOENT;
		else
			idx++;
		sim_wr32(next, idx);
		return 0;
	case BPF_MAP_TYPE_HASH:
		e = key ? hash_find(s, m, key, &prev, NULL) : 0;
		if (!e)
			return hash_first_from(s, m, 0, next);
		p = entry_at(s, m, e);
		n = sim_rd32(p);
		if (n && (p = entry_at(s, m, n))) {
			xnic_memcpy(next, p + m->koff, m->def.key_size);
			return 0;
		}
		return hash_first_from(
			s, m,
			(sim_hash(key, m->def.key_size) & (m->nbuckets - 1)) +
				1,
			next);
	default:
		return -EOPNOTSUPP;
	}
}

/* Perf ring --------------------------------------------------------- */

#define PERF_PAD 0xffffffffu

int sim_perf_push(struct xnic_sim *s, u32 index, const u8 *a, u32 alen,
		  const u8 *b, u32 blen)
{
	u32 need = 8 + sim_round8(alen + blen), waste = 0;
	u8 *p;

	if (s->perf_head + need > s->perf_size)
		waste = s->perf_size - s->perf_head;
	if (need + waste > s->perf_size - s->perf_fill) {
		s->perf_lost++;
		return -ENOSPC;
	}
	if (waste) {
		if (waste >= 4)
			sim_wr32(emem(s, s->perf_base + s->perf_head, 4),
				 PERF_PAD);
		s->perf_fill += waste;
		s->perf_head = 0;
	}
	p = emem(s, s->perf_base + s->perf_head, need);
	sim_wr32(p, alen + blen);
	sim_wr32(p + 4, index);
	if (alen)
		xnic_memcpy(p + 8, a, alen);
	if (blen)
		xnic_memcpy(p + 8 + alen, b, blen);
	s->perf_head += need;
	if (s->perf_head == s->perf_size)
		s->perf_head = 0;
	s->perf_fill += need;
	return 0;
}

int xnic_sim_perf_read(struct xnic_sim *s, void *buf, u32 cap, u32 *index)
{
	u32 len, need;
	u8 *p;

	for (;;) {
		if (!s->perf_fill)
			return -ENOENT;
		if (s->perf_size - s->perf_tail < 8 ||
		    sim_rd32(emem(s, s->perf_base + s->perf_tail, 4)) ==
			    PERF_PAD) {
			s->perf_fill -= s->perf_size - s->perf_tail;
			s->perf_tail = 0;
			continue;
		}
		break;
	}
	p = emem(s, s->perf_base + s->perf_tail, 8);
	len = sim_rd32(p);
	need = 8 + sim_round8(len & 0xffffff);
	/* The ring is chip memory a program can overwrite: check it. */
	if (len > 0xffffff || need > s->perf_fill ||
	    s->perf_tail + need > s->perf_size) {
		s->perf_fill = 0;
		s->perf_head = 0;
		s->perf_tail = 0;
		return -EIO;
	}
	if (index)
		*index = sim_rd32(p + 4);
	xnic_memcpy(buf, p + 8, len < cap ? len : cap);
	s->perf_tail += need;
	if (s->perf_tail >= s->perf_size)
		s->perf_tail = 0;
	s->perf_fill -= need;
	return (int)len;
}

u64 xnic_sim_perf_lost(const struct xnic_sim *s)
{
	return s->perf_lost;
}
