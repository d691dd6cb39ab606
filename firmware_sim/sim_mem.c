// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Chip memories: bounds-checked translation of chip addresses to the
 * simulator's buffers, the FIFO timing model of each memory unit
 * (docs/timing.md "Memory commands"), the backing of EMEM and the
 * create-time placement of its fixed areas (maps: sim_heap.c).  Every simulated access goes through sim_tgt_ptr() or
 * sim_ptr(), which return NULL for anything outside a backed memory: no
 * microcode can reach host memory.
 */
#include "sim_internal.h"

static const u32 win_base[XNIC_MEM_COUNT] = {
	[XNIC_MEM_CLS] = XNIC_ADDR_CLS,
	[XNIC_MEM_CTM] = XNIC_ADDR_CTM,
	[XNIC_MEM_IMEM] = XNIC_ADDR_IMEM,
	[XNIC_MEM_EMEM] = XNIC_ADDR_EMEM,
};

static u8 *window(u8 *base, u32 size, u32 win, u32 addr, u32 len)
{
	u32 off;

	if (!base || addr < win)
		return NULL;
	off = addr - win;
	if (off > size || len > size - off)
		return NULL;
	return base + off;
}

u8 *sim_tgt_ptr(struct xnic_sim *s, u32 island, u32 tgt, u32 addr, u32 len)
{
	switch (tgt) {
	case XNIC_MEM_CLS:
		return window(s->cls[island], s->cfg.cls_bytes, XNIC_ADDR_CLS,
			      addr, len);
	case XNIC_MEM_CTM:
		return window(s->ctm[island], s->cfg.ctm_bytes, XNIC_ADDR_CTM,
			      addr, len);
	case XNIC_MEM_IMEM:
		return window(s->imem, s->cfg.imem_bytes, XNIC_ADDR_IMEM, addr,
			      len);
	case XNIC_MEM_EMEM:
		/* Only the part the firmware allocated is backed. */
		return window(s->emem, s->emem_backed, XNIC_ADDR_EMEM, addr,
			      len);
	default:
		return NULL;
	}
}

/*
 * Any chip address (firmware routines get pointers of every kind): the
 * window is chosen by the address; LM is the calling ME's.  *unit gets
 * the memory unit (-1 for LM, which costs no command).
 */
u8 *sim_ptr(struct xnic_sim *s, struct sim_me *me, u32 addr, u32 len, int *unit)
{
	u32 t;

	if (addr < XNIC_ADDR_CLS) {
		*unit = -1;
		return me ? window(me->lm, s->cfg.lm_bytes, 0, addr, len) :
			    NULL;
	}
	for (t = XNIC_MEM_COUNT; t-- > 0;) {
		if (addr >= win_base[t]) {
			*unit = (int)t;
			return sim_tgt_ptr(s, me ? me->island : 0, t, addr,
					   len);
		}
	}
	return NULL;
}

struct sim_unit *sim_unit_of(struct xnic_sim *s, u32 island, u32 tgt)
{
	switch (tgt) {
	case XNIC_MEM_CLS:
		return &s->u_cls[island];
	case XNIC_MEM_CTM:
		return &s->u_ctm[island];
	case XNIC_MEM_IMEM:
		return &s->u_imem;
	default:
		return &s->u_emem;
	}
}

/*
 * Book one command of class cls and bytes on a unit, issued at t; returns
 * its completion time.  FIFO server: it starts when the unit is free.
 */
u64 sim_mem_book(struct xnic_sim *s, u32 island, u32 tgt, u32 cls, u32 bytes,
		 u64 t)
{
	struct sim_unit *u = sim_unit_of(s, island, tgt);
	u64 start = t > u->free ? t : u->free;
	u32 extra = bytes ? (bytes - 1) : 0;
	u32 svc = s->cfg.svc[tgt] + extra / s->cfg.svc_bytes;

	u->free = start + svc;
	u->cmds++;
	u->busy += svc;
	s->stats.units[tgt].cmds++;
	s->stats.units[tgt].busy += svc;
	return start + s->cfg.lat[tgt][cls] + extra / 8;
}

/*
 * Grow the backed part of EMEM to at least need bytes (map creation and
 * raw runs only, never while a program runs: pointers into EMEM move).
 */
int sim_emem_back(struct xnic_sim *s, u32 need)
{
	u32 size = s->emem_backed ? s->emem_backed : 65536;
	u8 *p;

	if (need <= s->emem_backed)
		return 0;
	while (size < need)
		size = size > s->cfg.emem_bytes / 2 ? s->cfg.emem_bytes :
						      size * 2;
	if (size < need)
		return -E2BIG;
	p = xnic_zalloc(size);
	if (!p)
		return -ENOMEM;
	if (s->emem) {
		xnic_memcpy(p, s->emem, s->emem_backed);
		xnic_free(s->emem);
	}
	s->emem = p;
	s->emem_backed = size;
	return 0;
}

/* The fixed EMEM areas (perf ring, tails), placed once at create. */
int sim_emem_reserve(struct xnic_sim *s, u32 bytes, u32 *addr)
{
	u32 off = sim_round8(s->emem_used);
	int ret;

	if (bytes > s->cfg.emem_bytes || off > s->cfg.emem_bytes - bytes)
		return -E2BIG;
	ret = sim_emem_back(s, off + bytes);
	if (ret)
		return ret;
	s->emem_used = off + bytes;
	*addr = XNIC_ADDR_EMEM + off;
	return 0;
}

int xnic_sim_back_memory(struct xnic_sim *s)
{
	return sim_emem_back(s, s->cfg.emem_bytes);
}

int xnic_sim_mem_read(struct xnic_sim *s, u32 addr, void *buf, u32 len)
{
	int unit;
	u8 *p = sim_ptr(s, &s->mes[0], addr, len, &unit);

	if (!p)
		return -EFAULT;
	xnic_memcpy(buf, p, len);
	return 0;
}

int xnic_sim_mem_write(struct xnic_sim *s, u32 addr, const void *buf, u32 len)
{
	int unit;
	u8 *p = sim_ptr(s, &s->mes[0], addr, len, &unit);

	if (!p)
		return -EFAULT;
	xnic_memcpy(p, buf, len);
	return 0;
}
