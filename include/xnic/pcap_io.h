/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Frames in memory and their pcap files (Ethernet link type only): what
 * xnic-pktgen writes and what xnic-kref / xnic-sim read.
 */
#ifndef XNIC_PCAP_IO_H
#define XNIC_PCAP_IO_H

/* Plain stdint types: this header must stay includable next to
 * <pcap/pcap.h>, whose struct bpf_insn clashes with <linux/bpf.h>. */
#include <stddef.h>
#include <stdint.h>

struct xnic_frame {
	uint8_t *data; /* owned */
	uint32_t len;
};

struct xnic_frames {
	struct xnic_frame *v;
	uint32_t n, cap;
};

void xnic_frames_init(struct xnic_frames *f);
void xnic_frames_free(struct xnic_frames *f);
/* Append a copy of data[0..len).  Returns 0 or -ENOMEM. */
int xnic_frames_add(struct xnic_frames *f, const void *data, uint32_t len);

/*
 * Read every frame of a pcap file into *out (initialised here).  Frames
 * captured shorter than their wire length are kept as captured.  Returns 0,
 * or a negative errno with a message in err.
 */
int xnic_pcap_read(const char *path, struct xnic_frames *out, char *err,
		   size_t errlen);

/*
 * Write frames to a pcap file (Ethernet, snaplen 65535).  Timestamps are
 * synthetic (frame i at i microseconds) so equal frames give equal files.
 */
int xnic_pcap_write(const char *path, const struct xnic_frames *f, char *err,
		    size_t errlen);

#endif /* XNIC_PCAP_IO_H */
