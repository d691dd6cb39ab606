// SPDX-License-Identifier: GPL-2.0-only
/*
 * xnic.ko: a pair of netdevs backed by a simulated NFP-style SmartNIC that
 * takes XDP and TC programs as offloads.  This file only registers the
 * link kind; `ip link add xnic0 type xnic peer name xnic1` does the rest.
 */
#include <linux/module.h>
#include <net/rtnetlink.h>

#include "xnic.h"

static int __init xnic_init(void)
{
	int err;

	xnic_debugfs_init();
	err = rtnl_link_register(&xnic_link_ops);
	if (err)
		xnic_debugfs_exit();
	return err;
}

static void __exit xnic_exit(void)
{
	/* Deletes every xnic pair, which frees their NICs. */
	rtnl_link_unregister(&xnic_link_ops);
	xnic_debugfs_exit();
}

module_init(xnic_init);
module_exit(xnic_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("xnic: simulated NFP-style SmartNIC with BPF offload");
MODULE_ALIAS_RTNL_LINK(XNIC_DRV_NAME);
