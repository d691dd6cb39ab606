// SPDX-License-Identifier: GPL-2.0-only
/*
 * net_device_ops of an xnic port: lifecycle (init/uninit tie the port to
 * its NIC), carrier that follows the peer as veth does, statistics and
 * feature changes.  The datapath is in xnic_datapath.c, BPF in xnic_xdp.c
 * and xnic_tc.c.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "xnic.h"

static int xnic_ndo_init(struct net_device *dev)
{
	struct xnic_port *port = xnic_port(dev);

	return xnic_nic_port_register(port->nic, dev);
}

static void xnic_ndo_uninit(struct net_device *dev)
{
	struct xnic_port *port = xnic_port(dev);

	xnic_nic_port_unregister(port->nic, dev);
}

static int xnic_open(struct net_device *dev)
{
	struct net_device *peer = rtnl_dereference(xnic_port(dev)->peer);

	if (!peer)
		return -ENOTCONN;
	if (peer->flags & IFF_UP) {
		netif_carrier_on(dev);
		netif_carrier_on(peer);
	}
	return 0;
}

static int xnic_close(struct net_device *dev)
{
	struct net_device *peer = rtnl_dereference(xnic_port(dev)->peer);

	netif_carrier_off(dev);
	if (peer)
		netif_carrier_off(peer);
	return 0;
}

static void xnic_get_stats64(struct net_device *dev,
			     struct rtnl_link_stats64 *s)
{
	struct xnic_port *port = xnic_port(dev);

	s->rx_packets = atomic64_read(&port->ctr[XNIC_CTR_RX_PACKETS]);
	s->rx_bytes = atomic64_read(&port->ctr[XNIC_CTR_RX_BYTES]);
	s->tx_packets = atomic64_read(&port->ctr[XNIC_CTR_TX_PACKETS]);
	s->tx_bytes = atomic64_read(&port->ctr[XNIC_CTR_TX_BYTES]);
	s->rx_dropped = atomic64_read(&port->ctr[XNIC_CTR_RX_DROPPED]);
	s->tx_dropped = atomic64_read(&port->ctr[XNIC_CTR_TX_DROPPED]);
}

static int xnic_set_features(struct net_device *dev, netdev_features_t features)
{
	return xnic_tc_check_features(dev, features);
}

static int xnic_get_iflink(const struct net_device *dev)
{
	struct net_device *peer;
	int iflink;

	rcu_read_lock();
	peer = rcu_dereference(xnic_port((struct net_device *)dev)->peer);
	iflink = peer ? peer->ifindex : 0;
	rcu_read_unlock();
	return iflink;
}

static const struct net_device_ops xnic_netdev_ops = {
	.ndo_init = xnic_ndo_init,
	.ndo_uninit = xnic_ndo_uninit,
	.ndo_open = xnic_open,
	.ndo_stop = xnic_close,
	.ndo_start_xmit = xnic_start_xmit,
	.ndo_get_stats64 = xnic_get_stats64,
	.ndo_set_features = xnic_set_features,
	.ndo_set_mac_address = eth_mac_addr,
	.ndo_get_iflink = xnic_get_iflink,
	.ndo_bpf = xnic_ndo_bpf,
	.ndo_setup_tc = xnic_ndo_setup_tc,
};

void xnic_netdev_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	dev->priv_flags |= IFF_LIVE_ADDR_CHANGE | IFF_NO_QUEUE;
	dev->netdev_ops = &xnic_netdev_ops;
	dev->ethtool_ops = &xnic_ethtool_ops;
	dev->features |= NETIF_F_LLTX;
	/* TC offload is available but off until the user turns it on. */
	dev->hw_features |= NETIF_F_HW_TC;
	dev->needs_free_netdev = true;
	dev->max_mtu = ETH_DATA_LEN * 6;
}
