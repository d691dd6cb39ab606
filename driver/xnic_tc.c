// SPDX-License-Identifier: GPL-2.0-only
/*
 * TC cls_bpf offload (`tc filter add dev X ingress bpf obj o.o da skip_sw`).
 * The ingress block binds our callback through flow_block_cb_setup_simple;
 * cls_bpf then calls it with TC_SETUP_CLSBPF for add (prog, -), replace
 * (prog, old) and destroy (-, old).  One offloaded program per port, and
 * not together with an XDP offload: the chip runs one program per port.
 */
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/flow_offload.h>
#include <net/pkt_cls.h>

#include "xnic.h"

static LIST_HEAD(xnic_block_cb_list);

static int xnic_tc_offload(struct xnic_port *port,
			   struct tc_cls_bpf_offload *cls)
{
	struct netlink_ext_ack *extack = cls->common.extack;
	struct bpf_prog *prog = cls->prog;
	int err;

	/* prog is set: add, or replace of oldprog (removals never get here). */
	if (port->tc_hw && cls->oldprog != port->tc_hw) {
		NL_SET_ERR_MSG_MOD(
			extack,
			"a TC program is already offloaded on this port");
		return -EBUSY;
	}
	err = xnic_offload_check_prog(port, prog, extack);
	if (err)
		return err;
	if (port->xdp_hw) {
		NL_SET_ERR_MSG_MOD(
			extack,
			"XDP program is already offloaded on this port");
		return -EBUSY;
	}
	/* A new program starts with no frames to report. */
	if (prog != port->tc_hw) {
		atomic64_set(&port->tc_pkts, 0);
		atomic64_set(&port->tc_bytes, 0);
		atomic64_set(&port->tc_drops, 0);
	}
	port->tc_hw = prog;
	xnic_port_set_hw_run(port);
	return 0;
}

/* Datapath: the offloaded TC program of port ran on a frame of len bytes. */
void xnic_tc_count(struct xnic_port *port, unsigned int len, bool dropped)
{
	atomic64_inc(&port->tc_pkts);
	atomic64_add(len, &port->tc_bytes);
	if (dropped)
		atomic64_inc(&port->tc_drops);
	WRITE_ONCE(port->tc_lastused, jiffies);
}

/*
 * TC_CLSBPF_STATS, from every dump of the filter (`tc -s filter show`):
 * cls_bpf shows a filter's statistics only through its actions, so the
 * frames the chip ran since the last dump go to the actions of the filter
 * as hardware statistics.  A direct-action filter's legacy actions never
 * run, in software or here; they carry the counts.  Taking the counters
 * with xchg makes each frame reported once, whatever the dumps race with.
 */
static void xnic_tc_report(struct xnic_port *port,
			   struct tc_cls_bpf_offload *cls)
{
	u64 pkts = atomic64_xchg(&port->tc_pkts, 0);
	u64 bytes = atomic64_xchg(&port->tc_bytes, 0);
	u64 drops = atomic64_xchg(&port->tc_drops, 0);

	tcf_exts_hw_stats_update(cls->exts, bytes, pkts, drops,
				 READ_ONCE(port->tc_lastused),
				 FLOW_ACTION_HW_STATS_DELAYED, true);
}

static int xnic_tc_block_cb(enum tc_setup_type type, void *type_data,
			    void *cb_priv)
{
	struct tc_cls_bpf_offload *cls = type_data;
	struct xnic_port *port = cb_priv;
	struct netlink_ext_ack *extack = cls->common.extack;

	if (type != TC_SETUP_CLSBPF)
		return -EOPNOTSUPP;
	/*
	 * A removal needs no checks, and must never fail for the program we
	 * hold, or tc_hw would point at a program cls_bpf is about to free.
	 */
	if (cls->command == TC_CLSBPF_OFFLOAD && !cls->prog) {
		if (cls->oldprog && cls->oldprog == port->tc_hw) {
			port->tc_hw = NULL;
			xnic_port_set_hw_run(port);
		}
		return 0;
	}
	if (cls->command == TC_CLSBPF_STATS) {
		if (cls->prog && cls->prog == port->tc_hw)
			xnic_tc_report(port, cls);
		return 0;
	}
	/* Sets "TC offload is disabled..." / "...only offload of chain 0". */
	if (!tc_cls_can_offload_and_chain0(port->netdev, &cls->common))
		return -EOPNOTSUPP;
	if (cls->common.protocol != htons(ETH_P_ALL)) {
		NL_SET_ERR_MSG_MOD(
			extack,
			"only filters for all protocols can be offloaded");
		return -EOPNOTSUPP;
	}
	if (cls->prog && !cls->prog->aux->offload) {
		NL_SET_ERR_MSG_MOD(extack, "offload of a program not bound to "
					   "a device (unbound program)");
		return -EOPNOTSUPP;
	}

	switch (cls->command) {
	case TC_CLSBPF_OFFLOAD:
		if (cls->prog && !cls->exts_integrated) {
			NL_SET_ERR_MSG_MOD(
				extack,
				"only direct-action programs can be offloaded");
			return -EOPNOTSUPP;
		}
		return xnic_tc_offload(port, cls);
	default:
		return -EOPNOTSUPP;
	}
}

int xnic_ndo_setup_tc(struct net_device *dev, enum tc_setup_type type,
		      void *type_data)
{
	struct xnic_port *port = xnic_port(dev);

	switch (type) {
	case TC_SETUP_BLOCK:
		return flow_block_cb_setup_simple(
			type_data, &xnic_block_cb_list, xnic_tc_block_cb, port,
			port, true);
	default:
		return -EOPNOTSUPP;
	}
}

int xnic_tc_check_features(struct net_device *dev, netdev_features_t features)
{
	struct xnic_port *port = xnic_port(dev);

	if ((dev->features & NETIF_F_HW_TC) && !(features & NETIF_F_HW_TC) &&
	    port->tc_hw) {
		netdev_err(dev, "can't disable TC offload while a TC program "
				"is offloaded\n");
		/*
		 * The core already recorded "off" as wanted; ethtool's
		 * netlink path only acts on a change of the wanted set, so a
		 * later "off" (once the program is gone) would be ignored.
		 */
		dev->wanted_features |= NETIF_F_HW_TC;
		return -EBUSY;
	}
	return 0;
}
