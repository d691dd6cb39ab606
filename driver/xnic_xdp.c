// SPDX-License-Identifier: GPL-2.0-only
/*
 * ndo_bpf: XDP attachment (native and offloaded) and offloaded map
 * allocation.  Called under RTNL.  The kernel keeps the attachment state
 * (dev->xdp_state) and hands us one program reference per successful
 * XDP_SETUP_PROG{,_HW}; we drop the reference of the program replaced.
 *
 * What the offloaded datapath runs is port->hw_run: the XDP offload or
 * the TC offload of the port (never both, see xnic_tc.c), which is also
 * the program the NIC's chip runs for frames arriving on the port.
 */
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "xnic.h"

void xnic_port_set_hw_run(struct xnic_port *port)
{
	struct bpf_prog *prog = port->xdp_hw ? port->xdp_hw : port->tc_hw;

	xnic_chip_set_port_prog(port, prog ? xnic_bound_prog(prog) : NULL);
}

/* The checks every offload (XDP or TC) of prog to port must pass. */
int xnic_offload_check_prog(struct xnic_port *port, struct bpf_prog *prog,
			    struct netlink_ext_ack *extack)
{
	struct xnic_bound_prog *bp;

	if (!prog->aux->offload) {
		/* Loaded for a device that has since gone away: an orphan. */
		if (prog->aux->offload_requested)
			NL_SET_ERR_MSG_MOD(extack, "the device this program "
						   "was loaded for is gone");
		else
			NL_SET_ERR_MSG_MOD(extack,
					   "offload of a program not bound to "
					   "a device (unbound program)");
		return -EINVAL;
	}
	if (!bpf_offload_dev_match(prog, port->netdev)) {
		NL_SET_ERR_MSG_MOD(extack, "program bound to different dev");
		return -EINVAL;
	}
	bp = xnic_bound_prog(prog);
	if (!bp || bp->state != XNIC_PROG_TRANSLATED) {
		NL_SET_ERR_MSG_MOD(extack,
				   "program was not translated for xnic");
		return -EINVAL;
	}
	return 0;
}

static int xnic_xdp_setup_hw(struct xnic_port *port, struct netdev_bpf *bpf)
{
	struct bpf_prog *old = port->xdp_hw;
	int err;

	if (bpf->prog) {
		err = xnic_offload_check_prog(port, bpf->prog, bpf->extack);
		if (err)
			return err;
		if (port->tc_hw) {
			NL_SET_ERR_MSG_MOD(
				bpf->extack,
				"TC program is already offloaded on this port");
			return -EBUSY;
		}
	}
	port->xdp_hw = bpf->prog;
	xnic_port_set_hw_run(port);
	if (old)
		bpf_prog_put(old);
	return 0;
}

/* Native XDP runs on the host CPU on frames that the chip passed. */
static int xnic_xdp_setup_drv(struct xnic_port *port, struct netdev_bpf *bpf)
{
	struct bpf_prog *old = rtnl_dereference(port->xdp_drv);

	if (bpf->prog && bpf->prog->aux->offload) {
		NL_SET_ERR_MSG_MOD(bpf->extack,
				   "device-bound program for native XDP");
		return -EINVAL;
	}
	rcu_assign_pointer(port->xdp_drv, bpf->prog);
	if (old)
		bpf_prog_put(old);
	return 0;
}

int xnic_ndo_bpf(struct net_device *dev, struct netdev_bpf *bpf)
{
	struct xnic_port *port = xnic_port(dev);

	ASSERT_RTNL();
	switch (bpf->command) {
	case XDP_SETUP_PROG:
		return xnic_xdp_setup_drv(port, bpf);
	case XDP_SETUP_PROG_HW:
		return xnic_xdp_setup_hw(port, bpf);
	case BPF_OFFLOAD_MAP_ALLOC:
		return xnic_map_alloc(port->nic, bpf->offmap);
	case BPF_OFFLOAD_MAP_FREE:
		xnic_map_free(port->nic, bpf->offmap);
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}
