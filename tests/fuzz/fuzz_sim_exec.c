// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * libFuzzer target: well-formed but arbitrary microcode.  Every 12 input
 * bytes become one instruction: a kind and its fields filled from the
 * bytes, kept only if xnic_encode accepts it, so nearly every program
 * loads and the interpreter, memory units and firmware routines (with a
 * HASH and an ARRAY map whose descriptors sit in a0/a1) get exercised.
 * Runs must end (faults and the watchdog are fine) without a sanitizer
 * report.  Built by tests/fuzz/build.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_sim_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct xnic_map_def maps[2] = {
	{"h", BPF_MAP_TYPE_HASH, 4, 8, 16, 0},
	{"a", BPF_MAP_TYPE_ARRAY, 4, 16, 8, 0},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xnic_sim *sim;
	struct xnic_reloc rel[2] = {{0, XNIC_RELO_MAP_DESC, 0, 0},
				    {2, XNIC_RELO_MAP_DESC, 1, 0}};
	struct xnic_image img;
	struct xnic_sim_pkt_result r;
	struct xnic_insn in;
	uint8_t frame[100], out[256], mem[64];
	uint64_t code[400];
	char err[160];
	uint32_t n = 4, f, i;
	size_t off;

	sim = fuzz_small_sim();
	if (!sim)
		return 0;
	/* a0 = HASH descriptor, a1 = ARRAY descriptor (relocated) */
	xnic_insn_init(&in, XNIC_K_IMMED);
	for (i = 0; i < 2; i++) {
		in.f[XNIC_F_DST] = xnic_gpr_a(i * 2 + 2);
		in.f[XNIC_F_WAB] = 1;
		in.f[XNIC_F_PART] = 0;
		xnic_encode(&in, &code[2 * i], err, sizeof(err));
		in.f[XNIC_F_PART] = 2;
		xnic_encode(&in, &code[2 * i + 1], err, sizeof(err));
	}
	rel[1].insn = 2;
	for (off = 0; off + 12 <= size && n < 399; off += 12) {
		const uint8_t *p = data + off;
		const struct xnic_kind_desc *k =
			&xnic_kinds[p[0] % XNIC_K_COUNT];
		uint32_t kind = (uint32_t)(k - xnic_kinds);

		xnic_insn_init(&in, kind);
		for (f = 0; f < k->nfields; f++) {
			const struct xnic_field_desc *fd = &k->fields[f];
			uint32_t v = (uint32_t)p[1 + f] |
				     (uint32_t)p[(f + 5) % 11 + 1] << 8;

			v &= fd->width >= 32 ? 0xffffffffu :
					       (1u << fd->width) - 1;
			/* keep branch targets inside the program mostly */
			if (fd->field == XNIC_F_TARGET)
				v %= (uint32_t)(size / 12 + 5);
			in.f[fd->field] = v;
		}
		if (!xnic_encode(&in, &code[n], err, sizeof(err)))
			n++;
	}
	xnic_insn_init(&in, XNIC_K_HALT);
	xnic_encode(&in, &code[n++], err, sizeof(err));
	memset(&img, 0, sizeof(img));
	img.abi_version = XNIC_ABI_VERSION;
	img.prog_type = size & 1;
	img.code = code;
	img.code_len = n;
	img.maps = (struct xnic_map_def *)maps;
	img.map_cnt = 2;
	img.relocs = rel;
	img.reloc_cnt = 2;
	if (xnic_sim_load(sim, &img, err, sizeof(err))) {
		if (!err[0])
			__builtin_trap();
		return 0;
	}
	memset(mem, 0x5a, sizeof(mem));
	xnic_sim_run_raw(sim, NULL, mem, sizeof(mem), XNIC_MEM_EMEM, &r);
	memset(frame, 0xa5, sizeof(frame));
	xnic_sim_run_frame(sim, frame, sizeof(frame), 0, out, sizeof(out), &r);
	return 0;
}
