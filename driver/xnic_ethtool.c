// SPDX-License-Identifier: GPL-2.0-only
/*
 * ethtool -S: per-port counters, including one per verdict of the
 * offloaded program and the simulated cycles it took.
 */
#include <linux/ethtool.h>
#include <linux/netdevice.h>

#include "xnic.h"

const char xnic_ctr_names[XNIC_CTR_NUM][ETH_GSTRING_LEN] = {
	[XNIC_CTR_WIRE_RX] = "wire_rx",
	[XNIC_CTR_HW_ABORTED] = "hw_aborted",
	[XNIC_CTR_HW_DROP] = "hw_drop",
	[XNIC_CTR_HW_PASS] = "hw_pass",
	[XNIC_CTR_HW_TX] = "hw_tx",
	[XNIC_CTR_HW_REDIRECT] = "hw_redirect",
	[XNIC_CTR_HW_NO_IMAGE] = "hw_no_image",
	[XNIC_CTR_HW_CYCLES] = "hw_cycles",
	[XNIC_CTR_DRV_XDP_PASS] = "drv_xdp_pass",
	[XNIC_CTR_DRV_XDP_CONSUMED] = "drv_xdp_consumed",
	[XNIC_CTR_RX_PACKETS] = "rx_packets",
	[XNIC_CTR_RX_BYTES] = "rx_bytes",
	[XNIC_CTR_TX_PACKETS] = "tx_packets",
	[XNIC_CTR_TX_BYTES] = "tx_bytes",
	[XNIC_CTR_RX_DROPPED] = "rx_dropped",
	[XNIC_CTR_TX_DROPPED] = "tx_dropped",
};

static void xnic_get_drvinfo(struct net_device *dev,
			     struct ethtool_drvinfo *info)
{
	strscpy(info->driver, XNIC_DRV_NAME, sizeof(info->driver));
	snprintf(info->bus_info, sizeof(info->bus_info), "port%u",
		 xnic_port(dev)->index);
}

static int xnic_get_sset_count(struct net_device *dev, int sset)
{
	return sset == ETH_SS_STATS ? XNIC_CTR_NUM : -EOPNOTSUPP;
}

static void xnic_get_strings(struct net_device *dev, u32 sset, u8 *buf)
{
	if (sset == ETH_SS_STATS)
		memcpy(buf, xnic_ctr_names, sizeof(xnic_ctr_names));
}

static void xnic_get_ethtool_stats(struct net_device *dev,
				   struct ethtool_stats *stats, u64 *data)
{
	struct xnic_port *port = xnic_port(dev);
	int i;

	for (i = 0; i < XNIC_CTR_NUM; i++)
		data[i] = atomic64_read(&port->ctr[i]);
}

const struct ethtool_ops xnic_ethtool_ops = {
	.get_drvinfo = xnic_get_drvinfo,
	.get_link = ethtool_op_get_link,
	.get_sset_count = xnic_get_sset_count,
	.get_strings = xnic_get_strings,
	.get_ethtool_stats = xnic_get_ethtool_stats,
};
