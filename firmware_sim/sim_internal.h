/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Internal state of the simulated chip (firmware_sim/).  Everything lives
 * in struct xnic_sim and what it points to: no globals.  Layout of the
 * memories, the pre-decoded instruction form and the context state are
 * described in docs/simulator.md.
 */
#ifndef XNIC_SIM_INTERNAL_H
#define XNIC_SIM_INTERNAL_H

#include "xnic/sim.h"

#define SIM_MAX_MAPS  XNIC_SIM_MAX_MAPS
#define SIM_DESC_SIZE 32
#define SIM_DESC_AREA 4096 /* IMEM bytes reserved for descriptors */
#define SIM_MAX_CTX   8
#define SIM_MAX_PORTS XNIC_SIM_MAX_PORTS
#define SIM_ETH_HLEN  14

/* Register file index layout of a context (struct sim_ctx.r). */
#define RF_A	      0
#define RF_B	      32
#define RF_XIN	      64
#define RF_XOUT	      96
#define RF_ZERO	      128 /* "--" as a source: always 0 */
#define RF_TRASH      129 /* "--" as a destination */
#define RF_SIZE	      130

/* Pre-decoded operation codes (one switch case each). */
enum sim_opc {
	OP_NOP,
	OP_HALT,
	OP_PASS,
	OP_ADD,
	OP_ADDC,
	OP_SUB,
	OP_SUBC,
	OP_AND,
	OP_OR,
	OP_XOR,
	OP_NOT,
	OP_ANDN,
	OP_ALU_SHF, /* generic: shift b, then alu op (sub field) */
	OP_SHF,	    /* generic shift (sub field) */
	OP_IMMED,
	OP_IMMED_W0,
	OP_IMMED_W1,
	OP_LDF,
	OP_BR,
	OP_BCC,
	OP_BR_BIT,
	OP_BR_BYTE,
	OP_RTN,
	OP_MEM,
	OP_CSR_RD,
	OP_CSR_WR,
	OP_MUL,
	OP_CTX_ARB,
	OP_FWCALL,
	OP_END, /* sentinel after the last word: ran off the end */
};

/* Source/destination access modes. */
#define SM_REG	0 /* r[index] */
#define SM_IMM	1 /* value in the op */
#define SM_SLOW 2 /* LM or NN: operand code kept */

#define DM_REG	0
#define DM_REG2 1 /* write index and index + 32 (abN) */
#define DM_SLOW 2

struct sim_op {
	u8 op;	       /* enum sim_opc */
	u8 ma, mb, md; /* SM_* / DM_* */
	u8 sub;	       /* alu op / shift type / cond / csr / mem action ... */
	u8 sub2;       /* shift type (alu_shf) / mul type / mem target ... */
	u8 shamt;
	u8 flags;    /* OPF_* */
	u16 a, b, d; /* r[] index, or operand code when slow */
	u16 defer;
	u32 va, vb; /* immediates of a / b when SM_IMM */
	u32 imm;    /* immed value, ld_field mask, branch target, ... */
	u32 aux;    /* mem: xfer | cnt << 8 | sig << 16 | ctx << 24 ... */
};

#define OPF_SHIND      0x01
#define OPF_INV_SENSE  0x02

/*
 * A memory access a firmware routine made.  The routine runs natively at
 * once (data effects), its accesses are then issued one after the other
 * by the context as the chip's time reaches them, so they queue on the
 * units in global time order like microcode's commands would.
 */
#define SIM_FW_ACC     32
#define ACC_FREE_ISSUE 1 /* issued by the packet engine: no ME cycles */

struct sim_acc {
	u8 unit;
	u8 cls;
	u8 flags;
	u16 bytes;
};

/* Context states. */
enum sim_cstate {
	CS_IDLE,    /* no work (no packet, or unused) */
	CS_READY,   /* runnable */
	CS_WAIT,    /* waiting for signals until wake */
	CS_NEEDPKT, /* firmware: ask the dispatcher for a packet */
	CS_DONE,    /* halted (single runs) */
};

/* Slow-path work after an instruction (sim_ctx.slow). */
#define SLOW_JMP  0x01
#define SLOW_SWAP 0x02
#define SLOW_LM	  0x04

struct sim_ctx {
	u32 r[RF_SIZE];
	u32 pc;
	u32 state;
	u32 slow;
	u32 cc_res, cc_c, cc_v;
	u32 jmp_target, jmp_left;
	u32 swap_left, swap_sig, swap_pen;
	u32 lm_addr[4];
	u32 lm_pend_val[4];
	u32 lm_pend_cnt[4];
	u32 wait_mask;
	u32 wait_any;
	u32 sig_out; /* signals with a command outstanding */
	u64 sig_time[16];
	u64 wake;
	u32 mul_a, mul_b, mul_steps;
	u64 mul_prod;
	/* accounting */
	u64 t_in; /* when it last got the ME */
	u64 busy; /* busy cycles of the current packet */
	u64 insns;
	u64 pkt_start;
	u64 mem_cmds[XNIC_MEM_COUNT];
	u32 stall_pc; /* profile: where it swapped out */
	u64 stall_from;
	u64 pend_busy; /* firmware busy cycles to charge when it resumes */
	/* packet */
	s64 pkt; /* stream packet index, -1 none */
	u32 in_port;
	/* the program of the packet's ingress port, set at dispatch */
	struct xnic_sim_prog *prog;
	u32 buf;       /* CTM buffer of the current packet (0: no packet) */
	u32 buf_fixed; /* this context's CTM buffer */
	u32 island_of_buf;
	u32 tail;	 /* chip address of the EMEM tail buffer */
	u32 tail_len;	 /* bytes in the tail */
	u32 pdata, pend; /* firmware's data / data_end (CTM chip addresses) */
	u32 after_wait;	 /* what resuming means: 0 program, 1 start program */
	struct sim_acc fw_acc[SIM_FW_ACC]; /* firmware accesses to issue */
	u32 fw_nacc, fw_idx, fw_pc;
	int err;
};

struct sim_me {
	u64 now;
	u32 id, island, idx_in_island;
	u32 cur; /* last context that ran */
	u32 nctx;
	struct sim_ctx ctx[SIM_MAX_CTX];
	/*
	 * Arbitration key of each context, kept beside each other so picking
	 * the next context reads one cache line instead of eight contexts:
	 * 0 runnable, the wake time when waiting, U64_MAX when it has no
	 * work.  Only the context that ran changes state while its ME runs
	 * (sim_me_run rekeys it when its turn ends); code outside sim_me_run
	 * that sets states calls sim_me_rekey() after.
	 */
	u64 key[SIM_MAX_CTX];
	u8 *lm;
	u32 nn[XNIC_NR_NN];
	u64 prng;
	u64 busy, insns;
	bool active;
};

struct sim_unit {
	u64 free;
	u64 cmds;
	u64 busy;
};

struct sim_map {
	struct xnic_map_def def;
	u32 desc;   /* chip address of the descriptor */
	u32 values; /* ARRAY: chip address of value 0 */
	u32 stride; /* value stride */
	/* HASH */
	u32 buckets; /* chip address (IMEM) */
	u32 nbuckets;
	u32 entries;	 /* chip address (EMEM) of entry 0 */
	u32 esize;	 /* entry bytes: 8 + key (8-aligned) + stride */
	u32 koff;	 /* key offset in an entry (8) */
	u32 voff;	 /* value offset in an entry */
	u32 flist;	 /* chip address (EMEM) of the free list (u32 idx) */
	u32 nfree;
	u32 count;
	/* chip memory of the map, for map_destroy (0 len: none) */
	u32 emem_off, imem_off;
	bool has_emem, has_imem;
	bool used;
	u32 gen; /* bumped by every create and destroy of this id */
};

/*
 * A region of chip memory handed out in extents: first fit over a sorted
 * fixed array of the extents in use, so maps can be freed and their
 * memory reused without any host allocation (docs/simulator.md).
 */
#define SIM_MAX_EXTENTS (SIM_MAX_MAPS + 2)

struct sim_extent {
	u32 off, len;
};

struct sim_heap {
	u32 base, end; /* offsets in the memory this heap manages */
	u32 hi;	       /* highest end handed out since the last wipe */
	u32 n;
	struct sim_extent ext[SIM_MAX_EXTENTS];
};

/* A program: its own code, relocated against (map id, generation)s. */
struct xnic_sim_prog {
	struct sim_op *ops; /* nops + 1 (sentinel) */
	u64 *code;	    /* the relocated words (trace) */
	u32 nops;
	u32 prog_type;
	u32 nmaps;
	u32 map_id[SIM_MAX_MAPS];
	u32 map_gen[SIM_MAX_MAPS];
	struct xnic_sim_profile prof;
};

struct sim_charge {
	struct sim_ctx *c; /* append the accesses to c->fw_acc */
	u32 n;		   /* accesses so far */
};

struct sim_stream {
	const struct xnic_sim_frame *f;
	u32 n;
	u32 next; /* next packet to hand out */
	u32 released;
	u64 *arrival;
	u64 *done;
	u32 *out; /* per packet: output length << 4 | port << 1 | sent */
	struct xnic_sim_stream_result *res;
	void (*yield)(void *arg);
	void *yield_arg;
};

struct xnic_sim {
	struct xnic_sim_config cfg;
	u32 nmes;
	struct sim_me *mes;
	u8 **cls; /* per island */
	u8 **ctm;
	u8 *imem;
	u8 *emem; /* backed prefix [0, emem_backed) */
	u32 emem_backed;
	u32 emem_used; /* bump allocator of the fixed areas (create only) */
	struct sim_heap emem_heap; /* maps and the raw area, above them */
	struct sim_heap imem_heap; /* maps, above the descriptors */
	struct sim_unit *u_cls, *u_ctm; /* per island */
	struct sim_unit u_imem, u_emem;
	/* fixed EMEM areas */
	u32 perf_base, perf_size, perf_head, perf_tail, perf_fill;
	u64 perf_lost;
	u32 tails_base;		/* per-context tail buffers */
	u32 raw_base, raw_size; /* area for raw runs */
	/* programs: each port runs one (or none) */
	struct xnic_sim_prog *port_prog[SIM_MAX_PORTS];
	u8 port_mac[SIM_MAX_PORTS][6];	 /* for TC's pkt_type */
	u8 port_bcast[SIM_MAX_PORTS][6]; /* (xnic_sim_set_l2addr) */
	struct xnic_sim_prog *load_prog; /* xnic_sim_load()'s */
	u64 load_maps;			 /* ids xnic_sim_load() created */
	struct sim_map maps[SIM_MAX_MAPS]; /* by id */
	u32 nmaps; /* one more than the highest id in use */
	/* running */
	u32 mode; /* SIM_MODE_* */
	struct sim_stream *stream;
	u64 prng;
	struct xnic_sim_profile prof;
	bool prof_on;
	xnic_sim_trace_fn trace;
	void *trace_arg;
	u32 hooks; /* prof_on || trace */
	struct xnic_sim_stats stats;
	char errbuf[128];
	/* single runs */
	struct xnic_sim_pkt_result *res;
	u8 *out;
	u32 out_cap;
	bool raw;
	u32 emem_fixed; /* end of the fixed EMEM areas */
};

#define SIM_MODE_SINGLE 0 /* one context runs to halt */
#define SIM_MODE_STREAM 1

/* Scheduling limit for global ordering of shared events. */
struct sim_limit {
	u64 now;
	u32 id;
};

/* sim_config.c */
int sim_config_check(const struct xnic_sim_config *c, char *err, u32 errlen);

/* sim_mem.c */
u8 *sim_ptr(struct xnic_sim *s, struct sim_me *me, u32 addr, u32 len,
	    int *unit);
u8 *sim_tgt_ptr(struct xnic_sim *s, u32 island, u32 tgt, u32 addr, u32 len);
struct sim_unit *sim_unit_of(struct xnic_sim *s, u32 island, u32 tgt);
u64 sim_mem_book(struct xnic_sim *s, u32 island, u32 tgt, u32 cls, u32 bytes,
		 u64 t);
int sim_emem_reserve(struct xnic_sim *s, u32 bytes, u32 *addr);
int sim_emem_back(struct xnic_sim *s, u32 need);

/* sim_heap.c */
void sim_heap_init(struct sim_heap *h, u32 base, u32 end);
int sim_heap_alloc(struct sim_heap *h, u32 bytes, u32 *off);
void sim_heap_free(struct sim_heap *h, u32 off);
int sim_emem_alloc(struct xnic_sim *s, u32 bytes, u32 *addr);
int sim_imem_alloc(struct xnic_sim *s, u32 bytes, u32 *addr);
void sim_emem_free(struct xnic_sim *s, u32 addr);
void sim_imem_free(struct xnic_sim *s, u32 addr);

/* sim_decode.c */
int sim_predecode(struct xnic_sim_prog *p, const struct xnic_image *img,
		  char *err, u32 errlen);

/* sim_exec.c */
#define EV_DONE	 0 /* single mode: the context halted or faulted */
#define EV_YIELD 1 /* must wait for other MEs (global order) */
#define EV_IDLE	 2 /* nothing left to do */
int sim_me_run(struct xnic_sim *s, struct sim_me *me,
	       const struct sim_limit *lim);
void sim_ctx_fault(struct xnic_sim *s, struct sim_ctx *c, int err,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* sim_run.c (firmware hooks the interpreter calls) */
void sim_run_need_pkt(struct xnic_sim *s, struct sim_me *me, struct sim_ctx *c,
		      u64 *now);
void sim_run_pkt_done(struct xnic_sim *s, struct sim_me *me, struct sim_ctx *c,
		      u64 *now);

/* sim_fw.c */
void sim_run_start_prog(struct xnic_sim *s, struct sim_me *me,
			struct sim_ctx *c, u64 now);
int sim_fwcall(struct xnic_sim *s, struct sim_me *me, struct sim_ctx *c, u32 id,
	       u64 now, u64 *busy);
void sim_fw_dispatch(struct xnic_sim *s, struct sim_me *me, struct sim_ctx *c,
		     const u8 *frame, u32 len, u32 port, u64 now);
u32 sim_fw_verdict(struct xnic_sim *s, struct sim_ctx *c, u32 *port);
u32 sim_fw_output(struct xnic_sim *s, struct sim_ctx *c, u8 *out, u32 cap);
void sim_ctx_reset_regs(struct sim_ctx *c);
void sim_set_gpr(struct sim_ctx *c, u32 n, u32 v);

/* sim_map_life.c */
int sim_map_check_def(const struct xnic_map_def *d, char *err, u32 errlen);
bool sim_prog_uses(const struct xnic_sim_prog *p, u32 id, u32 gen);

/* sim_prog.c */
void sim_prog_detach(struct xnic_sim *s, struct xnic_sim_prog *p);
int sim_prog_prof_enable(struct xnic_sim *s);

/* sim_maps.c */
struct sim_map *sim_map_by_desc(struct xnic_sim *s, u32 desc);
int sim_map_lookup_addr(struct xnic_sim *s, struct sim_map *m, const u8 *key,
			u32 *vaddr, struct sim_charge *ch);
int sim_map_update_raw(struct xnic_sim *s, struct sim_map *m, const u8 *key,
		       const u8 *value, u64 flags, struct sim_charge *ch);
int sim_map_delete_raw(struct xnic_sim *s, struct sim_map *m, const u8 *key,
		       struct sim_charge *ch);
int sim_perf_push(struct xnic_sim *s, u32 index, const u8 *a, u32 alen,
		  const u8 *b, u32 blen);
void sim_charge_access(struct xnic_sim *s, struct sim_charge *ch, u32 tgt,
		       u32 cls, u32 bytes);
u32 sim_hash(const u8 *key, u32 len);

static inline void sim_ctx_rekey(struct sim_me *me, const struct sim_ctx *c)
{
	u64 k = U64_MAX;

	if (c->state == CS_READY || c->state == CS_NEEDPKT)
		k = 0;
	else if (c->state == CS_WAIT)
		k = c->wake;
	me->key[c - me->ctx] = k;
}

static inline void sim_me_rekey(struct sim_me *me)
{
	u32 i;

	for (i = 0; i < me->nctx; i++)
		sim_ctx_rekey(me, &me->ctx[i]);
}

static inline u32 sim_rd32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static inline void sim_wr32(u8 *p, u32 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
	p[2] = (u8)(v >> 16);
	p[3] = (u8)(v >> 24);
}

static inline u32 sim_round8(u32 v)
{
	return (v + 7) & ~7u;
}

#endif /* XNIC_SIM_INTERNAL_H */
