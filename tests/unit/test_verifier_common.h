/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Shared by the verifier tests: one case = one program, its expected
 * verdict and exact first diagnostic, and the host kernel's verdict.  When
 * the two verdicts differ, the case names the NIC rule that explains it
 * (the table in docs/verifier.md); when they agree it must name none.
 */
#ifndef TEST_VERIFIER_COMMON_H
#define TEST_VERIFIER_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "xnic/caps.h"
#include "xnic/diag.h"
#include "xnic/frontend.h"
#include "xnic/verifier.h"

struct vcase {
	const char *name; /* program (function) name, or case name */
	const char *obj;  /* object under the BPF dir; NULL: insns below */
	const char *
		msg; /* exact first diagnostic (dirs stripped); NULL = accept */
	u32 errors;  /* exact error count when rejected */
	bool kernel_rejects;
	const char *nic_rule; /* docs/verifier.md rule when verdicts differ */
	/* hand-written programs */
	const struct bpf_insn *insns;
	u32 insn_cnt;
	enum xnic_prog_type type;
	const struct xnic_map_def *maps;
	u32 map_cnt;
};

#define DIAG_BYTES 16384

static inline const char *bpf_dir(void)
{
	const char *d = getenv("XNIC_BPF_DIR");

	return d ? d : "build/bpf/tests/progs/verifier";
}

/* First diagnostic line with the directory of its file name removed. */
static inline void first_line(const char *diag, char *out, size_t len)
{
	const char *nl = strchr(diag, '\n'), *colon, *slash = NULL, *p;
	size_t n = nl ? (size_t)(nl - diag) : strlen(diag);

	colon = memchr(diag, ':', n);
	for (p = diag; colon && p < colon; p++)
		if (*p == '/')
			slash = p;
	if (slash) {
		n -= (size_t)(slash + 1 - diag);
		diag = slash + 1;
	}
	if (n >= len)
		n = len - 1;
	memcpy(out, diag, n);
	out[n] = '\0';
}

/* Open the case's program; returns false (and skips) when unavailable. */
static inline bool case_prog(const struct vcase *c, struct xnic_obj **obj,
			     struct xnic_prog *p)
{
	char path[512], err[512];

	*obj = NULL;
	if (!c->obj) {
		memset(p, 0, sizeof(*p));
		p->name = c->name;
		p->type = c->type;
		p->insns = c->insns;
		p->insn_cnt = c->insn_cnt;
		p->maps = c->maps;
		p->map_cnt = c->map_cnt;
		return true;
	}
	snprintf(path, sizeof(path), "%s/%s", bpf_dir(), c->obj);
	if (xnic_obj_open(path, c->name, obj, err, sizeof(err))) {
		fprintf(stderr, "skip: %s (run make bpf)\n", err);
		return false;
	}
	*p = *xnic_obj_prog(*obj);
	return true;
}

static inline void run_verifier_case(void **state)
{
	const struct vcase *c = *state;
	struct xnic_prog_meta meta;
	struct xnic_dev_caps caps;
	struct xnic_diag diag;
	struct xnic_obj *obj;
	struct xnic_prog p;
	char *buf = calloc(1, DIAG_BYTES), line[512];
	int ret;

	assert_non_null(buf);
	if (!case_prog(c, &obj, &p)) {
		free(buf);
		skip();
	}
	xnic_dev_caps_default(&caps);
	xnic_diag_init(&diag, buf, DIAG_BYTES);
	ret = xnic_verify(&p, &caps, NULL, &meta, &diag);
	if (getenv("XNIC_TEST_VERBOSE"))
		fprintf(stderr, "%s: ret %d\n%s", c->name, ret, buf);
	if (!c->msg) {
		if (ret)
			fprintf(stderr, "%s: unexpected rejection:\n%s",
				c->name, buf);
		assert_int_equal(ret, 0);
		assert_int_equal(diag.errors, 0);
	} else {
		assert_true(ret == -EINVAL || ret == -E2BIG);
		first_line(buf, line, sizeof(line));
		assert_string_equal(line, c->msg);
		assert_int_equal(diag.errors, c->errors);
	}
	xnic_prog_meta_free(&meta);
	xnic_obj_close(obj);
	free(buf);
}

static inline void run_kernel_case(void **state)
{
	const struct vcase *c = *state;
	struct xnic_obj *obj;
	struct xnic_prog p;
	char why[256];
	char *log;
	bool differ;
	int ret;

	if (!xnic_obj_kernel_available(why, sizeof(why))) {
		fprintf(stderr, "skip: %s (needs root and BPF)\n", why);
		skip();
	}
	if (!case_prog(c, &obj, &p))
		skip();
	log = calloc(1, 1 << 20);
	assert_non_null(log);
	ret = xnic_obj_kernel_load(&p, log, 1 << 20, NULL);
	if (getenv("XNIC_TEST_VERBOSE"))
		fprintf(stderr, "%s: kernel %d\n%s\n", c->name, ret, log);
	if ((ret != 0) != c->kernel_rejects)
		fprintf(stderr, "%s: kernel %s it (%d)\n%s\n", c->name,
			ret ? "rejects" : "accepts", ret, log);
	assert_int_equal(ret != 0, c->kernel_rejects);
	/* a disagreement must be a documented NIC rule, and only then */
	differ = c->kernel_rejects != (c->msg != NULL);
	if (differ)
		assert_non_null(c->nic_rule);
	else
		assert_null(c->nic_rule);
	free(log);
	xnic_obj_close(obj);
}

/* Two cmocka tests per case: our verdict, and agreement with the kernel. */
static inline int run_cases(const char *group, const struct vcase *cases, u32 n)
{
	struct CMUnitTest *t = calloc(2 * n, sizeof(*t));
	char **names = calloc(2 * n, sizeof(*names));
	u32 i;
	int ret;

	if (!t || !names)
		return 1;
	for (i = 0; i < n; i++) {
		names[2 * i] = malloc(128);
		names[2 * i + 1] = malloc(128);
		if (!names[2 * i] || !names[2 * i + 1])
			return 1;
		snprintf(names[2 * i], 128, "%s: verifier", cases[i].name);
		snprintf(names[2 * i + 1], 128, "%s: kernel agrees",
			 cases[i].name);
		t[2 * i].name = names[2 * i];
		t[2 * i].test_func = run_verifier_case;
		t[2 * i].initial_state = (void *)&cases[i];
		t[2 * i + 1].name = names[2 * i + 1];
		t[2 * i + 1].test_func = run_kernel_case;
		t[2 * i + 1].initial_state = (void *)&cases[i];
	}
	ret = _cmocka_run_group_tests(group, t, 2 * n, NULL, NULL);
	for (i = 0; i < 2 * n; i++)
		free(names[i]);
	free(names);
	free(t);
	return ret;
}

/* BPF instructions as static initializers, for hand-written programs. */
#define I(c, d, s, o, i)                                                 \
	{                                                                \
		.code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), \
		.imm = (i)                                               \
	}
#define MOV_K(d, i)		I(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define MOV_X(d, s)		I(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define ALU_K(op, d, i)		I(BPF_ALU64 | (op) | BPF_K, d, 0, 0, i)
#define ALU_X(op, d, s)		I(BPF_ALU64 | (op) | BPF_X, d, s, 0, 0)
#define ALU32_K(op, d, i)	I(BPF_ALU | (op) | BPF_K, d, 0, 0, i)
#define LDX(sz, d, s, o)	I(BPF_LDX | BPF_MEM | (sz), d, s, o, 0)
#define LDSX(sz, d, s, o)	I(BPF_LDX | BPF_MEMSX | (sz), d, s, o, 0)
#define STX(sz, d, s, o)	I(BPF_STX | BPF_MEM | (sz), d, s, o, 0)
#define ST(sz, d, o, i)		I(BPF_ST | BPF_MEM | (sz), d, 0, o, i)
#define ATOMIC(sz, d, s, o, op) I(BPF_STX | BPF_ATOMIC | (sz), d, s, o, op)
#define JMP_K(op, d, i, o)	I(BPF_JMP | (op) | BPF_K, d, 0, o, i)
#define JMP_X(op, d, s, o)	I(BPF_JMP | (op) | BPF_X, d, s, o, 0)
#define JMP32_K(op, d, i, o)	I(BPF_JMP32 | (op) | BPF_K, d, 0, o, i)
#define JA(o)			I(BPF_JMP | BPF_JA, 0, 0, o, 0)
#define CALL(id)		I(BPF_JMP | BPF_CALL, 0, 0, 0, id)
#define PCALL(o)		I(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, o)
#define EXIT()			I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)
#define LD_MAP(d, idx)                                              \
	I(BPF_LD | BPF_IMM | BPF_DW, d, BPF_PSEUDO_MAP_FD, 0, idx), \
		I(0, 0, 0, 0, 0)
#define LD_MAPV(d, idx, o)                                             \
	I(BPF_LD | BPF_IMM | BPF_DW, d, BPF_PSEUDO_MAP_VALUE, 0, idx), \
		I(0, 0, 0, 0, o)
#define LD_IMM64(d, v)                                   \
	I(BPF_LD | BPF_IMM | BPF_DW, d, 0, 0, (s32)(v)), \
		I(0, 0, 0, 0, (s32)((u64)(v) >> 32))

#define P(name) static const struct bpf_insn name[]

#endif /* TEST_VERIFIER_COMMON_H */
