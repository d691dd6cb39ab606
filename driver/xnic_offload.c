// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpf_prog_offload_ops: the kernel calls these while it loads a program
 * bound to an xnic port (prog_ifindex).  Order, all under bpf_devs_lock:
 *   prepare      before verification: snapshot the program for the core,
 *                analysis seam
 *   insn_hook    per visited insn: cross-check seam
 *   finalize     after the kernel verifier accepted it: verify seam
 *   replace_insn / remove_insns   the kernel's dead-code optimisations,
 *                mirrored into a copy of the snapshot (the core itself
 *                gets the pristine snapshot)
 *   translate    from bpf_prog_select_runtime(): JIT seam
 *   destroy      when the program or the NIC goes away
 * The seams themselves live in xnic_core_glue.c.
 */
#include <linux/bpf_verifier.h>
#include <linux/delay.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "xnic.h"

struct xnic_bound_prog *xnic_bound_prog(struct bpf_prog *prog)
{
	return prog->aux->offload ? prog->aux->offload->dev_priv : NULL;
}

static bool xnic_insn_is_ldimm64(const struct bpf_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW);
}

static bool xnic_insn_is_jump(const struct bpf_insn *insn)
{
	u8 class = BPF_CLASS(insn->code), op = BPF_OP(insn->code);

	return (class == BPF_JMP || class == BPF_JMP32) && op != BPF_CALL &&
	       op != BPF_EXIT;
}

static void xnic_prog_free(struct xnic_bound_prog *bp)
{
	kfree(bp->xp.lines);
	kfree(bp->map_defs);
	kfree(bp->maps);
	kvfree(bp->live);
	kvfree(bp->kinsns);
	kvfree(bp->insns);
	kfree(bp);
}

static int xnic_map_index(struct xnic_bound_prog *bp, struct bpf_map *map)
{
	struct xnic_map_def *def;
	u32 i;

	for (i = 0; i < bp->xp.map_cnt; i++)
		if (bp->maps[i] == map)
			return i;
	if (bp->xp.map_cnt >= MAX_USED_MAPS)
		return -E2BIG;
	bp->maps[i] = map;
	def = &bp->map_defs[i];
	strscpy(def->name, map->name, sizeof(def->name));
	def->type = map->map_type;
	def->key_size = map->key_size;
	def->value_size = map->value_size;
	def->max_entries = map->max_entries;
	def->flags = map->map_flags;
	bp->xp.map_cnt++;
	return i;
}

/*
 * After resolve_pseudo_ldimm64() a map reference holds the struct bpf_map
 * pointer split over the two imm fields; the core wants an index into
 * xp.maps (include/xnic/prog.h).  Value references (direct map value
 * access) cannot occur: offloaded maps do not support it and the kernel
 * rejects non-offloaded maps for bound programs before prepare.
 */
static int xnic_prog_map_refs(struct xnic_bound_prog *bp)
{
	struct bpf_insn *insn;
	struct bpf_map *map;
	int idx;
	u32 i;

	for (i = 0; i + 1 < bp->xp.insn_cnt; i++) {
		insn = &bp->insns[i];
		if (!xnic_insn_is_ldimm64(insn))
			continue;
		switch (insn->src_reg) {
		case 0:
		case BPF_PSEUDO_FUNC:
			break;
		case BPF_PSEUDO_MAP_FD:
		case BPF_PSEUDO_MAP_IDX:
			map = (struct bpf_map
				       *)(unsigned long)((u64)(u32)insn[0].imm |
							 (u64)(u32)insn[1].imm
								 << 32);
			idx = xnic_map_index(bp, map);
			if (idx < 0)
				return idx;
			insn[0].src_reg = BPF_PSEUDO_MAP_FD;
			insn[0].imm = idx;
			insn[1].imm = 0;
			break;
		default:
			return -EOPNOTSUPP;
		}
		i++;
	}
	return 0;
}

/*
 * BTF line info, when the object had it, for messages naming source lines.
 * The kernel exports no way to read BTF strings to modules, so the file
 * names are unknown here: every line points at the single file "?".
 */
static const char *const xnic_unknown_file[] = {"?"};

static int xnic_prog_lines(struct xnic_bound_prog *bp, struct bpf_prog *prog)
{
	const struct bpf_line_info *li = prog->aux->linfo;
	u32 n = prog->aux->nr_linfo, i;
	struct xnic_line_info *lines;

	if (!li || !n)
		return 0;
	lines = kcalloc(n, sizeof(*lines), GFP_KERNEL);
	if (!lines)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		lines[i].insn_off = li[i].insn_off;
		lines[i].file = 0;
		lines[i].line = BPF_LINE_INFO_LINE_NUM(li[i].line_col);
		lines[i].col = BPF_LINE_INFO_LINE_COL(li[i].line_col);
	}
	bp->xp.lines = lines;
	bp->xp.line_cnt = n;
	bp->xp.files = xnic_unknown_file;
	bp->xp.file_cnt = 1;
	return 0;
}

static int xnic_prepare(struct bpf_prog *prog)
{
	struct bpf_prog_offload *offload = prog->aux->offload;
	struct xnic_bound_prog *bp;
	u32 i, n = prog->len;
	int err = -ENOMEM;

	bp = kzalloc(sizeof(*bp), GFP_KERNEL);
	if (!bp)
		return -ENOMEM;
	bp->prog = prog;
	bp->nic = bpf_offload_dev_priv(offload->offdev);
	bp->insns = kvmalloc_array(n, sizeof(*bp->insns), GFP_KERNEL);
	bp->kinsns = kvmalloc_array(n, sizeof(*bp->kinsns), GFP_KERNEL);
	bp->live = kvmalloc_array(n, sizeof(*bp->live), GFP_KERNEL);
	bp->maps = kcalloc(MAX_USED_MAPS, sizeof(*bp->maps), GFP_KERNEL);
	bp->map_defs =
		kcalloc(MAX_USED_MAPS, sizeof(*bp->map_defs), GFP_KERNEL);
	if (!bp->insns || !bp->kinsns || !bp->live || !bp->maps ||
	    !bp->map_defs)
		goto err_free;
	memcpy(bp->insns, prog->insnsi, n * sizeof(*bp->insns));
	for (i = 0; i < n; i++)
		bp->live[i] = i;
	bp->live_cnt = n;

	bp->xp.name = prog->aux->name;
	bp->xp.type = prog->type == BPF_PROG_TYPE_SCHED_CLS ? XNIC_PROG_TC :
							      XNIC_PROG_XDP;
	bp->xp.insns = bp->insns;
	bp->xp.insn_cnt = n;
	bp->xp.maps = bp->map_defs;
	err = xnic_prog_map_refs(bp);
	if (!err)
		err = xnic_prog_lines(bp, prog);
	if (err)
		goto err_free;
	memcpy(bp->kinsns, bp->insns, n * sizeof(*bp->kinsns));
	err = xnic_offload_analyse(bp);
	if (err)
		goto err_free;

	bp->state = XNIC_PROG_PREPARED;
	offload->dev_priv = bp;
	mutex_lock(&bp->nic->lock);
	list_add_tail(&bp->node, &bp->nic->progs);
	mutex_unlock(&bp->nic->lock);
	xnic_obj_count(XNIC_OBJ_PROG, 1);
	return 0;

err_free:
	xnic_prog_free(bp);
	return err;
}

/*
 * Test only: stall every insn_hook, so that a test can delete the device
 * while a verification is in flight (the kernel must then fail the load;
 * test_offload.py does the same with netdevsim).  Every hook, not just
 * the first: deleting a pair unregisters two ports, and the kernel moves
 * the program to the second one before it destroys it, so the load must
 * still be mid-verification when the second port goes.
 */
static unsigned int xnic_verify_delay_ms;
module_param_named(verify_delay_ms, xnic_verify_delay_ms, uint, 0644);
MODULE_PARM_DESC(verify_delay_ms,
		 "TEST ONLY: sleep this long in every insn_hook");

static int xnic_insn_hook(struct bpf_verifier_env *env, int insn_idx,
			  int prev_insn_idx)
{
	struct xnic_bound_prog *bp = xnic_bound_prog(env->prog);
	unsigned int delay = READ_ONCE(xnic_verify_delay_ms);

	if (delay)
		msleep(delay);
	return xnic_offload_insn_check(bp, env, insn_idx, prev_insn_idx);
}

static int xnic_finalize(struct bpf_verifier_env *env)
{
	struct xnic_bound_prog *bp = xnic_bound_prog(env->prog);
	int err;

	err = xnic_offload_verify(bp, env);
	if (!err)
		bp->state = XNIC_PROG_VERIFIED;
	return err;
}

/*
 * The kernel hard-wires branches it proved constant into "ja".  Its jump
 * offsets count instructions of its current program, ours of the mirror
 * (which keeps removed instructions as nops), so translate through live[].
 */
static int xnic_replace_insn(struct bpf_verifier_env *env, u32 off,
			     struct bpf_insn *insn)
{
	struct xnic_bound_prog *bp = xnic_bound_prog(env->prog);
	struct bpf_insn copy = *insn;
	s64 target;
	u32 orig;

	if (off >= bp->live_cnt)
		return -EINVAL;
	orig = bp->live[off];
	if (xnic_insn_is_jump(&copy)) {
		target = (s64)off + 1 + copy.off;
		if (target < 0 || target >= bp->live_cnt)
			return -EINVAL;
		copy.off = (s64)bp->live[target] - orig - 1;
	}
	bp->kinsns[orig] = copy;
	return 0;
}

static int xnic_remove_insns(struct bpf_verifier_env *env, u32 off, u32 cnt)
{
	struct xnic_bound_prog *bp = xnic_bound_prog(env->prog);
	const struct bpf_insn nop = BPF_JMP_IMM(BPF_JA, 0, 0, 0);
	u32 i;

	if (off > bp->live_cnt || cnt > bp->live_cnt - off)
		return -EINVAL;
	for (i = off; i < off + cnt; i++)
		bp->kinsns[bp->live[i]] = nop;
	memmove(&bp->live[off], &bp->live[off + cnt],
		(bp->live_cnt - off - cnt) * sizeof(*bp->live));
	bp->live_cnt -= cnt;
	return 0;
}

static int xnic_translate(struct bpf_prog *prog)
{
	struct xnic_bound_prog *bp = xnic_bound_prog(prog);
	int err;

	if (bp->state != XNIC_PROG_VERIFIED)
		return -EINVAL;
	err = xnic_offload_translate(bp);
	if (err)
		return err;
	prog->aux->offload->jited_image = bp->image;
	prog->aux->offload->jited_len = bp->image_len;
	bp->state = XNIC_PROG_TRANSLATED;
	return 0;
}

static void xnic_destroy(struct bpf_prog *prog)
{
	struct xnic_bound_prog *bp = xnic_bound_prog(prog);

	mutex_lock(&bp->nic->lock);
	list_del(&bp->node);
	mutex_unlock(&bp->nic->lock);
	prog->aux->offload->jited_image = NULL;
	prog->aux->offload->jited_len = 0;
	prog->aux->offload->dev_priv = NULL;
	xnic_offload_release(bp);
	xnic_prog_free(bp);
	xnic_obj_count(XNIC_OBJ_PROG, -1);
}

const struct bpf_prog_offload_ops xnic_offload_ops = {
	.prepare = xnic_prepare,
	.insn_hook = xnic_insn_hook,
	.finalize = xnic_finalize,
	.replace_insn = xnic_replace_insn,
	.remove_insns = xnic_remove_insns,
	.translate = xnic_translate,
	.destroy = xnic_destroy,
};
