// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulated chip of a NIC (firmware_sim): one per NIC, created and
 * destroyed with it, as a real board carries one chip for its ports.
 * Both ports' programs run on it and the NIC's offloaded maps live in its
 * memory (xnic_maps.c), so programs sharing a map, and bpftool, all see
 * the one copy the chip holds.
 *
 * Locking: nic->chip_lock, a BH-safe spinlock, serialises frame runs (the
 * datapath runs in softirq context or with BHs off) and every call that
 * changes the chip: map create/destroy and element operations, the
 * program of a port, a port's ifindex.  Nothing allocates under it: the
 * whole EMEM window is backed here, at create (xnic_sim_back_memory(), so
 * that xnic_sim_map_create() never grows it), and programs are decoded
 * and relocated by xnic_sim_prog_create() at translate, outside the lock.
 */
#include <linux/percpu.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "xnic.h"
#include "xnic/sim.h"

/*
 * EMEM window of a chip, all backed by host memory at create.  The
 * firmware's fixed areas (perf ring, 8 KiB of packet tail per context)
 * take about 3.3 MiB of it; the rest holds the maps.  16 MiB keeps a NIC
 * at about 22 MiB of host memory, so that the QEMU guest of
 * tests/kernel/run.sh (1 GiB) holds several pairs at once.
 */
#define XNIC_CHIP_EMEM_BYTES (16u << 20)

int xnic_chip_create(struct xnic_nic *nic)
{
	struct xnic_sim_config *cfg;
	char msg[128] = "";
	int err;

	spin_lock_init(&nic->chip_lock);
	cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
	nic->out = __alloc_percpu(XNIC_CHIP_OUT_MAX, 8);
	if (!cfg || !nic->out) {
		kfree(cfg);
		free_percpu(nic->out);
		nic->out = NULL;
		return -ENOMEM;
	}
	xnic_sim_config_default(cfg);
	cfg->emem_bytes = XNIC_CHIP_EMEM_BYTES;
	cfg->ports = XNIC_PORTS;
	err = xnic_sim_create(cfg, &nic->chip, msg, sizeof(msg));
	kfree(cfg);
	if (!err) {
		err = xnic_sim_back_memory(nic->chip);
		if (err)
			snprintf(msg, sizeof(msg), "cannot back EMEM (%d)",
				 err);
	}
	if (err) {
		pr_warn("xnic: cannot create the simulated chip: %s\n", msg);
		xnic_chip_destroy(nic);
		return err;
	}
	return 0;
}

/* The kernel has destroyed every program and map of the NIC by now. */
void xnic_chip_destroy(struct xnic_nic *nic)
{
	xnic_sim_destroy(nic->chip);
	nic->chip = NULL;
	free_percpu(nic->out);
	nic->out = NULL;
}

/*
 * Make the chip run bp on port (NULL: nothing), and the datapath follow.
 * Both change under chip_lock, so a frame sees the old program or the new
 * one, never a port whose chip program and hw_run disagree.  A program of
 * the test mode (offload_without_jit) has no chip program: the port then
 * runs nothing and its frames count as hw_no_image.
 */
void xnic_chip_set_port_prog(struct xnic_port *port, struct xnic_bound_prog *bp)
{
	struct xnic_nic *nic = port->nic;
	int err;

	spin_lock_bh(&nic->chip_lock);
	/*
	 * -ENOENT would mean a map of bp was destroyed, which the kernel
	 * never does while bp can still be attached (bp holds its maps).
	 */
	err = xnic_sim_port_set_prog(nic->chip, port->index,
				     bp ? bp->sim_prog : NULL);
	WARN_ON_ONCE(err);
	rcu_assign_pointer(port->hw_run, bp);
	spin_unlock_bh(&nic->chip_lock);
}

/* The bound program a port of the chip runs, by the chip's own record. */
static struct xnic_bound_prog *xnic_chip_port_bp(struct xnic_nic *nic, u32 port)
{
	struct xnic_sim_prog *sp;
	struct xnic_bound_prog *bp;

	spin_lock_bh(&nic->chip_lock);
	sp = xnic_sim_port_prog(nic->chip, port);
	spin_unlock_bh(&nic->chip_lock);
	if (!sp)
		return NULL;
	list_for_each_entry(bp, &nic->progs, node)
		if (bp->sim_prog == sp)
			return bp;
	return NULL;
}

/*
 * debugfs "chip", under nic->lock (programs cannot come or go): the one
 * chip of this NIC, what each port runs, the chip's counters since create.
 */
void xnic_chip_show(struct seq_file *sf, struct xnic_nic *nic)
{
	const struct xnic_sim_config *cfg = xnic_sim_get_config(nic->chip);
	struct xnic_bound_prog *bp;
	struct xnic_sim_stats *st;
	u32 p, maps;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return;
	spin_lock_bh(&nic->chip_lock);
	xnic_sim_get_stats(nic->chip, st);
	maps = xnic_sim_map_count(nic->chip);
	spin_unlock_bh(&nic->chip_lock);
	seq_printf(sf, "chip nic%d ports %u emem_bytes %u map_ids %u\n",
		   nic->id, cfg->ports, cfg->emem_bytes, maps);
	for (p = 0; p < cfg->ports; p++) {
		bp = xnic_chip_port_bp(nic, p);
		if (bp)
			seq_printf(sf, "port %u prog id %u name %s\n", p,
				   bp->prog->aux->id, bp->xp.name);
		else
			seq_printf(sf, "port %u prog none\n", p);
	}
	seq_printf(sf,
		   "stats packets %llu insns %llu aborted %llu drop %llu "
		   "pass %llu tx %llu redirect %llu faults %llu\n",
		   st->packets, st->insns, st->verdicts[XNIC_SIM_ABORTED],
		   st->verdicts[XNIC_SIM_DROP], st->verdicts[XNIC_SIM_PASS],
		   st->verdicts[XNIC_SIM_TX], st->verdicts[XNIC_SIM_REDIRECT],
		   st->faults);
	kfree(st);
}
