// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * One-line BPF disassembly for the verifier log, in the kernel's
 * "r1 += r2" / "if r1 > 0x10 goto pc+3" notation.
 */
#include "internal.h"

static const char *const alu_ops[16] = {
	"+=",  "-=", "*=", "/=", "|=",	 "&=",	   "<<=", ">>=",
	"neg", "%=", "^=", "=",	 "s>>=", "endian", "?",	  "?",
};

static const char *const jmp_ops[16] = {
	"ja",	"==",	">", ">=", "&",	 "!=",	"s>", "s>=",
	"call", "exit", "<", "<=", "s<", "s<=", "?",  "?",
};

static const char *const sizes[4] = {"u32", "u16", "u8", "u64"};

static const char *atomic_name(s32 imm)
{
	switch (imm & ~BPF_FETCH) {
	case BPF_ADD:
		return "add";
	case BPF_AND:
		return "and";
	case BPF_OR:
		return "or";
	case BPF_XOR:
		return "xor";
	}
	return imm == BPF_XCHG ? "xchg" : imm == BPF_CMPXCHG ? "cmpxchg" : "?";
}

int vrf_disasm(const struct bpf_insn *in, char *buf, u32 len)
{
	u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	const char *w = cls == BPF_ALU || cls == BPF_JMP32 ? "w" : "r";
	const char *sz = sizes[BPF_SIZE(in->code) >> 3];
	char src[24];

	if (BPF_SRC(in->code) == BPF_X)
		xnic_snprintf(src, sizeof(src), "%s%u", w, in->src_reg);
	else
		xnic_snprintf(src, sizeof(src), "%d", in->imm);
	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		if (op == BPF_NEG)
			return xnic_snprintf(buf, len, "%s%u = -%s%u", w,
					     in->dst_reg, w, in->dst_reg);
		if (op == BPF_END)
			return xnic_snprintf(buf, len, "r%u = %s%d r%u",
					     in->dst_reg,
					     cls == BPF_ALU64  ? "bswap" :
					     BPF_SRC(in->code) ? "be" :
								 "le",
					     in->imm, in->dst_reg);
		if (op == BPF_MOV && in->off)
			return xnic_snprintf(buf, len, "%s%u = (s%d)%s", w,
					     in->dst_reg, in->off, src);
		return xnic_snprintf(
			buf, len, "%s%u %s%s %s", w, in->dst_reg,
			in->off && (op == BPF_DIV || op == BPF_MOD) ? "s" : "",
			alu_ops[op >> 4], src);
	case BPF_LDX:
		return xnic_snprintf(
			buf, len, "r%u = *(%s%s *)(r%u %+d)", in->dst_reg,
			BPF_MODE(in->code) == BPF_MEMSX ? "s" : "",
			BPF_MODE(in->code) == BPF_MEMSX ? sz + 1 : sz,
			in->src_reg, in->off);
	case BPF_ST:
		return xnic_snprintf(buf, len, "*(%s *)(r%u %+d) = %d", sz,
				     in->dst_reg, in->off, in->imm);
	case BPF_STX:
		if (BPF_MODE(in->code) == BPF_ATOMIC)
			return xnic_snprintf(
				buf, len, "lock *(%s *)(r%u %+d) %s%s r%u", sz,
				in->dst_reg, in->off,
				in->imm & BPF_FETCH ? "fetch_" : "",
				atomic_name(in->imm), in->src_reg);
		return xnic_snprintf(buf, len, "*(%s *)(r%u %+d) = r%u", sz,
				     in->dst_reg, in->off, in->src_reg);
	case BPF_LD:
		if (insn_is_ldimm64(in))
			return xnic_snprintf(
				buf, len, "r%u = %s%d ll", in->dst_reg,
				in->src_reg == BPF_PSEUDO_MAP_FD ? "map#" :
				in->src_reg ? "map_value#" :
					      "",
				in->imm);
		return xnic_snprintf(buf, len, "r0 = *(%s *)skb[%s%d]", sz,
				     BPF_MODE(in->code) == BPF_IND ? "r+" : "",
				     in->imm);
	case BPF_JMP:
	case BPF_JMP32:
		if (op == BPF_EXIT)
			return xnic_snprintf(buf, len, "exit");
		if (op == BPF_CALL)
			return xnic_snprintf(buf, len,
					     in->src_reg ? "call pc%+d" :
							   "call %d",
					     in->imm);
		if (op == BPF_JA)
			return xnic_snprintf(buf, len, "goto pc%+d",
					     cls == BPF_JMP ? in->off :
							      in->imm);
		return xnic_snprintf(buf, len, "if %s%u %s %s goto pc%+d", w,
				     in->dst_reg, jmp_ops[op >> 4], src,
				     in->off);
	}
	return xnic_snprintf(buf, len, "(bad)");
}
