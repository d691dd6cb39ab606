/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Device capability description: what the NIC (real or simulated) can run.
 * verifier_ext enforces it; the JIT and the simulator size themselves by it.
 */
#ifndef XNIC_CAPS_H
#define XNIC_CAPS_H

#include "compat.h"

struct xnic_dev_caps {
	u32 code_words; /* control-store words available to the program */
	u32 stack_size; /* bytes of LM stack per context, all frames */
	u32 pkt_window; /* bytes of packet readable from CTM, from data */
	u32 headroom; /* bytes in front of data usable by adjust_head */
	u32 max_maps;
	u32 max_key_size;
	u32 max_value_size;
	u32 max_entries; /* per map */
	u64 map_types; /* bit (1 << enum bpf_map_type) per supported type */
	u64 helpers[4]; /* bit per enum bpf_func_id (0..255) supported */
};

/* The default NFP-4000-like device the tools and the driver describe. */
void xnic_dev_caps_default(struct xnic_dev_caps *caps);

static inline bool xnic_caps_has_helper(const struct xnic_dev_caps *caps,
					u32 id)
{
	return id < 256 && (caps->helpers[id / 64] >> (id % 64)) & 1;
}

#endif /* XNIC_CAPS_H */
