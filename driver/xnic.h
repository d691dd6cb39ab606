/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xnic.ko internals.
 *
 * One NIC (struct xnic_nic) has two ports (struct xnic_port, the private
 * area of each net_device).  The NIC owns the BPF offload device shared by
 * both ports, the device capabilities and the simulated chip (xnic_chip.c)
 * that runs both ports' programs and holds the offloaded maps.  A frame
 * transmitted on one port arrives on the other port's wire
 * (xnic_port_receive()).
 */
#ifndef XNIC_DRV_H
#define XNIC_DRV_H

#include <linux/atomic.h>
#include <linux/ethtool.h>
#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>

#include "xnic/caps.h"
#include "xnic/prog.h"

#define XNIC_DRV_NAME "xnic"
#define XNIC_PORTS    2

struct seq_file;
struct xnic_sim;
struct xnic_sim_prog;

/* Per-port counters, exported by ethtool -S in this order. */
enum xnic_ctr {
	XNIC_CTR_WIRE_RX, /* frames that arrived on this port's wire */
	XNIC_CTR_HW_ABORTED,
	XNIC_CTR_HW_DROP,
	XNIC_CTR_HW_PASS,
	XNIC_CTR_HW_TX,
	XNIC_CTR_HW_REDIRECT,
	XNIC_CTR_HW_NO_IMAGE,  /* offloaded program without a runnable image */
	XNIC_CTR_HW_CYCLES,    /* simulated ME cycles spent on this port */
	XNIC_CTR_DRV_XDP_PASS, /* native XDP let the frame into the stack */
	XNIC_CTR_DRV_XDP_CONSUMED, /* native XDP dropped/tx'd/redirected it */
	XNIC_CTR_RX_PACKETS,
	XNIC_CTR_RX_BYTES,
	XNIC_CTR_TX_PACKETS,
	XNIC_CTR_TX_BYTES,
	XNIC_CTR_RX_DROPPED,
	XNIC_CTR_TX_DROPPED,
	XNIC_CTR_NUM
};

extern const char xnic_ctr_names[XNIC_CTR_NUM][ETH_GSTRING_LEN];

/* What the offload path knows about a bound program (offload->dev_priv). */
enum xnic_prog_state {
	XNIC_PROG_PREPARED,   /* snapshot taken, kernel verifier running */
	XNIC_PROG_VERIFIED,   /* finalize accepted it */
	XNIC_PROG_TRANSLATED, /* translate produced (or stubbed) an image */
};

struct xnic_nic;

struct xnic_bound_prog {
	struct xnic_nic *nic;
	struct bpf_prog *prog;
	struct list_head node; /* in nic->progs, under nic->lock */
	enum xnic_prog_state state;
	/*
	 * The snapshot in the core's format, as the kernel had it at
	 * prepare (map references rewritten to indices).  The core gets
	 * this pristine program, the same one the host front end builds
	 * from the object, so that both produce the same image; verifier_ext
	 * finds dead code by itself.
	 */
	struct xnic_prog xp;
	struct bpf_insn *insns;
	/*
	 * The kernel's view after its dead-code optimisations, mirrored
	 * from replace_insn/remove_insns: removed instructions stay in place
	 * as "ja +0" so jump offsets keep their meaning; live[] maps the
	 * kernel's current instruction index to the index here.
	 */
	struct bpf_insn *kinsns;
	u32 *live;
	u32 live_cnt;
	struct xnic_map_def *map_defs;
	struct bpf_map **maps; /* map_defs[i] describes maps[i] */
	/* Filled by the translate seam; reported as the jited image. */
	void *image;
	u32 image_len;
	void *core; /* state of the JIT/simulator for this program */
	/*
	 * The program as loaded into the NIC's chip (NULL in test mode):
	 * what a port runs once the program is attached to it.
	 */
	struct xnic_sim_prog *sim_prog;
};

struct xnic_port {
	struct net_device *netdev;
	struct net_device __rcu *peer;
	struct xnic_nic *nic;
	u32 index; /* 0 or 1 within the NIC */

	/* Control state, changed under RTNL. */
	struct bpf_prog *xdp_hw; /* XDP_SETUP_PROG_HW, one reference */
	struct bpf_prog *tc_hw;	 /* cls_bpf offload, no reference held */
	/* Read by the datapath under RCU. */
	struct bpf_prog __rcu *xdp_drv; /* native XDP, one reference */
	/*
	 * The offloaded program of this port.  Changed together with the
	 * chip's program of the port, under nic->chip_lock, so that a frame
	 * run under that lock sees both alike.
	 */
	struct xnic_bound_prog __rcu *hw_run;
	u32 chip_ifindex; /* ifindex last given to the chip, chip_lock */
	/* Addresses last given to the chip (TC's pkt_type), chip_lock. */
	u8 chip_mac[ETH_ALEN], chip_bcast[ETH_ALEN];
	/*
	 * Frames the offloaded TC program ran on and not yet reported to
	 * tc: TC_CLSBPF_STATS takes them (xnic_tc.c).  lastused in jiffies.
	 */
	atomic64_t tc_pkts, tc_bytes, tc_drops;
	unsigned long tc_lastused;

	atomic64_t ctr[XNIC_CTR_NUM];
};

struct xnic_nic {
	struct bpf_offload_dev *bpf_dev;
	struct xnic_dev_caps caps;
	unsigned int refs; /* creator + registered ports, RTNL */
	int id;		   /* nic<id> in debugfs */

	/*
	 * Bound programs (struct xnic_bound_prog) and offloaded maps
	 * (struct xnic_map) of this NIC.  Changed under lock (and, for
	 * maps, RTNL, which the kernel holds around MAP_ALLOC/FREE); debugfs
	 * reads take only lock, never RTNL, so removing the debugfs files
	 * under RTNL cannot deadlock with a reader.  lock also orders the
	 * changes of the chip's map table against xnic_sim_prog_create(),
	 * which reads it without chip_lock.
	 */
	struct mutex lock;
	struct list_head progs;
	struct list_head maps;
	u32 map_cnt;

	struct dentry *debugfs;
	/*
	 * The simulated chip (xnic_chip.c), created and destroyed with the
	 * NIC.  chip_lock (BH-safe: frames run in softirq context)
	 * serialises frame runs and every call that changes the chip; nothing
	 * allocates under it.  out: a buffer per CPU for a run's output
	 * frame (XNIC_CHIP_OUT_MAX bytes).
	 */
	struct xnic_sim *chip;
	spinlock_t chip_lock;
	void __percpu *out;
};

static inline struct xnic_port *xnic_port(struct net_device *dev)
{
	return netdev_priv(dev);
}

static inline void xnic_ctr_add(struct xnic_port *port, enum xnic_ctr c, u64 v)
{
	atomic64_add(v, &port->ctr[c]);
}

/* xnic_link.c */
extern struct rtnl_link_ops xnic_link_ops;
bool xnic_is_xnic_dev(const struct net_device *dev);

/* xnic_nic.c */
struct xnic_nic *xnic_nic_create(void);
void xnic_nic_put(struct xnic_nic *nic);
int xnic_nic_port_register(struct xnic_nic *nic, struct net_device *dev);
void xnic_nic_port_unregister(struct xnic_nic *nic, struct net_device *dev);

/* xnic_netdev.c */
void xnic_netdev_setup(struct net_device *dev);

/* xnic_datapath.c */
netdev_tx_t xnic_start_xmit(struct sk_buff *skb, struct net_device *dev);

/* xnic_offload.c */
extern const struct bpf_prog_offload_ops xnic_offload_ops;
struct xnic_bound_prog *xnic_bound_prog(struct bpf_prog *prog);

/* xnic_xdp.c */
int xnic_ndo_bpf(struct net_device *dev, struct netdev_bpf *bpf);
void xnic_port_set_hw_run(struct xnic_port *port);
int xnic_offload_check_prog(struct xnic_port *port, struct bpf_prog *prog,
			    struct netlink_ext_ack *extack);

/* xnic_tc.c */
int xnic_ndo_setup_tc(struct net_device *dev, enum tc_setup_type type,
		      void *type_data);
int xnic_tc_check_features(struct net_device *dev, netdev_features_t features);
void xnic_tc_count(struct xnic_port *port, unsigned int len, bool dropped);

/* xnic_maps.c */
int xnic_map_alloc(struct xnic_nic *nic, struct bpf_offloaded_map *offmap);
void xnic_map_free(struct xnic_nic *nic, struct bpf_offloaded_map *offmap);
int xnic_map_chip_id(struct xnic_nic *nic, const struct bpf_map *map,
		     u32 *id);

/* xnic_chip.c */
#define XNIC_CHIP_OUT_MAX 9216 /* largest output frame: MTU 9000 + headers */
int xnic_chip_create(struct xnic_nic *nic);
void xnic_chip_destroy(struct xnic_nic *nic);
void xnic_chip_set_port_prog(struct xnic_port *port,
			     struct xnic_bound_prog *bp);
void xnic_chip_show(struct seq_file *sf, struct xnic_nic *nic);

/* xnic_debugfs.c */
/* Live objects, for leak checks (debugfs "objects"). */
enum xnic_obj_kind { XNIC_OBJ_NIC, XNIC_OBJ_PROG, XNIC_OBJ_MAP, XNIC_OBJ_NUM };
void xnic_obj_count(enum xnic_obj_kind kind, int delta);
void xnic_debugfs_init(void);
void xnic_debugfs_exit(void);
void xnic_debugfs_nic_add(struct xnic_nic *nic);
void xnic_debugfs_nic_del(struct xnic_nic *nic);
void xnic_map_show(struct seq_file *m, struct xnic_nic *nic);

/* xnic_ethtool.c */
extern const struct ethtool_ops xnic_ethtool_ops;

/* xnic_crosscheck.c */
struct xnic_prog_meta;
int xnic_crosscheck_insn(struct bpf_verifier_env *env,
			 const struct xnic_prog_meta *meta,
			 const struct bpf_insn *insn, u32 idx);

/* xnic_core_glue.c: the seams where verifier_ext, jit and firmware_sim plug in
 */
extern bool xnic_offload_without_jit;
int xnic_offload_analyse(struct xnic_bound_prog *bp);
int xnic_offload_verify(struct xnic_bound_prog *bp,
			struct bpf_verifier_env *env);
int xnic_offload_insn_check(struct xnic_bound_prog *bp,
			    struct bpf_verifier_env *env, int insn_idx,
			    int prev_insn_idx);
int xnic_offload_translate(struct xnic_bound_prog *bp);
void xnic_offload_release(struct xnic_bound_prog *bp);

/* Outcome of one frame through the simulated chip. */
struct xnic_run_result {
	u32 verdict; /* XDP_* (TC verdicts are mapped onto these) */
	u64 cycles;
	bool ran;      /* false: no runnable image, frame passed untouched */
	bool detached; /* the port's program went before the frame ran */
};

int xnic_nic_run_frame(struct xnic_nic *nic, struct xnic_port *port,
		       struct sk_buff *skb, struct xnic_run_result *res);

#endif /* XNIC_DRV_H */
