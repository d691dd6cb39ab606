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
 *   xnic-pkt replay TXIF PROGIF FILE TIMEOUT_MS [xdp|tc NESTING]
 *       FILE has one line per frame, "IN_HEX RETVAL OUT_HEX [RETVAL
 *       OUT_HEX]...": a frame and, per run, what the host kernel's
 *       BPF_PROG_TEST_RUN made of it (OUT_HEX "-" when empty; a redirect
 *       comes back into the program, so one more run follows, up to
 *       NESTING runs; default xdp and no bound).  The offloaded program
 *       runs on PROGIF, TXIF is its peer.  Each frame is sent on TXIF, one
 *       at a time; predict() derives from the runs, as the driver's
 *       datapath does, every ethtool -S counter of both ports (but
 *       hw_cycles) and where the frame ends: dropped, delivered on PROGIF
 *       or sent back to TXIF.  The counters are read before and after the
 *       send (the whole journey happens inside it); the frame is waited
 *       for up to TIMEOUT_MS on the port whose rx_packets moved and must
 *       be the last run's output byte for byte.  Each mismatch prints
 *       lines; then "frames F runs R compared F mismatches M" and
 *       "PROGIF hw_aborted=N hw_drop=N hw_pass=N hw_tx=N hw_redirect=N",
 *       the verdict counters the replay should have added up to.
 * Frames the host itself sends on RXIF (PACKET_OUTGOING) are ignored.
 * Received frames are shown as they were on the wire: the stack moves an
 * 802.1Q/802.1ad tag out of the data into skb metadata before packet
 * sockets see the frame (skb_vlan_untag()), so the tag is put back from
 * PACKET_AUXDATA, as libpcap does.  Without this a frame that an XDP
 * program tagged would be read, and compared, without its tag.
 */
#include <arpa/inet.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
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
#include <sys/ioctl.h>
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

/*
 * Per-port counters (ethtool -S, through SIOCETHTOOL) that the replay
 * predicts for every frame: all of them but hw_cycles, which only the chip
 * knows.
 */
enum ctr {
	C_WIRE_RX,
	C_HW_ABORTED,
	C_HW_DROP,
	C_HW_PASS,
	C_HW_TX,
	C_HW_REDIRECT,
	C_HW_NO_IMAGE,
	C_DRV_XDP_PASS,
	C_DRV_XDP_CONSUMED,
	C_RX_PACKETS,
	C_RX_BYTES,
	C_TX_PACKETS,
	C_TX_BYTES,
	C_RX_DROPPED,
	C_TX_DROPPED,
	C_NUM
};

static const char *const ctr_names[C_NUM] = {
	"wire_rx",	  "hw_aborted",	   "hw_drop",	   "hw_pass",
	"hw_tx",	  "hw_redirect",   "hw_no_image",  "drv_xdp_pass",
	"drv_xdp_consumed", "rx_packets", "rx_bytes",	   "tx_packets",
	"tx_bytes",	  "rx_dropped",	   "tx_dropped",
};

#define MAX_STATS 64

struct port_stats {
	char ifname[IFNAMSIZ];
	int fd;
	unsigned int n;
	int idx[C_NUM]; /* index in the driver's stats, -1 if absent */
};

static void ethtool_ioctl(struct port_stats *p, void *cmd)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, p->ifname, IFNAMSIZ);
	ifr.ifr_data = cmd;
	if (ioctl(p->fd, SIOCETHTOOL, &ifr))
		die("SIOCETHTOOL");
}

static void stats_open(struct port_stats *p, const char *ifname)
{
	struct {
		struct ethtool_sset_info hdr;
		uint32_t len;
	} sset;
	struct ethtool_gstrings *names;
	unsigned int i, c;

	memset(p, 0, sizeof(*p));
	snprintf(p->ifname, IFNAMSIZ, "%s", ifname);
	p->fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (p->fd < 0)
		die("socket");
	memset(&sset, 0, sizeof(sset));
	sset.hdr.cmd = ETHTOOL_GSSET_INFO;
	sset.hdr.sset_mask = 1ULL << ETH_SS_STATS;
	ethtool_ioctl(p, &sset);
	p->n = sset.len;
	if (p->n > MAX_STATS) {
		fprintf(stderr, "%s: %u stats\n", ifname, p->n);
		exit(2);
	}
	names = calloc(1, sizeof(*names) + p->n * ETH_GSTRING_LEN);
	if (!names)
		die("calloc");
	names->cmd = ETHTOOL_GSTRINGS;
	names->string_set = ETH_SS_STATS;
	names->len = p->n;
	ethtool_ioctl(p, names);
	for (c = 0; c < C_NUM; c++) {
		p->idx[c] = -1;
		for (i = 0; i < p->n; i++)
			if (!strncmp((char *)names->data + i * ETH_GSTRING_LEN,
				     ctr_names[c], ETH_GSTRING_LEN))
				p->idx[c] = i;
		if (p->idx[c] < 0) {
			fprintf(stderr, "%s: no counter %s\n", ifname,
				ctr_names[c]);
			exit(2);
		}
	}
	free(names);
}

static void stats_read(struct port_stats *p, uint64_t *out)
{
	struct {
		struct ethtool_stats hdr;
		uint64_t v[MAX_STATS];
	} st;
	unsigned int c;

	memset(&st, 0, sizeof(st));
	st.hdr.cmd = ETHTOOL_GSTATS;
	st.hdr.n_stats = p->n;
	ethtool_ioctl(p, &st);
	for (c = 0; c < C_NUM; c++)
		out[c] = st.v[p->idx[c]];
}

/* What the chip does with a verdict (driver/xnic_datapath.c). */
enum fate { F_DROPPED, F_DELIVERED, F_SENT_BACK, F_REDIRECTED, F_ABORTED };

/*
 * XDP: the verdict itself, unknown ones abort.  TC (firmware_sim's
 * sim_fw_verdict): TC_ACT_OK (0), TC_ACT_PIPE (3) and TC_ACT_UNSPEC (-1)
 * pass, TC_ACT_REDIRECT (7) redirects, everything else drops.
 */
static enum fate verdict_fate(bool tc, uint32_t rv)
{
	if (tc)
		return rv == 0 || rv == 3 || rv == 0xffffffffu ? F_DELIVERED :
		       rv == 7				      ? F_REDIRECTED :
								F_DROPPED;
	switch (rv) {
	case 1:
		return F_DROPPED;
	case 2:
		return F_DELIVERED;
	case 3:
		return F_SENT_BACK;
	case 4:
		return F_REDIRECTED;
	default:
		return F_ABORTED;
	}
}

/* One run of the program in a replay line: the host's verdict and output. */
struct run {
	uint32_t rv;
	size_t len;
	unsigned char *out;
};

#define MAX_RUNS 16

/*
 * The driver's datapath, from the host's runs of one frame sent on the
 * TX port: the counters each port must add and where the frame ends.
 * Run k happens at nesting depth k (the send itself is depth 0); a
 * transmit at depth >= nesting is dropped and counted in the sending
 * port's tx_dropped.  A redirect leaves by the TX port, whose wire is the
 * program's port: the next run gets its output.
 */
static enum fate predict(bool tc, int nesting, size_t in_len,
			 const struct run *runs, int nruns, uint64_t *prog_c,
			 uint64_t *tx_c, int *last)
{
	int k;

	memset(prog_c, 0, C_NUM * sizeof(*prog_c));
	memset(tx_c, 0, C_NUM * sizeof(*tx_c));
	tx_c[C_TX_PACKETS]++;
	tx_c[C_TX_BYTES] += in_len;
	prog_c[C_WIRE_RX]++;
	for (k = 1; k <= nruns; k++) {
		const struct run *r = &runs[k - 1];

		*last = k - 1;
		switch (verdict_fate(tc, r->rv)) {
		case F_ABORTED:
			prog_c[C_HW_ABORTED]++;
			return F_DROPPED;
		case F_DROPPED:
			prog_c[C_HW_DROP]++;
			return F_DROPPED;
		case F_DELIVERED:
			prog_c[C_HW_PASS]++;
			prog_c[C_RX_PACKETS]++;
			prog_c[C_RX_BYTES] += r->len;
			return F_DELIVERED;
		case F_SENT_BACK:
			prog_c[C_HW_TX]++;
			if (k >= nesting) {
				prog_c[C_TX_DROPPED]++;
				return F_DROPPED;
			}
			prog_c[C_TX_PACKETS]++;
			prog_c[C_TX_BYTES] += r->len;
			tx_c[C_WIRE_RX]++;
			tx_c[C_RX_PACKETS]++;
			tx_c[C_RX_BYTES] += r->len;
			return F_SENT_BACK;
		case F_REDIRECTED:
			prog_c[C_HW_REDIRECT]++;
			if (k >= nesting) {
				tx_c[C_TX_DROPPED]++;
				return F_DROPPED;
			}
			tx_c[C_TX_PACKETS]++;
			tx_c[C_TX_BYTES] += r->len;
			prog_c[C_WIRE_RX]++;
			if (k == nruns)
				return F_REDIRECTED; /* the line ends early */
			break;
		}
	}
	return F_REDIRECTED;
}

/*
 * A tagged frame shorter than 20 bytes (MACs, tag, ethertype, 2 bytes)
 * is freed by the receiving stack's skb_vlan_untag(), which needs two
 * bytes past the tag, before packet sockets see it: only the counters
 * tell that the chip delivered or sent it back.
 */
static bool unobservable(const unsigned char *f, size_t len)
{
	return len < ETH_ADDRS_LEN + VLAN_TAG_LEN + 4 &&
	       len >= ETH_ADDRS_LEN + 2 &&
	       ((f[12] == 0x81 && f[13] == 0x00) ||
		(f[12] == 0x88 && f[13] == 0xa8));
}

static const char *fate_name(enum fate f)
{
	static const char *const names[] = {"dropped", "delivered",
					    "sent back", "redirected",
					    "aborted"};

	return names[f];
}

/* Parses "IN RV OUT [RV OUT]..." into in/runs; returns the number of runs. */
static int parse_line(char *line, unsigned char *in, size_t *in_len,
		      struct run *runs, unsigned char (*outs)[MAX_FRAME])
{
	char *tok = strtok(line, " \n");
	int n = 0;

	if (!tok)
		return -1;
	*in_len = parse_hex(tok, in);
	while ((tok = strtok(NULL, " \n"))) {
		if (n == MAX_RUNS)
			return -1;
		runs[n].rv = strtoul(tok, NULL, 10);
		tok = strtok(NULL, " \n");
		if (!tok)
			return -1;
		runs[n].out = outs[n];
		runs[n].len = strcmp(tok, "-") ? parse_hex(tok, outs[n]) : 0;
		n++;
	}
	return n ? n : -1;
}

static void print_counter_diff(const char *port, const uint64_t *want,
			       const uint64_t *got)
{
	int c;

	for (c = 0; c < C_NUM; c++)
		if (want[c] != got[c])
			printf("  %s %s: want +%llu, got +%llu\n", port,
			       ctr_names[c], (unsigned long long)want[c],
			       (unsigned long long)got[c]);
}

/*
 * See the usage at the top.  Per frame: counters of both ports before and
 * after the send (the whole journey through the NIC happens inside the
 * send), the frame that arrives on either port, both compared with what
 * predict() makes of the host's runs.
 */
static int replay(const char *txif, const char *progif, const char *path,
		  int timeout_ms, bool tc, int nesting)
{
	static unsigned char in[MAX_FRAME], buf[MAX_FRAME];
	static unsigned char outs[MAX_RUNS][MAX_FRAME];
	static char line[8 * MAX_FRAME];
	uint64_t b_prog[C_NUM], a_prog[C_NUM], b_tx[C_NUM], a_tx[C_NUM];
	uint64_t w_prog[C_NUM], w_tx[C_NUM], d_prog[C_NUM], d_tx[C_NUM];
	uint64_t tot_prog[C_NUM] = {0};
	int peer, back, nruns, last = 0, lineno = 0, c;
	int frames = 0, compared = 0, mismatches = 0, runs_total = 0;
	struct sockaddr_ll peer_sll, back_sll;
	struct port_stats sp, st;
	struct run runs[MAX_RUNS];
	enum fate want, got;
	size_t in_len;
	ssize_t n;
	bool bad;
	FILE *f = fopen(path, "r");

	if (!f)
		die(path);
	stats_open(&sp, progif);
	stats_open(&st, txif);
	/* Receivers first, so nothing is missed. */
	peer = open_bound(progif, &peer_sll);
	/* Sends on TXIF, and reads what comes back there. */
	back = open_bound(txif, &back_sll);
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		nruns = parse_line(line, in, &in_len, runs, outs);
		if (nruns < 0) {
			fprintf(stderr, "%s:%d: bad line\n", path, lineno);
			exit(2);
		}
		frames++;
		runs_total += nruns;
		want = predict(tc, nesting, in_len, runs, nruns, w_prog, w_tx,
			       &last);
		if (want == F_REDIRECTED) {
			fprintf(stderr, "%s:%d: redirects beyond the %d runs "
				"it lists\n", path, lineno, nruns);
			exit(2);
		}
		for (c = 0; c < C_NUM; c++)
			tot_prog[c] += w_prog[c];
		stats_read(&sp, b_prog);
		stats_read(&st, b_tx);
		if (sendto(back, in, in_len, 0, (struct sockaddr *)&back_sll,
			   sizeof(back_sll)) != (ssize_t)in_len)
			die("sendto");
		stats_read(&sp, a_prog);
		stats_read(&st, a_tx);
		for (c = 0; c < C_NUM; c++) {
			d_prog[c] = a_prog[c] - b_prog[c];
			d_tx[c] = a_tx[c] - b_tx[c];
		}
		/*
		 * Where the counters say it went, the frame is waited for;
		 * elsewhere anything already queued is still caught.
		 */
		n = 0;
		got = F_DROPPED;
		if ((n = recv_frame(peer, buf,
				    d_prog[C_RX_PACKETS] ? timeout_ms : 0)))
			got = F_DELIVERED;
		else if ((n = recv_frame(back, buf,
					 d_tx[C_RX_PACKETS] ? timeout_ms : 0)))
			got = F_SENT_BACK;
		compared++;
		bad = memcmp(d_prog, w_prog, sizeof(w_prog)) ||
		      memcmp(d_tx, w_tx, sizeof(w_tx));
		if (want != F_DROPPED &&
		    unobservable(runs[last].out, runs[last].len)) {
			if (got != F_DROPPED)
				bad = true;
		} else if (got != want ||
			   (got != F_DROPPED &&
			    ((size_t)n != runs[last].len ||
			     memcmp(buf, runs[last].out, n)))) {
			bad = true;
		}
		if (!bad)
			continue;
		mismatches++;
		printf("frame %d: host retvals", frames - 1);
		for (c = 0; c < nruns; c++)
			printf(" %u", runs[c].rv);
		printf(" (%s), offload %s", fate_name(want), fate_name(got));
		if (got != F_DROPPED) {
			printf(" ");
			print_hex(buf, n);
		} else {
			printf("\n");
		}
		print_counter_diff(progif, w_prog, d_prog);
		print_counter_diff(txif, w_tx, d_tx);
	}
	fclose(f);
	printf("frames %d runs %d compared %d mismatches %d\n", frames,
	       runs_total, compared, mismatches);
	/* The program port's verdict counters over the whole replay. */
	printf("%s", progif);
	for (c = C_HW_ABORTED; c <= C_HW_REDIRECT; c++)
		printf(" %s=%llu", ctr_names[c],
		       (unsigned long long)tot_prog[c]);
	printf("\n");
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
	if ((argc == 6 || argc == 8) && !strcmp(argv[1], "replay"))
		return replay(argv[2], argv[3], argv[4], atoi(argv[5]),
			      argc == 8 && !strcmp(argv[6], "tc"),
			      argc == 8 ? atoi(argv[7]) : MAX_RUNS);
	if (argc == 4 && !strcmp(argv[1], "recv")) {
		rx = open_bound(argv[2], &sll);
		while ((n = recv_frame(rx, buf, atoi(argv[3]))) > 0)
			print_hex(buf, n);
		return 0;
	}
	fprintf(stderr, "usage: xnic-pkt send IF HEX [COUNT] | "
			"xfer TXIF RXIF HEX COUNT TIMEOUT_MS [EXPECT_HEX] | "
			"recv IF TIMEOUT_MS | "
			"replay TXIF PEERIF FILE TIMEOUT_MS [xdp|tc NESTING]\n");
	return 2;
}
