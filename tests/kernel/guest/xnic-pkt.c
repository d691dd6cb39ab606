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
 *   xnic-pkt replay TXIF PEERIF FILE TIMEOUT_MS
 *       FILE has one line per frame, "IN_HEX RETVAL OUT_HEX" (OUT_HEX "-"
 *       when empty): a frame and what the host kernel's BPF_PROG_TEST_RUN
 *       made of it.  Each frame is sent on TXIF, one at a time, and its
 *       fate is the first frame that arrives within TIMEOUT_MS: on PEERIF
 *       (delivered: XDP_PASS), back on TXIF (sent back: XDP_TX) or
 *       none (dropped: XDP_ABORTED, XDP_DROP).  Each mismatch prints a
 *       line; the last line is "frames F compared C mismatches M"
 *       (frames with another retval are not compared, nor are delivered
 *       or sent-back frames that the receiving stack itself frees before
 *       any packet socket sees them: see unobservable()).
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
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_FRAME 16384
#define VLAN_TAG_LEN 4
#define ETH_ADDRS_LEN 12
/* A frame's fate, numbered like the XDP verdict that causes it. */
#define XNIC_FATE_PASS 2
#define XNIC_FATE_TX 3

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

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

/* The fate of the frame just sent: 0 dropped, 2 delivered, 3 sent back. */
static int frame_fate(int peer, int back, unsigned char *buf, ssize_t *n,
		      int timeout_ms)
{
	struct pollfd pfd[2] = {{.fd = peer, .events = POLLIN},
				{.fd = back, .events = POLLIN}};
	long end = now_ms() + timeout_ms, left;

	while ((left = end - now_ms()) >= 0) {
		if (poll(pfd, 2, left) <= 0)
			return 0;
		if (pfd[0].revents) {
			*n = recv_frame(peer, buf, 0);
			if (*n > 0)
				return XNIC_FATE_PASS;
		}
		/*
		 * On TXIF the sender's own copy comes first; recv_frame()
		 * skips it and, with timeout 0, returns 0 if nothing else
		 * is there yet.
		 */
		if (pfd[1].revents) {
			*n = recv_frame(back, buf, 0);
			if (*n > 0)
				return XNIC_FATE_TX;
		}
	}
	return 0;
}

/*
 * A tagged frame shorter than 20 bytes (MACs, tag, ethertype, 2 bytes)
 * is freed by the receiving stack's skb_vlan_untag(), which needs two
 * bytes past the tag, before packet sockets see it: whether the chip
 * delivered or sent it back cannot be told here.
 */
static bool unobservable(const unsigned char *f, size_t len)
{
	return len < ETH_ADDRS_LEN + VLAN_TAG_LEN + 4 &&
	       len >= ETH_ADDRS_LEN + 2 &&
	       ((f[12] == 0x81 && f[13] == 0x00) ||
		(f[12] == 0x88 && f[13] == 0xa8));
}

static int replay(const char *txif, const char *peerif, const char *path,
		  int timeout_ms)
{
	static unsigned char in[MAX_FRAME], want[MAX_FRAME], buf[MAX_FRAME];
	static char line[8 * MAX_FRAME];
	int peer, back, rv, fate, want_fate, lineno = 0;
	int frames = 0, compared = 0, mismatches = 0;
	char in_hex[2 * MAX_FRAME + 1], out_hex[2 * MAX_FRAME + 1];
	struct sockaddr_ll peer_sll, back_sll;
	size_t in_len, want_len;
	ssize_t n;
	FILE *f = fopen(path, "r");

	if (!f)
		die(path);
	/* Receivers first, so nothing is missed. */
	peer = open_bound(peerif, &peer_sll);
	/* Sends on TXIF, and reads what comes back there. */
	back = open_bound(txif, &back_sll);
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (sscanf(line, "%32768s %d %32768s", in_hex, &rv, out_hex) !=
		    3) {
			fprintf(stderr, "%s:%d: bad line\n", path, lineno);
			exit(2);
		}
		frames++;
		in_len = parse_hex(in_hex, in);
		want_len = strcmp(out_hex, "-") ? parse_hex(out_hex, want) : 0;
		if (sendto(back, in, in_len, 0, (struct sockaddr *)&back_sll,
			   sizeof(back_sll)) != (ssize_t)in_len)
			die("sendto");
		n = 0;
		fate = frame_fate(peer, back, buf, &n, timeout_ms);
		switch (rv) {
		case 0: /* XDP_ABORTED */
		case 1: /* XDP_DROP */
			want_fate = 0;
			break;
		case XNIC_FATE_PASS:
		case XNIC_FATE_TX:
			want_fate = rv;
			if (unobservable(want, want_len))
				continue;
			break;
		default:
			continue;
		}
		compared++;
		if (fate == want_fate &&
		    (!fate || ((size_t)n == want_len &&
			       !memcmp(buf, want, want_len))))
			continue;
		mismatches++;
		printf("frame %d: host retval %d, offload %s", frames - 1, rv,
		       fate == XNIC_FATE_PASS ? "delivered " :
		       fate == XNIC_FATE_TX   ? "sent back " :
						"dropped");
		if (fate)
			print_hex(buf, n);
		else
			printf("\n");
	}
	fclose(f);
	printf("frames %d compared %d mismatches %d\n", frames, compared,
	       mismatches);
	return 0;
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
	if (argc == 6 && !strcmp(argv[1], "replay"))
		return replay(argv[2], argv[3], argv[4], atoi(argv[5]));
	if (argc == 4 && !strcmp(argv[1], "recv")) {
		rx = open_bound(argv[2], &sll);
		while ((n = recv_frame(rx, buf, atoi(argv[3]))) > 0)
			print_hex(buf, n);
		return 0;
	}
	fprintf(stderr, "usage: xnic-pkt send IF HEX [COUNT] | "
			"xfer TXIF RXIF HEX COUNT TIMEOUT_MS [EXPECT_HEX] | "
			"recv IF TIMEOUT_MS | "
			"replay TXIF PEERIF FILE TIMEOUT_MS\n");
	return 2;
}
