/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Host-kernel reference runner: loads one program of a clang BPF object into
 * the running kernel (libbpf creates its maps) and runs frames through
 * BPF_PROG_TEST_RUN on that single loaded instance, so map state carries
 * from frame to frame exactly as it will on the simulated NIC.  The results
 * land in a struct xnic_result (xnic/json_out.h), the contract xnic-sim
 * prints too.
 *
 * Kernel facts the simulator must mirror to compare equal (net/bpf/test_run.c):
 *  - XDP: frames < 14 bytes are rejected; ingress_ifindex is the loopback
 *    device's (1 in the initial namespace), rx_queue_index is 0; 256 bytes
 *    of headroom for bpf_xdp_adjust_head, tail growth up to the page.
 *  - TC: frames < 14 bytes are rejected; skb->protocol comes from
 *    eth_type_trans() (the outer ethertype, VLAN tags not stripped; 802.3
 *    length fields become ETH_P_802_3 or ETH_P_802_2); a frame whose
 *    protocol is IPv4 (IPv6) but has fewer than 20 (40) bytes after the
 *    Ethernet header is rejected with EINVAL; mark is 0.
 * Needs root (or CAP_BPF + CAP_NET_ADMIN).
 */
#ifndef XNIC_KREF_H
#define XNIC_KREF_H

#include <stdbool.h>
#include <stddef.h>

#include "xnic/json_out.h"
#include "xnic/pcap_io.h"

struct xnic_kref;

/*
 * Open obj_path and load the program whose section or function name is sec
 * (NULL: the first program) into the kernel.  Returns 0, or a negative
 * errno with a one-line reason in err:
 *   -EPERM   not root / BPF not permitted
 *   -ENOENT  object or program not found
 *   -EINVAL  not a usable BPF object
 *   -EACCES  the kernel verifier rejected the program: its log is in
 *            xnic_kref_verifier_log() of *out, which is then still returned
 *            (close it with xnic_kref_close)
 */
int xnic_kref_open(struct xnic_kref **out, const char *obj_path,
		   const char *sec, char *err, size_t errlen);
void xnic_kref_close(struct xnic_kref *k);

const char *xnic_kref_verifier_log(const struct xnic_kref *k);
const char *xnic_kref_prog_name(const struct xnic_kref *k);
const char *xnic_kref_sec_name(const struct xnic_kref *k);
bool xnic_kref_is_xdp(const struct xnic_kref *k);

/*
 * Run one frame.  On success returns 0 with the verdict, the output frame
 * (out, capacity out_cap, length *out_len) and the kernel's duration in ns.
 * A frame the kernel refuses returns a negative errno.
 */
int xnic_kref_run_frame(struct xnic_kref *k, const void *data, u32 len,
			u32 *retval, void *out, u32 out_cap, u32 *out_len,
			u32 *duration_ns);

/*
 * Run every frame in order, then dump the maps, into res (initialised by
 * the caller).  Per-frame refusals become error entries; the return value
 * is 0 unless memory or map reads fail.  Stats: frames, frame_errors,
 * kernel_duration_ns (sum), prog, section, runner.
 */
int xnic_kref_run(struct xnic_kref *k, const struct xnic_frames *in,
		  struct xnic_result *res);

/*
 * Append every map: ARRAY maps every entry, HASH maps their present
 * entries (the JSON writer sorts them by key).  Other map types (per-CPU,
 * perf event arrays, ...) and the read-only maps libbpf makes for
 * constants (.rodata) are listed in the "maps_skipped" stat.
 */
int xnic_kref_dump_maps(struct xnic_kref *k, struct xnic_result *res);

/* File descriptor of a map by name, or a negative errno. */
int xnic_kref_map_fd(struct xnic_kref *k, const char *name);

/*
 * Timing mode: run one frame repeat times inside the kernel.  ns_per_pkt is
 * the kernel's reported average (integer ns); wall_ns the wall-clock time
 * of the whole syscall.  Maps persist, and XDP head/tail adjustments are
 * not undone between repetitions (the kernel reuses the buffer).
 */
int xnic_kref_bench(struct xnic_kref *k, const void *data, u32 len, u32 repeat,
		    u32 *ns_per_pkt, u64 *wall_ns, u32 *retval);

/*
 * Whether this process can load and test-run BPF programs at all; when
 * not, why holds the reason (for test skips).
 */
bool xnic_kref_available(char *why, size_t whylen);

#endif /* XNIC_KREF_H */
