// SPDX-License-Identifier: GPL-2.0-only
/*
 * Offloaded ARRAY and HASH maps (BPF_OFFLOAD_MAP_ALLOC/FREE and
 * bpf_map_dev_ops).
 *
 * STATUS: the store is host memory owned by the driver, preallocated at
 * MAP_ALLOC like a fixed region of chip memory; when firmware_sim lands the
 * same operations move onto the chip's memory and the host store goes.
 *
 * Semantics follow the kernel's own maps, so that bpftool behaves alike:
 * ARRAY elements always exist (update NOEXIST -> EEXIST, delete -> EINVAL);
 * HASH update EXIST on a missing key -> ENOENT, NOEXIST on a present key
 * -> EEXIST, a new key in a full map -> E2BIG; get_next_key with a missing
 * (or no) key starts from the first element.
 *
 * Locking: the map list of a NIC changes under RTNL (the kernel calls
 * MAP_ALLOC/FREE with it held).  Element operations come from syscalls
 * without RTNL and, once the simulator runs programs, from the datapath in
 * softirq context, hence a BH-safe spinlock per map.  Nothing allocates
 * under it: the store is preallocated.
 */
#include <linux/bpf.h>
#include <linux/jhash.h>
#include <linux/log2.h>
#include <linux/rtnetlink.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "xnic.h"
#include "xnic/sim.h"

/* Host memory one offloaded map may take. */
#define XNIC_MAP_MAX_BYTES (64u << 20)
#define XNIC_SLOT_NONE	   U32_MAX

struct xnic_map {
	struct list_head node; /* in nic->maps */
	struct bpf_offloaded_map *offmap;
	spinlock_t lock;
	u32 type, key_size, value_size, max_entries;
	u8 *values; /* max_entries * value_size */
	/* HASH only: slot i holds keys[i], values[i] when used[i]. */
	u8 *keys;
	u8 *used;
	u32 *next; /* bucket chain, or free list for unused slots */
	u32 *buckets;
	u32 bucket_mask;
	u32 free_head;
	u32 count;
	/*
	 * While a program using this map runs in a simulated chip, the
	 * elements live there (map index sim_idx of that chip): every
	 * operation is forwarded under the chip's lock, and the contents come
	 * back to the host store when the program goes (xnic_map_unbind_sim).
	 */
	struct xnic_sim *sim;
	spinlock_t *sim_lock;
	u32 sim_idx;
};

static u8 *xnic_map_value(struct xnic_map *m, u32 slot)
{
	return m->values + (size_t)slot * m->value_size;
}

static u8 *xnic_map_key(struct xnic_map *m, u32 slot)
{
	return m->keys + (size_t)slot * m->key_size;
}

static u32 *xnic_hash_bucket(struct xnic_map *m, const void *key)
{
	return &m->buckets[jhash(key, m->key_size, 0) & m->bucket_mask];
}

/* Slot of key in a HASH map, XNIC_SLOT_NONE if absent.  Under lock. */
static u32 xnic_hash_find(struct xnic_map *m, const void *key)
{
	u32 slot = *xnic_hash_bucket(m, key);

	while (slot != XNIC_SLOT_NONE) {
		if (!memcmp(xnic_map_key(m, slot), key, m->key_size))
			return slot;
		slot = m->next[slot];
	}
	return XNIC_SLOT_NONE;
}

static int xnic_array_index(struct xnic_map *m, const void *key, u32 *idx)
{
	*idx = *(const u32 *)key;
	return *idx < m->max_entries ? 0 : -ENOENT;
}

static int xnic_map_lookup(struct bpf_offloaded_map *offmap, void *key,
			   void *value)
{
	struct xnic_map *m = offmap->dev_priv;
	int err = 0;
	u32 slot;

	spin_lock_bh(&m->lock);
	if (m->sim) {
		spin_lock(m->sim_lock);
		err = xnic_sim_map_lookup(m->sim, m->sim_idx, key, value);
		spin_unlock(m->sim_lock);
		spin_unlock_bh(&m->lock);
		return err;
	}
	if (m->type == BPF_MAP_TYPE_ARRAY) {
		err = xnic_array_index(m, key, &slot);
	} else {
		slot = xnic_hash_find(m, key);
		if (slot == XNIC_SLOT_NONE)
			err = -ENOENT;
	}
	if (!err)
		memcpy(value, xnic_map_value(m, slot), m->value_size);
	spin_unlock_bh(&m->lock);
	return err;
}

static int xnic_hash_update(struct xnic_map *m, void *key, void *value,
			    u64 flags)
{
	u32 slot = xnic_hash_find(m, key);
	u32 *bucket;

	if (slot != XNIC_SLOT_NONE) {
		if (flags == BPF_NOEXIST)
			return -EEXIST;
		memcpy(xnic_map_value(m, slot), value, m->value_size);
		return 0;
	}
	if (flags == BPF_EXIST)
		return -ENOENT;
	if (m->free_head == XNIC_SLOT_NONE)
		return -E2BIG;
	slot = m->free_head;
	m->free_head = m->next[slot];
	memcpy(xnic_map_key(m, slot), key, m->key_size);
	memcpy(xnic_map_value(m, slot), value, m->value_size);
	bucket = xnic_hash_bucket(m, key);
	m->next[slot] = *bucket;
	*bucket = slot;
	m->used[slot] = 1;
	m->count++;
	return 0;
}

static int xnic_map_update(struct bpf_offloaded_map *offmap, void *key,
			   void *value, u64 flags)
{
	struct xnic_map *m = offmap->dev_priv;
	int err;
	u32 idx;

	if (flags > BPF_EXIST)
		return -EINVAL;
	spin_lock_bh(&m->lock);
	if (m->sim) {
		spin_lock(m->sim_lock);
		err = xnic_sim_map_update(m->sim, m->sim_idx, key, value,
					  flags);
		spin_unlock(m->sim_lock);
	} else if (m->type == BPF_MAP_TYPE_ARRAY) {
		err = xnic_array_index(m, key, &idx);
		if (!err && flags == BPF_NOEXIST)
			err = -EEXIST;
		if (!err)
			memcpy(xnic_map_value(m, idx), value, m->value_size);
		/* Out of range is E2BIG for arrays, as in the kernel. */
		if (err == -ENOENT)
			err = -E2BIG;
	} else {
		err = xnic_hash_update(m, key, value, flags);
	}
	spin_unlock_bh(&m->lock);
	return err;
}

static int xnic_map_delete(struct bpf_offloaded_map *offmap, void *key)
{
	struct xnic_map *m = offmap->dev_priv;
	u32 slot, *link;
	int err = -ENOENT;

	if (m->type == BPF_MAP_TYPE_ARRAY)
		return -EINVAL;
	spin_lock_bh(&m->lock);
	if (m->sim) {
		spin_lock(m->sim_lock);
		err = xnic_sim_map_delete(m->sim, m->sim_idx, key);
		spin_unlock(m->sim_lock);
		spin_unlock_bh(&m->lock);
		return err;
	}
	link = xnic_hash_bucket(m, key);
	for (slot = *link; slot != XNIC_SLOT_NONE; slot = *link) {
		if (!memcmp(xnic_map_key(m, slot), key, m->key_size)) {
			*link = m->next[slot];
			m->used[slot] = 0;
			m->next[slot] = m->free_head;
			m->free_head = slot;
			m->count--;
			err = 0;
			break;
		}
		link = &m->next[slot];
	}
	spin_unlock_bh(&m->lock);
	return err;
}

static int xnic_map_get_next_key(struct bpf_offloaded_map *offmap, void *key,
				 void *next_key)
{
	struct xnic_map *m = offmap->dev_priv;
	u32 slot, start = 0;
	int err = -ENOENT;

	spin_lock_bh(&m->lock);
	if (m->sim) {
		spin_lock(m->sim_lock);
		err = xnic_sim_map_get_next_key(m->sim, m->sim_idx, key,
						next_key);
		spin_unlock(m->sim_lock);
		goto out;
	}
	if (m->type == BPF_MAP_TYPE_ARRAY) {
		if (key && *(u32 *)key < m->max_entries)
			start = *(u32 *)key + 1;
		if (start < m->max_entries) {
			*(u32 *)next_key = start;
			err = 0;
		}
		goto out;
	}
	if (key) {
		slot = xnic_hash_find(m, key);
		if (slot != XNIC_SLOT_NONE)
			start = slot + 1;
	}
	for (slot = start; slot < m->max_entries; slot++) {
		if (m->used[slot]) {
			memcpy(next_key, xnic_map_key(m, slot), m->key_size);
			err = 0;
			break;
		}
	}
out:
	spin_unlock_bh(&m->lock);
	return err;
}

static const struct bpf_map_dev_ops xnic_map_dev_ops = {
	.map_get_next_key = xnic_map_get_next_key,
	.map_lookup_elem = xnic_map_lookup,
	.map_update_elem = xnic_map_update,
	.map_delete_elem = xnic_map_delete,
};

static void xnic_map_destroy(struct xnic_map *m)
{
	kvfree(m->values);
	kvfree(m->keys);
	kvfree(m->used);
	kvfree(m->next);
	kvfree(m->buckets);
	kfree(m);
}

/* Checks against the device description shared with verifier_ext. */
static int xnic_map_check(struct xnic_nic *nic, const struct bpf_map *map)
{
	const struct xnic_dev_caps *caps = &nic->caps;
	u64 bytes;

	if (map->map_type >= 64 || !(caps->map_types & BIT_ULL(map->map_type)))
		return -EOPNOTSUPP;
	if (map->map_flags & ~(BPF_F_RDONLY | BPF_F_WRONLY | BPF_F_RDONLY_PROG |
			       BPF_F_WRONLY_PROG))
		return -EOPNOTSUPP;
	if (map->map_type == BPF_MAP_TYPE_ARRAY && map->key_size != 4)
		return -EINVAL;
	if (!map->key_size || !map->value_size || !map->max_entries)
		return -EINVAL;
	if (map->key_size > caps->max_key_size ||
	    map->value_size > caps->max_value_size ||
	    map->max_entries > caps->max_entries)
		return -E2BIG;
	bytes = (u64)map->max_entries *
		(map->key_size + map->value_size + 1 + 2 * sizeof(u32));
	if (bytes > XNIC_MAP_MAX_BYTES)
		return -E2BIG;
	if (nic->map_cnt >= caps->max_maps)
		return -ENOSPC;
	return 0;
}

static int xnic_hash_init(struct xnic_map *m)
{
	u32 i, nb = roundup_pow_of_two(m->max_entries);

	m->keys = kvcalloc(m->max_entries, m->key_size, GFP_KERNEL);
	m->used = kvzalloc(m->max_entries, GFP_KERNEL);
	m->next = kvcalloc(m->max_entries, sizeof(u32), GFP_KERNEL);
	m->buckets = kvcalloc(nb, sizeof(u32), GFP_KERNEL);
	if (!m->keys || !m->used || !m->next || !m->buckets)
		return -ENOMEM;
	m->bucket_mask = nb - 1;
	for (i = 0; i < nb; i++)
		m->buckets[i] = XNIC_SLOT_NONE;
	for (i = 0; i < m->max_entries; i++)
		m->next[i] = i + 1 < m->max_entries ? i + 1 : XNIC_SLOT_NONE;
	m->free_head = 0;
	return 0;
}

static struct xnic_map *xnic_map_find(struct xnic_nic *nic,
				      const struct bpf_map *map)
{
	struct xnic_map *m;

	list_for_each_entry(m, &nic->maps, node)
		if (&m->offmap->map == map)
			return m;
	return NULL;
}

/* Copy the host store into the chip's map (under both locks). */
static int xnic_map_push(struct xnic_map *m, struct xnic_sim *sim, u32 idx)
{
	u32 i;
	int err;

	for (i = 0; i < m->max_entries; i++) {
		if (m->type == BPF_MAP_TYPE_ARRAY)
			err = xnic_sim_map_update(
				sim, idx, &i, xnic_map_value(m, i), BPF_ANY);
		else if (m->used[i])
			err = xnic_sim_map_update(sim, idx, xnic_map_key(m, i),
						  xnic_map_value(m, i),
						  BPF_ANY);
		else
			err = 0;
		if (err)
			return err;
	}
	return 0;
}

/*
 * The elements of map move into map idx of sim, where the program using
 * the map now runs.  A map already bound to another chip cannot follow
 * (-EBUSY): its program then does not run.
 */
int xnic_map_bind_sim(struct xnic_nic *nic, const struct bpf_map *map,
		      struct xnic_sim *sim, spinlock_t *sim_lock, u32 idx)
{
	struct xnic_map *m;
	int err = -ENOENT;

	mutex_lock(&nic->lock);
	m = xnic_map_find(nic, map);
	if (m) {
		spin_lock_bh(&m->lock);
		spin_lock(sim_lock);
		err = m->sim ? -EBUSY : xnic_map_push(m, sim, idx);
		if (!err) {
			m->sim = sim;
			m->sim_lock = sim_lock;
			m->sim_idx = idx;
		}
		spin_unlock(sim_lock);
		spin_unlock_bh(&m->lock);
	}
	mutex_unlock(&nic->lock);
	return err;
}

/* Copy the chip's map back into the (emptied) host store. */
static void xnic_map_pull(struct xnic_map *m, u8 *key, u8 *next)
{
	u32 i;
	bool first = true;

	if (m->type == BPF_MAP_TYPE_ARRAY) {
		for (i = 0; i < m->max_entries; i++)
			if (xnic_sim_map_lookup(m->sim, m->sim_idx, &i,
						xnic_map_value(m, i)))
				memset(xnic_map_value(m, i), 0, m->value_size);
		return;
	}
	for (i = 0; i <= m->bucket_mask; i++)
		m->buckets[i] = XNIC_SLOT_NONE;
	for (i = 0; i < m->max_entries; i++) {
		m->used[i] = 0;
		m->next[i] = i + 1 < m->max_entries ? i + 1 : XNIC_SLOT_NONE;
	}
	m->free_head = 0;
	m->count = 0;
	while (!xnic_sim_map_get_next_key(m->sim, m->sim_idx,
					  first ? NULL : key, next)) {
		first = false;
		memcpy(key, next, m->key_size);
		if (xnic_sim_map_lookup(m->sim, m->sim_idx, key, next + 64))
			continue;
		xnic_hash_update(m, key, next + 64, BPF_NOEXIST);
	}
}

/* The program running in sim goes: its maps come back to the host. */
void xnic_map_unbind_sim(struct xnic_nic *nic, struct xnic_sim *sim)
{
	struct xnic_map *m;
	u8 *buf;

	/* key, next key (<= 64 bytes each by caps) and a value. */
	buf = kmalloc(128 + 1024, GFP_KERNEL);
	mutex_lock(&nic->lock);
	list_for_each_entry(m, &nic->maps, node) {
		if (m->sim != sim)
			continue;
		spin_lock_bh(&m->lock);
		spin_lock(m->sim_lock);
		if (buf)
			xnic_map_pull(m, buf, buf + 64);
		spin_unlock(m->sim_lock);
		m->sim = NULL;
		m->sim_lock = NULL;
		spin_unlock_bh(&m->lock);
	}
	mutex_unlock(&nic->lock);
	kfree(buf);
}

/* debugfs "maps": one line per map, under nic->lock. */
void xnic_map_show(struct seq_file *sf, struct xnic_nic *nic)
{
	struct xnic_map *m;
	u32 count;

	list_for_each_entry(m, &nic->maps, node) {
		spin_lock_bh(&m->lock);
		count = m->type == BPF_MAP_TYPE_ARRAY ? m->max_entries :
							m->count;
		spin_unlock_bh(&m->lock);
		seq_printf(sf,
			   "id %u name %s type %u key %u value %u max_entries "
			   "%u elements %u\n",
			   m->offmap->map.id, m->offmap->map.name, m->type,
			   m->key_size, m->value_size, m->max_entries, count);
	}
}

int xnic_map_alloc(struct xnic_nic *nic, struct bpf_offloaded_map *offmap)
{
	struct bpf_map *map = &offmap->map;
	struct xnic_map *m;
	int err;

	ASSERT_RTNL();
	err = xnic_map_check(nic, map);
	if (err)
		return err;
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	spin_lock_init(&m->lock);
	m->offmap = offmap;
	m->type = map->map_type;
	m->key_size = map->key_size;
	m->value_size = map->value_size;
	m->max_entries = map->max_entries;
	m->values = kvcalloc(m->max_entries, m->value_size, GFP_KERNEL);
	err = m->values ? 0 : -ENOMEM;
	if (!err && m->type == BPF_MAP_TYPE_HASH)
		err = xnic_hash_init(m);
	if (err) {
		xnic_map_destroy(m);
		return err;
	}
	offmap->dev_ops = &xnic_map_dev_ops;
	offmap->dev_priv = m;
	mutex_lock(&nic->lock);
	list_add_tail(&m->node, &nic->maps);
	nic->map_cnt++;
	mutex_unlock(&nic->lock);
	xnic_obj_count(XNIC_OBJ_MAP, 1);
	return 0;
}

void xnic_map_free(struct xnic_nic *nic, struct bpf_offloaded_map *offmap)
{
	struct xnic_map *m = offmap->dev_priv;

	ASSERT_RTNL();
	mutex_lock(&nic->lock);
	list_del(&m->node);
	nic->map_cnt--;
	mutex_unlock(&nic->lock);
	offmap->dev_priv = NULL;
	xnic_map_destroy(m);
	xnic_obj_count(XNIC_OBJ_MAP, -1);
}
