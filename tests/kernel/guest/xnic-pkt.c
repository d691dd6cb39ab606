// SPDX-License-Identifier: GPL-2.0-only
/*
 * Frame sender/receiver for the QEMU tests, over AF_PACKET.
 *
 *   xnic-pkt send TXIF HEX [COUNT]
 *       write the frame HEX (Ethernet header included) COUNT times on TXIF
 *   xnic-pkt xfer TXIF RXIF HEX COUNT TIMEOUT_MS [EXPECT_HEX]
 *       open a receiver on RXIF first (so nothing is missed), send HEX COUNT
 *       times on TXIF, then collect frames arriving on RXIF until
 *       TIMEOUT_MS passes without one; print
 *       "sent S received R matching M" (M: frames byte-identical to
 *       EXPECT_HEX, by default HEX itself)
 *   xnic-pkt recv RXIF TIMEOUT_MS
 *       print every frame arriving on RXIF as hex, one per line
 * Frames the host itself sends on RXIF (PACKET_OUTGOING) are ignored.
 * Received frames are shown as they were on the wire: the stack moves an
 * 802.1Q/802.1ad tag out of the data into skb metadata before packet
 * sockets see the frame (skb_vlan_untag()), so the tag is put back from
 * PACKET_AUXDATA, as libpcap does.  Without this a frame that an XDP
 * program tagged would be read, and compared, without its tag.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_FRAME 16384
#define VLAN_TAG_LEN 4
#define ETH_ADDRS_LEN 12

static void die(const char *what)
{
	perror(what);
	exit(2);
}

static int open_bound(const char *ifname, struct sockaddr_ll *sll)
{
	int fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL)), one = 1;

	if (fd < 0)
		die("socket");
	memset(sll, 0, sizeof(*sll));
	sll->sll_family = AF_PACKET;
	sll->sll_protocol = htons(ETH_P_ALL);
	sll->sll_ifindex = if_nametoindex(ifname);
	if (!sll->sll_ifindex)
		die(ifname);
	if (bind(fd, (struct sockaddr *)sll, sizeof(*sll)))
		die("bind");
	if (setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof(one)))
		die("PACKET_AUXDATA");
	return fd;
}

static size_t parse_hex(const char *hex, unsigned char *out)
{
	size_t n = 0;
	unsigned int b;

	while (hex[0] && hex[1]) {
		if (n >= MAX_FRAME || sscanf(hex, "%2x", &b) != 1) {
			fprintf(stderr, "bad hex frame\n");
			exit(2);
		}
		out[n++] = b;
		hex += 2;
	}
	if (*hex) {
		fprintf(stderr, "odd hex length\n");
		exit(2);
	}
	return n;
}

static void send_frames(const char *ifname, const unsigned char *f, size_t len,
			int count)
{
	struct sockaddr_ll sll;
	int fd = open_bound(ifname, &sll), i;

	for (i = 0; i < count; i++)
		if (sendto(fd, f, len, 0, (struct sockaddr *)&sll,
			   sizeof(sll)) != (ssize_t)len)
			die("sendto");
	close(fd);
}

/* Puts back the VLAN tag the stack took out of the frame, if any. */
static ssize_t restore_vlan_tag(struct msghdr *msg, unsigned char *buf,
				ssize_t n)
{
	const struct tpacket_auxdata *aux;
	struct cmsghdr *c;
	uint16_t tpid, tci;

	for (c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c)) {
		if (c->cmsg_level != SOL_PACKET ||
		    c->cmsg_type != PACKET_AUXDATA)
			continue;
		aux = (const struct tpacket_auxdata *)CMSG_DATA(c);
		if (!(aux->tp_status & TP_STATUS_VLAN_VALID) ||
		    n < ETH_ADDRS_LEN)
			return n;
		tpid = aux->tp_status & TP_STATUS_VLAN_TPID_VALID ?
			       aux->tp_vlan_tpid :
			       ETH_P_8021Q;
		tpid = htons(tpid);
		tci = htons(aux->tp_vlan_tci);
		memmove(buf + ETH_ADDRS_LEN + VLAN_TAG_LEN,
			buf + ETH_ADDRS_LEN, n - ETH_ADDRS_LEN);
		memcpy(buf + ETH_ADDRS_LEN, &tpid, 2);
		memcpy(buf + ETH_ADDRS_LEN + 2, &tci, 2);
		return n + VLAN_TAG_LEN;
	}
	return n;
}

/*
 * Next incoming frame within timeout_ms, as it was on the wire; 0 on
 * timeout.  buf holds MAX_FRAME bytes.
 */
static ssize_t recv_frame(int fd, unsigned char *buf, int timeout_ms)
{
	struct pollfd pfd = {.fd = fd, .events = POLLIN};
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
	} ctl;
	struct sockaddr_ll from;
	struct iovec iov;
	struct msghdr msg;
	ssize_t n;

	for (;;) {
		if (poll(&pfd, 1, timeout_ms) <= 0)
			return 0;
		/* Room to put a tag back. */
		iov.iov_base = buf;
		iov.iov_len = MAX_FRAME - VLAN_TAG_LEN;
		memset(&msg, 0, sizeof(msg));
		msg.msg_name = &from;
		msg.msg_namelen = sizeof(from);
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = ctl.buf;
		msg.msg_controllen = sizeof(ctl.buf);
		n = recvmsg(fd, &msg, 0);
		/* The receiving port went down: nothing more will come. */
		if (n < 0 && errno == ENETDOWN)
			return 0;
		if (n < 0)
			die("recvmsg");
		if (from.sll_pkttype != PACKET_OUTGOING)
			return restore_vlan_tag(&msg, buf, n);
	}
}

static void print_hex(const unsigned char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		printf("%02x", b[i]);
	printf("\n");
}

int main(int argc, char **argv)
{
	static unsigned char frame[MAX_FRAME], buf[MAX_FRAME], want[MAX_FRAME];
	struct sockaddr_ll sll;
	int rx, count, timeout, received = 0, matching = 0;
	size_t len, want_len;
	ssize_t n;

	if (argc >= 4 && !strcmp(argv[1], "send")) {
		len = parse_hex(argv[3], frame);
		send_frames(argv[2], frame, len, argc > 4 ? atoi(argv[4]) : 1);
		return 0;
	}
	if ((argc == 7 || argc == 8) && !strcmp(argv[1], "xfer")) {
		len = parse_hex(argv[4], frame);
		want_len = parse_hex(argc == 8 ? argv[7] : argv[4], want);
		count = atoi(argv[5]);
		timeout = atoi(argv[6]);
		rx = open_bound(argv[3], &sll);
		send_frames(argv[2], frame, len, count);
		while ((n = recv_frame(rx, buf, timeout)) > 0) {
			received++;
			if ((size_t)n == want_len &&
			    !memcmp(buf, want, want_len))
				matching++;
		}
		printf("sent %d received %d matching %d\n", count, received,
		       matching);
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "recv")) {
		rx = open_bound(argv[2], &sll);
		while ((n = recv_frame(rx, buf, atoi(argv[3]))) > 0)
			print_hex(buf, n);
		return 0;
	}
	fprintf(stderr, "usage: xnic-pkt send IF HEX [COUNT] | "
			"xfer TXIF RXIF HEX COUNT TIMEOUT_MS [EXPECT_HEX] | "
			"recv IF TIMEOUT_MS\n");
	return 2;
}
