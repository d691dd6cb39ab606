// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Load a struct xnic_prog into the running kernel with BPF_PROG_LOAD, for
 * the agreement tests (does the kernel verifier accept what we accept?)
 * and the benchmark (how long does the kernel verifier take?).  Maps are
 * created from the program's map table and their fds patched into the
 * ld_imm64 insns of a private copy.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "xnic/frontend.h"

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}

int xnic_obj_kernel_load(const struct xnic_prog *prog, char *log, size_t loglen,
			 u64 *load_ns)
{
	LIBBPF_OPTS(bpf_prog_load_opts, opts);
	struct bpf_insn *insns;
	int *fds, fd = -1, ret = 0;
	u32 i;
	u64 t0;

	if (log && loglen)
		log[0] = '\0';
	insns = malloc(sizeof(*insns) * prog->insn_cnt);
	fds = calloc(prog->map_cnt + 1, sizeof(*fds));
	if (!insns || !fds) {
		free(insns);
		free(fds);
		return -ENOMEM;
	}
	memcpy(insns, prog->insns, sizeof(*insns) * prog->insn_cnt);
	for (i = 0; i < prog->map_cnt; i++)
		fds[i] = -1;
	for (i = 0; i < prog->map_cnt; i++) {
		const struct xnic_map_def *m = &prog->maps[i];
		LIBBPF_OPTS(bpf_map_create_opts, mo, .map_flags = m->flags);

		fds[i] = bpf_map_create(
			m->type, NULL, m->key_size, m->value_size,
			m->max_entries ? m->max_entries : 1, &mo);
		if (fds[i] < 0) {
			ret = -errno;
			if (log && loglen)
				snprintf(log, loglen,
					 "map %s: create failed: %s\n", m->name,
					 strerror(errno));
			goto out;
		}
	}
	for (i = 0; i < prog->insn_cnt; i++) {
		if (insns[i].code != (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		if ((insns[i].src_reg == BPF_PSEUDO_MAP_FD ||
		     insns[i].src_reg == BPF_PSEUDO_MAP_VALUE) &&
		    (u32)insns[i].imm < prog->map_cnt)
			insns[i].imm = fds[insns[i].imm];
		i++;
	}
	opts.log_buf = log;
	opts.log_size = log ? (u32)loglen : 0;
	opts.log_level = log ? 1 : 0;
	t0 = now_ns();
	fd = bpf_prog_load(prog->type == XNIC_PROG_XDP ?
				   BPF_PROG_TYPE_XDP :
				   BPF_PROG_TYPE_SCHED_CLS,
			   "xnic_check", "GPL", insns, prog->insn_cnt, &opts);
	if (load_ns)
		*load_ns = now_ns() - t0;
	if (fd < 0 && errno == ENOSPC && log) {
		/* the log overflowed: the verdict is what matters, retry */
		opts.log_buf = NULL;
		opts.log_size = 0;
		opts.log_level = 0;
		fd = bpf_prog_load(
			prog->type == XNIC_PROG_XDP ? BPF_PROG_TYPE_XDP :
						      BPF_PROG_TYPE_SCHED_CLS,
			"xnic_check", "GPL", insns, prog->insn_cnt, &opts);
	}
	ret = fd < 0 ? -errno : 0;
out:
	if (fd >= 0)
		close(fd);
	for (i = 0; i < prog->map_cnt; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	free(fds);
	free(insns);
	return ret;
}

bool xnic_obj_kernel_available(char *why, size_t whylen)
{
	static const struct bpf_insn ret0[] = {
		{.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0},
		{.code = BPF_JMP | BPF_EXIT},
	};
	struct xnic_prog p = {.name = "probe",
			      .type = XNIC_PROG_XDP,
			      .insns = ret0,
			      .insn_cnt = 2};
	int ret = xnic_obj_kernel_load(&p, NULL, 0, NULL);

	if (ret && why && whylen)
		snprintf(why, whylen, "BPF_PROG_LOAD unavailable: %s",
			 strerror(-ret));
	return !ret;
}
