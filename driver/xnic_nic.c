// SPDX-License-Identifier: GPL-2.0-only
/*
 * The NIC shared by the two ports of a pair: its BPF offload device, its
 * capabilities (from verifier_ext, the same description the host tools
 * use) and its simulated chip (xnic_chip.c), one per NIC.
 *
 * Lifetime: RTNL-protected reference count.  xnic_newlink() holds one
 * reference while it creates the ports, each registered port holds one
 * (ndo_init .. ndo_uninit).  The last put destroys the offload device,
 * which by then has no netdev left, so the kernel has already called our
 * destroy/MAP_FREE hooks for every program and map bound to it.
 */
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "xnic.h"

struct xnic_nic *xnic_nic_create(void)
{
	struct xnic_nic *nic;
	int err;

	ASSERT_RTNL();
	nic = kzalloc(sizeof(*nic), GFP_KERNEL);
	if (!nic)
		return ERR_PTR(-ENOMEM);
	nic->refs = 1;
	mutex_init(&nic->lock);
	INIT_LIST_HEAD(&nic->progs);
	INIT_LIST_HEAD(&nic->maps);
	xnic_dev_caps_default(&nic->caps);
	err = xnic_chip_create(nic);
	if (err) {
		kfree(nic);
		return ERR_PTR(err);
	}

	nic->bpf_dev = bpf_offload_dev_create(&xnic_offload_ops, nic);
	if (IS_ERR(nic->bpf_dev)) {
		err = PTR_ERR(nic->bpf_dev);
		xnic_chip_destroy(nic);
		kfree(nic);
		return ERR_PTR(err);
	}
	xnic_debugfs_nic_add(nic);
	xnic_obj_count(XNIC_OBJ_NIC, 1);
	return nic;
}

void xnic_nic_put(struct xnic_nic *nic)
{
	ASSERT_RTNL();
	if (--nic->refs)
		return;
	xnic_debugfs_nic_del(nic);
	WARN_ON(!list_empty(&nic->maps));
	WARN_ON(!list_empty(&nic->progs));
	bpf_offload_dev_destroy(nic->bpf_dev);
	xnic_chip_destroy(nic);
	mutex_destroy(&nic->lock);
	kfree(nic);
	xnic_obj_count(XNIC_OBJ_NIC, -1);
}

/* ndo_init: before the netdev becomes visible, as netdevsim does. */
int xnic_nic_port_register(struct xnic_nic *nic, struct net_device *dev)
{
	int err;

	ASSERT_RTNL();
	err = bpf_offload_dev_netdev_register(nic->bpf_dev, dev);
	if (err)
		return err;
	nic->refs++;
	return 0;
}

/*
 * ndo_uninit: the core has already shut the qdiscs (TC offloads gone) and
 * uninstalled XDP.  Programs and maps still bound to this port move to the
 * other port or, if it was the last, are destroyed by the call below.
 */
void xnic_nic_port_unregister(struct xnic_nic *nic, struct net_device *dev)
{
	ASSERT_RTNL();
	/* No datapath reader may still see this port's programs. */
	synchronize_net();
	bpf_offload_dev_netdev_unregister(nic->bpf_dev, dev);
	xnic_nic_put(nic);
}
