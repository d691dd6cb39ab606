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
	port->tc_hw = prog;
	xnic_port_set_hw_run(port);
	return 0;
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
	case TC_CLSBPF_STATS:
		/* Per-verdict counters are in ethtool -S. */
		return 0;
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
