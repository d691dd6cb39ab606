// SPDX-License-Identifier: GPL-2.0-only
/*
 * The wire between the two ports and the receive side of the NIC.
 *
 * A frame transmitted on port A arrives on port B's wire.  The NIC's chip
 * runs B's offloaded program on it, as arrived on B's port
 * (xnic_nic_run_frame(), the simulator seam), and the driver acts on the
 * verdict; a frame that passes is handed to B's native XDP program, if
 * any, and then to the stack with netif_rx().
 *
 * XDP_TX and XDP_REDIRECT (offloaded or native) transmit again, so a pair
 * of ports whose programs bounce frames at each other would recurse
 * without end; a per-CPU depth bound cuts that loop and counts the drop.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/percpu.h>
#include <linux/skbuff.h>
#include <trace/events/xdp.h>

#include "xnic.h"

#define XNIC_MAX_NESTING 4

static DEFINE_PER_CPU(unsigned int, xnic_xmit_depth);

static void xnic_rx_drop(struct xnic_port *port, struct sk_buff *skb)
{
	xnic_ctr_add(port, XNIC_CTR_RX_DROPPED, 1);
	kfree_skb(skb);
}

/* Offloaded XDP_TX: back out of the port the frame came in on. */
static void xnic_hw_tx(struct xnic_port *port, struct sk_buff *skb)
{
	skb->dev = port->netdev;
	xnic_start_xmit(skb, port->netdev);
}

/*
 * The offloaded program aborted (XDP_ABORTED or a verdict outside the
 * known ones) or the chip could not run it: the frame is dropped, counted
 * in hw_aborted and reported on the kernel's xdp:xdp_exception tracepoint
 * like a native driver does, so that xdpdump/perf users see offload
 * aborts too.  Every hw_aborted increment fires the tracepoint once.
 */
static void xnic_hw_abort(struct xnic_port *port, struct xnic_bound_prog *bp,
			  struct sk_buff *skb, u32 act)
{
	xnic_ctr_add(port, XNIC_CTR_HW_ABORTED, 1);
	trace_xdp_exception(port->netdev, bp->prog, act);
	kfree_skb(skb);
}

/* Runs the offloaded program; returns false when the frame is consumed. */
static bool xnic_hw_stage(struct xnic_port *port, struct sk_buff *skb)
{
	struct xnic_bound_prog *bp = rcu_dereference(port->hw_run);
	struct xnic_run_result res = {.verdict = XDP_PASS};
	struct net_device *peer;
	unsigned int len = skb->len;

	if (!bp)
		return true;
	if (skb_linearize(skb) ||
	    xnic_nic_run_frame(port->nic, port, skb, &res)) {
		/* Still a receive drop, as before; the abort is extra. */
		xnic_ctr_add(port, XNIC_CTR_RX_DROPPED, 1);
		xnic_hw_abort(port, bp, skb, XDP_ABORTED);
		return false;
	}
	/* Detached between our look and the run: as if never attached. */
	if (res.detached)
		return true;
	xnic_ctr_add(port, XNIC_CTR_HW_CYCLES, res.cycles);
	if (!res.ran) {
		xnic_ctr_add(port, XNIC_CTR_HW_NO_IMAGE, 1);
		return true;
	}
	if (bp->prog->type == BPF_PROG_TYPE_SCHED_CLS)
		xnic_tc_count(port, len,
			      res.verdict != XDP_PASS && res.verdict != XDP_TX &&
				      res.verdict != XDP_REDIRECT);
	switch (res.verdict) {
	case XDP_PASS:
		xnic_ctr_add(port, XNIC_CTR_HW_PASS, 1);
		return true;
	case XDP_TX:
		xnic_ctr_add(port, XNIC_CTR_HW_TX, 1);
		xnic_hw_tx(port, skb);
		return false;
	case XDP_REDIRECT:
		/* The only other port of this NIC is the peer. */
		xnic_ctr_add(port, XNIC_CTR_HW_REDIRECT, 1);
		peer = rcu_dereference(port->peer);
		if (!peer) {
			xnic_rx_drop(port, skb);
			return false;
		}
		xnic_hw_tx(xnic_port(peer), skb);
		return false;
	case XDP_DROP:
		xnic_ctr_add(port, XNIC_CTR_HW_DROP, 1);
		kfree_skb(skb);
		return false;
	default:
		xnic_hw_abort(port, bp, skb, res.verdict);
		return false;
	}
}

/* A frame (skb->data at the Ethernet header) arrives on port's wire. */
static void xnic_port_receive(struct xnic_port *port, struct sk_buff *skb)
{
	struct bpf_prog *xdp;
	unsigned int len;

	xnic_ctr_add(port, XNIC_CTR_WIRE_RX, 1);
	if (!xnic_hw_stage(port, skb))
		return;

	/*
	 * Scrubs the skb, checks the MTU, eth_type_trans()s it to port.  On
	 * failure the core frees the skb and counts it in the device's own
	 * rx_dropped, which ndo_get_stats64 output already includes.
	 */
	if (__dev_forward_skb(port->netdev, skb))
		return;

	xdp = rcu_dereference(port->xdp_drv);
	if (xdp) {
		if (do_xdp_generic(xdp, skb) != XDP_PASS) {
			xnic_ctr_add(port, XNIC_CTR_DRV_XDP_CONSUMED, 1);
			return;
		}
		xnic_ctr_add(port, XNIC_CTR_DRV_XDP_PASS, 1);
	}

	len = skb->len + ETH_HLEN;
	if (netif_rx(skb) == NET_RX_SUCCESS) {
		xnic_ctr_add(port, XNIC_CTR_RX_PACKETS, 1);
		xnic_ctr_add(port, XNIC_CTR_RX_BYTES, len);
	} else {
		xnic_ctr_add(port, XNIC_CTR_RX_DROPPED, 1);
	}
}

netdev_tx_t xnic_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct xnic_port *port = xnic_port(dev);
	unsigned int *depth;
	struct net_device *peer;

	rcu_read_lock();
	depth = get_cpu_ptr(&xnic_xmit_depth);
	peer = rcu_dereference(port->peer);
	if (unlikely(!peer || !(peer->flags & IFF_UP) ||
		     *depth >= XNIC_MAX_NESTING)) {
		xnic_ctr_add(port, XNIC_CTR_TX_DROPPED, 1);
		kfree_skb(skb);
		goto out;
	}
	xnic_ctr_add(port, XNIC_CTR_TX_PACKETS, 1);
	xnic_ctr_add(port, XNIC_CTR_TX_BYTES, skb->len);
	(*depth)++;
	xnic_port_receive(xnic_port(peer), skb);
	(*depth)--;
out:
	put_cpu_ptr(&xnic_xmit_depth);
	rcu_read_unlock();
	return NETDEV_TX_OK;
}
