// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The verifier log: before each processed insn, the register and stack
 * state of the current path followed by the insn, in the spirit of the
 * kernel verifier's log ("12: R1=ctx R2=pkt(off=14,r=14) R10=fp0").
 */
#include "internal.h"

struct logb {
	char *buf;
	u32 len, size;
};

__attribute__((format(printf, 2, 3))) static void
lb_printf(struct logb *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->len + 1 >= b->size)
		return;
	va_start(ap, fmt);
	n = xnic_vsnprintf(b->buf + b->len, b->size - b->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		b->len += (u32)n;
	if (b->len >= b->size)
		b->len = b->size - 1;
}

static void print_scalar(struct logb *b, const struct xnic_scalar *v)
{
	const char *sep = "";

	if (sc_is_const(v)) {
		lb_printf(b, "%lld", (long long)v->umin);
		return;
	}
	lb_printf(b, "scalar(");
	if (v->umin) {
		lb_printf(b, "umin=%llu", (unsigned long long)v->umin);
		sep = ",";
	}
	if (v->umax != U64_MAX) {
		lb_printf(b, "%sumax=%llu", sep, (unsigned long long)v->umax);
		sep = ",";
	}
	if (v->smin != S64_MIN && v->smin != (s64)v->umin) {
		lb_printf(b, "%ssmin=%lld", sep, (long long)v->smin);
		sep = ",";
	}
	if (v->smax != S64_MAX && v->smax != (s64)v->umax) {
		lb_printf(b, "%ssmax=%lld", sep, (long long)v->smax);
		sep = ",";
	}
	if (v->tnum_mask != U64_MAX)
		lb_printf(b, "%svar_off=(0x%llx; 0x%llx)", sep,
			  (unsigned long long)v->tnum_value,
			  (unsigned long long)v->tnum_mask);
	lb_printf(b, ")");
}

static void print_reg(struct vrf_env *env, struct logb *b,
		      const struct vrf_reg *r)
{
	switch (r->kind) {
	case VK_SCALAR:
		print_scalar(b, &r->v);
		if (r->id)
			lb_printf(b, "#%u", r->id);
		return;
	case VK_STACK:
		lb_printf(b, "fp%s%d", r->frame ? "" : "", r->off);
		if (r->frame)
			lb_printf(b, "@frame%u", r->frame);
		return;
	case VK_MAP_PTR:
		lb_printf(b, "map_ptr(%s)", env->prog->maps[r->map].name);
		return;
	case VK_CTX:
	case VK_PKT_END:
		lb_printf(b, "%s", kind_name(r->kind));
		if (r->off)
			lb_printf(b, "(off=%d)", r->off);
		return;
	}
	lb_printf(b, "%s(", kind_name(r->kind));
	if (r->kind == VK_MAP_VALUE || r->kind == VK_MAP_OR_NULL)
		lb_printf(b, "map=%s,", env->prog->maps[r->map].name);
	if (r->id)
		lb_printf(b, "id=%u,", r->id);
	lb_printf(b, "off=%d", r->off);
	if (r->kind == VK_PKT)
		lb_printf(b, ",r=%u", r->range);
	if (!sc_is_const(&r->v) || r->v.umin) {
		lb_printf(b, ",var=");
		print_scalar(b, &r->v);
	}
	lb_printf(b, ")");
}

void vrf_log_state(struct vrf_env *env, u32 idx)
{
	struct logb b = {env->logbuf, 0, VRF_LOG_LEN};
	struct vrf_frame *fr = cur_frame(env);
	char dis[96];
	u32 i, k;

	lb_printf(&b, "%u:", idx);
	if (env->cur->curframe)
		lb_printf(&b, " frame%u:", env->cur->curframe);
	for (i = 0; i < VRF_NREGS; i++) {
		if (fr->regs[i].kind == VK_NONE)
			continue;
		lb_printf(&b, " R%u=", i);
		print_reg(env, &b, &fr->regs[i]);
	}
	for (i = 0; i < fr->nslots; i++) {
		const struct vrf_slot *sl = &fr->slots[i];

		if (!*(const u64 *)sl->type)
			continue;
		lb_printf(&b, " fp-%u=", (i + 1) * 8);
		if (sl->type[0] == SB_SPILL) {
			print_reg(env, &b, &sl->spill);
			continue;
		}
		for (k = 0; k < 8; k++)
			lb_printf(&b, "%c", "?m0r"[sl->type[k] & 3]);
	}
	env->opts->log(env->opts->log_ctx, env->logbuf);
	vrf_disasm(&env->insns[idx], dis, sizeof(dis));
	b.len = 0;
	lb_printf(&b, "%u: (%02x) %s", idx, env->insns[idx].code, dis);
	env->opts->log(env->opts->log_ctx, env->logbuf);
}
