/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Differential testing helpers (tools/lib/diff_*.c) for xnic-diff: the
 * NIC side of a run (front end -> verifier_ext -> JIT -> firmware_sim,
 * results in the same struct xnic_result the kernel reference fills), the
 * kernel's frame refusals, and a one-line description of the first
 * difference between two results.
 */
#ifndef XNIC_TOOLS_DIFF_H
#define XNIC_TOOLS_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "xnic/json_out.h"
#include "xnic/pcap_io.h"
#include "xnic/pktgen.h"

/* Why BPF_PROG_TEST_RUN refuses a frame (net/bpf/test_run.c). */
enum xnic_diff_refusal {
	XNIC_DIFF_RUNS,
	/* < 14 bytes: no Ethernet MAC delivers such a runt, so the NIC never
	 * runs a program on it either; excluded on both sides. */
	XNIC_DIFF_RUNT,
	/* TC only: IPv4 (IPv6) ethertype with < 20 (40) bytes after the
	 * Ethernet header.  A NIC would run the program on it, so there is
	 * no reference for a frame the NIC sees: never generated for TC. */
	XNIC_DIFF_TC_SHORT_L3,
};

/* Error text of a frame the NIC did not run because no MAC delivers it. */
#define XNIC_DIFF_NOT_RECEIVED "not received (runt)"

enum xnic_diff_refusal xnic_diff_kernel_refusal(const u8 *frame, u32 len,
						bool xdp);

/*
 * Run frames through the NIC path: build obj's program sec (NULL: the
 * first), load it into a default simulator (ingress ifindex 1, as the
 * kernel's test runs on loopback) and run every frame in order; frames
 * marked skip[i] (may be NULL) get the error entry XNIC_DIFF_NOT_RECEIVED.
 * Faults become error entries "NIC fault: ...".  Then the maps, as the
 * kernel reference dumps them.  via_file routes the image through an .xnic
 * file (written and read back, as xnic-jit -o and xnic-sim IMAGE.xnic do)
 * before loading it.  Returns 0, or a negative errno with the reason
 * (build diagnostics, load errors) in why.
 */
int xnic_diff_run_nic(const char *obj, const char *sec,
		      const struct xnic_frames *frames, const bool *skip,
		      bool via_file, struct xnic_result *res, char *why,
		      size_t whylen);

/*
 * The first difference between the kernel's result (ref) and the NIC's
 * (got), as "frame 17: retval expected 2 (XDP_PASS) got 1 (XDP_DROP)" or
 * "map stats: key 02000000: value expected 01000000 got 00000000".  Two
 * error entries are equal only when the NIC's is XNIC_DIFF_NOT_RECEIVED
 * (a NIC fault never matches anything).  *frame
 * gets the frame index (or -1 for a map difference).  Returns false when
 * the results agree in every compared field (retval, error presence,
 * output bytes, map entries; cycles and stats are ignored).
 */
bool xnic_diff_first(const struct xnic_result *ref,
		     const struct xnic_result *got, bool xdp, long *frame,
		     char *buf, size_t len);

/* "tcp4, 1 vlan, ip4 options, 342 bytes, cut from 400" into buf. */
void xnic_diff_describe_frame(const struct xnic_pkt_info *info, char *buf,
			      size_t len);

/*
 * Make map names comparable: libbpf prefixes internal maps with the
 * object's name ("xdp_coun.bss"), the NIC image names them by section
 * (".bss").  Keeps the part from the first '.' on, in place.
 */
void xnic_diff_normalise_maps(struct xnic_result *r);

#endif /* XNIC_TOOLS_DIFF_H */
