// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Encoder, decoder and rule checker, all driven by xnic_kinds[].  The same
 * rules run when encoding (so the JIT and assembler cannot produce an
 * illegal word) and when decoding (so a malformed image is refused before
 * the simulator ever runs it).
 */
#include "xnic/isa.h"

enum xnic_opnd_class xnic_opnd_class(u32 code)
{
	if (code < XNIC_OPND_GPR_B)
		return XNIC_OC_GPR_A;
	if (code < XNIC_OPND_XIN)
		return XNIC_OC_GPR_B;
	if (code < XNIC_OPND_XOUT)
		return XNIC_OC_XIN;
	if (code < XNIC_OPND_LM)
		return XNIC_OC_XOUT;
	if (code < XNIC_OPND_NN)
		return (code & 31) <= XNIC_LM_SUB_POSTDEC ? XNIC_OC_LM :
							    XNIC_OC_INVALID;
	if (code < XNIC_OPND_IMM)
		return XNIC_OC_NN;
	if (code < XNIC_OPND_IMM + 256)
		return XNIC_OC_IMM;
	if (code == XNIC_OPND_NONE)
		return XNIC_OC_NONE;
	return XNIC_OC_INVALID;
}

int xnic_opnd_name(u32 code, char *buf, u32 len)
{
	u32 sub;

	switch (xnic_opnd_class(code)) {
	case XNIC_OC_GPR_A:
		return xnic_snprintf(buf, len, "a%u", code - XNIC_OPND_GPR_A);
	case XNIC_OC_GPR_B:
		return xnic_snprintf(buf, len, "b%u", code - XNIC_OPND_GPR_B);
	case XNIC_OC_XIN:
		return xnic_snprintf(buf, len, "$xi%u", code - XNIC_OPND_XIN);
	case XNIC_OC_XOUT:
		return xnic_snprintf(buf, len, "$xo%u", code - XNIC_OPND_XOUT);
	case XNIC_OC_LM:
		sub = code & 31;
		if (sub == XNIC_LM_SUB_POSTINC)
			return xnic_snprintf(buf, len, "lm%u++",
					     (code - XNIC_OPND_LM) / 32);
		if (sub == XNIC_LM_SUB_POSTDEC)
			return xnic_snprintf(buf, len, "lm%u--",
					     (code - XNIC_OPND_LM) / 32);
		return xnic_snprintf(buf, len, "lm%u[%u]",
				     (code - XNIC_OPND_LM) / 32, sub);
	case XNIC_OC_NN:
		return xnic_snprintf(buf, len, "nn%u", code - XNIC_OPND_NN);
	case XNIC_OC_IMM:
		return xnic_snprintf(buf, len, "%u", code - XNIC_OPND_IMM);
	case XNIC_OC_NONE:
		return xnic_snprintf(buf, len, "--");
	default:
		return xnic_snprintf(buf, len, "<bad operand 0x%x>", code);
	}
}

const struct xnic_field_desc *xnic_kind_field(u32 kind, u32 field)
{
	const struct xnic_kind_desc *k;
	u32 i;

	if (kind >= XNIC_K_COUNT)
		return NULL;
	k = &xnic_kinds[kind];
	for (i = 0; i < k->nfields; i++)
		if (k->fields[i].field == field)
			return &k->fields[i];
	return NULL;
}

void xnic_insn_init(struct xnic_insn *insn, u32 kind)
{
	xnic_memset(insn, 0, sizeof(*insn));
	insn->kind = kind;
	insn->f[XNIC_F_DST] = XNIC_OPND_NONE;
	insn->f[XNIC_F_A] = XNIC_OPND_NONE;
	insn->f[XNIC_F_B] = XNIC_OPND_NONE;
}

/* Upper bound (exclusive) of each enumerated field, 0 = width decides. */
static u32 field_limit(u32 kind, u32 field)
{
	switch (field) {
	case XNIC_F_ALUOP:
		return XNIC_ALU_COUNT;
	case XNIC_F_SHT:
		return kind == XNIC_K_SHF ? XNIC_SH_COUNT : XNIC_SH_DSHR;
	case XNIC_F_COND:
		return XNIC_CC_COUNT;
	case XNIC_F_MACT:
		return XNIC_MA_COUNT;
	case XNIC_F_CSR:
		return XNIC_CSR_COUNT;
	case XNIC_F_MTYPE:
		return XNIC_MUL_COUNT;
	case XNIC_F_ARB:
		return XNIC_ARB_COUNT;
	case XNIC_F_FWID:
		return XNIC_FW_COUNT;
	case XNIC_F_PART:
		return 3;
	default:
		return 0;
	}
}

static const char *const field_names[XNIC_F_COUNT] = {
	[XNIC_F_DST] = "destination",
	[XNIC_F_WAB] = "write-both",
	[XNIC_F_A] = "operand A",
	[XNIC_F_B] = "operand B",
	[XNIC_F_ALUOP] = "alu op",
	[XNIC_F_SHT] = "shift type",
	[XNIC_F_SHAMT] = "shift amount",
	[XNIC_F_SHIND] = "indirect shift",
	[XNIC_F_IMM16] = "immediate",
	[XNIC_F_BSHIFT] = "byte shift",
	[XNIC_F_INV] = "invert",
	[XNIC_F_PART] = "immed part",
	[XNIC_F_BMASK] = "byte mask",
	[XNIC_F_ROT] = "rotate",
	[XNIC_F_CLR] = "clear",
	[XNIC_F_COND] = "condition",
	[XNIC_F_DEFER] = "defer count",
	[XNIC_F_TARGET] = "branch target",
	[XNIC_F_BIT] = "bit number",
	[XNIC_F_SENSE] = "sense",
	[XNIC_F_BYTE] = "byte index",
	[XNIC_F_BVAL] = "byte value",
	[XNIC_F_MTGT] = "memory target",
	[XNIC_F_MACT] = "memory action",
	[XNIC_F_XFER] = "transfer register",
	[XNIC_F_CNT] = "count",
	[XNIC_F_SIG] = "signal",
	[XNIC_F_CTX] = "context mode",
	[XNIC_F_CSR] = "CSR",
	[XNIC_F_MTYPE] = "multiply type",
	[XNIC_F_MSTEP] = "multiply step",
	[XNIC_F_SIGMASK] = "signal mask",
	[XNIC_F_ARB] = "arbitration mode",
	[XNIC_F_FWID] = "firmware routine",
};

static bool is_operand_field(u32 field)
{
	return field == XNIC_F_DST || field == XNIC_F_A || field == XNIC_F_B;
}

static int check_source(u32 code, char *err, u32 errlen)
{
	char name[24];

	switch (xnic_opnd_class(code)) {
	case XNIC_OC_INVALID:
		xnic_snprintf(err, errlen, "invalid operand code 0x%x", code);
		return -EINVAL;
	case XNIC_OC_XOUT:
		xnic_opnd_name(code, name, sizeof(name));
		xnic_snprintf(err, errlen,
			      "transfer-out register %s cannot be read", name);
		return -EINVAL;
	default:
		return 0;
	}
}

static int check_dest(u32 code, char *err, u32 errlen)
{
	char name[24];

	xnic_opnd_name(code, name, sizeof(name));
	switch (xnic_opnd_class(code)) {
	case XNIC_OC_INVALID:
		xnic_snprintf(err, errlen, "invalid operand code 0x%x", code);
		return -EINVAL;
	case XNIC_OC_XIN:
		xnic_snprintf(err, errlen,
			      "transfer-in register %s cannot be written",
			      name);
		return -EINVAL;
	case XNIC_OC_IMM:
		xnic_snprintf(err, errlen,
			      "immediate %s cannot be a destination", name);
		return -EINVAL;
	default:
		return 0;
	}
}

u32 xnic_opnd_bank_group(u32 code)
{
	switch (xnic_opnd_class(code)) {
	case XNIC_OC_GPR_A:
		return 1;
	case XNIC_OC_GPR_B:
		return 2;
	case XNIC_OC_NONE:
		return 0;
	default:
		return 3;
	}
}

static int check_banks(u32 x, u32 y, char *err, u32 errlen)
{
	char nx[24], ny[24];
	u32 g = xnic_opnd_bank_group(x);

	if (!g || g != xnic_opnd_bank_group(y))
		return 0;
	xnic_opnd_name(x, nx, sizeof(nx));
	xnic_opnd_name(y, ny, sizeof(ny));
	if (g == 3)
		xnic_snprintf(err, errlen,
			      "bank conflict: %s and %s: at most one non-GPR "
			      "operand per instruction",
			      nx, ny);
	else
		xnic_snprintf(err, errlen,
			      "bank conflict: %s and %s both read GPR bank %c",
			      nx, ny, g == 1 ? 'A' : 'B');
	return -EINVAL;
}

static bool mem_is_atomic(u32 act)
{
	return act >= XNIC_MA_ADD;
}

/* Transfer registers a memory command uses on its out and in sides. */
static void mem_xfer_use(const struct xnic_insn *in, u32 *out_words,
			 u32 *in_words)
{
	u32 cnt = in->f[XNIC_F_CNT] + 1;
	u32 act = in->f[XNIC_F_MACT];

	*out_words = 0;
	*in_words = 0;
	switch (act) {
	case XNIC_MA_READ:
		*in_words = cnt;
		break;
	case XNIC_MA_WRITE:
		*out_words = cnt;
		break;
	case XNIC_MA_WRITE_B:
		*out_words = (cnt + 3) / 4;
		break;
	case XNIC_MA_ADD:
		*out_words = cnt;
		break;
	case XNIC_MA_CMPXCHG:
		*out_words = 2 * cnt;
		*in_words = cnt;
		break;
	default:
		*out_words = cnt;
		*in_words = cnt;
		break;
	}
}

static int check_mem(const struct xnic_insn *in, char *err, u32 errlen)
{
	u32 act = in->f[XNIC_F_MACT];
	u32 cnt = in->f[XNIC_F_CNT] + 1;
	u32 x = in->f[XNIC_F_XFER];
	u32 ow, iw;

	if (mem_is_atomic(act) && cnt > 2) {
		xnic_snprintf(err, errlen,
			      "atomic %s moves 1 or 2 words, not %u",
			      xnic_mem_action_names[act], cnt);
		return -EINVAL;
	}
	mem_xfer_use(in, &ow, &iw);
	if (x + ow > XNIC_NR_XFER) {
		xnic_snprintf(err, errlen,
			      "transfer registers $xo%u..$xo%u out of range "
			      "(%u per context)",
			      x, x + ow - 1, XNIC_NR_XFER);
		return -EINVAL;
	}
	if (x + iw > XNIC_NR_XFER) {
		xnic_snprintf(err, errlen,
			      "transfer registers $xi%u..$xi%u out of range "
			      "(%u per context)",
			      x, x + iw - 1, XNIC_NR_XFER);
		return -EINVAL;
	}
	return 0;
}

static int check_fields(const struct xnic_insn *in, char *err, u32 errlen)
{
	const struct xnic_kind_desc *k = &xnic_kinds[in->kind];
	u32 i;

	for (i = 0; i < k->nfields; i++) {
		u32 f = k->fields[i].field;
		u32 v = in->f[f];
		u32 lim = field_limit(in->kind, f);

		if (is_operand_field(f))
			continue;
		if (!lim)
			lim = k->fields[i].width >= 32 ?
				      U32_MAX :
				      (1u << k->fields[i].width);
		if (v >= lim) {
			xnic_snprintf(err, errlen,
				      "%s %u out of range (0..%u) in %s",
				      field_names[f], v, lim - 1, k->name);
			return -EINVAL;
		}
	}
	return 0;
}

static int check_operands(const struct xnic_insn *in, char *err, u32 errlen)
{
	const struct xnic_kind_desc *k = &xnic_kinds[in->kind];
	u32 srcs[3], n = 0, i, j;
	int ret;

	if (k->flags & XNIC_KF_WRITES_DST) {
		ret = check_dest(in->f[XNIC_F_DST], err, errlen);
		if (ret)
			return ret;
		if (in->f[XNIC_F_WAB] &&
		    xnic_opnd_class(in->f[XNIC_F_DST]) != XNIC_OC_GPR_A) {
			xnic_snprintf(err, errlen,
				      "write-both needs a bank-A register "
				      "destination");
			return -EINVAL;
		}
	}
	if (k->flags & XNIC_KF_READS_A) {
		ret = check_source(in->f[XNIC_F_A], err, errlen);
		if (ret)
			return ret;
		srcs[n++] = in->f[XNIC_F_A];
	}
	if (k->flags & XNIC_KF_READS_B) {
		ret = check_source(in->f[XNIC_F_B], err, errlen);
		if (ret)
			return ret;
		srcs[n++] = in->f[XNIC_F_B];
	}
	/* ld_field merges into its destination, which it therefore reads. */
	if (in->kind == XNIC_K_LD_FIELD && !in->f[XNIC_F_CLR])
		srcs[n++] = in->f[XNIC_F_DST];
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (check_banks(srcs[i], srcs[j], err, errlen))
				return -EINVAL;
	return 0;
}

static int check_needs_source(const struct xnic_insn *in, char *err, u32 errlen)
{
	switch (in->kind) {
	case XNIC_K_BR_BIT:
	case XNIC_K_BR_BYTE:
	case XNIC_K_RTN:
	case XNIC_K_CSR_WR:
		if (in->f[XNIC_F_A] == XNIC_OPND_NONE) {
			xnic_snprintf(err, errlen, "%s needs a source operand",
				      xnic_kinds[in->kind].name);
			return -EINVAL;
		}
		return 0;
	case XNIC_K_MEM:
		if (in->f[XNIC_F_A] == XNIC_OPND_NONE &&
		    in->f[XNIC_F_B] == XNIC_OPND_NONE) {
			xnic_snprintf(
				err, errlen,
				"memory command needs an address operand");
			return -EINVAL;
		}
		return 0;
	default:
		return 0;
	}
}

int xnic_insn_check(const struct xnic_insn *in, char *err, u32 errlen)
{
	int ret;

	if (in->kind >= XNIC_K_COUNT) {
		xnic_snprintf(err, errlen, "unknown instruction kind %u",
			      in->kind);
		return -EINVAL;
	}
	ret = check_fields(in, err, errlen);
	if (!ret)
		ret = check_operands(in, err, errlen);
	if (!ret)
		ret = check_needs_source(in, err, errlen);
	if (ret)
		return ret;
	switch (in->kind) {
	case XNIC_K_IMMED:
		if (in->f[XNIC_F_PART] &&
		    (in->f[XNIC_F_BSHIFT] || in->f[XNIC_F_INV])) {
			xnic_snprintf(
				err, errlen,
				"immed_w0/immed_w1 take no shift or invert");
			return -EINVAL;
		}
		return 0;
	case XNIC_K_MEM:
		return check_mem(in, err, errlen);
	case XNIC_K_CTX_ARB:
		if (in->f[XNIC_F_ARB] == XNIC_ARB_YIELD &&
		    in->f[XNIC_F_SIGMASK]) {
			xnic_snprintf(err, errlen, "yield waits for no signal");
			return -EINVAL;
		}
		if (in->f[XNIC_F_ARB] != XNIC_ARB_YIELD &&
		    !in->f[XNIC_F_SIGMASK]) {
			xnic_snprintf(err, errlen,
				      "ctx_arb needs at least one signal");
			return -EINVAL;
		}
		return 0;
	default:
		return 0;
	}
}

int xnic_encode(const struct xnic_insn *in, u64 *word, char *err, u32 errlen)
{
	const struct xnic_kind_desc *k;
	u64 w;
	u32 i;
	int ret;

	ret = xnic_insn_check(in, err, errlen);
	if (ret)
		return ret;
	k = &xnic_kinds[in->kind];
	w = (u64)k->opcode << XNIC_OPCODE_SHIFT;
	for (i = 0; i < k->nfields; i++) {
		const struct xnic_field_desc *fd = &k->fields[i];

		w |= ((u64)in->f[fd->field] & ((1ULL << fd->width) - 1))
		     << fd->lo;
	}
	*word = w;
	return 0;
}

int xnic_decode(u64 word, struct xnic_insn *in, char *err, u32 errlen)
{
	u32 opcode = (u32)(word >> XNIC_OPCODE_SHIFT);
	const struct xnic_kind_desc *k = NULL;
	u64 used;
	u32 i;

	for (i = 0; i < XNIC_K_COUNT; i++) {
		if (xnic_kinds[i].opcode == opcode) {
			k = &xnic_kinds[i];
			break;
		}
	}
	if (!k) {
		xnic_snprintf(err, errlen, "unknown opcode %u in 0x%016llx",
			      opcode, (unsigned long long)word);
		return -EINVAL;
	}
	xnic_insn_init(in, i);
	used = 0x3fULL << XNIC_OPCODE_SHIFT;
	for (i = 0; i < k->nfields; i++) {
		const struct xnic_field_desc *fd = &k->fields[i];
		u64 mask = ((1ULL << fd->width) - 1) << fd->lo;

		in->f[fd->field] = (u32)((word & mask) >> fd->lo);
		used |= mask;
	}
	if (word & ~used) {
		xnic_snprintf(
			err, errlen,
			"reserved bits 0x%016llx set in %s word 0x%016llx",
			(unsigned long long)(word & ~used), k->name,
			(unsigned long long)word);
		return -EINVAL;
	}
	return xnic_insn_check(in, err, errlen);
}

u32 xnic_insn_defer(const struct xnic_insn *in)
{
	switch (in->kind) {
	case XNIC_K_BR:
	case XNIC_K_BR_BIT:
	case XNIC_K_BR_BYTE:
	case XNIC_K_RTN:
		return in->f[XNIC_F_DEFER];
	case XNIC_K_MEM:
		if (in->f[XNIC_F_CTX] == XNIC_CTX_SWAP_DEFER1)
			return 1;
		if (in->f[XNIC_F_CTX] == XNIC_CTX_SWAP_DEFER2)
			return 2;
		return 0;
	default:
		return 0;
	}
}
