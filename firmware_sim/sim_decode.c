// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Pre-decoder: every image word goes through xnic_decode() (all ISA rules)
 * once at load, then becomes a compact struct sim_op whose operands are
 * resolved to register-file indices or immediates, so the interpreter's
 * per-instruction path does no decoding and no checking beyond what only
 * run time can know (addresses, rtn targets).  Program-level rules are
 * checked here too: branch targets inside the code, defer slots inside
 * the code and free of control flow.
 */
#include "sim_internal.h"

/* Source operand -> mode and index/value. */
static void src(u32 code, u8 *mode, u16 *idx, u32 *val)
{
	*val = 0;
	switch (xnic_opnd_class(code)) {
	case XNIC_OC_GPR_A:
		*mode = SM_REG;
		*idx = RF_A + (code - XNIC_OPND_GPR_A);
		break;
	case XNIC_OC_GPR_B:
		*mode = SM_REG;
		*idx = RF_B + (code - XNIC_OPND_GPR_B);
		break;
	case XNIC_OC_XIN:
		*mode = SM_REG;
		*idx = RF_XIN + (code - XNIC_OPND_XIN);
		break;
	case XNIC_OC_IMM:
		*mode = SM_IMM;
		*idx = 0;
		*val = code - XNIC_OPND_IMM;
		break;
	case XNIC_OC_LM:
	case XNIC_OC_NN:
		*mode = SM_SLOW;
		*idx = (u16)code;
		break;
	default: /* none: reads as 0 */
		*mode = SM_REG;
		*idx = RF_ZERO;
		break;
	}
}

static void dst(u32 code, u32 wab, u8 *mode, u16 *idx)
{
	switch (xnic_opnd_class(code)) {
	case XNIC_OC_GPR_A:
		*mode = wab ? DM_REG2 : DM_REG;
		*idx = RF_A + (code - XNIC_OPND_GPR_A);
		break;
	case XNIC_OC_GPR_B:
		*mode = DM_REG;
		*idx = RF_B + (code - XNIC_OPND_GPR_B);
		break;
	case XNIC_OC_XOUT:
		*mode = DM_REG;
		*idx = RF_XOUT + (code - XNIC_OPND_XOUT);
		break;
	case XNIC_OC_LM:
	case XNIC_OC_NN:
		*mode = DM_SLOW;
		*idx = (u16)code;
		break;
	default:
		*mode = DM_REG;
		*idx = RF_TRASH;
		break;
	}
}

static void operands(struct sim_op *op, const struct xnic_insn *in)
{
	src(in->f[XNIC_F_A], &op->ma, &op->a, &op->va);
	src(in->f[XNIC_F_B], &op->mb, &op->b, &op->vb);
	dst(in->f[XNIC_F_DST], in->f[XNIC_F_WAB], &op->md, &op->d);
}

static u32 immed_value(const struct xnic_insn *in)
{
	u32 v = in->f[XNIC_F_IMM16] << (8 * in->f[XNIC_F_BSHIFT]);

	return in->f[XNIC_F_INV] ? ~v : v;
}

static void lower(struct sim_op *op, const struct xnic_insn *in)
{
	const u32 *f = in->f;

	xnic_memset(op, 0, sizeof(*op));
	operands(op, in);
	switch (in->kind) {
	case XNIC_K_NOP:
		op->op = OP_NOP;
		break;
	case XNIC_K_HALT:
		op->op = OP_HALT;
		break;
	case XNIC_K_ALU:
		op->op = (u8)(OP_PASS + f[XNIC_F_ALUOP]);
		break;
	case XNIC_K_ALU_SHF:
		op->op = OP_ALU_SHF;
		op->sub = (u8)f[XNIC_F_ALUOP];
		op->sub2 = (u8)f[XNIC_F_SHT];
		op->shamt = (u8)f[XNIC_F_SHAMT];
		op->flags = f[XNIC_F_SHIND] ? OPF_SHIND : 0;
		break;
	case XNIC_K_SHF:
		op->op = OP_SHF;
		op->sub = (u8)f[XNIC_F_SHT];
		op->shamt = (u8)f[XNIC_F_SHAMT];
		op->flags = f[XNIC_F_SHIND] ? OPF_SHIND : 0;
		break;
	case XNIC_K_IMMED:
		op->op = f[XNIC_F_PART] == 0 ? OP_IMMED :
			 f[XNIC_F_PART] == 1 ? OP_IMMED_W0 :
					       OP_IMMED_W1;
		op->imm = immed_value(in);
		break;
	case XNIC_K_LD_FIELD: {
		u32 m = 0, i;

		for (i = 0; i < 4; i++)
			if (f[XNIC_F_BMASK] & (1u << i))
				m |= 0xffu << (8 * i);
		op->op = OP_LDF;
		op->imm = m;
		op->shamt = (u8)f[XNIC_F_ROT];
		op->sub = (u8)f[XNIC_F_CLR];
		break;
	}
	case XNIC_K_BR:
		op->op = f[XNIC_F_COND] == XNIC_CC_AL ? OP_BR : OP_BCC;
		op->sub = (u8)f[XNIC_F_COND];
		op->imm = f[XNIC_F_TARGET];
		op->defer = (u16)f[XNIC_F_DEFER];
		break;
	case XNIC_K_BR_BIT:
		op->op = OP_BR_BIT;
		op->shamt = (u8)f[XNIC_F_BIT];
		op->sub = (u8)f[XNIC_F_SENSE];
		op->imm = f[XNIC_F_TARGET];
		op->defer = (u16)f[XNIC_F_DEFER];
		break;
	case XNIC_K_BR_BYTE:
		op->op = OP_BR_BYTE;
		op->shamt = (u8)(8 * f[XNIC_F_BYTE]);
		op->sub = (u8)f[XNIC_F_SENSE];
		op->aux = f[XNIC_F_BVAL];
		op->imm = f[XNIC_F_TARGET];
		op->defer = (u16)f[XNIC_F_DEFER];
		break;
	case XNIC_K_RTN:
		op->op = OP_RTN;
		op->defer = (u16)f[XNIC_F_DEFER];
		break;
	case XNIC_K_MEM:
		op->op = OP_MEM;
		op->sub = (u8)f[XNIC_F_MACT];
		op->sub2 = (u8)f[XNIC_F_MTGT];
		op->aux = f[XNIC_F_XFER] | (f[XNIC_F_CNT] + 1) << 8 |
			  f[XNIC_F_SIG] << 16 | f[XNIC_F_CTX] << 24;
		op->defer = (u16)xnic_insn_defer(in);
		break;
	case XNIC_K_CSR_RD:
		op->op = OP_CSR_RD;
		op->sub = (u8)f[XNIC_F_CSR];
		break;
	case XNIC_K_CSR_WR:
		op->op = OP_CSR_WR;
		op->sub = (u8)f[XNIC_F_CSR];
		break;
	case XNIC_K_MUL:
		op->op = OP_MUL;
		op->sub = (u8)f[XNIC_F_MSTEP];
		op->sub2 = (u8)f[XNIC_F_MTYPE];
		break;
	case XNIC_K_CTX_ARB:
		op->op = OP_CTX_ARB;
		op->sub = (u8)f[XNIC_F_ARB];
		op->imm = f[XNIC_F_SIGMASK];
		break;
	case XNIC_K_FWCALL:
		op->op = OP_FWCALL;
		op->sub = (u8)f[XNIC_F_FWID];
		break;
	}
}

static u32 target_of(const struct xnic_insn *in, bool *has)
{
	*has = true;
	switch (in->kind) {
	case XNIC_K_BR:
	case XNIC_K_BR_BIT:
	case XNIC_K_BR_BYTE:
		return in->f[XNIC_F_TARGET];
	default:
		*has = false;
		return 0;
	}
}

/* Decoder scratch, heap-allocated to keep kernel stack frames small. */
struct dec_scratch {
	struct xnic_insn in, slot;
	char e[96];
};

/* Second pass: rules between instructions. */
static int check_flow(const struct xnic_image *img, struct dec_scratch *sc,
		      char *err, u32 errlen)
{
	struct xnic_insn *in = &sc->in, *slot = &sc->slot;
	u32 i, j, d, t;
	bool has;

	for (i = 0; i < img->code_len; i++) {
		xnic_decode(img->code[i], in, sc->e, sizeof(sc->e));
		t = target_of(in, &has);
		if (has && t >= img->code_len) {
			xnic_snprintf(err, errlen,
				      "word %u: branch target @%u outside the "
				      "code (%u words)",
				      i, t, img->code_len);
			return -EINVAL;
		}
		d = xnic_insn_defer(in);
		if (d && d >= img->code_len - i) {
			xnic_snprintf(err, errlen,
				      "word %u: defer[%u] runs past the end of "
				      "the code",
				      i, d);
			return -EINVAL;
		}
		for (j = 1; j <= d; j++) {
			xnic_decode(img->code[i + j], slot, sc->e,
				    sizeof(sc->e));
			if ((xnic_kinds[slot->kind].flags & XNIC_KF_BRANCH) ||
			    xnic_insn_defer(slot)) {
				xnic_snprintf(err, errlen,
					      "word %u: %s in a defer slot of "
					      "word %u",
					      i + j,
					      xnic_kinds[slot->kind].name, i);
				return -EINVAL;
			}
		}
	}
	return 0;
}

static int predecode(struct xnic_sim_prog *p, const struct xnic_image *img,
		     struct dec_scratch *sc, char *err, u32 errlen)
{
	struct xnic_insn *in = &sc->in;
	struct sim_op *ops;
	u32 i;
	int ret;

	if (!img->code || !img->code_len) {
		xnic_snprintf(err, errlen, "image has no code");
		return -EINVAL;
	}
	if (img->code_len > XNIC_CODE_MAX) {
		xnic_snprintf(
			err, errlen,
			"image has %u code words, the control store holds %u",
			img->code_len, XNIC_CODE_MAX);
		return -E2BIG;
	}
	for (i = 0; i < img->code_len; i++) {
		ret = xnic_decode(img->code[i], in, sc->e, sizeof(sc->e));
		if (ret) {
			xnic_snprintf(err, errlen, "word %u: %s", i, sc->e);
			return -EINVAL;
		}
	}
	ret = check_flow(img, sc, err, errlen);
	if (ret)
		return ret;
	ops = xnic_zalloc(sizeof(*ops) * ((size_t)img->code_len + 1));
	if (!ops)
		return -ENOMEM;
	for (i = 0; i < img->code_len; i++) {
		xnic_decode(img->code[i], in, sc->e, sizeof(sc->e));
		lower(&ops[i], in);
	}
	ops[img->code_len].op = OP_END;
	xnic_free(p->ops);
	p->ops = ops;
	p->nops = img->code_len;
	return 0;
}

int sim_predecode(struct xnic_sim_prog *p, const struct xnic_image *img,
		  char *err, u32 errlen)
{
	struct dec_scratch *sc = xnic_zalloc(sizeof(*sc));
	int ret;

	if (!sc)
		return -ENOMEM;
	ret = predecode(p, img, sc, err, errlen);
	xnic_free(sc);
	return ret;
}
