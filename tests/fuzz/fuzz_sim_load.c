// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * libFuzzer target: arbitrary bytes as a program image for the simulator.
 * Layout of the input: byte 0 program type (bit 0), byte 1 map count
 * (0..3), then per map 16 bytes {type, key, value, entries} (u32 each),
 * then per map one relocation {u16 insn, u8 type, u8 map}, the rest code
 * words.  Loading must either succeed or fail with a message; a loaded
 * program runs one raw run and one frame under a small watchdog and must
 * end (faults are fine).  Built by tests/fuzz/build.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_sim_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xnic_sim *sim;
	struct xnic_map_def maps[3];
	struct xnic_reloc rel[3];
	struct xnic_image img;
	struct xnic_sim_pkt_result r;
	uint8_t frame[128], out[256], mem[64];
	uint64_t code[512];
	char err[256];
	size_t off = 2, i, n;
	uint32_t nmaps;

	sim = fuzz_small_sim();
	if (!sim)
		return 0;
	if (size < 2)
		return 0;
	memset(&img, 0, sizeof(img));
	img.abi_version = XNIC_ABI_VERSION;
	img.prog_type = data[0] & 1;
	nmaps = data[1] % 4;
	if (size < off + nmaps * 20)
		return 0;
	for (i = 0; i < nmaps; i++, off += 16) {
		memset(&maps[i], 0, sizeof(maps[i]));
		maps[i].type = rd32(data + off) % 8;
		maps[i].key_size = rd32(data + off + 4) % 600;
		maps[i].value_size = rd32(data + off + 8) % 600;
		maps[i].max_entries = rd32(data + off + 12) % 300;
	}
	for (i = 0; i < nmaps; i++, off += 4) {
		rel[i].insn = (uint32_t)(data[off] | data[off + 1] << 8);
		rel[i].type = data[off + 2] % 3;
		rel[i].map = data[off + 3] % 4;
		rel[i].addend = 0;
	}
	n = (size - off) / 8;
	if (n > 512)
		n = 512;
	for (i = 0; i < n; i++)
		memcpy(&code[i], data + off + 8 * i, 8);
	img.code = code;
	img.code_len = (uint32_t)n;
	img.maps = maps;
	img.map_cnt = nmaps;
	img.relocs = rel;
	img.reloc_cnt = nmaps;
	if (xnic_sim_load(sim, &img, err, sizeof(err))) {
		/* a refusal must say why */
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
