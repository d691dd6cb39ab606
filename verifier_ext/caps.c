// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The default device: an NFP-4000-like chip as firmware_sim models it by
 * default.  The numbers are the contract between verifier_ext (which
 * rejects what does not fit) and the JIT and firmware (which rely on it).
 */
#include "xnic/caps.h"

static void caps_set_helper(struct xnic_dev_caps *caps, u32 id)
{
	caps->helpers[id / 64] |= 1ULL << (id % 64);
}

void xnic_dev_caps_default(struct xnic_dev_caps *caps)
{
	static const u32 helpers[] = {
		BPF_FUNC_map_lookup_elem,   BPF_FUNC_map_update_elem,
		BPF_FUNC_map_delete_elem,   BPF_FUNC_ktime_get_ns,
		BPF_FUNC_get_prandom_u32,   BPF_FUNC_perf_event_output,
		BPF_FUNC_csum_diff,	    BPF_FUNC_xdp_adjust_head,
		BPF_FUNC_xdp_adjust_tail,
	};
	u32 i;

	xnic_memset(caps, 0, sizeof(*caps));
	caps->code_words = 8192;
	caps->stack_size = 512;
	caps->pkt_window = 1536; /* = firmware_sim's default CTM split */
	caps->headroom = 256;
	caps->max_maps = 64;
	caps->max_key_size = 64;
	caps->max_value_size = 1024;
	caps->max_entries = 1u << 20;
	caps->map_types = (1ULL << BPF_MAP_TYPE_ARRAY) |
			  (1ULL << BPF_MAP_TYPE_HASH) |
			  (1ULL << BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	for (i = 0; i < ARRAY_SIZE(helpers); i++)
		caps_set_helper(caps, helpers[i]);
}
