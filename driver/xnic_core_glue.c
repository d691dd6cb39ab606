// SPDX-License-Identifier: GPL-2.0-only
/*
 * The seams between the driver and the xnic core (verifier_ext/, jit/,
 * firmware_sim/).  Everything the driver needs from the core goes through
 * the seam functions below (numbered 0 to 5), so plugging the core in is a
 * change to this file (and xnic_crosscheck.c) only.
 *
 * STATUS: the core runs by default.  verifier_ext's xnic_verify()
 * analyses the snapshot at prepare (its errors go to the verifier log),
 * insn_hook cross-checks the kernel's register kinds against its
 * metadata, and xnic_jit_compile() builds the image whose code words the
 * kernel reports as the jited image; the image is loaded into the NIC's
 * simulated chip (xnic_chip.c) next to the other programs, relocated
 * against the chip maps that hold the kernel's offloaded maps
 * (xnic_maps.c), and xnic_nic_run_frame() runs every frame arriving on a
 * port through the program the chip runs there.
 *
 * offload_without_jit=1 (TEST ONLY) bypasses the core instead: programs
 * pass with an empty image and never run, so that the offload plumbing
 * (XDP_SETUP_PROG_HW, TC block callbacks, refusals, teardown) can be
 * exercised with programs the device could not run, and quickly.
 * A frame that reaches an offloaded program of the test mode passes
 * untouched and counts as hw_no_image.
 */
#include <linux/bpf_verifier.h>
#include <linux/etherdevice.h>
#include <linux/module.h>

#include "xnic.h"
#include "xnic/jit.h"
#include "xnic/sim.h"
#include "xnic/verifier.h"

bool xnic_offload_without_jit;
module_param_named(offload_without_jit, xnic_offload_without_jit, bool, 0644);
MODULE_PARM_DESC(
	offload_without_jit,
	"TEST ONLY: bypass the verifier, JIT and simulator; bound programs "
	"are accepted without an image and never run");

/* Room for the core's messages; one verifier-log line per message line. */
#define XNIC_DIAG_SIZE	 4096

/* What the core keeps for a bound program between prepare and destroy. */
struct xnic_core_prog {
	struct xnic_prog_meta meta;
	int err;    /* xnic_verify()'s verdict */
	char *diag; /* its messages, until they reach the verifier log */
	/*
	 * Chip maps made for this program alone: the maps it uses that the
	 * kernel did not offload (PERF_EVENT_ARRAY, offload-neutral), whose
	 * ring the chip keeps itself.  Destroyed with the program.
	 */
	u32 own_maps[MAX_USED_MAPS];
	u32 own_cnt;
};

/* The kernel's log takes at most ~1 KiB per call: one call per line. */
static void xnic_log_diag(struct bpf_verifier_env *env, const char *buf)
{
	const char *nl;

	while (*buf) {
		nl = strchr(buf, '\n');
		if (!nl)
			nl = buf + strlen(buf);
		bpf_verifier_log_write(env, "xnic: %.*s\n", (int)(nl - buf),
				       buf);
		buf = *nl ? nl + 1 : nl;
	}
}

/* Messages go to the first log we get (prepare has none). */
static void xnic_core_report(struct xnic_core_prog *core,
			     struct bpf_verifier_env *env)
{
	if (!core->diag)
		return;
	xnic_log_diag(env, core->diag);
	kfree(core->diag);
	core->diag = NULL;
}

/*
 * Seam 0, prepare: verifier_ext analyses the snapshot
 * before the kernel verifier starts, so that insn_hook can cross-check
 * against its metadata.  Only allocation failures fail prepare; the
 * verdict is reported from the first hook that has a log.
 */
int xnic_offload_analyse(struct xnic_bound_prog *bp)
{
	struct xnic_verifier_opts opts = {0};
	struct xnic_core_prog *core;
	struct xnic_diag diag;

	/* Test mode: no core state, so the later seams bypass the core. */
	if (READ_ONCE(xnic_offload_without_jit))
		return 0;
	core = kzalloc(sizeof(*core), GFP_KERNEL);
	if (!core)
		return -ENOMEM;
	core->diag = kzalloc(XNIC_DIAG_SIZE, GFP_KERNEL);
	if (!core->diag) {
		kfree(core);
		return -ENOMEM;
	}
	xnic_diag_init(&diag, core->diag, XNIC_DIAG_SIZE);
	core->err =
		xnic_verify(&bp->xp, &bp->nic->caps, &opts, &core->meta, &diag);
	bp->core = core;
	return 0;
}

/*
 * Load the image into the NIC's chip.  Its map i is the chip map holding
 * bp->maps[i]: the offloaded maps already live there (xnic_maps.c), so a
 * map shared by several programs is one copy in chip memory.  nic->lock
 * keeps the chip's map table still while xnic_sim_prog_create() reads it
 * (it allocates, so not under chip_lock).  Only the map ids are kept: the
 * kernel may free the maps before it destroys the program.
 */
static int xnic_core_load_chip(struct xnic_bound_prog *bp,
			       const struct xnic_image *img)
{
	struct xnic_core_prog *core = bp->core;
	struct xnic_nic *nic = bp->nic;
	char msg[128] = "";
	u32 *ids, i;
	int err = 0;

	ids = kcalloc(MAX_USED_MAPS, sizeof(*ids), GFP_KERNEL);
	if (!ids)
		return -ENOMEM;
	mutex_lock(&nic->lock);
	for (i = 0; i < bp->xp.map_cnt && !err; i++) {
		if (!xnic_map_chip_id(nic, bp->maps[i], &ids[i]))
			continue;
		spin_lock_bh(&nic->chip_lock);
		err = xnic_sim_map_create(nic->chip, &bp->map_defs[i], &ids[i],
					  msg, sizeof(msg));
		spin_unlock_bh(&nic->chip_lock);
		if (!err)
			core->own_maps[core->own_cnt++] = ids[i];
	}
	if (!err)
		err = xnic_sim_prog_create(nic->chip, img, ids, &bp->sim_prog,
					   msg, sizeof(msg));
	mutex_unlock(&nic->lock);
	kfree(ids);
	if (err)
		pr_warn("xnic: simulator refused '%s': %s\n", bp->xp.name, msg);
	return err;
}

/* Undo xnic_core_load_chip(); touches no kernel map (they may be gone). */
static void xnic_core_unload_chip(struct xnic_bound_prog *bp)
{
	struct xnic_core_prog *core = bp->core;
	struct xnic_nic *nic = bp->nic;
	u32 i;

	mutex_lock(&nic->lock);
	spin_lock_bh(&nic->chip_lock);
	/*
	 * Detaches it from any port still running it (the kernel detaches
	 * first: none should) and from the chip's contexts, which a run may
	 * read, hence under chip_lock.  It frees the program's memory: kvfree
	 * with BHs off defers a vfree, it never sleeps.
	 */
	xnic_sim_prog_destroy(nic->chip, bp->sim_prog);
	bp->sim_prog = NULL;
	for (i = 0; i < core->own_cnt; i++)
		xnic_sim_map_destroy(nic->chip, core->own_maps[i]);
	spin_unlock_bh(&nic->chip_lock);
	core->own_cnt = 0;
	mutex_unlock(&nic->lock);
}

/* The jited image is the code words, as `xnic-jit --code-only` writes. */
static int xnic_core_translate(struct xnic_bound_prog *bp)
{
	struct xnic_core_prog *core = bp->core;
	struct xnic_image img;
	struct xnic_diag diag;
	char *buf;
	int err;

	buf = kzalloc(XNIC_DIAG_SIZE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	memset(&img, 0, sizeof(img));
	xnic_diag_init(&diag, buf, XNIC_DIAG_SIZE);
	err = xnic_jit_compile(&bp->xp, &core->meta, &bp->nic->caps, &img,
			       &diag);
	if (err) {
		/* No verifier log any more: the kernel log has to do. */
		pr_warn("xnic: JIT failed on '%s': %s\n", bp->xp.name, buf);
	} else {
		bp->image_len = img.code_len * sizeof(*img.code);
		bp->image = kvmalloc(bp->image_len, GFP_KERNEL);
		if (bp->image)
			memcpy(bp->image, img.code, bp->image_len);
		else
			err = -ENOMEM;
	}
	if (!err)
		err = xnic_core_load_chip(bp, &img);
	xnic_image_release(&img);
	kfree(buf);
	return err;
}

/*
 * Seam 1, insn_hook: report verifier_ext's rejection at once, or
 * cross-check its register kinds against the kernel's (xnic_crosscheck.c).
 */
int xnic_offload_insn_check(struct xnic_bound_prog *bp,
			    struct bpf_verifier_env *env, int insn_idx,
			    int prev_insn_idx)
{
	struct xnic_core_prog *core = bp->core;

	if (!core)
		return 0;
	xnic_core_report(core, env);
	if (core->err)
		return core->err;
	if (insn_idx < 0 || insn_idx >= bp->xp.insn_cnt)
		return -EINVAL;
	return xnic_crosscheck_insn(env, &core->meta, &bp->xp.insns[insn_idx],
				    insn_idx);
}

/*
 * Seam 2, finalize: verifier_ext's device rules (helpers, map types and
 * sizes, stack, packet window, code size against bp->nic->caps) on the
 * snapshot bp->xp; every rejection goes to the verifier log.
 */
int xnic_offload_verify(struct xnic_bound_prog *bp,
			struct bpf_verifier_env *env)
{
	struct xnic_core_prog *core = bp->core;

	if (core) {
		xnic_core_report(core, env);
		return core->err;
	}
	/*
	 * No core state: prepare ran in test mode.  Should the parameter
	 * have been cleared since, refuse rather than offload a program the
	 * core never saw.
	 */
	if (READ_ONCE(xnic_offload_without_jit)) {
		bpf_verifier_log_write(
			env,
			"xnic: program accepted without an image, it will not "
			"run (offload_without_jit=1, test only)\n");
		return 0;
	}
	bpf_verifier_log_write(
		env,
		"xnic: program '%s' was prepared in test mode "
		"(offload_without_jit=1), which is now off: refused\n",
		bp->xp.name);
	return -EOPNOTSUPP;
}

/*
 * Seam 3, translate: the JIT turns bp->xp into microcode; bp->image and
 * bp->image_len become the jited image the kernel reports (bpf_prog_info
 * jited_prog_insns), bp->core any state the simulator needs to load it.
 */
int xnic_offload_translate(struct xnic_bound_prog *bp)
{
	/* Decided at prepare time, whatever the parameters say now. */
	if (bp->core)
		return xnic_core_translate(bp);
	if (!READ_ONCE(xnic_offload_without_jit))
		return -EOPNOTSUPP;
	bp->image = NULL;
	bp->image_len = 0;
	return 0;
}

/* Seam 4, destroy: free what translate made. */
void xnic_offload_release(struct xnic_bound_prog *bp)
{
	struct xnic_core_prog *core = bp->core;

	kvfree(bp->image);
	bp->image = NULL;
	bp->image_len = 0;
	if (core) {
		xnic_core_unload_chip(bp);
		xnic_prog_meta_free(&core->meta);
		kfree(core->diag);
		kfree(core);
	}
	bp->core = NULL;
}

/* The output frame replaces the skb's data; its length may differ. */
static int xnic_skb_set_frame(struct sk_buff *skb, const u8 *frame, u32 len)
{
	if (len > skb->len) {
		if (skb_tailroom(skb) < len - skb->len &&
		    pskb_expand_head(skb, 0, len - skb->len, GFP_ATOMIC))
			return -ENOMEM;
		skb_put(skb, len - skb->len);
	} else {
		skb_trim(skb, len);
	}
	memcpy(skb->data, frame, len);
	return 0;
}

static const u32 xnic_sim_to_xdp[XNIC_SIM_VERDICT_COUNT] = {
	[XNIC_SIM_ABORTED] = XDP_ABORTED,   [XNIC_SIM_DROP] = XDP_DROP,
	[XNIC_SIM_PASS] = XDP_PASS,	    [XNIC_SIM_TX] = XDP_TX,
	[XNIC_SIM_REDIRECT] = XDP_REDIRECT,
};

/*
 * Seam 5, datapath: run one frame (linear skb, data at the Ethernet
 * header) through the NIC's chip as arrived on port, which runs the
 * port's program (port->hw_run, read here under chip_lock, which
 * xnic_chip_set_port_prog() changes it under).  The program may rewrite
 * the frame and move its head or tail.  Called under RCU with BHs off.
 * Returns 0 and fills res, or an error (the frame is then counted as
 * aborted and dropped).
 */
int xnic_nic_run_frame(struct xnic_nic *nic, struct xnic_port *port,
		       struct sk_buff *skb, struct xnic_run_result *res)
{
	struct xnic_sim_pkt_result r;
	struct xnic_bound_prog *bp;
	u32 ifindex;
	u8 *out;
	int err;

	res->verdict = XDP_PASS;
	res->cycles = 0;
	res->ran = false;
	res->detached = false;
	r.cycles = 0;
	r.len = 0;

	/*
	 * The output frame goes to this CPU's buffer, so that it can be
	 * copied into the skb (which may need to grow: an allocation) after
	 * chip_lock is dropped.
	 */
	out = get_cpu_ptr(nic->out);
	spin_lock_bh(&nic->chip_lock);
	bp = rcu_dereference(port->hw_run);
	if (!bp) {
		res->detached = true;
		goto unlock;
	}
	if (!bp->sim_prog)
		goto unlock; /* test mode: no image */
	/*
	 * ctx->ingress_ifindex is the port's: the kernel numbers a netdev
	 * only after ndo_init and renumbers it on a move to another netns,
	 * so the chip learns it here, when it changed.
	 */
	ifindex = port->netdev->ifindex;
	if (port->chip_ifindex != ifindex &&
	    !xnic_sim_set_ifindex(nic->chip, port->index, ifindex))
		port->chip_ifindex = ifindex;
	/*
	 * A TC program's skb->pkt_type compares the destination with the
	 * port's addresses, as eth_type_trans() would; `ip link set address`
	 * may change them at any time.
	 */
	if ((!ether_addr_equal(port->chip_mac, port->netdev->dev_addr) ||
	     !ether_addr_equal(port->chip_bcast, port->netdev->broadcast)) &&
	    !xnic_sim_set_l2addr(nic->chip, port->index,
				 port->netdev->dev_addr,
				 port->netdev->broadcast)) {
		ether_addr_copy(port->chip_mac, port->netdev->dev_addr);
		ether_addr_copy(port->chip_bcast, port->netdev->broadcast);
	}
	err = xnic_sim_run_frame(nic->chip, skb->data, skb->len, port->index,
				 out, XNIC_CHIP_OUT_MAX, &r);
	res->ran = true;
	res->cycles = r.cycles;
	if (err || r.verdict >= XNIC_SIM_VERDICT_COUNT)
		res->verdict = XDP_ABORTED;
	else
		res->verdict = xnic_sim_to_xdp[r.verdict];
unlock:
	spin_unlock_bh(&nic->chip_lock);
	if (res->ran && res->verdict != XDP_DROP &&
	    res->verdict != XDP_ABORTED &&
	    (r.len > XNIC_CHIP_OUT_MAX || xnic_skb_set_frame(skb, out, r.len)))
		res->verdict = XDP_ABORTED;
	put_cpu_ptr(nic->out);
	return 0;
}
