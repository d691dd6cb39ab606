/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Private types of verifier_ext: the abstract state (registers, stack
 * slots, call frames), the exploration environment and the helpers the
 * check_*.c files share.  Not part of the public interface.
 */
#ifndef XNIC_VERIFIER_INTERNAL_H
#define XNIC_VERIFIER_INTERNAL_H

#include "xnic/verifier.h"

#define VRF_MAX_FRAMES	8
#define VRF_STACK_MAX	512
#define VRF_NREGS	11
#define VRF_MAX_PKT_OFF 0xffff
#define VRF_MSG_LEN	200
#define VRF_LOG_LEN	4096

enum vrf_kind {
	VK_NONE = 0, /* not initialised */
	VK_SCALAR,
	VK_CTX,
	VK_PKT,
	VK_PKT_END,
	VK_STACK,
	VK_MAP_VALUE,
	VK_MAP_OR_NULL,
	VK_MAP_PTR,
};

/* Per byte of a stack slot. */
enum vrf_slot_byte {
	SB_INVALID = 0, /* never written: reading it is an error */
	SB_MISC,	/* some scalar bytes */
	SB_ZERO,	/* known zero */
	SB_SPILL,	/* part of a spilled 8-byte register */
};

/* tnum: a bit is known iff its mask bit is 0; known bits are in value. */
struct tnum {
	u64 value;
	u64 mask;
};

struct vrf_reg {
	u8 kind;
	u8 frame;  /* VK_STACK: frame number the pointer points into */
	u16 map;   /* map index for map kinds */
	s32 off;   /* fixed offset of a pointer */
	u32 id;	   /* shared by copies: null checks and packet ranges */
	u32 range; /* VK_PKT: bytes known readable from data + off base */
	struct xnic_scalar v; /* value (scalar) or variable offset (ptr) */
};

struct vrf_slot {
	u8 type[8];
	/* Bytes of narrow constant stores: byte i known iff kmask bit i. */
	u64 kval;
	u8 kmask;
	u8 pad[7];
	struct vrf_reg spill; /* valid when all 8 bytes are SB_SPILL */
};

struct vrf_frame {
	u32 callsite; /* insn of the call that made this frame */
	u32 subprog;
	u32 nslots; /* slots[i] covers fp-8*(i+1) .. fp-8*i */
	/*
	 * Precision marks, set only in checkpoints (precision.c): a marked
	 * scalar register or spilled scalar is compared exactly at pruning,
	 * an unmarked one matches any scalar.
	 */
	u16 prec_regs;
	u64 prec_slots;
	struct vrf_reg regs[VRF_NREGS];
	struct vrf_slot *slots;
};

/*
 * Registers and stack slots (of the current frame) at the start of a path
 * segment that a value depends on: what precision must reach when the
 * value turns out to matter.
 */
struct vrf_deps {
	u64 slots;
	u16 regs;
};

/*
 * Dependency summary of the path segment from a state's parent checkpoint
 * to the state: for each register and slot of the current frame, the
 * registers and slots at the segment start its value was computed from.
 * A segment that crosses a call or return is "broken": precision reaching
 * it falls back to marking every scalar above it.
 */
struct vrf_sum {
	struct vrf_deps r[VRF_NREGS];
	struct vrf_deps *s; /* VRF_STACK_MAX / 8 entries; NULL: identity */
	bool broken;
};

struct vrf_state {
	struct vrf_state *parent; /* nearest checkpoint on this path */
	struct vrf_state *next;	  /* next checkpoint at the same insn */
	u32 insn;
	u32 branches; /* live paths below this checkpoint */
	u32 curframe;
	u32 hits, miss;	  /* pruning statistics, for eviction */
	bool all_precise; /* every scalar marked (fallback) */
	struct vrf_frame *frames[VRF_MAX_FRAMES];
	struct vrf_sum sum; /* segment from parent to here */
};

/* Registers and slots, per frame, that precision must reach. */
struct vrf_prec_set {
	u16 regs[VRF_MAX_FRAMES];
	u64 slots[VRF_MAX_FRAMES];
};

/* Scalars an imprecise checkpoint matched loosely at a pruning point. */
struct vrf_loose {
	u64 slots;  /* current frame */
	u16 regs;   /* current frame */
	bool other; /* something in a caller frame */
};

/* What pruned paths brought to an insn that no explored path had. */
struct vrf_loose_seed {
	u64 slots;			 /* spilled scalars (values unknown) */
	u16 regs;			 /* registers, with their values: */
	struct xnic_scalar v[VRF_NREGS]; /* join over the pruned paths */
};

struct vrf_env {
	const struct xnic_prog *prog;
	const struct xnic_dev_caps *caps;
	const struct xnic_verifier_opts *opts;
	struct xnic_prog_meta *meta;
	struct xnic_diag *diag;
	const struct bpf_insn *insns;
	u32 insn_cnt;

	struct vrf_state *cur;
	struct vrf_state **work; /* pending branches (explicit work-list) */
	u32 work_len, work_cap;
	struct vrf_state **explored; /* per insn list of checkpoints */
	struct vrf_state **all_ckpt; /* every checkpoint, for freeing */
	u32 ckpt_cnt, ckpt_cap;
	u8 *prune_point;
	u16 *live_in;	    /* static register liveness, bit per register */
	u8 *err_at;	    /* an error was already reported at this insn */
	u8 *meta_seen_once; /* meta merge started */
	u8 *hi32_bad;	    /* some path leaves dst hi32 non-zero */
	u32 *subprog_depth; /* bytes, per subprog */
	u64 insn_processed;
	u64 visits; /* states seen at pruning points */
	u64 max_insns;
	u32 max_states;
	u32 id_gen;
	u32 errors;
	struct vrf_prec_set bt;	       /* precision demand being propagated */
	struct vrf_loose_seed **loose; /* per insn, NULL until one */
	u16 *linked_at;	 /* per cond jump: regs linked to operands */
	bool poison_all; /* a loose prune touched a caller frame */
	bool path_dead;	 /* current path stopped (error) */
	int fatal;	 /* -ENOMEM / -E2BIG */
	char msg[VRF_MSG_LEN];
	char *logbuf;		   /* VRF_LOG_LEN bytes when logging */
	struct xnic_scalar tmp[4]; /* branch scratch, kept off the C stack */
};

/* tnum.c */
struct tnum tn_const(u64 v);
struct tnum tn_unknown(void);
struct tnum tn_range(u64 min, u64 max);
struct tnum tn_add(struct tnum a, struct tnum b);
struct tnum tn_sub(struct tnum a, struct tnum b);
struct tnum tn_and(struct tnum a, struct tnum b);
struct tnum tn_or(struct tnum a, struct tnum b);
struct tnum tn_xor(struct tnum a, struct tnum b);
struct tnum tn_mul(struct tnum a, struct tnum b);
struct tnum tn_lsh(struct tnum a, u32 s);
struct tnum tn_rsh(struct tnum a, u32 s);
struct tnum tn_arsh(struct tnum a, u32 s, u32 width);
struct tnum tn_intersect(struct tnum a, struct tnum b);
struct tnum tn_union(struct tnum a, struct tnum b);
struct tnum tn_cast(struct tnum a, u32 bytes);
bool tn_in(struct tnum outer, struct tnum inner);
bool tn_is_const(struct tnum a);

/* scalar.c */
struct tnum sc_tnum(const struct xnic_scalar *s);
void sc_set_tnum(struct xnic_scalar *s, struct tnum t);
void sc_const(struct xnic_scalar *s, u64 v);
void sc_unknown(struct xnic_scalar *s);
void sc_bounded(struct xnic_scalar *s, u64 umax);
void sc_sync(struct xnic_scalar *s);
bool sc_empty(const struct xnic_scalar *s);
void sc_zext32(struct xnic_scalar *s);
bool sc_is_const(const struct xnic_scalar *s);
bool sc_is_const32(const struct xnic_scalar *s);
bool sc_within(const struct xnic_scalar *outer,
	       const struct xnic_scalar *inner);
void sc_join(struct xnic_scalar *acc, const struct xnic_scalar *s);
void sc_alu(struct xnic_scalar *dst, const struct xnic_scalar *src, u8 op,
	    bool is64, s16 off);
void sc_movsx(struct xnic_scalar *dst, const struct xnic_scalar *src, u32 bits,
	      bool is64);
void sc_sext_load(struct xnic_scalar *dst, u32 bytes);
void sc_end(struct xnic_scalar *dst, u8 code_src, bool is64, u32 bits);
/* 1 always taken, 0 never, -1 unknown */
int sc_branch(const struct xnic_scalar *a, const struct xnic_scalar *b, u8 op,
	      bool is32);
void sc_refine(struct xnic_scalar *a, struct xnic_scalar *b, u8 op, bool is32);
u8 sc_negate_op(u8 op);

/* state.c */
struct vrf_state *st_new(struct vrf_env *env);
struct vrf_state *st_copy(struct vrf_env *env, const struct vrf_state *src);
void st_free(struct vrf_state *st);
struct vrf_frame *fr_new(struct vrf_env *env, u32 callsite, u32 subprog);
int fr_grow(struct vrf_env *env, struct vrf_frame *fr, u32 nslots);
bool st_subsumes(struct vrf_env *env, const struct vrf_state *old,
		 const struct vrf_state *cur, bool exact,
		 struct vrf_loose *loose);
void reg_mark_unknown(struct vrf_reg *r);
void reg_mark_const(struct vrf_reg *r, u64 v);
void reg_mark_not_init(struct vrf_reg *r);
const char *kind_name(u8 kind);

/* verify.c: diagnostics and bookkeeping shared by the checks */
__attribute__((format(printf, 3, 4))) void
vrf_err(struct vrf_env *env, u32 insn, const char *fmt, ...);
struct vrf_frame *cur_frame(struct vrf_env *env);
struct vrf_reg *cur_regs(struct vrf_env *env);
u32 vrf_new_id(struct vrf_env *env);
void vrf_note_stack(struct vrf_env *env, u32 frame, s64 lowest);
void vrf_meta_mem(struct vrf_env *env, u32 idx, u8 kind, s64 lo, s64 hi,
		  u32 map, u32 size);
void vrf_meta_branch(struct vrf_env *env, u32 idx, bool taken, bool fall);
void vrf_meta_helper(struct vrf_env *env, u32 idx);

/* check_alu.c */
void check_alu(struct vrf_env *env, u32 idx, const struct bpf_insn *insn);

/* check_mem.c */
void check_mem(struct vrf_env *env, u32 idx, const struct bpf_insn *insn);
/* Checks @size readable (or writable) bytes at @reg for helpers. */
bool check_helper_mem(struct vrf_env *env, u32 idx, u32 regno,
		      const struct vrf_reg *reg, u64 size, bool write);
void check_ld_abs(struct vrf_env *env, u32 idx, const struct bpf_insn *insn);

/* check_call.c */
void check_helper_call(struct vrf_env *env, u32 idx,
		       const struct bpf_insn *insn);
const char *helper_name(u32 id);
int check_pseudo_call(struct vrf_env *env, u32 idx,
		      const struct bpf_insn *insn);
/* 1 = path continues at env->cur->insn, 0 = path ends */
int check_exit(struct vrf_env *env, u32 idx);

/* check_jmp.c: returns the next insn, the other side pushed if needed */
int check_cond_jmp(struct vrf_env *env, u32 idx, const struct bpf_insn *insn,
		   u32 *next);
int vrf_push(struct vrf_env *env, u32 insn);

/* precision.c */
int sum_copy(struct vrf_env *env, struct vrf_sum *dst,
	     const struct vrf_sum *src);
void sum_free(struct vrf_sum *s);
void sum_reset(struct vrf_sum *s);
void sum_step(struct vrf_env *env, const struct bpf_insn *insn);
void prec_link_operands(struct vrf_env *env, u32 idx,
			const struct bpf_insn *insn);
void prec_reg(struct vrf_env *env, u32 regno);
void prec_error(struct vrf_env *env);
void prec_slot(struct vrf_env *env, u32 frame, s64 off);
void prec_from_old(struct vrf_env *env, const struct vrf_state *old);
void prec_note_loose(struct vrf_env *env, u32 idx,
		     const struct vrf_loose *loose);

/* prec_taint.c */
int prec_widen_meta(struct vrf_env *env);

/* cfg.c */
int cfg_check(struct vrf_env *env);
void cfg_liveness(struct vrf_env *env);
void caps_check_static(struct vrf_env *env);
void caps_check_stack(struct vrf_env *env);
bool insn_is_ldimm64(const struct bpf_insn *insn);

/* log.c */
void vrf_log_state(struct vrf_env *env, u32 idx);
int vrf_disasm(const struct bpf_insn *in, char *buf, u32 len);

#endif /* XNIC_VERIFIER_INTERNAL_H */
