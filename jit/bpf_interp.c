// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Reference BPF interpreter.  See include/xnic/bpf_interp.h for the
 * contract.  Written for clarity over speed: it is the yardstick the JIT
 * and the simulator are measured against, so every instruction's meaning
 * is spelled out here once, in the order of RFC 9669.
 */
#include "xnic/bpf_interp.h"
#include "xnic/prog.h"

struct interp_frame {
	u32 ret_pc;
	u64 saved[4]; /* r6-r9 of the caller */
};

struct xnic_bpf_interp {
	u64 reg[MAX_BPF_REG];
	u32 pc;
	u32 depth; /* 0 in the main program */
	struct interp_frame frames[XNIC_BPF_INTERP_MAX_FRAMES];
	struct xnic_bpf_interp_region regions[XNIC_BPF_INTERP_MAX_REGIONS];
	u32 region_cnt;
	const struct xnic_bpf_interp_cfg *cfg;
	struct xnic_bpf_interp_result *res;
	/* frame i uses the 512 bytes just below STACK_BASE + (MAX - i) * 512 */
	u8 stack[XNIC_BPF_INTERP_STACK_SIZE * XNIC_BPF_INTERP_MAX_FRAMES];
};

/* Outcome of one step besides an error: keep going or the program ended. */
#define STEP_NEXT 0
#define STEP_DONE 1

static int fail(struct xnic_bpf_interp *ip, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct xnic_bpf_interp *ip, int err, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = xnic_snprintf(ip->res->msg, sizeof(ip->res->msg),
			  "pc %u: ", ip->pc);
	if (n < 0 || (size_t)n >= sizeof(ip->res->msg))
		n = 0;
	va_start(ap, fmt);
	xnic_vsnprintf(ip->res->msg + n, sizeof(ip->res->msg) - n, fmt, ap);
	va_end(ap);
	ip->res->pc = ip->pc;
	return err;
}

u8 *xnic_bpf_interp_translate(struct xnic_bpf_interp *ip, u64 vaddr, u32 len,
			      bool write)
{
	u32 i;

	for (i = 0; i < ip->region_cnt; i++) {
		const struct xnic_bpf_interp_region *r = &ip->regions[i];

		if (vaddr < r->vaddr || len > r->len ||
		    vaddr - r->vaddr > (u64)(r->len - len))
			continue;
		if (write && !r->writable)
			return NULL;
		return r->host + (vaddr - r->vaddr);
	}
	return NULL;
}

/* Little-endian whatever the host: the vectors' memory is LE bytes. */
static u64 load_le(const u8 *p, u32 size)
{
	u64 v = 0;
	u32 i;

	for (i = 0; i < size; i++)
		v |= (u64)p[i] << (8 * i);
	return v;
}

static void store_le(u8 *p, u32 size, u64 v)
{
	u32 i;

	for (i = 0; i < size; i++)
		p[i] = (u8)(v >> (8 * i));
}

static u64 sext(u64 v, u32 bits)
{
	u64 sign = 1ULL << (bits - 1);

	if (bits >= 64)
		return v;
	v &= (sign << 1) - 1;
	return (v ^ sign) - sign;
}

static u64 bswap(u64 v, u32 bits)
{
	u64 r = 0;
	u32 i;

	for (i = 0; i < bits / 8; i++)
		r = (r << 8) | ((v >> (8 * i)) & 0xff);
	return r;
}

static u8 *mem_at(struct xnic_bpf_interp *ip, u64 addr, u32 size, bool write,
		  int *err)
{
	u8 *p = xnic_bpf_interp_translate(ip, addr, size, write);

	if (!p)
		*err = fail(ip, -EFAULT,
			    "%s of %u bytes at 0x%llx is outside %s",
			    write ? "store" : "load", size,
			    (unsigned long long)addr,
			    xnic_bpf_interp_translate(ip, addr, size, false) ?
				    "writable memory" :
				    "the program's memory and stack");
	return p;
}

/*
 * Division and modulo with the ISA's total semantics: x / 0 = 0,
 * x % 0 = x, and the signed overflow case INT_MIN / -1 = INT_MIN with
 * remainder 0 (what two's complement wrap-around gives).
 */
static u64 alu_div(u64 a, u64 b, bool is64, bool sgn, bool mod)
{
	if (!is64) {
		u32 ua = (u32)a, ub = (u32)b;

		if (!ub)
			return mod ? ua : 0;
		if (!sgn)
			return mod ? ua % ub : ua / ub;
		if (ua == 0x80000000U && ub == 0xffffffffU)
			return mod ? 0 : ua;
		if (mod)
			return (u32)((s32)ua % (s32)ub);
		return (u32)((s32)ua / (s32)ub);
	}
	if (!b)
		return mod ? a : 0;
	if (!sgn)
		return mod ? xnic_mod_u64(a, b) : div64_u64(a, b);
	if (a == (1ULL << 63) && b == U64_MAX)
		return mod ? 0 : a;
	if (mod)
		return a - (u64)div64_s64((s64)a, (s64)b) * b;
	return (u64)div64_s64((s64)a, (s64)b);
}

static int step_alu(struct xnic_bpf_interp *ip, const struct bpf_insn *in)
{
	bool is64 = BPF_CLASS(in->code) == BPF_ALU64;
	bool use_reg = BPF_SRC(in->code) == BPF_X;
	u64 dst = ip->reg[in->dst_reg];
	u64 src = use_reg ? ip->reg[in->src_reg] : (u64)(s64)in->imm;
	u32 shmask = is64 ? 63 : 31;
	u64 v;

	if (BPF_OP(in->code) != BPF_DIV && BPF_OP(in->code) != BPF_MOD &&
	    BPF_OP(in->code) != BPF_MOV && in->off)
		return fail(ip, -EINVAL, "alu op 0x%02x with offset %d",
			    in->code, in->off);
	switch (BPF_OP(in->code)) {
	case BPF_ADD:
		v = dst + src;
		break;
	case BPF_SUB:
		v = dst - src;
		break;
	case BPF_MUL:
		v = dst * src;
		break;
	case BPF_DIV:
	case BPF_MOD:
		if (in->off != 0 && in->off != 1)
			return fail(ip, -EINVAL, "div/mod with offset %d",
				    in->off);
		v = alu_div(dst, src, is64, in->off == 1,
			    BPF_OP(in->code) == BPF_MOD);
		break;
	case BPF_OR:
		v = dst | src;
		break;
	case BPF_AND:
		v = dst & src;
		break;
	case BPF_XOR:
		v = dst ^ src;
		break;
	case BPF_LSH:
		v = is64 ? dst << (src & shmask) :
			   (u64)((u32)dst << (src & shmask));
		break;
	case BPF_RSH:
		v = is64 ? dst >> (src & shmask) :
			   (u64)((u32)dst >> (src & shmask));
		break;
	case BPF_ARSH:
		if (is64)
			v = (u64)((s64)dst >> (src & shmask));
		else
			v = (u32)((s32)(u32)dst >> (src & shmask));
		break;
	case BPF_NEG:
		if (use_reg)
			return fail(ip, -EINVAL, "neg with a source register");
		v = 0 - dst;
		break;
	case BPF_MOV:
		if (!in->off) {
			v = src;
		} else if (use_reg && (in->off == 8 || in->off == 16 ||
				       (is64 && in->off == 32))) {
			v = sext(src, (u32)in->off);
		} else {
			return fail(ip, -EINVAL, "mov with offset %d", in->off);
		}
		break;
	case BPF_END:
		if (in->imm != 16 && in->imm != 32 && in->imm != 64)
			return fail(ip, -EINVAL, "byte swap of %d bits",
				    in->imm);
		if (is64 && use_reg)
			return fail(ip, -EINVAL, "reserved opcode 0x%02x",
				    in->code);
		/* to_le is a truncation on our little-endian model */
		if (!is64 && !use_reg)
			v = in->imm == 64 ? dst : dst & ((1ULL << in->imm) - 1);
		else
			v = bswap(dst, (u32)in->imm);
		ip->reg[in->dst_reg] = v;
		return STEP_NEXT;
	default:
		return fail(ip, -EINVAL, "unknown alu opcode 0x%02x", in->code);
	}
	ip->reg[in->dst_reg] = is64 ? v : (u32)v;
	return STEP_NEXT;
}

static bool jmp_taken(u8 op, u64 a, u64 b, bool is64, bool *ok)
{
	s64 sa, sb;

	if (!is64) {
		a = (u32)a;
		b = (u32)b;
	}
	sa = is64 ? (s64)a : (s64)(s32)a;
	sb = is64 ? (s64)b : (s64)(s32)b;
	*ok = true;
	switch (op) {
	case BPF_JEQ:
		return a == b;
	case BPF_JNE:
		return a != b;
	case BPF_JGT:
		return a > b;
	case BPF_JGE:
		return a >= b;
	case BPF_JLT:
		return a < b;
	case BPF_JLE:
		return a <= b;
	case BPF_JSET:
		return (a & b) != 0;
	case BPF_JSGT:
		return sa > sb;
	case BPF_JSGE:
		return sa >= sb;
	case BPF_JSLT:
		return sa < sb;
	case BPF_JSLE:
		return sa <= sb;
	}
	*ok = false;
	return false;
}

static int jump_to(struct xnic_bpf_interp *ip, s64 rel)
{
	s64 target = (s64)ip->pc + 1 + rel;

	if (target < 0 || target >= (s64)ip->cfg->insn_cnt)
		return fail(ip, -EINVAL, "jump to %lld is outside the program",
			    (long long)target);
	ip->pc = (u32)target;
	return STEP_NEXT;
}

static int call_helper(struct xnic_bpf_interp *ip, u64 id)
{
	const struct xnic_bpf_interp_cfg *cfg = ip->cfg;
	u64 ret = 0;
	int err;

	if (id >= cfg->helper_cnt || !cfg->helpers || !cfg->helpers[id])
		return fail(ip, -ENOENT, "call to unknown helper %llu",
			    (unsigned long long)id);
	err = cfg->helpers[id](ip, cfg->helper_priv, &ip->reg[BPF_REG_1], &ret);
	if (err)
		return fail(ip, err, "helper %llu failed (%d)",
			    (unsigned long long)id, err);
	ip->reg[BPF_REG_0] = ret;
	ip->pc++;
	return STEP_NEXT;
}

static int call_local(struct xnic_bpf_interp *ip, s32 rel)
{
	struct interp_frame *f;
	u32 i;

	if (ip->depth + 1 >= XNIC_BPF_INTERP_MAX_FRAMES)
		return fail(ip, -E2BIG, "call depth above %u frames",
			    XNIC_BPF_INTERP_MAX_FRAMES);
	f = &ip->frames[ip->depth++];
	f->ret_pc = ip->pc + 1;
	for (i = 0; i < 4; i++)
		f->saved[i] = ip->reg[BPF_REG_6 + i];
	ip->reg[BPF_REG_10] -= XNIC_BPF_INTERP_STACK_SIZE;
	return jump_to(ip, rel);
}

static int interp_exit(struct xnic_bpf_interp *ip)
{
	struct interp_frame *f;
	u32 i;

	if (!ip->depth)
		return STEP_DONE;
	f = &ip->frames[--ip->depth];
	for (i = 0; i < 4; i++)
		ip->reg[BPF_REG_6 + i] = f->saved[i];
	ip->reg[BPF_REG_10] += XNIC_BPF_INTERP_STACK_SIZE;
	ip->pc = f->ret_pc;
	return STEP_NEXT;
}

static int step_jmp(struct xnic_bpf_interp *ip, const struct bpf_insn *in)
{
	bool is64 = BPF_CLASS(in->code) == BPF_JMP;
	u8 op = BPF_OP(in->code);
	u64 b;
	bool ok, taken;

	switch (op) {
	case BPF_JA:
		/* JMP32 | JA (v4 "gotol") carries its offset in imm */
		return jump_to(ip, is64 ? in->off : in->imm);
	case BPF_CALL:
		if (!is64)
			break;
		if (BPF_SRC(in->code) == BPF_X)
			return call_helper(ip, ip->reg[in->dst_reg]);
		if (in->src_reg == 0)
			return call_helper(ip, (u32)in->imm);
		if (in->src_reg == BPF_PSEUDO_CALL)
			return call_local(ip, in->imm);
		return fail(ip, -EINVAL, "call with src_reg %u unsupported",
			    in->src_reg);
	case BPF_EXIT:
		if (!is64)
			break;
		return interp_exit(ip);
	default:
		b = BPF_SRC(in->code) == BPF_X ? ip->reg[in->src_reg] :
						 (u64)(s64)in->imm;
		taken = jmp_taken(op, ip->reg[in->dst_reg], b, is64, &ok);
		if (!ok)
			break;
		if (taken)
			return jump_to(ip, in->off);
		ip->pc++;
		return STEP_NEXT;
	}
	return fail(ip, -EINVAL, "unknown jump opcode 0x%02x", in->code);
}

static int step_atomic(struct xnic_bpf_interp *ip, const struct bpf_insn *in,
		       u8 *p, u32 size)
{
	u64 old = load_le(p, size);
	u64 val = ip->reg[in->src_reg];
	u64 mask = size == 8 ? U64_MAX : 0xffffffffULL;
	u64 nv;

	switch (in->imm & ~BPF_FETCH) {
	case BPF_ADD:
		nv = old + val;
		break;
	case BPF_OR:
		nv = old | val;
		break;
	case BPF_AND:
		nv = old & val;
		break;
	case BPF_XOR:
		nv = old ^ val;
		break;
	case BPF_XCHG & ~BPF_FETCH:
		if (!(in->imm & BPF_FETCH))
			goto bad;
		nv = val;
		break;
	case BPF_CMPXCHG & ~BPF_FETCH:
		if (!(in->imm & BPF_FETCH))
			goto bad;
		nv = (ip->reg[BPF_REG_0] & mask) == old ? val : old;
		store_le(p, size, nv);
		ip->reg[BPF_REG_0] = old;
		return STEP_NEXT;
	default:
		goto bad;
	}
	store_le(p, size, nv & mask);
	if (in->imm & BPF_FETCH)
		ip->reg[in->src_reg] = old;
	return STEP_NEXT;
bad:
	return fail(ip, -EINVAL, "unknown atomic operation 0x%x", in->imm);
}

static int step_mem(struct xnic_bpf_interp *ip, const struct bpf_insn *in)
{
	u8 cls = BPF_CLASS(in->code), mode = BPF_MODE(in->code);
	u32 size = xnic_bpf_size_bytes(in->code);
	u64 addr;
	int err = 0;
	u8 *p;

	if (cls == BPF_LDX) {
		if (mode != BPF_MEM && !(mode == BPF_MEMSX && size != 8))
			goto bad;
		addr = ip->reg[in->src_reg] + (u64)(s64)in->off;
		p = mem_at(ip, addr, size, false, &err);
		if (!p)
			return err;
		ip->reg[in->dst_reg] = load_le(p, size);
		if (mode == BPF_MEMSX)
			ip->reg[in->dst_reg] =
				sext(ip->reg[in->dst_reg], size * 8);
		return STEP_NEXT;
	}
	addr = ip->reg[in->dst_reg] + (u64)(s64)in->off;
	if (cls == BPF_ST && mode == BPF_MEM) {
		p = mem_at(ip, addr, size, true, &err);
		if (!p)
			return err;
		store_le(p, size, (u64)(s64)in->imm);
		return STEP_NEXT;
	}
	if (cls == BPF_STX && mode == BPF_MEM) {
		p = mem_at(ip, addr, size, true, &err);
		if (!p)
			return err;
		store_le(p, size, ip->reg[in->src_reg]);
		return STEP_NEXT;
	}
	if (cls == BPF_STX && mode == BPF_ATOMIC && size >= 4) {
		p = mem_at(ip, addr, size, true, &err);
		if (!p)
			return err;
		return step_atomic(ip, in, p, size);
	}
bad:
	return fail(ip, -EINVAL, "unknown memory opcode 0x%02x", in->code);
}

/*
 * Class LD: the 64-bit immediate, and the legacy packet loads LD_ABS and
 * LD_IND, which read big-endian from the memory buffer and, as in the
 * kernel, end the program with r0 = 0 when out of bounds.
 */
static int step_ld(struct xnic_bpf_interp *ip, const struct bpf_insn *in)
{
	const struct xnic_bpf_interp_cfg *cfg = ip->cfg;
	u32 size = xnic_bpf_size_bytes(in->code);
	u64 off;

	if (in->code == (BPF_LD | BPF_IMM | BPF_DW)) {
		if (ip->pc + 1 >= cfg->insn_cnt || in[1].code)
			return fail(ip, -EINVAL,
				    "lddw without its second half");
		if (in->src_reg) {
			int err;

			if (!cfg->resolve_ld64)
				return fail(ip, -EINVAL,
					    "lddw pseudo source %u (map "
					    "reference) without a resolver",
					    in->src_reg);
			err = cfg->resolve_ld64(ip, cfg->helper_priv,
						in->src_reg, in->imm, in[1].imm,
						&ip->reg[in->dst_reg]);
			if (err)
				return fail(ip, err,
					    "lddw pseudo source %u imm %d not "
					    "resolved (%d)",
					    in->src_reg, in->imm, err);
		} else {
			ip->reg[in->dst_reg] =
				(u64)(u32)in->imm | ((u64)(u32)in[1].imm << 32);
		}
		ip->pc += 2;
		return STEP_NEXT;
	}
	if ((BPF_MODE(in->code) != BPF_ABS && BPF_MODE(in->code) != BPF_IND) ||
	    size == 8)
		return fail(ip, -EINVAL, "unknown load opcode 0x%02x",
			    in->code);
	off = (u64)(s64)in->imm;
	if (BPF_MODE(in->code) == BPF_IND)
		off += (u32)ip->reg[in->src_reg];
	if (!cfg->mem || off > cfg->mem_len || cfg->mem_len - off < size) {
		ip->reg[BPF_REG_0] = 0;
		return STEP_DONE;
	}
	ip->reg[BPF_REG_0] = bswap(load_le(cfg->mem + off, size), size * 8);
	ip->pc++;
	return STEP_NEXT;
}

static int step(struct xnic_bpf_interp *ip)
{
	const struct bpf_insn *in = &ip->cfg->insns[ip->pc];
	u8 cls = BPF_CLASS(in->code);
	int ret;

	if (in->dst_reg >= MAX_BPF_REG || in->src_reg >= MAX_BPF_REG)
		return fail(ip, -EINVAL, "register number out of range");
	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		if (in->dst_reg == BPF_REG_10)
			return fail(ip, -EINVAL, "r10 is read-only");
		ret = step_alu(ip, in);
		if (ret == STEP_NEXT)
			ip->pc++;
		return ret;
	case BPF_JMP:
	case BPF_JMP32:
		return step_jmp(ip, in);
	case BPF_LD:
		if (in->dst_reg == BPF_REG_10)
			return fail(ip, -EINVAL, "r10 is read-only");
		return step_ld(ip, in);
	default:
		if (cls == BPF_LDX && in->dst_reg == BPF_REG_10)
			return fail(ip, -EINVAL, "r10 is read-only");
		if (cls == BPF_STX && BPF_MODE(in->code) == BPF_ATOMIC &&
		    in->src_reg == BPF_REG_10 && (in->imm & BPF_FETCH))
			return fail(ip, -EINVAL, "r10 is read-only");
		ret = step_mem(ip, in);
		if (ret == STEP_NEXT)
			ip->pc++;
		return ret;
	}
}

static int setup(struct xnic_bpf_interp *ip,
		 const struct xnic_bpf_interp_cfg *cfg)
{
	struct xnic_bpf_interp_region *r;
	u32 i;

	if (cfg->extra_cnt > XNIC_BPF_INTERP_MAX_REGIONS - 2)
		return fail(ip, -EINVAL, "too many memory regions");
	r = &ip->regions[ip->region_cnt++];
	r->vaddr = XNIC_BPF_INTERP_STACK_BASE;
	r->host = ip->stack;
	r->len = sizeof(ip->stack);
	r->writable = true;
	if (cfg->mem && cfg->mem_len) {
		r = &ip->regions[ip->region_cnt++];
		r->vaddr = XNIC_BPF_INTERP_MEM_BASE;
		r->host = cfg->mem;
		r->len = cfg->mem_len;
		r->writable = true;
	}
	for (i = 0; i < cfg->extra_cnt; i++) {
		/* translate() does arithmetic on vaddr + len: keep it sane */
		if (!cfg->extra[i].host ||
		    cfg->extra[i].vaddr + cfg->extra[i].len <
			    cfg->extra[i].vaddr)
			return fail(ip, -EINVAL, "bad extra memory region %u",
				    i);
		ip->regions[ip->region_cnt++] = cfg->extra[i];
	}

	ip->reg[BPF_REG_1] = cfg->mem ? XNIC_BPF_INTERP_MEM_BASE : 0;
	ip->reg[BPF_REG_2] = cfg->mem_len;
	ip->reg[BPF_REG_10] = XNIC_BPF_INTERP_STACK_BASE + sizeof(ip->stack);
	return 0;
}

int xnic_bpf_interp_run(const struct xnic_bpf_interp_cfg *cfg,
			struct xnic_bpf_interp_result *res)
{
	struct xnic_bpf_interp *ip;
	u64 limit = cfg->max_insns ? cfg->max_insns :
				     XNIC_BPF_INTERP_DEFAULT_MAX_INSNS;
	int ret;

	xnic_memset(res, 0, sizeof(*res));
	ip = xnic_zalloc(sizeof(*ip));
	if (!ip) {
		xnic_snprintf(res->msg, sizeof(res->msg),
			      "no memory for the interpreter state");
		res->err = -ENOMEM;
		return -ENOMEM;
	}
	ip->cfg = cfg;
	ip->res = res;
	ret = setup(ip, cfg);
	if (!ret && (!cfg->insns || !cfg->insn_cnt))
		ret = fail(ip, -EINVAL, "empty program");
	while (!ret) {
		if (ip->pc >= cfg->insn_cnt) {
			ret = fail(ip, -EINVAL,
				   "fell off the end of the program");
			break;
		}
		if (res->insns_executed >= limit) {
			ret = fail(ip, -ELOOP,
				   "more than %llu instructions executed",
				   (unsigned long long)limit);
			break;
		}
		res->insns_executed++;
		if (cfg->trace)
			cfg->trace(cfg->trace_priv, ip->pc, ip->reg);
		ret = step(ip);
	}
	if (ret == STEP_DONE) {
		ret = 0;
		res->r0 = ip->reg[BPF_REG_0];
	}
	res->err = ret;
	xnic_free(ip);
	return ret;
}
