/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The simulated NIC (firmware_sim/): a deterministic, integer-only,
 * cycle-accurate model of the chip and its firmware.  Used by the host
 * tools (xnic-sim, conformance, tests, benchmarks) and by the driver.
 *
 * Life cycle: xnic_sim_config_default() -> adjust -> xnic_sim_create()
 * -> xnic_sim_load(image) -> run frames / raw runs / streams, use the map
 * API -> xnic_sim_destroy().  Timing rules: docs/timing.md; execution
 * semantics and the firmware: docs/simulator.md; ABI: docs/abi.md.
 *
 * Nothing here allocates per instruction; calls that can fail return 0 or
 * a negative errno and, where they take err/errlen, a message.  A chip is
 * not thread-safe: callers serialise the calls on one struct xnic_sim
 * (different chips are independent).  Only create, load, prog_create,
 * profile_enable, run_stream, a raw run needing a larger EMEM area than
 * before, and map_create before xnic_sim_back_memory() allocate (and may
 * sleep in the kernel); frame runs, the map API and the perf ring neither
 * allocate nor sleep.
 */
#ifndef XNIC_SIM_H
#define XNIC_SIM_H

#include "image.h"
#include "isa.h"

#define XNIC_SIM_MAX_PORTS 4

/* Memory command latency classes (docs/timing.md). */
enum xnic_sim_lat_class {
	XNIC_SIM_LAT_READ,
	XNIC_SIM_LAT_WRITE,
	XNIC_SIM_LAT_ATOMIC_RET,
	XNIC_SIM_LAT_ATOMIC,
	XNIC_SIM_LAT_COUNT
};

struct xnic_sim_config {
	/* chip */
	u32 islands;
	u32 mes_per_island;
	u32 ctx_per_me; /* 1..8 */
	u32 pkt_mes;	/* MEs running the program (<= islands * mes) */
	u32 freq_mhz;
	u32 lm_bytes;  /* per ME; >= ctx_per_me * 512 */
	u32 cls_bytes; /* per island */
	u32 ctm_bytes; /* per island */
	u32 imem_bytes;
	u32 emem_bytes; /* address window; backed as the firmware allocates */
	u32 ports;	/* 1..XNIC_SIM_MAX_PORTS */
	u32 port_mbps;
	u32 ifindex[XNIC_SIM_MAX_PORTS]; /* GPR 26 per ingress port (1) */
	u32 split;	     /* packet bytes placed in CTM (docs/abi.md) */
	u32 tail_bytes;	     /* per-context EMEM buffer for bytes past split */
	u32 perf_ring_bytes; /* EMEM ring for perf_event_output */
	u64 seed;	     /* PRNG seed (prandom, prng CSR) */
	u64 watchdog;	     /* max cycles of one packet / raw run */
	/* pipeline (docs/timing.md) */
	u32 br_penalty;	     /* taken unconditional br */
	u32 br_cond_penalty; /* taken conditional, br_bit, br_byte, rtn */
	u32 swap_penalty;
	u32 lm_hazard; /* instructions still seeing the old lm_addr */
	/* memory units */
	u32 lat[XNIC_MEM_COUNT][XNIC_SIM_LAT_COUNT];
	u32 svc[XNIC_MEM_COUNT]; /* service cycles per command */
	u32 svc_bytes; /* one more service cycle per this many bytes */
	/* firmware costs in busy cycles */
	u32 fw_dispatch;
	u32 fw_egress;
	u32 fw_map;
	u32 fw_hash_per4;
	u32 fw_adjust;
	u32 fw_small;
	u32 fw_perf;
	u32 fw_csum;
	u32 fw_div;
};

/* Fill the NFP-4000-like defaults of docs/timing.md. */
void xnic_sim_config_default(struct xnic_sim_config *cfg);

/*
 * Set one config field by its name in docs/timing.md ("freq_mhz",
 * "lat.emem.read", "svc.ctm", ...).  Returns 0 or -EINVAL (unknown name or
 * value out of range, message in err).  Used by `xnic-sim --config`.
 */
int xnic_sim_config_set(struct xnic_sim_config *cfg, const char *name,
			u64 value, char *err, u32 errlen);

struct xnic_sim;

int xnic_sim_create(const struct xnic_sim_config *cfg, struct xnic_sim **out,
		    char *err, u32 errlen);
/* Also frees the programs ports still run (others: xnic_sim_prog_destroy). */
void xnic_sim_destroy(struct xnic_sim *sim);
const struct xnic_sim_config *xnic_sim_get_config(const struct xnic_sim *sim);

/*
 * Load an image: decode and check every word (branch targets, defer slots,
 * the end of code), allocate its maps (ARRAY, HASH, PERF_EVENT_ARRAY), write
 * their descriptors, apply relocations.  Replaces any loaded program (and
 * its maps).  The image is not referenced afterwards.  -EINVAL with a
 * message for a malformed image, -E2BIG when maps do not fit, -ENOMEM.
 */
int xnic_sim_load(struct xnic_sim *sim, const struct xnic_image *img, char *err,
		  u32 errlen);
void xnic_sim_unload(struct xnic_sim *sim);

/*
 * One chip, several programs: how the driver uses it (one chip per NIC,
 * the program of each port, maps that live apart from programs).
 *
 * Maps: xnic_sim_map_create() places a map in chip memory (zeroed) and
 * returns its id, in the same id space as the map calls below;
 * xnic_sim_map_destroy() frees its memory for later maps and detaches
 * every port whose program uses it (such a program can never run again).
 *
 * Programs: xnic_sim_prog_create() decodes an image and relocates it
 * against existing maps (map_ids[i] is the chip map the image's map i
 * names; type, key, value and entry count must match, else -EINVAL with
 * a message) without changing the chip, so it may run while frames do.
 * xnic_sim_port_set_prog() makes frames arriving on a port run a program
 * (NULL: none; a frame on a port with no program gets -ENOENT);
 * xnic_sim_prog_destroy() frees a program that no port runs (it detaches
 * it first should one still).  One program may run on several ports.
 *
 * Allocation: prog_create allocates.  map_create, map_destroy,
 * port_set_prog and prog_destroy's detach do not, once
 * xnic_sim_back_memory() has backed the whole EMEM window (otherwise
 * map_create may grow the backing), so a driver may call them under the
 * spinlock that serialises its frames; prog_destroy frees memory and
 * map_create zeroes the map.  Calls that change the chip still need the
 * caller's exclusion against each other and against runs.
 *
 * xnic_sim_load() is the single-program shortcut the host tools use: it
 * destroys every map and program it made before, creates the image's maps
 * (ids 0..map_cnt-1, in image order) and runs the program on every port.
 * Do not mix it with programs from xnic_sim_prog_create() on one chip.
 * xnic_sim_unload() undoes xnic_sim_load().  Profile, trace and raw runs
 * follow port 0's program.
 */
#define XNIC_SIM_MAX_MAPS 64

struct xnic_sim_prog;

int xnic_sim_back_memory(struct xnic_sim *sim);
int xnic_sim_map_create(struct xnic_sim *sim, const struct xnic_map_def *def,
			u32 *id, char *err, u32 errlen);
void xnic_sim_map_destroy(struct xnic_sim *sim, u32 id);
int xnic_sim_prog_create(struct xnic_sim *sim, const struct xnic_image *img,
			 const u32 *map_ids, struct xnic_sim_prog **out,
			 char *err, u32 errlen);
/* -EINVAL: no such port; -ENOENT: a map of prog was destroyed since. */
int xnic_sim_port_set_prog(struct xnic_sim *sim, u32 port,
			   struct xnic_sim_prog *prog);
struct xnic_sim_prog *xnic_sim_port_prog(const struct xnic_sim *sim, u32 port);
void xnic_sim_prog_destroy(struct xnic_sim *sim, struct xnic_sim_prog *prog);
/* Per-port ctx->ingress_ifindex (GPR 26); the config's ifindex[] at create. */
int xnic_sim_set_ifindex(struct xnic_sim *sim, u32 port, u32 ifindex);
/*
 * Per-port link-layer addresses: a TC program's skb->pkt_type is derived
 * from the frame's destination as the kernel's eth_type_trans() does
 * against the receiving device (host, broadcast, multicast, other host).
 * All zero at create, as the loopback device BPF_PROG_TEST_RUN uses.
 */
int xnic_sim_set_l2addr(struct xnic_sim *sim, u32 port, const u8 *mac,
			const u8 *broadcast);

enum xnic_sim_verdict {
	XNIC_SIM_ABORTED, /* XDP_ABORTED, unknown verdicts, faults */
	XNIC_SIM_DROP,
	XNIC_SIM_PASS,	   /* to the host */
	XNIC_SIM_TX,	   /* out of the ingress port */
	XNIC_SIM_REDIRECT, /* out of the other port */
	XNIC_SIM_VERDICT_COUNT
};

extern const char *const xnic_sim_verdict_names[XNIC_SIM_VERDICT_COUNT];

/* Result of one packet (or raw run). */
struct xnic_sim_pkt_result {
	u64 r0;	      /* BPF R0 (GPRs 0/1) at halt */
	u32 retval;   /* low 32 bits of R0, as BPF_PROG_TEST_RUN reports */
	u32 verdict;  /* enum xnic_sim_verdict */
	u32 out_port; /* for TX/REDIRECT */
	u32 len;      /* output bytes (may exceed out_cap: then truncated) */
	u64 cycles;   /* L: dispatch (or start) to halt, in ME cycles */
	u64 busy;     /* C: ME busy cycles spent on this packet */
	u64 insns;    /* microcode instructions executed */
	u64 mem_cmds[XNIC_MEM_COUNT]; /* commands issued, program + firmware */
	int err; /* 0, or -EFAULT (bad access), -ETIMEDOUT (watchdog) ... */
	char errmsg[128];
};

/*
 * Run one frame arriving on in_port through that port's program on ME 0
 * context 0, as the dispatch loop would (metadata, registers per
 * docs/abi.md, R1 = ctx; -EINVAL for a port the chip does not have,
 * -ENOENT when the port runs no program).
 * Maps persist across calls.  The output frame (for every verdict, as
 * BPF_PROG_TEST_RUN's data_out) is copied to out (up to out_cap bytes).
 * Returns 0 when the program ran to its verdict; a negative errno with
 * res->err/errmsg set when it faulted (verdict ABORTED) or could not run.
 */
int xnic_sim_run_frame(struct xnic_sim *sim, const void *frame, u32 len,
		       u32 in_port, u8 *out, u32 out_cap,
		       struct xnic_sim_pkt_result *res);

/*
 * Raw run (conformance vectors): no packet, no dispatch.  R1 = chip address
 * of a copy of mem placed in mem_target (XNIC_MEM_EMEM or XNIC_MEM_CTM), or
 * 0 when mem is NULL; R2 = mem_len; R10 = the stack top; other registers 0,
 * unless regs (11 values, R0..R10) is given: then those are used and R1/R2
 * are still overridden when mem is given.  mem is copied back after the
 * run.  res->r0 and cycles as for frames.  GPRs 22/23 are set to mem and
 * mem + mem_len (a packet-like window), 24 to mem_len.
 */
int xnic_sim_run_raw(struct xnic_sim *sim, const u64 *regs, void *mem,
		     u32 mem_len, u32 mem_target,
		     struct xnic_sim_pkt_result *res);

/* Stream of frames on all packet MEs: measured throughput. */
struct xnic_sim_frame {
	const u8 *data;
	u32 len;
};

struct xnic_sim_unit_stats {
	u64 cmds; /* commands served, all instances of the unit */
	u64 busy; /* service cycles, all instances */
	u32 instances;
};

struct xnic_sim_stream_result {
	u64 packets;
	u64 elapsed; /* ME cycles from the first arrival to the last release */
	u64 pps;     /* packets * F / elapsed */
	u64 insns;
	u64 busy; /* sum of ME busy cycles */
	u64 verdicts[XNIC_SIM_VERDICT_COUNT];
	u64 faults;
	char first_fault[128]; /* message of the first fault, if any */
	struct xnic_sim_unit_stats units[XNIC_MEM_COUNT];
	/* utilisation of each unit kind in per mille: busy / (inst * elapsed)
	 */
	u32 util_permille[XNIC_MEM_COUNT];
};

/*
 * Run frames (arriving at line rate, alternating over the ports, each
 * through its port's program) on all pkt_mes MEs and all contexts.  Maps
 * are shared with run_frame (use a separate sim if they must stay
 * untouched).  Returns 0, -ENOMEM, -EINVAL (a frame's length) or -ENOENT
 * (a port that gets frames runs no program).
 * yield, when set, is called every few thousand packets (the driver's
 * cond_resched).
 */
int xnic_sim_run_stream(struct xnic_sim *sim, const struct xnic_sim_frame *f,
			u32 n, void (*yield)(void *arg), void *yield_arg,
			struct xnic_sim_stream_result *res);

/* The analytic estimate of docs/timing.md (all rates in packets/s). */
enum xnic_sim_bottleneck {
	XNIC_SIM_BN_COMPUTE,
	XNIC_SIM_BN_LATENCY,
	XNIC_SIM_BN_CLS,
	XNIC_SIM_BN_CTM,
	XNIC_SIM_BN_IMEM,
	XNIC_SIM_BN_EMEM,
	XNIC_SIM_BN_LINE,
	XNIC_SIM_BN_COUNT
};

extern const char *const xnic_sim_bottleneck_names[XNIC_SIM_BN_COUNT];

struct xnic_sim_estimate_in {
	u64 packets;	/* packets the sums cover (> 0) */
	u64 sum_busy;	/* sum of C */
	u64 sum_cycles; /* sum of L */
	u64 sum_bytes;	/* sum of frame sizes */
	u64 sum_cmds[XNIC_MEM_COUNT];
};

struct xnic_sim_estimate {
	u64 me_pps;		      /* one ME: F / max(C, L/T) */
	u64 mes_pps;		      /* pkt_mes * me_pps */
	u64 unit_pps[XNIC_MEM_COUNT]; /* cap by each unit (U64_MAX: unused) */
	u64 line_pps;
	u64 pps;	/* the minimum */
	u32 bottleneck; /* enum xnic_sim_bottleneck */
};

void xnic_sim_estimate(const struct xnic_sim *sim,
		       const struct xnic_sim_estimate_in *in,
		       struct xnic_sim_estimate *est);

/*
 * Maps by id (xnic_sim_map_create's, or the image's map index after
 * xnic_sim_load); an id not in use answers -ENOENT, and map_count is one
 * more than the highest id in use.  The same semantics and errors as the kernel's syscall API: lookup -ENOENT;
 * update flags BPF_ANY / BPF_NOEXIST / BPF_EXIST (-EEXIST, -ENOENT, -E2BIG
 * when a HASH is full, -EINVAL for other flags or an ARRAY index out of
 * range ... ARRAY: -E2BIG, as the kernel); delete -ENOENT, ARRAY -EINVAL;
 * get_next_key with key NULL (or not present) gives the first key,
 * -ENOENT after the last.  PERF_EVENT_ARRAY maps answer -EOPNOTSUPP.
 */
u32 xnic_sim_map_count(const struct xnic_sim *sim);
int xnic_sim_map_def(const struct xnic_sim *sim, u32 map,
		     struct xnic_map_def *def);
int xnic_sim_map_lookup(struct xnic_sim *sim, u32 map, const void *key,
			void *value);
int xnic_sim_map_update(struct xnic_sim *sim, u32 map, const void *key,
			const void *value, u64 flags);
int xnic_sim_map_delete(struct xnic_sim *sim, u32 map, const void *key);
int xnic_sim_map_get_next_key(struct xnic_sim *sim, u32 map, const void *key,
			      void *next);
/* Chip addresses of a map's descriptor and (ARRAY) first value. */
u32 xnic_sim_map_desc_addr(const struct xnic_sim *sim, u32 map);

/*
 * Perf ring: pop the oldest record (bytes the program passed, plus the
 * packet bytes it asked for with BPF_F_CTXLEN_MASK).  Returns the record
 * length (copied up to cap), -ENOENT when empty.  *index gets the flags'
 * index (BPF_F_INDEX_MASK, or 0 for BPF_F_CURRENT_CPU).  lost counts
 * records dropped because the ring was full.
 */
int xnic_sim_perf_read(struct xnic_sim *sim, void *buf, u32 cap, u32 *index);
u64 xnic_sim_perf_lost(const struct xnic_sim *sim);

/*
 * Per-instruction profile of port 0's program, accumulated by every run
 * once enabled (enabling clears it; every program keeps its own, counted
 * by its own runs, allocated for the ports' programs at enable and for
 * programs created while enabled).  exec[i] = times word i executed;
 * stall[i] = cycles the issuing context lost there (taken-branch bubbles,
 * swap bubbles, memory/firmware wait until its wake-up).
 */
struct xnic_sim_profile {
	u64 *exec;
	u64 *stall;
	u32 len; /* = code words */
};

int xnic_sim_profile_enable(struct xnic_sim *sim, bool on);
const struct xnic_sim_profile *xnic_sim_get_profile(const struct xnic_sim *sim);

/* Instruction trace: called after every instruction of traced runs. */
struct xnic_sim_trace_ev {
	u32 me, ctx, pc;
	u64 word;
	u64 cycle;	  /* ME cycle when it issued */
	const u32 *gpr_a; /* the context's 32 bank-A GPRs after it */
	const u32 *gpr_b;
};

typedef void (*xnic_sim_trace_fn)(void *arg,
				  const struct xnic_sim_trace_ev *ev);

/* fn NULL turns tracing off. */
void xnic_sim_set_trace(struct xnic_sim *sim, xnic_sim_trace_fn fn, void *arg);

/* Cumulative counters since create (every run). */
struct xnic_sim_stats {
	u64 packets;
	u64 insns;
	u64 verdicts[XNIC_SIM_VERDICT_COUNT];
	u64 faults;
	struct xnic_sim_unit_stats units[XNIC_MEM_COUNT];
};

void xnic_sim_get_stats(const struct xnic_sim *sim, struct xnic_sim_stats *st);

/*
 * Debug access to chip memory by chip address (EMEM, IMEM, CTM/CLS of
 * island 0, LM of ME 0): -EFAULT outside the backed memories.
 */
int xnic_sim_mem_read(struct xnic_sim *sim, u32 addr, void *buf, u32 len);
int xnic_sim_mem_write(struct xnic_sim *sim, u32 addr, const void *buf,
		       u32 len);

/*
 * A context's register after the last run (tests, tools): bank 0 = A,
 * 1 = B, 2 = transfer-in, 3 = transfer-out; -EINVAL out of range.
 */
int xnic_sim_ctx_reg(const struct xnic_sim *sim, u32 me, u32 ctx, u32 bank,
		     u32 idx, u32 *val);

/* Chip address windows (docs/abi.md). */
#define XNIC_ADDR_LM	   0x00000000u
#define XNIC_ADDR_CLS	   0x08000000u
#define XNIC_ADDR_CTM	   0x10000000u
#define XNIC_ADDR_IMEM	   0x20000000u
#define XNIC_ADDR_EMEM	   0x40000000u

#define XNIC_PKT_BUF_SIZE  2048 /* CTM buffer per context */
#define XNIC_PKT_META	   16
#define XNIC_PKT_DATA_OFF  256 /* data starts here in the buffer */
#define XNIC_STACK_PER_CTX 512

#endif /* XNIC_SIM_H */
