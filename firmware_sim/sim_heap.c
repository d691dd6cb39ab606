// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Chip memory for maps (and the raw-run area): maps come and go at any
 * time on a chip the driver shares between programs, so their memory
 * must be freed and reused, and creating one must not allocate host
 * memory (the driver calls it under a spinlock).  Each region (EMEM above
 * the fixed perf ring and tails, IMEM above the descriptor area) is a
 * first-fit allocator over a sorted fixed array of the extents in use.
 * A map holds at most one extent of each, so SIM_MAX_EXTENTS entries
 * always suffice; first fit from the bottom over an empty region places
 * extents exactly where the former bump allocator did, so the addresses
 * xnic_sim_load() gives maps are unchanged.
 */
#include "sim_internal.h"

void sim_heap_init(struct sim_heap *h, u32 base, u32 end)
{
	xnic_memset(h, 0, sizeof(*h));
	h->base = base;
	h->end = end;
	h->hi = base;
}

/* -E2BIG: no hole is large enough (or the extent table is full). */
int sim_heap_alloc(struct sim_heap *h, u32 bytes, u32 *off)
{
	u32 at = sim_round8(h->base), i, j;

	if (!bytes || h->n >= SIM_MAX_EXTENTS)
		return -E2BIG;
	for (i = 0; i < h->n; i++) {
		if (h->ext[i].off >= at && h->ext[i].off - at >= bytes)
			break;
		at = sim_round8(h->ext[i].off + h->ext[i].len);
	}
	if (at > h->end || h->end - at < bytes)
		return -E2BIG;
	for (j = h->n; j > i; j--)
		h->ext[j] = h->ext[j - 1];
	h->ext[i].off = at;
	h->ext[i].len = bytes;
	h->n++;
	if (at + bytes > h->hi)
		h->hi = at + bytes;
	*off = at;
	return 0;
}

/* Free the extent starting at off (a no-op for an unknown offset). */
void sim_heap_free(struct sim_heap *h, u32 off)
{
	u32 lo = 0, hi = h->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (h->ext[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= h->n || h->ext[lo].off != off)
		return;
	for (; lo + 1 < h->n; lo++)
		h->ext[lo] = h->ext[lo + 1];
	h->n--;
}

/* EMEM: the backing grows as extents need it (until back_memory). */
int sim_emem_alloc(struct xnic_sim *s, u32 bytes, u32 *addr)
{
	u32 off;
	int ret = sim_heap_alloc(&s->emem_heap, bytes, &off);

	if (ret)
		return ret;
	ret = sim_emem_back(s, off + bytes);
	if (ret) {
		sim_heap_free(&s->emem_heap, off);
		return ret;
	}
	*addr = XNIC_ADDR_EMEM + off;
	return 0;
}

int sim_imem_alloc(struct xnic_sim *s, u32 bytes, u32 *addr)
{
	u32 off;
	int ret = sim_heap_alloc(&s->imem_heap, bytes, &off);

	if (ret)
		return ret;
	*addr = XNIC_ADDR_IMEM + off;
	return 0;
}

void sim_emem_free(struct xnic_sim *s, u32 addr)
{
	sim_heap_free(&s->emem_heap, addr - XNIC_ADDR_EMEM);
}

void sim_imem_free(struct xnic_sim *s, u32 addr)
{
	sim_heap_free(&s->imem_heap, addr - XNIC_ADDR_IMEM);
}
