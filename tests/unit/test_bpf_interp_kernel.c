// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The reference interpreter against the host kernel: random programs of
 * ALU, ALU64, ISA v4 (sdiv, smod, movsx, bswap, sign-extending loads),
 * stack stores, loads and atomics, and forward branches run both in
 * jit/bpf_interp.c and through BPF_PROG_TEST_RUN; every r0 must agree
 * (all 64 bits: each program runs twice in the kernel, once returning the
 * low half and once the high half).  Needs root BPF; skips otherwise.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>
#include <cmocka.h>
#include <bpf/bpf.h>

#include "xnic/bpf_asm.h"
#include "xnic/bpf_interp.h"
#include "xnic/conformance.h"

#define NPROGS 2000

static int kernel_run(const struct bpf_insn *insns, u32 cnt, u32 *retval,
		      char *log, size_t loglen)
{
	LIBBPF_OPTS(bpf_prog_load_opts, lopts, .log_buf = log,
		    .log_size = (u32)loglen, .log_level = 1);
	u8 pkt[64] = {0};
	LIBBPF_OPTS(bpf_test_run_opts, topts, .data_in = pkt,
		    .data_size_in = sizeof(pkt), .repeat = 1);
	int fd, err;

	log[0] = 0;
	fd = bpf_prog_load(BPF_PROG_TYPE_SCHED_CLS, "xnic_interp", "GPL", insns,
			   cnt, &lopts);
	if (fd < 0)
		return -errno;
	err = bpf_prog_test_run_opts(fd, &topts);
	close(fd);
	if (err)
		return -errno;
	*retval = topts.retval;
	return 0;
}

static bool kernel_available(char *why, size_t len)
{
	struct bpf_insn prog[2];
	char log[256];
	u32 ret = 0;
	int err;

	memset(prog, 0, sizeof(prog));
	prog[0].code = BPF_ALU64 | BPF_MOV | BPF_K;
	prog[0].imm = 42;
	prog[1].code = BPF_JMP | BPF_EXIT;
	err = kernel_run(prog, 2, &ret, log, sizeof(log));
	if (err || ret != 42) {
		snprintf(why, len, "BPF_PROG_TEST_RUN unavailable (%s)",
			 err ? strerror(-err) : "wrong result");
		return false;
	}
	return true;
}

static void test_random_programs_match_kernel(void **state)
{
	static char log[1 << 16];
	u64 seed = 0x1d0c;
	u32 i, agreed = 0, rejected = 0;
	char why[128];

	if (!kernel_available(why, sizeof(why))) {
		print_message("skip: %s; needs root and a kernel with BPF\n",
			      why);
		skip();
	}
	for (i = 0; i < NPROGS; i++) {
		struct xnic_bpf_interp_cfg cfg = {0};
		struct xnic_bpf_interp_result res;
		struct bpf_insn prog[XNIC_FUZZ_MAX_INSNS];
		struct xnic_fuzz_prog p;
		u32 lo = 0, hi = 0, n;
		int err;

		/* r1 is the kernel's ctx: programs without the memory buffer */
		xnic_conformance_fuzz_prog(&seed, false, &p);
		n = p.cnt;
		memcpy(prog, p.insns, n * sizeof(prog[0]));
		cfg.insns = prog;
		cfg.insn_cnt = n;
		assert_int_equal(xnic_bpf_interp_run(&cfg, &res), 0);
		err = kernel_run(prog, n, &lo, log, sizeof(log));
		if (err == -EACCES || err == -EINVAL) {
			/* the verifier's call, not a semantic disagreement */
			rejected++;
			continue;
		}
		assert_int_equal(err, 0);
		/* same program, high half: its "rsh r0, 0" becomes 32 */
		assert_int_equal(prog[p.main_exit - 1].code,
				 BPF_ALU64 | BPF_RSH | BPF_K);
		prog[p.main_exit - 1].imm = 32;
		assert_int_equal(kernel_run(prog, n, &hi, log, sizeof(log)), 0);
		if (((u64)hi << 32 | lo) != res.r0) {
			char *text = xnic_bpf_disasm(p.insns, p.cnt, 0);

			fail_msg("program %u: interpreter 0x%016llx, kernel "
				 "0x%08x%08x\n%s",
				 i, (unsigned long long)res.r0, hi, lo, text);
		}
		agreed++;
	}
	print_message("interp vs kernel: %u programs agree on all 64 bits, %u "
		      "rejected by the verifier\n",
		      agreed, rejected);
	/* the generator only makes programs the verifier should take */
	assert_true(rejected * 20 < NPROGS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_programs_match_kernel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
