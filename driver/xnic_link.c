// SPDX-License-Identifier: GPL-2.0-only
/*
 * The "xnic" rtnetlink link kind: ports are created and deleted in pairs,
 * like veth.  Both ports of a pair share one struct xnic_nic.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <net/rtnetlink.h>

#include "xnic.h"
#include "xnic_link_attrs.h"

static const struct nla_policy xnic_policy[XNIC_INFO_MAX + 1] = {
	[XNIC_INFO_PEER] = {.len = sizeof(struct ifinfomsg)},
};

static int xnic_validate(struct nlattr *tb[], struct nlattr *data[],
			 struct netlink_ext_ack *extack)
{
	if (tb[IFLA_ADDRESS]) {
		if (nla_len(tb[IFLA_ADDRESS]) != ETH_ALEN) {
			NL_SET_ERR_MSG_MOD(extack,
					   "invalid MAC address length");
			return -EINVAL;
		}
		if (!is_valid_ether_addr(nla_data(tb[IFLA_ADDRESS]))) {
			NL_SET_ERR_MSG_MOD(extack, "invalid MAC address");
			return -EADDRNOTAVAIL;
		}
	}
	if (tb[IFLA_MTU] && nla_get_u32(tb[IFLA_MTU]) > ETH_DATA_LEN * 6) {
		NL_SET_ERR_MSG_MOD(extack, "MTU too large");
		return -EINVAL;
	}
	return 0;
}

static void xnic_name_from(char *name, struct nlattr *attr,
			   unsigned char *assign)
{
	if (attr) {
		nla_strscpy(name, attr, IFNAMSIZ);
		*assign = NET_NAME_USER;
	} else {
		snprintf(name, IFNAMSIZ, XNIC_DRV_NAME "%%d");
		*assign = NET_NAME_ENUM;
	}
}

static void xnic_port_init(struct net_device *dev, struct xnic_nic *nic,
			   u32 index)
{
	struct xnic_port *port = xnic_port(dev);

	port->netdev = dev;
	port->nic = nic;
	port->index = index;
}

/*
 * Called under RTNL.  The peer (port 1) is registered first, as veth does,
 * so that a failure leaves at most one registered device to undo.  Each
 * port holds a NIC reference from ndo_init to ndo_uninit (where it also
 * joins and leaves the offload device); newlink holds one more while it
 * works, so every error path only unregisters what it registered and then
 * drops its own reference.
 */
static int xnic_newlink(struct net *src_net, struct net_device *dev,
			struct nlattr *tb[], struct nlattr *data[],
			struct netlink_ext_ack *extack)
{
	struct nlattr **peer_tb = NULL, **tbp = tb;
	struct ifinfomsg *ifmp = NULL;
	unsigned char name_assign;
	char ifname[IFNAMSIZ];
	struct net_device *peer;
	struct xnic_nic *nic;
	struct net *net;
	int err;

	if (data && data[XNIC_INFO_PEER]) {
		/* IFLA_MAX pointers would blow the 512-byte frame budget. */
		peer_tb = kcalloc(IFLA_MAX + 1, sizeof(*peer_tb), GFP_KERNEL);
		if (!peer_tb)
			return -ENOMEM;
		ifmp = nla_data(data[XNIC_INFO_PEER]);
		err = rtnl_nla_parse_ifinfomsg(peer_tb, data[XNIC_INFO_PEER],
					       extack);
		if (!err)
			err = xnic_validate(peer_tb, NULL, extack);
		if (err < 0)
			goto out_free_tb;
		tbp = peer_tb;
	}

	nic = xnic_nic_create();
	if (IS_ERR(nic)) {
		NL_SET_ERR_MSG_MOD(extack, "cannot create the NIC");
		err = PTR_ERR(nic);
		goto out_free_tb;
	}

	xnic_name_from(ifname, ifmp ? tbp[IFLA_IFNAME] : NULL, &name_assign);
	net = rtnl_link_get_net(src_net, tbp);
	if (IS_ERR(net)) {
		err = PTR_ERR(net);
		goto err_free_nic;
	}
	peer = rtnl_create_link(net, ifname, name_assign, &xnic_link_ops, tbp,
				extack);
	if (IS_ERR(peer)) {
		put_net(net);
		err = PTR_ERR(peer);
		goto err_free_nic;
	}
	if (!ifmp || !tbp[IFLA_ADDRESS])
		eth_hw_addr_random(peer);
	if (ifmp && dev->ifindex)
		peer->ifindex = ifmp->ifi_index;
	xnic_port_init(peer, nic, 1);

	err = register_netdevice(peer);
	put_net(net);
	if (err < 0) {
		free_netdev(peer);
		goto err_free_nic;
	}
	netif_carrier_off(peer);
	err = rtnl_configure_link(peer, ifmp, 0, NULL);
	if (err < 0)
		goto err_unregister_peer;

	if (!tb[IFLA_ADDRESS])
		eth_hw_addr_random(dev);
	xnic_name_from(dev->name, tb[IFLA_IFNAME], &name_assign);
	xnic_port_init(dev, nic, 0);
	err = register_netdevice(dev);
	if (err < 0)
		goto err_unregister_peer;
	netif_carrier_off(dev);

	rcu_assign_pointer(xnic_port(dev)->peer, peer);
	rcu_assign_pointer(xnic_port(peer)->peer, dev);
	err = 0;
	goto out_put_nic;

err_unregister_peer:
	unregister_netdevice(peer);
err_free_nic:
out_put_nic:
	xnic_nic_put(nic);
out_free_tb:
	kfree(peer_tb);
	return err;
}

/* Deleting either port deletes both; the second call finds no peer. */
static void xnic_dellink(struct net_device *dev, struct list_head *head)
{
	struct xnic_port *port = xnic_port(dev);
	struct net_device *peer = rtnl_dereference(port->peer);

	unregister_netdevice_queue(dev, head);
	if (peer) {
		RCU_INIT_POINTER(port->peer, NULL);
		RCU_INIT_POINTER(xnic_port(peer)->peer, NULL);
		unregister_netdevice_queue(peer, head);
	}
}

static struct net *xnic_get_link_net(const struct net_device *dev)
{
	struct xnic_port *port = netdev_priv(dev);
	struct net_device *peer = rtnl_dereference(port->peer);

	return peer ? dev_net(peer) : dev_net(dev);
}

struct rtnl_link_ops xnic_link_ops = {
	.kind = XNIC_DRV_NAME,
	.priv_size = sizeof(struct xnic_port),
	.setup = xnic_netdev_setup,
	.validate = xnic_validate,
	.newlink = xnic_newlink,
	.dellink = xnic_dellink,
	.policy = xnic_policy,
	.maxtype = XNIC_INFO_MAX,
	.get_link_net = xnic_get_link_net,
};

bool xnic_is_xnic_dev(const struct net_device *dev)
{
	return dev->rtnl_link_ops == &xnic_link_ops;
}
