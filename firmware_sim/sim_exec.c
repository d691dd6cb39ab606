// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The microengine: arbitration among contexts and the instruction
 * interpreter (semantics: docs/simulator.md; timing: docs/timing.md).
 *
 * sim_me_run() runs one ME from its current time.  The hot loop works on
 * pre-decoded ops (sim_decode.c) and local copies of pc and the clock;
 * everything rare (defer countdowns, LM index hazards, swaps, profiling,
 * tracing) is behind one test of the context's "slow" word per
 * instruction.  Events that touch state shared between MEs (memory
 * commands, firmware routines, packet dispatch) happen only when this ME
 * is the earliest of all (sim_limit), so the shared units see commands in
 * global time order and every run is deterministic.
 */
#include "sim_internal.h"

#define SLOW_EV 0x100 /* the instruction ended the context's turn */

enum ev_kind {
	EVK_NONE,
	EVK_SWAP, /* wait (wake already set) or yield */
	EVK_HALT,
	EVK_FAULT,
	EVK_FW, /* a firmware routine has memory accesses to issue */
};

void sim_ctx_fault(struct xnic_sim *s, struct sim_ctx *c, int err,
		   const char *fmt, ...)
{
	va_list ap;

	if (c->err)
		return;
	c->err = err;
	va_start(ap, fmt);
	xnic_vsnprintf(s->errbuf, sizeof(s->errbuf), fmt, ap);
	va_end(ap);
}

static bool cond_true(const struct sim_ctx *c, u32 cc)
{
	bool z = c->cc_res == 0, n = c->cc_res >> 31, cy = c->cc_c, v = c->cc_v;

	switch (cc) {
	case XNIC_CC_EQ:
		return z;
	case XNIC_CC_NE:
		return !z;
	case XNIC_CC_MI:
		return n;
	case XNIC_CC_PL:
		return !n;
	case XNIC_CC_LO:
		return cy;
	case XNIC_CC_HS:
		return !cy;
	case XNIC_CC_VS:
		return v;
	case XNIC_CC_VC:
		return !v;
	case XNIC_CC_GE:
		return n == v;
	case XNIC_CC_LT:
		return n != v;
	case XNIC_CC_GT:
		return !z && n == v;
	case XNIC_CC_LE:
		return z || n != v;
	case XNIC_CC_HI:
		return !cy && !z;
	case XNIC_CC_LS:
		return cy || z;
	default:
		return true;
	}
}

static inline u32 shift(u32 v, u32 sht, u32 n, u32 hi)
{
	switch (sht) {
	case XNIC_SH_LSL:
		return v << n;
	case XNIC_SH_LSR:
		return v >> n;
	case XNIC_SH_ASR:
		return (u32)((s32)v >> n);
	case XNIC_SH_ROR:
		return n ? (v >> n) | (v << (32 - n)) : v;
	default: /* dshr: low word of hi:v >> n */
		return n ? (v >> n) | (hi << (32 - n)) : v;
	}
}

/* alu op with flags; used by alu_shf (alu has one case per op). */
static u32 alu(struct sim_ctx *c, u32 op, u32 a, u32 b)
{
	u32 r, cin = c->cc_c;

	c->cc_c = 0;
	c->cc_v = 0;
	switch (op) {
	case XNIC_ALU_PASS:
		r = b;
		break;
	case XNIC_ALU_ADD:
		r = a + b;
		c->cc_c = r < a;
		c->cc_v = (~(a ^ b) & (a ^ r)) >> 31;
		break;
	case XNIC_ALU_ADDC:
		r = a + b + cin;
		c->cc_c = ((u64)a + b + cin) >> 32;
		c->cc_v = (~(a ^ b) & (a ^ r)) >> 31;
		break;
	case XNIC_ALU_SUB:
		r = a - b;
		c->cc_c = a < b;
		c->cc_v = ((a ^ b) & (a ^ r)) >> 31;
		break;
	case XNIC_ALU_SUBC:
		r = a - b - cin;
		c->cc_c = (u64)a < (u64)b + cin;
		c->cc_v = ((a ^ b) & (a ^ r)) >> 31;
		break;
	case XNIC_ALU_AND:
		r = a & b;
		break;
	case XNIC_ALU_OR:
		r = a | b;
		break;
	case XNIC_ALU_XOR:
		r = a ^ b;
		break;
	case XNIC_ALU_NOT:
		r = ~b;
		break;
	default:
		r = a & ~b;
		break;
	}
	c->cc_res = r;
	return r;
}

/* LM word address of an LM operand code; applies post-inc/dec if bump. */
static u32 lm_word(struct xnic_sim *s, struct sim_ctx *c, u32 code, bool bump)
{
	u32 idx = ((code - XNIC_OPND_LM) >> 5) & 3, sub = code & 31;
	u32 addr = c->lm_addr[idx];

	if (sub == XNIC_LM_SUB_POSTINC) {
		if (bump)
			c->lm_addr[idx] = addr + 4;
	} else if (sub == XNIC_LM_SUB_POSTDEC) {
		if (bump)
			c->lm_addr[idx] = addr - 4;
	} else {
		addr += sub * 4;
	}
	return addr & (s->cfg.lm_bytes - 1) & ~3u;
}

static u32 slow_rd(struct xnic_sim *s, struct sim_me *me, struct sim_ctx *c,
		   u32 code, bool bump)
{
	if (code >= XNIC_OPND_NN)
		return me->nn[(code - XNIC_OPND_NN) & (XNIC_NR_NN - 1)];
	return sim_rd32(me->lm + lm_word(s, c, code, bump));
}

static void slow_wr(struct xnic_sim *s, struct sim_me *me, struct sim_ctx *c,
		    u32 code, u32 v)
{
	if (code >= XNIC_OPND_NN) {
		/* A next-neighbour write lands in the next ME's registers. */
		struct sim_me *nx =
			&s->mes[me->id + 1 < s->nmes ? me->id + 1 : 0];

		nx->nn[(code - XNIC_OPND_NN) & (XNIC_NR_NN - 1)] = v;
		return;
	}
	sim_wr32(me->lm + lm_word(s, c, code, true), v);
}

/* Value of the destination before a merging write (ld_field, immed_w*). */
static u32 dst_old(struct xnic_sim *s, struct sim_me *me, struct sim_ctx *c,
		   const struct sim_op *op)
{
	if (op->md == DM_SLOW)
		return slow_rd(s, me, c, op->d, false);
	return c->r[op->d];
}

static u64 prng_next(u64 *st)
{
	u64 x = *st;

	/* xorshift64*: deterministic and cheap. */
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*st = x;
	return x * 0x2545f4914f6cdd1dULL;
}

static u32 csr_read(struct sim_me *me, struct sim_ctx *c, u32 csr, u64 now)
{
	switch (csr) {
	case XNIC_CSR_LM_ADDR0:
	case XNIC_CSR_LM_ADDR1:
	case XNIC_CSR_LM_ADDR2:
	case XNIC_CSR_LM_ADDR3:
		return c->lm_addr[csr - XNIC_CSR_LM_ADDR0];
	case XNIC_CSR_TIMESTAMP_LO:
		return (u32)now;
	case XNIC_CSR_TIMESTAMP_HI:
		return (u32)(now >> 32);
	case XNIC_CSR_PRNG:
		return (u32)(prng_next(&me->prng) >> 32);
	case XNIC_CSR_CTX_NUM:
		return (u32)(c - me->ctx);
	default:
		return me->id;
	}
}

static void csr_write(struct xnic_sim *s, struct sim_me *me, struct sim_ctx *c,
		      u32 csr, u32 v)
{
	switch (csr) {
	case XNIC_CSR_LM_ADDR0:
	case XNIC_CSR_LM_ADDR1:
	case XNIC_CSR_LM_ADDR2:
	case XNIC_CSR_LM_ADDR3:
		/* Takes effect lm_hazard instructions later (no interlock). */
		c->lm_pend_val[csr] = v;
		c->lm_pend_cnt[csr] = s->cfg.lm_hazard + 1;
		c->slow |= SLOW_LM;
		break;
	case XNIC_CSR_PRNG:
		me->prng = v ? v : 1;
		break;
	default:
		break; /* read-only CSRs ignore writes */
	}
}

static void mul_step(struct sim_ctx *c, u32 step, u32 type, u32 a, u32 b,
		     u32 *res)
{
	static const u32 max_steps[XNIC_MUL_COUNT] = {1, 2, 4};
	static const u32 amask[XNIC_MUL_COUNT] = {0xffffff, 0xffff, 0xffffffff};

	switch (step) {
	case XNIC_MSTEP_START:
		c->mul_a = a;
		c->mul_b = b;
		c->mul_prod = 0;
		c->mul_steps = 0;
		break;
	case XNIC_MSTEP_STEP:
		if (c->mul_steps < max_steps[type]) {
			u64 part = (u64)(c->mul_a & amask[type]) *
				   ((c->mul_b >> (8 * c->mul_steps)) & 0xff);

			c->mul_prod += part << (8 * c->mul_steps);
			c->mul_steps++;
		}
		break;
	case XNIC_MSTEP_LAST:
		*res = (u32)c->mul_prod;
		return;
	default:
		*res = (u32)(c->mul_prod >> 32);
		return;
	}
}

/* Latency class of a memory action. */
static u32 mem_class(u32 act)
{
	switch (act) {
	case XNIC_MA_READ:
		return XNIC_SIM_LAT_READ;
	case XNIC_MA_WRITE:
	case XNIC_MA_WRITE_B:
		return XNIC_SIM_LAT_WRITE;
	case XNIC_MA_ADD:
		return XNIC_SIM_LAT_ATOMIC;
	default:
		return XNIC_SIM_LAT_ATOMIC_RET;
	}
}

static u64 get_n(const u8 *p, u32 words)
{
	u64 v = sim_rd32(p);

	if (words == 2)
		v |= (u64)sim_rd32(p + 4) << 32;
	return v;
}

static void put_n(u8 *p, u32 words, u64 v)
{
	sim_wr32(p, (u32)v);
	if (words == 2)
		sim_wr32(p + 4, (u32)(v >> 32));
}

/*
 * Perform a memory command's data movement (at issue).  Returns bytes
 * moved (for timing) or 0 after faulting the context.
 */
static u32 mem_do(struct xnic_sim *s, struct sim_me *me, struct sim_ctx *c,
		  const struct sim_op *op, u32 addr)
{
	u32 x = op->aux & 0xff, cnt = (op->aux >> 8) & 0xff, act = op->sub;
	u32 tgt = op->sub2, bytes = act == XNIC_MA_WRITE_B ? cnt : cnt * 4;
	u32 *xi = &c->r[RF_XIN + x], *xo = &c->r[RF_XOUT + x];
	u8 *p = sim_tgt_ptr(s, me->island, tgt, addr, bytes);
	u64 old, val;
	u32 i;

	if (!p) {
		sim_ctx_fault(s, c, -EFAULT,
			      "%s %s of %u bytes at 0x%08x: outside %s memory",
			      xnic_mem_target_names[tgt],
			      xnic_mem_action_names[act], bytes, addr,
			      xnic_mem_target_names[tgt]);
		return 0;
	}
	if (act >= XNIC_MA_ADD && (addr & (bytes - 1))) {
		sim_ctx_fault(s, c, -EFAULT,
			      "%s %s at 0x%08x: atomics need %u-byte alignment",
			      xnic_mem_target_names[tgt],
			      xnic_mem_action_names[act], addr, bytes);
		return 0;
	}
	switch (act) {
	case XNIC_MA_READ:
		for (i = 0; i < cnt; i++)
			xi[i] = sim_rd32(p + 4 * i);
		return bytes;
	case XNIC_MA_WRITE:
		for (i = 0; i < cnt; i++)
			sim_wr32(p + 4 * i, xo[i]);
		return bytes;
	case XNIC_MA_WRITE_B:
		for (i = 0; i < cnt; i++)
			p[i] = (u8)(xo[i / 4] >> (8 * (i % 4)));
		return bytes;
	default:
		break;
	}
	old = get_n(p, cnt);
	val = cnt == 2 ? (u64)xo[0] | (u64)xo[1] << 32 : xo[0];
	switch (act) {
	case XNIC_MA_ADD:
	case XNIC_MA_ADD_RET:
		put_n(p, cnt, old + val);
		break;
	case XNIC_MA_AND_RET:
		put_n(p, cnt, old & val);
		break;
	case XNIC_MA_OR_RET:
	case XNIC_MA_TAS:
		put_n(p, cnt, old | val);
		break;
	case XNIC_MA_XOR_RET:
		put_n(p, cnt, old ^ val);
		break;
	case XNIC_MA_SWAP:
		put_n(p, cnt, val);
		break;
	default: { /* cmpxchg: expected in xo[0..cnt), new in xo[cnt..) */
		u64 nv = cnt == 2 ? (u64)xo[2] | (u64)xo[3] << 32 : xo[1];

		if (old == val)
			put_n(p, cnt, nv);
		break;
	}
	}
	if (act != XNIC_MA_ADD) {
		xi[0] = (u32)old;
		if (cnt == 2)
			xi[1] = (u32)(old >> 32);
	}
	return bytes;
}

/* Sleep on signals; returns false (and faults) if one can never arrive. */
static bool wait_sigs(struct xnic_sim *s, struct sim_ctx *c, u32 mask, bool any,
		      u64 now)
{
	u64 wake = any ? U64_MAX : now;
	u32 i, m, have = mask & c->sig_out;

	if (any ? !have : have != mask) {
		sim_ctx_fault(
			s, c, -EDEADLK,
			"waits for signal(s) 0x%x that no command will raise",
			mask & ~c->sig_out);
		return false;
	}
	for (m = have; m; m &= m - 1) {
		i = (u32)__builtin_ctz(m);
		if (any ? c->sig_time[i] < wake : c->sig_time[i] > wake)
			wake = c->sig_time[i];
	}
	if (wake < now)
		wake = now;
	/* Consume what this wait is satisfied by. */
	for (m = have; m; m &= m - 1) {
		i = (u32)__builtin_ctz(m);
		if (c->sig_time[i] <= wake)
			c->sig_out &= ~(1u << i);
	}
	c->wake = wake;
	c->state = CS_WAIT;
	return true;
}

/* Profile and trace go to the program the context runs. */
static void hook(struct xnic_sim *s, struct sim_me *me, struct sim_ctx *c,
		 u32 pc, u64 t)
{
	struct xnic_sim_prog *p = c->prog;
	struct xnic_sim_trace_ev ev;

	if (s->prof_on && pc < p->prof.len)
		p->prof.exec[pc]++;
	if (!s->trace)
		return;
	ev.me = me->id;
	ev.ctx = (u32)(c - me->ctx);
	ev.pc = pc;
	ev.word = pc < p->nops ? p->code[pc] : 0;
	ev.cycle = t;
	ev.gpr_a = &c->r[RF_A];
	ev.gpr_b = &c->r[RF_B];
	s->trace(s->trace_arg, &ev);
}

static void stall(struct xnic_sim *s, struct sim_ctx *c, u32 pc, u64 cycles)
{
	struct xnic_sim_prog *p = c->prog;

	if (s->prof_on && p && pc < p->prof.len)
		p->prof.stall[pc] += cycles;
}

static inline bool must_wait(const struct sim_me *me, u64 now,
			     const struct sim_limit *lim)
{
	return lim && (now > lim->now || (now == lim->now && me->id > lim->id));
}

/*
 * Pick the next context round-robin after me->cur; jump over idle time.
 * Runnable contexts have key 0 and one waiting is eligible once its wake
 * time (its key) has come, so the first key <= now in round-robin order
 * wins.  When none is, time jumps to the smallest key and the first
 * context in round-robin order with that key runs, which is exactly the
 * one a second scan at the new time would pick (every key is above the
 * old time, so only the smallest ones qualify).  Time never reaches
 * U64_MAX (wake-ups are finite booked times), so U64_MAX keys never run.
 */
static struct sim_ctx *arbitrate(struct sim_me *me, u64 *now)
{
	u64 best = U64_MAX, t = *now;
	u32 n = me->nctx, i = me->cur, k, bi = 0;

	for (k = 0; k < n; k++) {
		u64 key;

		if (++i == n)
			i = 0;
		key = me->key[i];
		if (key <= t) {
			me->cur = i;
			return &me->ctx[i];
		}
		if (key < best) {
			best = key;
			bi = i;
		}
	}
	if (best == U64_MAX)
		return NULL;
	*now = best; /* idle: skip to the next wake-up */
	me->cur = bi;
	return &me->ctx[bi];
}

/*
 * End of a common instruction that raised no event: the step below, then
 * straight to the next instruction's handler.  One indirect jump per
 * handler (instead of the switch's single one) lets the host predict the
 * next op from the current one; anything unusual goes to the step code.
 * The kernel build keeps the plain switch: with retpolines every indirect
 * jump is a thunk call, and objtool cannot follow computed gotos.
 */
#ifdef __KERNEL__
#define FAST_LABEL(l)
#define NEXT_FAST() goto step
#else
#define FAST_LABEL(l) l:
#define NEXT_FAST()                                   \
	do {                                          \
		now++;                                \
		insns++;                              \
		ipc = pc;                             \
		pc = npc;                             \
		if (c->slow | hooks)                  \
			goto step_check;              \
		op = &ops[pc];                        \
		npc = pc + 1;                         \
		goto *fast[op->op];                   \
	} while (0)
#endif

#define SRC(m, i, v)            \
	((m) == SM_REG ? r[i] : \
	 (m) == SM_IMM ? (v) :  \
			 slow_rd(s, me, c, (i), true))
#define SA() SRC(op->ma, op->a, op->va)
#define SB() SRC(op->mb, op->b, op->vb)
#define WD(val)                                       \
	do {                                          \
		u32 v_ = (val);                       \
		if (op->md == DM_REG) {               \
			r[op->d] = v_;                \
		} else if (op->md == DM_REG2) {       \
			r[op->d] = v_;                \
			r[op->d + RF_B] = v_;         \
		} else {                              \
			slow_wr(s, me, c, op->d, v_); \
		}                                     \
	} while (0)

/*
 * Run the ME until a single-mode context finishes (EV_DONE), it must let
 * an earlier ME go first (EV_YIELD), or it has nothing left (EV_IDLE).
 */
int sim_me_run(struct xnic_sim *s, struct sim_me *me,
	       const struct sim_limit *lim)
{
#ifndef __KERNEL__
	static const void *const fast[OP_END + 1] = {
		[OP_NOP] = &&L_NOP,
		[OP_HALT] = &&dispatch,
		[OP_PASS] = &&L_PASS,
		[OP_ADD] = &&L_ADD,
		[OP_ADDC] = &&dispatch,
		[OP_SUB] = &&L_SUB,
		[OP_SUBC] = &&dispatch,
		[OP_AND] = &&L_AND,
		[OP_OR] = &&L_OR,
		[OP_XOR] = &&L_XOR,
		[OP_NOT] = &&dispatch,
		[OP_ANDN] = &&dispatch,
		[OP_ALU_SHF] = &&L_ALU_SHF,
		[OP_SHF] = &&L_SHF,
		[OP_IMMED] = &&L_IMMED,
		[OP_IMMED_W0] = &&L_IMMED_W,
		[OP_IMMED_W1] = &&L_IMMED_W,
		[OP_LDF] = &&L_LDF,
		[OP_BR] = &&L_BR,
		[OP_BCC] = &&L_BCC,
		[OP_BR_BIT] = &&L_BR_BIT,
		[OP_BR_BYTE] = &&L_BR_BYTE,
		[OP_RTN] = &&dispatch,
		[OP_MEM] = &&dispatch,
		[OP_CSR_RD] = &&dispatch,
		[OP_CSR_WR] = &&dispatch,
		[OP_MUL] = &&dispatch,
		[OP_CTX_ARB] = &&dispatch,
		[OP_FWCALL] = &&dispatch,
		[OP_END] = &&dispatch,
	};
#endif
	const struct sim_op *ops, *op;
	struct sim_ctx *c;
	u64 now = me->now, insns = 0;
	u32 pc, npc, ipc, *r, ev, pen, hooks = s->hooks;
	int ret = EV_IDLE;

	c = NULL;
next_ctx:
	if (c)
		sim_ctx_rekey(me, c); /* its turn changed its state */
	c = arbitrate(me, &now);
	if (!c)
		goto out;
	if (c->state == CS_NEEDPKT) {
		if (must_wait(me, now, lim)) {
			ret = EV_YIELD;
			/* it goes first when this ME runs again */
			me->cur = me->cur ? me->cur - 1 : me->nctx - 1;
			goto out;
		}
		/* it now waits for its packet's metadata, or idles */
		sim_run_need_pkt(s, me, c, &now);
		goto next_ctx;
	}
	if (hooks && c->stall_from && now > c->stall_from)
		stall(s, c, c->stall_pc, now - c->stall_from);
	c->stall_from = 0;
	c->t_in = now;
	if (c->fw_idx < c->fw_nacc) {
		const struct sim_acc *a;
		u64 t;

fw_issue:
		if (must_wait(me, now, lim)) {
			c->state = CS_READY;
			c->busy += now - c->t_in;
			me->cur = me->cur ? me->cur - 1 : me->nctx - 1;
			ret = EV_YIELD;
			goto out;
		}
		a = &c->fw_acc[c->fw_idx++];
		if (a->flags & ACC_FREE_ISSUE) {
			t = c->wake + 1;
		} else {
			t = now + 1;
			now += 1 + s->cfg.swap_penalty;
		}
		c->mem_cmds[a->unit]++;
		c->wake = sim_mem_book(s, me->island, a->unit, a->cls, a->bytes,
				       t);
		c->state = CS_WAIT;
		c->busy += now - c->t_in;
		if (hooks && !(a->flags & ACC_FREE_ISSUE)) {
			c->stall_pc = c->fw_pc;
			c->stall_from = now;
		}
		if (now - c->pkt_start > s->cfg.watchdog) {
			pc = c->pc;
			goto watchdog;
		}
		goto next_ctx;
	}
	c->state = CS_READY;
	if (c->after_wait) {
		/* dispatch done: firmware busy cycles, then the program */
		c->after_wait = 0;
		now += c->pend_busy;
		c->pend_busy = 0;
		sim_run_start_prog(s, me, c, now);
	} else if (c->pend_busy) {
		now += c->pend_busy;
		c->pend_busy = 0;
	}
	/* the program of the packet's port (set at dispatch) */
	ops = c->prog->ops;
	r = c->r;
	pc = c->pc;
	for (;;) {
		op = &ops[pc];
		npc = pc + 1;
		ev = EVK_NONE;
FAST_LABEL(dispatch)
		switch (op->op) {
		case OP_NOP:
FAST_LABEL(L_NOP)
			NEXT_FAST();
		case OP_PASS:
FAST_LABEL(L_PASS)
			c->cc_res = SB();
			c->cc_c = 0;
			c->cc_v = 0;
			WD(c->cc_res);
			NEXT_FAST();
		case OP_ADD:
FAST_LABEL(L_ADD) {
			u32 a = SA(), b = SB(), v = a + b;

			c->cc_res = v;
			c->cc_c = v < a;
			c->cc_v = (~(a ^ b) & (a ^ v)) >> 31;
			WD(v);
			NEXT_FAST();
		}
		case OP_SUB:
FAST_LABEL(L_SUB) {
			u32 a = SA(), b = SB(), v = a - b;

			c->cc_res = v;
			c->cc_c = a < b;
			c->cc_v = ((a ^ b) & (a ^ v)) >> 31;
			WD(v);
			NEXT_FAST();
		}
		case OP_AND:
FAST_LABEL(L_AND) {
			u32 a = SA(), b = SB();

			c->cc_res = a & b;
			c->cc_c = 0;
			c->cc_v = 0;
			WD(c->cc_res);
			NEXT_FAST();
		}
		case OP_OR:
FAST_LABEL(L_OR) {
			u32 a = SA(), b = SB();

			c->cc_res = a | b;
			c->cc_c = 0;
			c->cc_v = 0;
			WD(c->cc_res);
			NEXT_FAST();
		}
		case OP_XOR:
FAST_LABEL(L_XOR) {
			u32 a = SA(), b = SB();

			c->cc_res = a ^ b;
			c->cc_c = 0;
			c->cc_v = 0;
			WD(c->cc_res);
			NEXT_FAST();
		}
		case OP_ADDC:
		case OP_SUBC:
		case OP_NOT:
		case OP_ANDN: {
			u32 a = SA(), b = SB();

			WD(alu(c, op->op - OP_PASS, a, b));
			break;
		}
		case OP_ALU_SHF:
FAST_LABEL(L_ALU_SHF) {
			u32 a = SA(), b = SB();
			u32 n = op->flags & OPF_SHIND ? c->cc_res & 31 :
							op->shamt;

			WD(alu(c, op->sub, a, shift(b, op->sub2, n, 0)));
			NEXT_FAST();
		}
		case OP_SHF:
FAST_LABEL(L_SHF) {
			u32 a = SA(), b = SB();
			u32 n = op->flags & OPF_SHIND ? c->cc_res & 31 :
							op->shamt;

			WD(shift(b, op->sub, n, a));
			NEXT_FAST();
		}
		case OP_IMMED:
FAST_LABEL(L_IMMED)
			WD(op->imm);
			NEXT_FAST();
		case OP_IMMED_W0:
		case OP_IMMED_W1:
FAST_LABEL(L_IMMED_W) {
			u32 keep = op->op == OP_IMMED_W0 ? 0xffff0000u :
							   0x0000ffffu;
			u32 v = op->op == OP_IMMED_W0 ? op->imm : op->imm << 16;

			if (op->md == DM_REG2) {
				r[op->d] = (r[op->d] & keep) | v;
				r[op->d + RF_B] = (r[op->d + RF_B] & keep) | v;
			} else {
				u32 old = dst_old(s, me, c, op);

				WD((old & keep) | v);
			}
			NEXT_FAST();
		}
		case OP_LDF:
FAST_LABEL(L_LDF) {
			u32 b = SB(), m = op->imm, n = op->shamt;
			u32 rot = n ? (b >> n) | (b << (32 - n)) : b;

			if (op->sub) {
				WD(rot & m);
			} else if (op->md == DM_REG2) {
				r[op->d] = (r[op->d] & ~m) | (rot & m);
				r[op->d + RF_B] =
					(r[op->d + RF_B] & ~m) | (rot & m);
			} else {
				u32 old = dst_old(s, me, c, op);

				WD((old & ~m) | (rot & m));
			}
			NEXT_FAST();
		}
		case OP_BR:
FAST_LABEL(L_BR)
			pen = s->cfg.br_penalty;
			goto taken;
		case OP_BCC:
FAST_LABEL(L_BCC)
			if (!cond_true(c, op->sub))
				NEXT_FAST();
			pen = s->cfg.br_cond_penalty;
			goto taken;
		case OP_BR_BIT:
FAST_LABEL(L_BR_BIT)
			if (((SA() >> op->shamt) & 1) != op->sub)
				NEXT_FAST();
			pen = s->cfg.br_cond_penalty;
			goto taken;
		case OP_BR_BYTE:
FAST_LABEL(L_BR_BYTE)
			if ((((SA() >> op->shamt) & 0xff) == op->aux) !=
			    (op->sub != 0))
				NEXT_FAST();
			pen = s->cfg.br_cond_penalty;
			goto taken;
		case OP_RTN: {
			u32 t = SA();

			if (t >= c->prog->nops) {
				sim_ctx_fault(s, c, -EFAULT,
					      "rtn to @%u outside the code (%u "
					      "words)",
					      t, c->prog->nops);
				ev = EVK_FAULT;
				break;
			}
			pen = s->cfg.br_cond_penalty;
			/* op->imm is not the target here: use t */
			if (pen > op->defer) {
				now += pen - op->defer;
				if (hooks)
					stall(s, c, pc, pen - op->defer);
			}
			if (now - c->pkt_start > s->cfg.watchdog)
				goto watchdog;
			if (!op->defer) {
				npc = t;
			} else {
				c->jmp_target = t;
				c->jmp_left = op->defer + 1u;
				c->slow |= SLOW_JMP;
			}
			break;
		}
		case OP_HALT:
			ev = EVK_HALT;
			break;
		case OP_MEM: {
			u32 addr, bytes, sig, mode;

			if (must_wait(me, now, lim)) {
				ret = EV_YIELD;
				goto save_out;
			}
			addr = SA() + SB();
			bytes = mem_do(s, me, c, op, addr);
			if (!bytes) {
				ev = EVK_FAULT;
				break;
			}
			sig = (op->aux >> 16) & 15;
			mode = op->aux >> 24;
			c->mem_cmds[op->sub2]++;
			c->sig_out |= 1u << sig;
			c->sig_time[sig] = sim_mem_book(s, me->island, op->sub2,
							mem_class(op->sub),
							bytes, now + 1);
			if (mode == XNIC_CTX_SWAP) {
				/*
				 * wait_sigs() on the signal just raised,
				 * inline: it wakes at the later of its
				 * completion and now + 1, consuming it.
				 */
				u64 w = c->sig_time[sig];

				c->wake = w > now + 1 ? w : now + 1;
				c->sig_out &= ~(1u << sig);
				c->state = CS_WAIT;
				c->swap_pen = s->cfg.swap_penalty;
				ev = EVK_SWAP;
			} else if (mode != XNIC_CTX_SIG_ONLY) {
				c->swap_sig = sig;
				c->swap_left = mode + 1; /* defer 1 or 2 */
				c->swap_pen =
					s->cfg.swap_penalty > mode ?
						s->cfg.swap_penalty - mode :
						0;
				c->slow |= SLOW_SWAP;
			}
			break;
		}
		case OP_CSR_RD:
			WD(csr_read(me, c, op->sub, now));
			break;
		case OP_CSR_WR:
			csr_write(s, me, c, op->sub, SA());
			break;
		case OP_MUL: {
			u32 a = SA(), b = SB(), res = 0;

			mul_step(c, op->sub, op->sub2, a, b, &res);
			if (op->sub >= XNIC_MSTEP_LAST)
				WD(res);
			break;
		}
		case OP_CTX_ARB:
			if (op->sub == XNIC_ARB_YIELD) {
				c->state = CS_READY;
			} else if (!wait_sigs(s, c, op->imm,
					      op->sub == XNIC_ARB_WAIT_ANY,
					      now + 1)) {
				ev = EVK_FAULT;
				break;
			}
			c->swap_pen = s->cfg.swap_penalty;
			ev = EVK_SWAP;
			break;
		case OP_FWCALL: {
			u64 busy = 0;

			if (must_wait(me, now, lim)) {
				ret = EV_YIELD;
				goto save_out;
			}
			c->fw_nacc = 0;
			if (sim_fwcall(s, me, c, op->sub, now + 1, &busy)) {
				ev = EVK_FAULT;
				break;
			}
			now += busy;
			if (c->fw_nacc)
				ev = EVK_FW;
			break;
		}
		default: /* OP_END */
			sim_ctx_fault(s, c, -EFAULT,
				      "ran off the end of the code (%u words)",
				      c->prog->nops);
			ev = EVK_FAULT;
			break;
		}
		goto step;
taken:
		if (pen > op->defer) {
			now += pen - op->defer;
			if (hooks)
				stall(s, c, pc, pen - op->defer);
		}
		if (now - c->pkt_start > s->cfg.watchdog)
			goto watchdog;
		if (!op->defer) {
			npc = op->imm;
		} else {
			c->jmp_target = op->imm;
			c->jmp_left = op->defer + 1u;
			c->slow |= SLOW_JMP;
		}
		NEXT_FAST(); /* a branch raises no event */
step:
		now++;
		insns++;
		ipc = pc;
		pc = npc;
		/* one test per instruction covers hooks, slow work and events */
		if (c->slow | ev | hooks) {
FAST_LABEL(step_check) /* from NEXT_FAST(): ev is EVK_NONE */
			if (hooks)
				hook(s, me, c, ipc, now);
			if (c->slow & SLOW_LM) {
				u32 i, left = 0;

				for (i = 0; i < 4; i++) {
					if (!c->lm_pend_cnt[i])
						continue;
					if (--c->lm_pend_cnt[i] == 0)
						c->lm_addr[i] =
							c->lm_pend_val[i];
					else
						left = 1;
				}
				if (!left)
					c->slow &= ~SLOW_LM;
			}
			if ((c->slow & SLOW_JMP) && --c->jmp_left == 0) {
				pc = c->jmp_target;
				c->slow &= ~SLOW_JMP;
			}
			if ((c->slow & SLOW_SWAP) && --c->swap_left == 0) {
				c->slow &= ~SLOW_SWAP;
				if (ev == EVK_NONE) {
					wait_sigs(s, c, 1u << c->swap_sig,
						  false, now);
					ev = EVK_SWAP;
				} else if (c->state == CS_WAIT &&
					   (c->sig_out & (1u << c->swap_sig))) {
					/* a swapping command in the slot: wait
					 * for both */
					u64 t = c->sig_time[c->swap_sig];

					c->sig_out &= ~(1u << c->swap_sig);
					if (t > c->wake)
						c->wake = t;
				}
			}
			if (ev == EVK_FW) {
				c->pc = pc;
				c->fw_pc = ipc;
				c->busy += now - c->t_in;
				c->t_in = now;
				goto fw_issue;
			}
			if (ev == EVK_SWAP) {
				c->pc = pc;
				now += c->swap_pen;
				if (hooks) {
					stall(s, c, c->stall_pc = ipc,
					      c->swap_pen);
					c->stall_from = now;
				}
				c->busy += now - c->t_in;
				if (c->state == CS_READY && !c->err)
					c->state = CS_WAIT, c->wake = now;
				if (now - c->pkt_start > s->cfg.watchdog)
					goto watchdog;
				goto next_ctx;
			}
			if (ev == EVK_HALT || ev == EVK_FAULT)
				goto pkt_end;
		}
	}
watchdog:
	sim_ctx_fault(s, c, -ETIMEDOUT,
		      "watchdog: packet ran more than %llu cycles",
		      (unsigned long long)s->cfg.watchdog);
	/* The packet is over, by halt, fault or watchdog. */
pkt_end:
	c->pc = pc;
	c->busy += now - c->t_in;
	sim_run_pkt_done(s, me, c, &now);
	if (s->mode == SIM_MODE_SINGLE) {
		ret = EV_DONE;
		goto out;
	}
	goto next_ctx;
save_out:
	/* Not executed: resume at the same instruction. */
	c->pc = pc;
	c->busy += now - c->t_in;
	c->state = CS_READY;
	me->cur = me->cur ? me->cur - 1 : me->nctx - 1; /* it goes first */
out:
	if (c)
		sim_ctx_rekey(me, c);
	me->now = now;
	me->insns += insns;
	s->stats.insns += insns;
	return ret;
}
