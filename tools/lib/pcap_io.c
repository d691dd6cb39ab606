// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* pcap read/write of Ethernet frames through libpcap. */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xnic/pcap_io.h"

void xnic_frames_init(struct xnic_frames *f)
{
	memset(f, 0, sizeof(*f));
}

void xnic_frames_free(struct xnic_frames *f)
{
	uint32_t i;

	for (i = 0; i < f->n; i++)
		free(f->v[i].data);
	free(f->v);
	memset(f, 0, sizeof(*f));
}

int xnic_frames_add(struct xnic_frames *f, const void *data, uint32_t len)
{
	uint8_t *copy;

	if (f->n == f->cap) {
		uint32_t ncap = f->cap ? f->cap * 2 : 64;
		struct xnic_frame *v = realloc(f->v, ncap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		f->v = v;
		f->cap = ncap;
	}
	copy = malloc(len ? len : 1);
	if (!copy)
		return -ENOMEM;
	if (len)
		memcpy(copy, data, len);
	f->v[f->n].data = copy;
	f->v[f->n].len = len;
	f->n++;
	return 0;
}

int xnic_pcap_read(const char *path, struct xnic_frames *out, char *err,
		   size_t errlen)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	struct pcap_pkthdr *hdr;
	const u_char *bytes;
	pcap_t *p;
	int rc, ret = 0;

	xnic_frames_init(out);
	p = pcap_open_offline(path, ebuf);
	if (!p) {
		/* libpcap names the file in some messages but not all */
		if (strstr(ebuf, path))
			snprintf(err, errlen, "%s", ebuf);
		else
			snprintf(err, errlen, "%s: %s", path, ebuf);
		return -EINVAL;
	}
	if (pcap_datalink(p) != DLT_EN10MB) {
		snprintf(err, errlen,
			 "%s: link type %s, want Ethernet (EN10MB)", path,
			 pcap_datalink_val_to_name(pcap_datalink(p)));
		pcap_close(p);
		return -EINVAL;
	}
	while ((rc = pcap_next_ex(p, &hdr, &bytes)) == 1) {
		if (xnic_frames_add(out, bytes, hdr->caplen)) {
			snprintf(err, errlen, "out of memory");
			ret = -ENOMEM;
			break;
		}
	}
	if (!ret && rc == PCAP_ERROR) {
		snprintf(err, errlen, "%s: %s", path, pcap_geterr(p));
		ret = -EIO;
	}
	pcap_close(p);
	if (ret)
		xnic_frames_free(out);
	return ret;
}

int xnic_pcap_write(const char *path, const struct xnic_frames *f, char *err,
		    size_t errlen)
{
	pcap_dumper_t *d;
	pcap_t *p;
	uint32_t i;
	int ret = 0;

	p = pcap_open_dead(DLT_EN10MB, 65535);
	if (!p) {
		snprintf(err, errlen, "pcap_open_dead failed");
		return -ENOMEM;
	}
	d = pcap_dump_open(p, path);
	if (!d) {
		const char *e = pcap_geterr(p);

		if (strstr(e, path))
			snprintf(err, errlen, "%s", e);
		else
			snprintf(err, errlen, "%s: %s", path, e);
		pcap_close(p);
		return -EIO;
	}
	for (i = 0; i < f->n; i++) {
		struct pcap_pkthdr h;

		memset(&h, 0, sizeof(h));
		h.ts.tv_sec = i / 1000000;
		h.ts.tv_usec = i % 1000000;
		h.caplen = f->v[i].len;
		h.len = f->v[i].len;
		pcap_dump((u_char *)d, &h, f->v[i].data);
	}
	if (pcap_dump_flush(d)) {
		snprintf(err, errlen, "%s: write failed", path);
		ret = -EIO;
	}
	pcap_dump_close(d);
	pcap_close(p);
	return ret;
}
