// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * BPF disassembler printing the bpf_conformance syntax that bpf_asm.c
 * reads.  Exactness comes first: every line is assembled back and compared
 * with the original bytes, and anything the syntax cannot reproduce (an
 * unknown opcode, a stray bit in an unused field) is printed as a raw
 * ".insn" word instead, so disassemble -> assemble is always the identity.
 */
#include "xnic/bpf_asm.h"

static const char *const alu_mn[16] = {
	"add", "sub", "mul", "div", "or",   "and", "lsh", "rsh",
	"neg", "mod", "xor", "mov", "arsh", NULL,  NULL,  NULL,
};

static const char *const jmp_mn[16] = {
	NULL, "jeq", "jgt", "jge", "jset", "jne",  "jsgt", "jsge",
	NULL, NULL,  "jlt", "jle", "jslt", "jsle", NULL,   NULL,
};

static const char *const size_mn[4] = {"w", "h", "b", "dw"};

/* Small values read best in decimal, masks and addresses in hex. */
static void fmt_imm(char *b, size_t n, s32 imm)
{
	if (imm > -4096 && imm < 4096)
		snprintf(b, n, "%d", imm);
	else
		snprintf(b, n, "0x%x", (u32)imm);
}

static void fmt_mem(char *b, size_t n, u8 reg, s16 off)
{
	if (off)
		snprintf(b, n, "[%%r%u%+d]", reg, off);
	else
		snprintf(b, n, "[%%r%u]", reg);
}

static void fmt_target(char *b, size_t n, s64 rel, const char *label)
{
	if (label)
		snprintf(b, n, "%s", label);
	else
		snprintf(b, n, "%+lld", (long long)rel);
}

/*
 * Format one instruction in its canonical form, ignoring fields the
 * syntax has no place for (the caller checks by reassembling).
 * Returns the slot count, 0 when there is no textual form at all.
 */
static int fmt_insn(const struct bpf_insn *in, u32 left, const char *label,
		    char *buf, size_t len)
{
	u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code) >> 4;
	bool x = BPF_SRC(in->code) == BPF_X;
	const char *w32 = (cls == BPF_ALU || cls == BPF_JMP32) ? "32" : "";
	char a[48], t[48];

	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		if (BPF_OP(in->code) == BPF_END) {
			snprintf(buf, len, "%s%d %%r%u",
				 cls == BPF_ALU64 ? "bswap" :
				 x		  ? "be" :
						    "le",
				 in->imm, in->dst_reg);
			return 1;
		}
		if (BPF_OP(in->code) == BPF_MOV && in->off) {
			snprintf(buf, len, "movsx%d%s %%r%u, %%r%u", in->off,
				 cls == BPF_ALU ? "32" : "64", in->dst_reg,
				 in->src_reg);
			return 1;
		}
		if (!alu_mn[op])
			return 0;
		if (BPF_OP(in->code) == BPF_NEG) {
			snprintf(buf, len, "neg%s %%r%u", w32, in->dst_reg);
			return 1;
		}
		if (x)
			snprintf(a, sizeof(a), "%%r%u", in->src_reg);
		else
			fmt_imm(a, sizeof(a), in->imm);
		snprintf(buf, len, "%s%s%s %%r%u, %s", in->off == 1 ? "s" : "",
			 alu_mn[op], w32, in->dst_reg, a);
		return 1;
	case BPF_JMP:
	case BPF_JMP32:
		if (BPF_OP(in->code) == BPF_JA) {
			fmt_target(t, sizeof(t),
				   cls == BPF_JMP ? in->off : in->imm, label);
			snprintf(buf, len, "ja%s %s", w32, t);
			return 1;
		}
		if (BPF_OP(in->code) == BPF_EXIT) {
			snprintf(buf, len, "exit");
			return 1;
		}
		if (BPF_OP(in->code) == BPF_CALL) {
			fmt_target(t, sizeof(t), in->imm, label);
			if (x)
				snprintf(buf, len, "call %%r%u", in->dst_reg);
			else if (in->src_reg == BPF_PSEUDO_CALL)
				snprintf(buf, len, "call local %s", t);
			else if (in->src_reg == 2)
				snprintf(buf, len, "call runtime %d", in->imm);
			else
				snprintf(buf, len, "call %d", in->imm);
			return 1;
		}
		if (!jmp_mn[op])
			return 0;
		if (x)
			snprintf(a, sizeof(a), "%%r%u", in->src_reg);
		else
			fmt_imm(a, sizeof(a), in->imm);
		fmt_target(t, sizeof(t), in->off, label);
		snprintf(buf, len, "%s%s %%r%u, %s, %s", jmp_mn[op], w32,
			 in->dst_reg, a, t);
		return 1;
	case BPF_LD:
		if (in->code == (BPF_LD | BPF_IMM | BPF_DW)) {
			if (left < 2)
				return 0;
			snprintf(buf, len, "lddw %%r%u, 0x%llx", in->dst_reg,
				 (unsigned long long)((u64)(u32)in->imm |
						      (u64)(u32)in[1].imm
							      << 32));
			return 2;
		}
		fmt_imm(a, sizeof(a), in->imm);
		if (BPF_MODE(in->code) == BPF_ABS)
			snprintf(buf, len, "ldabs%s %s",
				 size_mn[BPF_SIZE(in->code) >> 3], a);
		else if (BPF_MODE(in->code) == BPF_IND)
			snprintf(buf, len, "ldind%s %%r%u, %s",
				 size_mn[BPF_SIZE(in->code) >> 3], in->src_reg,
				 a);
		else
			return 0;
		return 1;
	case BPF_LDX:
		fmt_mem(a, sizeof(a), in->src_reg, in->off);
		snprintf(buf, len, "ldx%s%s %%r%u, %s",
			 BPF_MODE(in->code) == BPF_MEMSX ? "s" : "",
			 size_mn[BPF_SIZE(in->code) >> 3], in->dst_reg, a);
		return 1;
	case BPF_ST:
		fmt_mem(a, sizeof(a), in->dst_reg, in->off);
		fmt_imm(t, sizeof(t), in->imm);
		snprintf(buf, len, "st%s %s, %s",
			 size_mn[BPF_SIZE(in->code) >> 3], a, t);
		return 1;
	case BPF_STX:
		fmt_mem(a, sizeof(a), in->dst_reg, in->off);
		if (BPF_MODE(in->code) == BPF_ATOMIC) {
			const char *aw =
				BPF_SIZE(in->code) == BPF_W ? "32" : "";
			const char *name;

			switch (in->imm & ~BPF_FETCH) {
			case BPF_ADD:
				name = "add";
				break;
			case BPF_AND:
				name = "and";
				break;
			case BPF_OR:
				name = "or";
				break;
			case BPF_XOR:
				name = "xor";
				break;
			case BPF_XCHG & ~BPF_FETCH:
				name = "xchg";
				break;
			case BPF_CMPXCHG & ~BPF_FETCH:
				name = "cmpxchg";
				break;
			default:
				return 0;
			}
			snprintf(buf, len, "lock %s%s%s %s, %%r%u",
				 (in->imm & BPF_FETCH) &&
						 strcmp(name, "xchg") &&
						 strcmp(name, "cmpxchg") ?
					 "fetch " :
					 "",
				 name, aw, a, in->src_reg);
			return 1;
		}
		snprintf(buf, len, "stx%s %s, %%r%u",
			 size_mn[BPF_SIZE(in->code) >> 3], a, in->src_reg);
		return 1;
	}
	return 0;
}

static bool same(const struct bpf_insn *a, const struct bpf_insn *b, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (xnic_bpf_insn_to_u64(&a[i]) != xnic_bpf_insn_to_u64(&b[i]))
			return false;
	return true;
}

/* fmt_insn, then prove the text by assembling it back. */
static int disasm_one(const struct bpf_insn *insns, u32 cnt, u32 pc,
		      const char *label, char *buf, size_t len)
{
	char numeric[96], err[96];
	struct bpf_insn *back = NULL;
	u32 nback = 0;
	int n;

	n = fmt_insn(&insns[pc], cnt - pc, NULL, numeric, sizeof(numeric));
	if (n > 0 && xnic_bpf_asm(numeric, 1, &back, &nback, err, sizeof(err)))
		n = 0;
	if (n > 0 && ((u32)n != nback || !same(back, &insns[pc], n)))
		n = 0;
	free(back);
	if (n <= 0) {
		snprintf(buf, len, ".insn 0x%016llx",
			 (unsigned long long)xnic_bpf_insn_to_u64(&insns[pc]));
		return 1;
	}
	if (label)
		fmt_insn(&insns[pc], cnt - pc, label, buf, len);
	else
		snprintf(buf, len, "%s", numeric);
	return n;
}

int xnic_bpf_disasm_insn(const struct bpf_insn *insns, u32 cnt, u32 pc,
			 char *buf, size_t len)
{
	if (pc >= cnt)
		return -EINVAL;
	return disasm_one(insns, cnt, pc, NULL, buf, len);
}

/* Relative target of a jump or local call at pc, if it has one. */
static bool branch_rel(const struct bpf_insn *in, s64 *rel)
{
	u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);

	if (cls != BPF_JMP && cls != BPF_JMP32)
		return false;
	if (op == BPF_EXIT)
		return false;
	if (op == BPF_CALL) {
		*rel = in->imm;
		return cls == BPF_JMP && BPF_SRC(in->code) == BPF_K &&
		       in->src_reg == BPF_PSEUDO_CALL;
	}
	*rel = (op == BPF_JA && cls == BPF_JMP32) ? in->imm : in->off;
	return op == BPF_JA || jmp_mn[op >> 4] != NULL;
}

struct text {
	char *s;
	size_t len, cap;
};

static bool put(struct text *t, const char *s)
{
	size_t n = strlen(s);

	if (t->len + n + 1 > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 1024;
		char *ns;

		while (cap < t->len + n + 1)
			cap *= 2;
		ns = realloc(t->s, cap);
		if (!ns)
			return false;
		t->s = ns;
		t->cap = cap;
	}
	memcpy(t->s + t->len, s, n + 1);
	t->len += n;
	return true;
}

char *xnic_bpf_disasm(const struct bpf_insn *insns, u32 cnt, unsigned int flags)
{
	struct text t = {0};
	u8 *is_target, *is_start;
	char line[128], name[24];
	bool ok = true;
	u32 pc;
	int n;

	/* which pcs start an instruction, and which are branch targets */
	is_target = calloc(cnt + 1, 1);
	is_start = calloc(cnt + 1, 1);
	if (!is_target || !is_start) {
		free(is_target);
		free(is_start);
		return NULL;
	}
	is_start[cnt] = 1;
	for (pc = 0; pc < cnt; pc += n) {
		is_start[pc] = 1;
		n = disasm_one(insns, cnt, pc, NULL, line, sizeof(line));
	}
	for (pc = 0; (flags & XNIC_BPF_DISASM_LABELS) && pc < cnt; pc += n) {
		s64 rel, dest;

		n = disasm_one(insns, cnt, pc, NULL, line, sizeof(line));
		if (strncmp(line, ".insn", 5) && branch_rel(&insns[pc], &rel)) {
			dest = (s64)pc + 1 + rel;
			if (dest >= 0 && dest <= (s64)cnt && is_start[dest])
				is_target[dest] = 1;
		}
	}
	ok = put(&t, "");
	for (pc = 0; ok && pc <= cnt; pc += n) {
		const char *label = NULL;
		s64 rel, dest;

		if (is_target[pc]) {
			snprintf(line, sizeof(line), "L%u:\n", pc);
			ok = put(&t, line);
		}
		if (pc == cnt)
			break;
		if (flags & XNIC_BPF_DISASM_LABELS &&
		    branch_rel(&insns[pc], &rel)) {
			dest = (s64)pc + 1 + rel;
			if (dest >= 0 && dest <= (s64)cnt && is_target[dest]) {
				snprintf(name, sizeof(name), "L%lld",
					 (long long)dest);
				label = name;
			}
		}
		n = disasm_one(insns, cnt, pc, label, line, sizeof(line));
		ok = ok && put(&t, line) && put(&t, "\n");
	}
	free(is_target);
	free(is_start);
	if (!ok) {
		free(t.s);
		return NULL;
	}
	return t.s;
}
