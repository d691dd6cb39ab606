// SPDX-License-Identifier: GPL-2.0-only
/*
 * Offloaded ARRAY and HASH maps (BPF_OFFLOAD_MAP_ALLOC/FREE and
 * bpf_map_dev_ops).
 *
 * STATUS: the elements live in the NIC's simulated chip (xnic_chip.c):
 * MAP_ALLOC places the map in chip memory (xnic_sim_map_create()), every
 * bpftool operation is forwarded to the chip's map calls, and the
 * programs of both ports use that same copy.  The driver keeps only the
 * chip's id of each map.
 *
 * Semantics are the kernel's, from the chip's map calls, so that bpftool
 * behaves alike: ARRAY elements always exist (update NOEXIST -> EEXIST,
 * an index out of range -> E2BIG, delete -> EINVAL); HASH update EXIST on
 * a missing key -> ENOENT, NOEXIST on a present key -> EEXIST, a new key
 * in a full map -> E2BIG; get_next_key with a missing (or no) key starts
 * from the first element.
 *
 * Locking: the map list of a NIC and the chip's map table change under
 * RTNL (the kernel calls MAP_ALLOC/FREE with it held) and nic->lock.
 * Element operations come from syscalls without RTNL and race with the
 * datapath's runs on the chip: they take nic->chip_lock, under which
 * nothing allocates (the chip's memory is backed in full at create).
 */
#include <linux/bpf.h>
#include <linux/rtnetlink.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "xnic.h"
#include "xnic/sim.h"

struct xnic_map {
	struct list_head node; /* in nic->maps */
	struct bpf_offloaded_map *offmap;
	struct xnic_nic *nic;
	struct xnic_map_def def;
	u32 chip_id; /* the map's id in nic->chip */
};

static int xnic_map_lookup(struct bpf_offloaded_map *offmap, void *key,
			   void *value)
{
	struct xnic_map *m = offmap->dev_priv;
	int err;

	spin_lock_bh(&m->nic->chip_lock);
	err = xnic_sim_map_lookup(m->nic->chip, m->chip_id, key, value);
	spin_unlock_bh(&m->nic->chip_lock);
	return err;
}

static int xnic_map_update(struct bpf_offloaded_map *offmap, void *key,
			   void *value, u64 flags)
{
	struct xnic_map *m = offmap->dev_priv;
	int err;

	spin_lock_bh(&m->nic->chip_lock);
	err = xnic_sim_map_update(m->nic->chip, m->chip_id, key, value,
				  flags);
	spin_unlock_bh(&m->nic->chip_lock);
	return err;
}

static int xnic_map_delete(struct bpf_offloaded_map *offmap, void *key)
{
	struct xnic_map *m = offmap->dev_priv;
	int err;

	spin_lock_bh(&m->nic->chip_lock);
	err = xnic_sim_map_delete(m->nic->chip, m->chip_id, key);
	spin_unlock_bh(&m->nic->chip_lock);
	return err;
}

static int xnic_map_get_next_key(struct bpf_offloaded_map *offmap, void *key,
				 void *next_key)
{
	struct xnic_map *m = offmap->dev_priv;
	int err;

	spin_lock_bh(&m->nic->chip_lock);
	err = xnic_sim_map_get_next_key(m->nic->chip, m->chip_id, key,
					next_key);
	spin_unlock_bh(&m->nic->chip_lock);
	return err;
}

static const struct bpf_map_dev_ops xnic_map_dev_ops = {
	.map_get_next_key = xnic_map_get_next_key,
	.map_lookup_elem = xnic_map_lookup,
	.map_update_elem = xnic_map_update,
	.map_delete_elem = xnic_map_delete,
};

/* Checks against the device description shared with verifier_ext. */
static int xnic_map_check(struct xnic_nic *nic, const struct bpf_map *map)
{
	const struct xnic_dev_caps *caps = &nic->caps;

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
	/* Whether it fits the chip's memory is the chip's answer. */
	if (nic->map_cnt >= caps->max_maps)
		return -ENOSPC;
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

/*
 * The chip id of an offloaded map of nic, for relocating a program
 * against it; -ENOENT for a map the kernel did not offload to nic (an
 * offload-neutral one).  Under nic->lock.
 */
int xnic_map_chip_id(struct xnic_nic *nic, const struct bpf_map *map,
		     u32 *id)
{
	struct xnic_map *m;

	lockdep_assert_held(&nic->lock);
	m = xnic_map_find(nic, map);
	if (!m)
		return -ENOENT;
	*id = m->chip_id;
	return 0;
}

/*
 * Elements of a map, walked on the chip one key at a time (chip_lock is
 * dropped between keys: a large HASH must not hold off the datapath).
 * A HASH changing meanwhile gives an approximate count.
 */
static u32 xnic_map_elements(struct xnic_map *m)
{
	u8 key[64], next[64]; /* caps.max_key_size */
	u32 n = 0;
	int err;

	if (m->def.type == BPF_MAP_TYPE_ARRAY)
		return m->def.max_entries;
	if (m->def.key_size > sizeof(key))
		return 0;
	do {
		spin_lock_bh(&m->nic->chip_lock);
		err = xnic_sim_map_get_next_key(m->nic->chip, m->chip_id,
						n ? key : NULL, next);
		spin_unlock_bh(&m->nic->chip_lock);
		if (!err) {
			memcpy(key, next, m->def.key_size);
			n++;
		}
		cond_resched();
	} while (!err && n < m->def.max_entries);
	return n;
}

/* debugfs "maps": one line per map, under nic->lock. */
void xnic_map_show(struct seq_file *sf, struct xnic_nic *nic)
{
	struct xnic_map *m;

	list_for_each_entry(m, &nic->maps, node)
		seq_printf(sf,
			   "id %u name %s type %u key %u value %u max_entries "
			   "%u elements %u chip_map %u\n",
			   m->offmap->map.id, m->offmap->map.name, m->def.type,
			   m->def.key_size, m->def.value_size,
			   m->def.max_entries, xnic_map_elements(m),
			   m->chip_id);
}

/*
 * The map takes its place in chip memory, zeroed; the chip refuses one
 * that does not fit (-E2BIG, -ENOMEM) like the kernel refuses a map too
 * large for its memory.
 */
int xnic_map_alloc(struct xnic_nic *nic, struct bpf_offloaded_map *offmap)
{
	struct bpf_map *map = &offmap->map;
	char msg[128] = "";
	struct xnic_map *m;
	int err;

	ASSERT_RTNL();
	err = xnic_map_check(nic, map);
	if (err)
		return err;
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	m->offmap = offmap;
	m->nic = nic;
	strscpy(m->def.name, map->name, sizeof(m->def.name));
	m->def.type = map->map_type;
	m->def.key_size = map->key_size;
	m->def.value_size = map->value_size;
	m->def.max_entries = map->max_entries;
	m->def.flags = map->map_flags;

	mutex_lock(&nic->lock);
	spin_lock_bh(&nic->chip_lock);
	err = xnic_sim_map_create(nic->chip, &m->def, &m->chip_id, msg,
				  sizeof(msg));
	spin_unlock_bh(&nic->chip_lock);
	if (!err) {
		list_add_tail(&m->node, &nic->maps);
		nic->map_cnt++;
	}
	mutex_unlock(&nic->lock);
	if (err) {
		pr_debug("xnic: map '%s' not offloaded: %s\n", map->name, msg);
		kfree(m);
		return err;
	}
	offmap->dev_ops = &xnic_map_dev_ops;
	offmap->dev_priv = m;
	xnic_obj_count(XNIC_OBJ_MAP, 1);
	return 0;
}

/*
 * The chip frees the map's memory.  A program still using it (only while
 * the kernel frees a program, which drops its maps before it destroys
 * the program) is detached from every port by the chip and never runs
 * again; its chip program keeps only the id.
 */
void xnic_map_free(struct xnic_nic *nic, struct bpf_offloaded_map *offmap)
{
	struct xnic_map *m = offmap->dev_priv;

	ASSERT_RTNL();
	mutex_lock(&nic->lock);
	list_del(&m->node);
	nic->map_cnt--;
	spin_lock_bh(&nic->chip_lock);
	xnic_sim_map_destroy(nic->chip, m->chip_id);
	spin_unlock_bh(&nic->chip_lock);
	mutex_unlock(&nic->lock);
	offmap->dev_priv = NULL;
	kfree(m);
	xnic_obj_count(XNIC_OBJ_MAP, -1);
}
