// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * libFuzzer target: arbitrary instruction arrays through the verifier.
 * Byte 0 picks XDP or TC; the rest are struct bpf_insn.  Two maps are
 * offered so map loads can resolve.  The exploration limit keeps every run
 * bounded in time; memory is bounded by the checkpoint cap.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "xnic/caps.h"
#include "xnic/verifier.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct xnic_map_def maps[] = {
	{.name = "arr",
	 .type = BPF_MAP_TYPE_ARRAY,
	 .key_size = 4,
	 .value_size = 64,
	 .max_entries = 1},
	{.name = "hash",
	 .type = BPF_MAP_TYPE_HASH,
	 .key_size = 8,
	 .value_size = 16,
	 .max_entries = 64},
};

static void sink(void *ctx, const char *line)
{
	(void)ctx;
	(void)line;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xnic_verifier_opts opts = {.max_insns_processed = 20000,
					  .max_states = 4096};
	struct xnic_prog_meta meta;
	struct xnic_dev_caps caps;
	struct xnic_diag diag;
	struct xnic_prog p;
	struct bpf_insn *insns;
	static char buf[4096];
	size_t n;

	if (size < 1 + sizeof(struct bpf_insn))
		return 0;
	n = (size - 1) / sizeof(struct bpf_insn);
	insns = malloc(n * sizeof(*insns));
	if (!insns)
		return 0;
	memcpy(insns, data + 1, n * sizeof(*insns));
	memset(&p, 0, sizeof(p));
	p.name = "fuzz";
	p.type = data[0] & 1 ? XNIC_PROG_TC : XNIC_PROG_XDP;
	p.insns = insns;
	p.insn_cnt = (u32)n;
	p.maps = maps;
	p.map_cnt = 2;
	if (data[0] & 2) {
		opts.log = sink;
		opts.log_level = 1;
	}
	xnic_dev_caps_default(&caps);
	xnic_diag_init(&diag, buf, sizeof(buf));
	xnic_verify(&p, &caps, &opts, &meta, &diag);
	xnic_prog_meta_free(&meta);
	free(insns);
	return 0;
}
