// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Disassembler: prints an instruction by walking its mnemonic's syntax
 * template from xnic_mnemonics[], the same template the assembler
 * (isa_asm.c) parses, so the two cannot drift apart.
 */
#include "xnic/isa.h"

struct outbuf {
	char *buf;
	u32 len;
	u32 pos;
};

__attribute__((format(printf, 2, 3))) static void out(struct outbuf *o,
						       const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->pos >= o->len)
		return;
	va_start(ap, fmt);
	n = xnic_vsnprintf(o->buf + o->pos, o->len - o->pos, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->pos = o->pos + (u32)n < o->len ? o->pos + (u32)n : o->len;
}

static void out_opnd(struct outbuf *o, u32 code)
{
	char name[24];

	xnic_opnd_name(code, name, sizeof(name));
	out(o, "%s", name);
}

static bool mnemonic_matches(const struct xnic_mnemonic *m,
			     const struct xnic_insn *in)
{
	u32 i;

	if (m->kind != in->kind)
		return false;
	for (i = 0; i < m->nfixed; i++)
		if (in->f[m->fixed_field[i]] != m->fixed_value[i])
			return false;
	return true;
}

const struct xnic_mnemonic *xnic_mnemonic_of(const struct xnic_insn *in)
{
	u32 i;

	for (i = 0; i < xnic_nr_mnemonics; i++)
		if (mnemonic_matches(&xnic_mnemonics[i], in))
			return &xnic_mnemonics[i];
	return NULL;
}

static void out_shift(struct outbuf *o, const struct xnic_insn *in)
{
	out(o, "%s ", xnic_shift_names[in->f[XNIC_F_SHT]]);
	if (in->f[XNIC_F_SHIND])
		out(o, "ind");
	else
		out(o, "%u", in->f[XNIC_F_SHAMT]);
}

static void out_sigmask(struct outbuf *o, u32 mask)
{
	const char *sep = "";
	u32 i;

	for (i = 0; i < 16; i++) {
		if (mask & (1u << i)) {
			out(o, "%ss%u", sep, i);
			sep = ", ";
		}
	}
}

static void out_ctx(struct outbuf *o, const struct xnic_insn *in)
{
	u32 sig = in->f[XNIC_F_SIG];

	switch (in->f[XNIC_F_CTX]) {
	case XNIC_CTX_SWAP:
		out(o, ", ctx_swap[s%u]", sig);
		break;
	case XNIC_CTX_SWAP_DEFER1:
		out(o, ", ctx_swap[s%u], defer[1]", sig);
		break;
	case XNIC_CTX_SWAP_DEFER2:
		out(o, ", ctx_swap[s%u], defer[2]", sig);
		break;
	default:
		out(o, ", sig_done[s%u]", sig);
		break;
	}
}

static void out_letter(struct outbuf *o, char c, const struct xnic_insn *in)
{
	const u32 *f = in->f;

	switch (c) {
	case 'D':
		if (f[XNIC_F_WAB])
			out(o, "ab%u", f[XNIC_F_DST] - XNIC_OPND_GPR_A);
		else
			out_opnd(o, f[XNIC_F_DST]);
		break;
	case 'A':
		out_opnd(o, f[XNIC_F_A]);
		break;
	case 'B':
		out_opnd(o, f[XNIC_F_B]);
		break;
	case 'O':
		out(o, "%s", xnic_aluop_names[f[XNIC_F_ALUOP]]);
		break;
	case 'S':
	case 's':
		out_shift(o, in);
		break;
	case 'I':
		out(o, "0x%x", f[XNIC_F_IMM16]);
		break;
	case 'b':
		if (f[XNIC_F_BSHIFT])
			out(o, ", <<%u", 8 * f[XNIC_F_BSHIFT]);
		if (f[XNIC_F_INV])
			out(o, ", ~");
		break;
	case 'M':
		out(o, "0x%x", f[XNIC_F_BMASK]);
		break;
	case 'R':
		out(o, "ror %u", f[XNIC_F_ROT]);
		break;
	case 'T':
		out(o, "@%u", f[XNIC_F_TARGET]);
		break;
	case 'K':
		out(o, "%u", f[XNIC_F_BIT]);
		break;
	case 'Y':
		out(o, "%u", f[XNIC_F_BYTE]);
		break;
	case 'V':
		out(o, "0x%x", f[XNIC_F_BVAL]);
		break;
	case 'G':
		out(o, "%s", xnic_mem_action_names[f[XNIC_F_MACT]]);
		break;
	case 'X':
		out(o, "$%u", f[XNIC_F_XFER]);
		break;
	case 'N':
		out(o, "%u", f[XNIC_F_CNT] + 1);
		break;
	case 'C':
		out(o, "%s", xnic_csr_names[f[XNIC_F_CSR]]);
		break;
	case 'P':
		out(o, "%s", xnic_mul_type_names[f[XNIC_F_MTYPE]]);
		break;
	case 'Q':
		out(o, "%s", xnic_mul_step_names[f[XNIC_F_MSTEP]]);
		break;
	case 'W':
		out_sigmask(o, f[XNIC_F_SIGMASK]);
		break;
	case 'F':
		out(o, "%s", xnic_fw_names[f[XNIC_F_FWID]]);
		break;
	case 'd':
		if (f[XNIC_F_DEFER])
			out(o, ", defer[%u]", f[XNIC_F_DEFER]);
		break;
	case 'c':
		out_ctx(o, in);
		break;
	default:
		out(o, "%c", c);
		break;
	}
}

int xnic_disasm(const struct xnic_insn *in, char *buf, u32 len)
{
	struct outbuf o = { buf, len, 0 };
	const struct xnic_mnemonic *m = xnic_mnemonic_of(in);
	const char *t;

	if (len)
		buf[0] = '\0';
	if (!m) {
		out(&o, "<invalid kind %u>", in->kind);
		return -EINVAL;
	}
	out(&o, "%s", m->name);
	for (t = m->syntax; *t; t++)
		out_letter(&o, *t, in);
	return (int)o.pos;
}
