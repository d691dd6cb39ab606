// SPDX-License-Identifier: GPL-2.0-only
/*
 * /sys/kernel/debug/xnic/objects: live NICs, bound programs and maps.
 * /sys/kernel/debug/xnic/nic<N>/: what the driver holds for each NIC.
 *   progs  every bound program: state, the snapshot the core gets
 *          ("core N:" lines, map references rewritten to indices) and the
 *          kernel's optimised view of it ("kern N:" lines, removed
 *          instructions as "ja +0")
 *   maps   every offloaded map: its definition, its element count and
 *          its id in the chip's memory ("chip_map")
 *   chip   the NIC's one simulated chip: what each port runs (program
 *          id and name, or none) and the chip's counters since create
 *   caps   the device description shared with verifier_ext
 */
#include <linux/debugfs.h>
#include <linux/idr.h>
#include <linux/seq_file.h>

#include "xnic.h"

static struct dentry *xnic_debugfs_root;
static DEFINE_IDA(xnic_nic_ida);
static atomic_t xnic_live[XNIC_OBJ_NUM];

void xnic_obj_count(enum xnic_obj_kind kind, int delta)
{
	atomic_add(delta, &xnic_live[kind]);
}

/* "objects": NICs, bound programs and maps alive in the module. */
static int xnic_objects_show(struct seq_file *sf, void *unused)
{
	seq_printf(sf, "nics %d progs %d maps %d\n",
		   atomic_read(&xnic_live[XNIC_OBJ_NIC]),
		   atomic_read(&xnic_live[XNIC_OBJ_PROG]),
		   atomic_read(&xnic_live[XNIC_OBJ_MAP]));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(xnic_objects);

static const char *const xnic_state_names[] = {
	[XNIC_PROG_PREPARED] = "prepared",
	[XNIC_PROG_VERIFIED] = "verified",
	[XNIC_PROG_TRANSLATED] = "translated",
};

static void xnic_prog_show_one(struct seq_file *sf,
			       const struct xnic_bound_prog *bp)
{
	const struct bpf_insn *in;
	u32 i;

	seq_printf(sf,
		   "prog id %u name %s type %s state %s insns %u live %u maps "
		   "%u lines %u image %u\n",
		   bp->prog->aux->id, bp->xp.name,
		   bp->xp.type == XNIC_PROG_TC ? "tc" : "xdp",
		   xnic_state_names[bp->state], bp->xp.insn_cnt, bp->live_cnt,
		   bp->xp.map_cnt, bp->xp.line_cnt, bp->image_len);
	for (i = 0; i < bp->xp.map_cnt; i++)
		seq_printf(
			sf,
			"  map %u: %s type %u key %u value %u max_entries %u\n",
			i, bp->map_defs[i].name, bp->map_defs[i].type,
			bp->map_defs[i].key_size, bp->map_defs[i].value_size,
			bp->map_defs[i].max_entries);
	for (i = 0; i < bp->xp.insn_cnt; i++) {
		in = &bp->insns[i];
		seq_printf(sf,
			   "  core %u: code %02x dst %u src %u off %d imm %d\n",
			   i, in->code, in->dst_reg, in->src_reg, in->off,
			   in->imm);
	}
	for (i = 0; i < bp->xp.insn_cnt; i++) {
		in = &bp->kinsns[i];
		seq_printf(sf,
			   "  kern %u: code %02x dst %u src %u off %d imm %d\n",
			   i, in->code, in->dst_reg, in->src_reg, in->off,
			   in->imm);
	}
}

static int xnic_progs_show(struct seq_file *sf, void *unused)
{
	struct xnic_nic *nic = sf->private;
	struct xnic_bound_prog *bp;

	mutex_lock(&nic->lock);
	list_for_each_entry(bp, &nic->progs, node)
		xnic_prog_show_one(sf, bp);
	mutex_unlock(&nic->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(xnic_progs);

static int xnic_maps_show(struct seq_file *sf, void *unused)
{
	struct xnic_nic *nic = sf->private;

	mutex_lock(&nic->lock);
	xnic_map_show(sf, nic);
	mutex_unlock(&nic->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(xnic_maps);

static int xnic_chip_file_show(struct seq_file *sf, void *unused)
{
	struct xnic_nic *nic = sf->private;

	mutex_lock(&nic->lock);
	xnic_chip_show(sf, nic);
	mutex_unlock(&nic->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(xnic_chip_file);

static int xnic_caps_show(struct seq_file *sf, void *unused)
{
	const struct xnic_dev_caps *c = &((struct xnic_nic *)sf->private)->caps;

	seq_printf(sf,
		   "code_words %u\nstack_size %u\npkt_window %u\nheadroom %u\n"
		   "max_maps %u\nmax_key_size %u\nmax_value_size %u\n"
		   "max_entries %u\nmap_types %#llx\n"
		   "helpers %#llx %#llx %#llx %#llx\n",
		   c->code_words, c->stack_size, c->pkt_window, c->headroom,
		   c->max_maps, c->max_key_size, c->max_value_size,
		   c->max_entries, c->map_types, c->helpers[0], c->helpers[1],
		   c->helpers[2], c->helpers[3]);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(xnic_caps);

void xnic_debugfs_init(void)
{
	xnic_debugfs_root = debugfs_create_dir(XNIC_DRV_NAME, NULL);
	debugfs_create_file("objects", 0400, xnic_debugfs_root, NULL,
			    &xnic_objects_fops);
}

void xnic_debugfs_exit(void)
{
	debugfs_remove_recursive(xnic_debugfs_root);
	ida_destroy(&xnic_nic_ida);
}

/* debugfs is best effort: a NIC works without its directory. */
void xnic_debugfs_nic_add(struct xnic_nic *nic)
{
	char name[16];

	nic->id = ida_alloc(&xnic_nic_ida, GFP_KERNEL);
	if (nic->id < 0)
		return;
	snprintf(name, sizeof(name), "nic%d", nic->id);
	nic->debugfs = debugfs_create_dir(name, xnic_debugfs_root);
	debugfs_create_file("progs", 0400, nic->debugfs, nic, &xnic_progs_fops);
	debugfs_create_file("maps", 0400, nic->debugfs, nic, &xnic_maps_fops);
	debugfs_create_file("chip", 0400, nic->debugfs, nic,
			    &xnic_chip_file_fops);
	debugfs_create_file("caps", 0400, nic->debugfs, nic, &xnic_caps_fops);
}

void xnic_debugfs_nic_del(struct xnic_nic *nic)
{
	debugfs_remove_recursive(nic->debugfs);
	if (nic->id >= 0)
		ida_free(&xnic_nic_ida, nic->id);
}
