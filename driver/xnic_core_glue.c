// SPDX-License-Identifier: GPL-2.0-only
/*
 * The seams between the driver and the xnic core (verifier_ext/, jit/,
 * firmware_sim/).  Everything the driver needs from the core goes through
 * the five functions below, so plugging the core in is a change to this
 * file only.
 *
 * STATUS: the JIT and the simulator are not in the tree yet.  Until they
 * are, xnic_offload_verify() refuses every program with
 * "xnic: JIT not available" in the verifier log, and xnic_nic_run_frame()
 * reports that nothing ran.  The test-only module parameter
 * offload_without_jit=1 lets programs through verify and translate with an
 * empty image, so that the offload plumbing (XDP_SETUP_PROG_HW, TC block
 * callbacks, refusals, teardown) can be exercised; such a program is never
 * executed: frames that reach it pass untouched and count as hw_no_image.
 */
#include <linux/bpf_verifier.h>
#include <linux/module.h>

#include "xnic.h"

bool xnic_offload_without_jit;
module_param_named(offload_without_jit, xnic_offload_without_jit, bool, 0644);
MODULE_PARM_DESC(
	offload_without_jit,
	"TEST ONLY: accept bound programs without JIT; they never run");

/*
 * Seam 1, insn_hook: verifier_ext cross-checks its abstract state for
 * insn_idx against the kernel verifier's (env->cur_state).
 */
int xnic_offload_insn_check(struct xnic_bound_prog *bp,
			    struct bpf_verifier_env *env, int insn_idx,
			    int prev_insn_idx)
{
	return 0;
}

/*
 * Seam 2, finalize: verifier_ext's device rules (helpers, map types and
 * sizes, stack, packet window, code size against bp->nic->caps) on the
 * snapshot bp->xp; every rejection goes to the verifier log.
 */
int xnic_offload_verify(struct xnic_bound_prog *bp,
			struct bpf_verifier_env *env)
{
	if (xnic_offload_without_jit) {
		bpf_verifier_log_write(
			env,
			"xnic: JIT not available, program accepted without an "
			"image (offload_without_jit=1, test only)\n");
		return 0;
	}
	bpf_verifier_log_write(
		env,
		"xnic: JIT not available: this xnic.ko has no offload JIT yet, "
		"program '%s' (%u insns, %u maps) refused\n",
		bp->xp.name, bp->xp.insn_cnt, bp->xp.map_cnt);
	return -EOPNOTSUPP;
}

/*
 * Seam 3, translate: the JIT turns bp->xp into microcode; bp->image and
 * bp->image_len become the jited image the kernel reports (bpf_prog_info
 * jited_prog_insns), bp->core any state the simulator needs to load it.
 */
int xnic_offload_translate(struct xnic_bound_prog *bp)
{
	if (!xnic_offload_without_jit)
		return -EOPNOTSUPP;
	bp->image = NULL;
	bp->image_len = 0;
	return 0;
}

/* Seam 4, destroy: free what translate made. */
void xnic_offload_release(struct xnic_bound_prog *bp)
{
	kvfree(bp->image);
	bp->image = NULL;
	bp->image_len = 0;
	bp->core = NULL;
}

/*
 * Seam 5, datapath: run one frame (linear skb, data at the Ethernet
 * header) through bp on the simulated chip of nic, as received by port.
 * The program may rewrite the frame and move its head or tail.  Called
 * under RCU with BHs off.  Returns 0 and fills res, or an error (the frame
 * is then counted as aborted and dropped).
 */
int xnic_nic_run_frame(struct xnic_nic *nic, struct xnic_port *port,
		       struct xnic_bound_prog *bp, struct sk_buff *skb,
		       struct xnic_run_result *res)
{
	res->verdict = XDP_PASS;
	res->cycles = 0;
	res->ran = false;
	return 0;
}
