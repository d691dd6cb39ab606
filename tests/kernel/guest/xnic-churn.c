// SPDX-License-Identifier: GPL-2.0-only
/*
 * Load/unload churn without bpftool's start-up cost (which dominates under
 * TCG):
 *
 *   xnic-churn IFNAME N
 *
 * N times: create a HASH map bound to IFNAME, load an XDP program bound to
 * IFNAME that looks the map up, close both.  Prints
 * "maps M loaded L refused R" (R: loads the kernel or driver refused; the
 * first refusal's verifier log goes to stderr).  Exit 0 unless a map could
 * not be created.
 */
#include <linux/bpf.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bpf_sys.h"

static int map_create(unsigned int ifindex)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_HASH;
	a.key_size = 4;
	a.value_size = 4;
	a.max_entries = 16;
	a.map_ifindex = ifindex;
	return sys_bpf(BPF_MAP_CREATE, &a);
}

static int prog_load(unsigned int ifindex, int map_fd, char *log, size_t len)
{
	/* *(u32 *)(r10 - 4) = 0; r2 = r10 - 4; r1 = map; call lookup; r0 = 2;
	 * exit */
	struct bpf_insn insns[] = {
		{.code = BPF_ST | BPF_MEM | BPF_W, .dst_reg = 10, .off = -4},
		{.code = BPF_ALU64 | BPF_MOV | BPF_X,
		 .dst_reg = 2,
		 .src_reg = 10},
		{.code = BPF_ALU64 | BPF_ADD | BPF_K, .dst_reg = 2, .imm = -4},
		{.code = BPF_LD | BPF_DW | BPF_IMM,
		 .dst_reg = 1,
		 .src_reg = BPF_PSEUDO_MAP_FD,
		 .imm = map_fd},
		{0},
		{.code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_map_lookup_elem},
		{.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 2},
		{.code = BPF_JMP | BPF_EXIT},
	};
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_XDP;
	a.insns = (uint64_t)(uintptr_t)insns;
	a.insn_cnt = sizeof(insns) / sizeof(insns[0]);
	a.license = (uint64_t)(uintptr_t) "GPL";
	a.prog_ifindex = ifindex;
	a.log_buf = (uint64_t)(uintptr_t)log;
	a.log_size = len;
	a.log_level = 1;
	return sys_bpf(BPF_PROG_LOAD, &a);
}

int main(int argc, char **argv)
{
	static char log[65536];
	unsigned int ifindex;
	int i, n, map, prog, maps = 0, loaded = 0, refused = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: xnic-churn IFNAME N\n");
		return 2;
	}
	ifindex = if_nametoindex(argv[1]);
	n = atoi(argv[2]);
	if (!ifindex) {
		perror(argv[1]);
		return 2;
	}
	for (i = 0; i < n; i++) {
		map = map_create(ifindex);
		if (map < 0) {
			perror("BPF_MAP_CREATE");
			return 1;
		}
		maps++;
		log[0] = 0;
		prog = prog_load(ifindex, map, log, sizeof(log));
		if (prog >= 0) {
			loaded++;
			close(prog);
		} else if (!refused++) {
			fprintf(stderr, "first refusal: %s", log);
		}
		close(map);
	}
	printf("maps %d loaded %d refused %d\n", maps, loaded, refused);
	return 0;
}
