// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The firmware's map code, shared by the fwcall routines (which pass a
 * charge so every access is timed) and the host API (no charge).  Layout
 * (docs/abi.md, docs/simulator.md; placement: sim_map_life.c):
 *  - descriptors: 32 bytes each at the start of IMEM, slot = map id;
 *  - ARRAY: max_entries values of stride round8(value_size) in EMEM;
 *  - HASH: a power-of-two bucket array of u32 chip addresses in IMEM,
 *    chained entries {u32 next, u32 hash, key (8-aligned), value} in
 *    EMEM, preallocated; after them the firmware-private free list, a
 *    stack of u32 entry indices (its depth, nfree, is firmware state).
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

struct sim_map *sim_map_by_desc(struct xnic_sim *s, u32 desc)
{
	u32 off = desc - XNIC_ADDR_IMEM;
	struct sim_map *m;

	if (desc < XNIC_ADDR_IMEM || off % SIM_DESC_SIZE ||
	    off / SIM_DESC_SIZE >= SIM_MAX_MAPS)
		return NULL;
	m = &s->maps[off / SIM_DESC_SIZE];
	return m->used ? m : NULL;
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
		/*
		 * free-list pop: one atomic in IMEM (the timing model's
		 * cost; the stack itself lies in EMEM after the entries)
		 */
		sim_charge_access(s, ch, XNIC_MEM_IMEM, XNIC_SIM_LAT_ATOMIC_RET,
				  4);
		idx = sim_rd32(emem(s, m->flist + 4 * (m->nfree - 1), 4));
		e = m->entries + idx * m->esize;
		/* a program may have scribbled over the stack */
		p = idx < m->def.max_entries ? entry_at(s, m, e) : NULL;
		if (!p)
			return -E2BIG;
		m->nfree--;
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
			sim_wr32(emem(s, m->flist + 4 * m->nfree++, 4),
				 (e - m->entries) / m->esize);
		m->count--;
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

/* Host API ---------------------------------------------------------- */

static struct sim_map *host_map(struct xnic_sim *s, u32 map)
{
	return map < SIM_MAX_MAPS && s->maps[map].used ? &s->maps[map] : NULL;
}

u32 xnic_sim_map_count(const struct xnic_sim *s)
{
	return s->nmaps;
}

int xnic_sim_map_def(const struct xnic_sim *s, u32 map,
		     struct xnic_map_def *def)
{
	if (map >= SIM_MAX_MAPS || !s->maps[map].used)
		return -ENOENT;
	*def = s->maps[map].def;
	return 0;
}

u32 xnic_sim_map_desc_addr(const struct xnic_sim *s, u32 map)
{
	return map < SIM_MAX_MAPS && s->maps[map].used ? s->maps[map].desc : 0;
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
