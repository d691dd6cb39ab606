// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Our front end must lay a program out exactly as libbpf does when it loads
 * the object, because the kernel driver JITs the kernel's copy and the host
 * tool JITs ours: any difference in subprogram order shows up as a
 * different image.  For every XDP/TC program of the built test and example
 * objects, load the object with libbpf into the host kernel and check
 *  - libbpf's final insns (bpf_program__insns after load): equal to ours
 *    insn for insn, except the imm of the first half of a map/data
 *    ld_imm64 (an fd there, our map index here);
 *  - the kernel's xlated insns (BPF_OBJ_GET_INFO_BY_FD): the kernel
 *    rewrites insns (ctx accesses, inlined helpers, dead code), so only
 *    the subprogram structure is compared: the count of subprograms and,
 *    call by call in order, caller and callee subprogram numbers (the
 *    kernel numbers subprograms by position, so a different order gives
 *    different numbers).  When BTF func info is present, its subprogram
 *    starts must be the ones the xlated calls land on.
 * Needs root and BPF_PROG_LOAD; skips with the reason otherwise.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>
#include <cmocka.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "xnic/frontend.h"

#define MAX_SUBPROGS 256

struct call_graph {
	u32 nsub;		 /* subprograms, the main one included */
	u32 start[MAX_SUBPROGS]; /* first insn of each, ascending */
	u32 ncalls;
	u32 caller[MAX_SUBPROGS * 8]; /* per pseudo call, in insn order */
	u32 callee[MAX_SUBPROGS * 8];
};

struct prog_list {
	char names[64][128];
	u32 n;
};

static const char *build_dir(void)
{
	const char *d = getenv("XNIC_BUILD");

	return d ? d : "build";
}

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

static bool is_pseudo_call(const struct bpf_insn *in)
{
	return in->code == (BPF_JMP | BPF_CALL) &&
	       in->src_reg == BPF_PSEUDO_CALL;
}

static int sub_of(const struct call_graph *g, u32 at)
{
	u32 i;

	for (i = g->nsub; i-- > 0;)
		if (g->start[i] <= at)
			return (int)i;
	return -1;
}

static int sub_at(const struct call_graph *g, u32 at)
{
	u32 i;

	for (i = 0; i < g->nsub; i++)
		if (g->start[i] == at)
			return (int)i;
	return -1;
}

static int cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

/* The call target of a pseudo call: ours keep it in imm, xlated in off. */
static s64 target(const struct bpf_insn *in, u32 i, bool xlated)
{
	return (s64)i + (xlated ? in[i].off : in[i].imm) + 1;
}

/*
 * Subprograms are the main one (insn 0) and every call target; false when
 * a target is outside the program or the tables overflow.
 */
static bool graph_of(const struct bpf_insn *in, u32 cnt, bool xlated,
		     struct call_graph *g)
{
	u32 i, j, n = 1;

	memset(g, 0, sizeof(*g));
	for (i = 0; i < cnt; i++) {
		s64 t;
		bool seen = false;

		if (!is_pseudo_call(&in[i]))
			continue;
		t = target(in, i, xlated);
		if (t < 0 || t >= (s64)cnt)
			return false;
		for (j = 0; j < n; j++)
			seen |= g->start[j] == (u32)t;
		if (seen)
			continue;
		if (n == MAX_SUBPROGS)
			return false;
		g->start[n++] = (u32)t;
	}
	g->nsub = n;
	qsort(g->start, n, sizeof(g->start[0]), cmp_u32);
	for (i = 0; i < cnt; i++) {
		if (!is_pseudo_call(&in[i]))
			continue;
		if (g->ncalls == MAX_SUBPROGS * 8)
			return false;
		g->caller[g->ncalls] = (u32)sub_of(g, i);
		g->callee[g->ncalls] =
			(u32)sub_at(g, (u32)target(in, i, xlated));
		g->ncalls++;
	}
	return true;
}

static void list_cb(void *ctx, const struct xnic_obj_prog_info *info)
{
	struct prog_list *l = ctx;

	if (info->type < 0 || l->n == 64)
		return;
	snprintf(l->names[l->n++], sizeof(l->names[0]), "%s", info->name);
}

/* libbpf's final insns against ours; prints the first difference. */
static bool same_as_libbpf(const char *what, const struct xnic_prog *p,
			   const struct bpf_insn *lb, u32 lb_cnt)
{
	u32 i;

	if (lb_cnt != p->insn_cnt) {
		printf("%s: libbpf has %u insns, we have %u\n", what, lb_cnt,
		       p->insn_cnt);
		return false;
	}
	for (i = 0; i < lb_cnt; i++) {
		const struct bpf_insn *a = &p->insns[i], *b = &lb[i];
		/* first half of a map/data ld_imm64: fd vs map index */
		bool map_ref =
			a->code == (BPF_LD | BPF_IMM | BPF_DW) && a->src_reg;

		if (a->code != b->code || a->dst_reg != b->dst_reg ||
		    a->src_reg != b->src_reg || a->off != b->off ||
		    (!map_ref && a->imm != b->imm)) {
			printf("%s: insn %u: ours %02x %u %u %d %d, libbpf "
			       "%02x %u %u %d %d\n",
			       what, i, a->code, a->dst_reg, a->src_reg, a->off,
			       a->imm, b->code, b->dst_reg, b->src_reg, b->off,
			       b->imm);
			return false;
		}
	}
	return true;
}

/* The kernel's subprogram structure against ours. */
static bool same_as_kernel(const char *what, const struct xnic_prog *p, int fd)
{
	struct bpf_prog_info info = {0};
	u32 len = sizeof(info), nfunc, i, k;
	struct bpf_func_info *fi = NULL;
	struct bpf_insn *x = NULL;
	struct call_graph *ours, *kern;
	bool ok = false;
	u32 xcnt;

	ours = calloc(1, sizeof(*ours));
	kern = calloc(1, sizeof(*kern));
	if (!ours || !kern)
		goto out;
	if (bpf_obj_get_info_by_fd(fd, &info, &len)) {
		printf("%s: BPF_OBJ_GET_INFO_BY_FD: %m\n", what);
		goto out;
	}
	xcnt = info.xlated_prog_len / sizeof(*x);
	nfunc = info.nr_func_info;
	x = calloc(xcnt + 1, sizeof(*x));
	fi = calloc(nfunc + 1, sizeof(*fi));
	if (!x || !fi)
		goto out;
	memset(&info, 0, sizeof(info));
	info.xlated_prog_len = xcnt * sizeof(*x);
	info.xlated_prog_insns = (u64)(uintptr_t)x;
	info.nr_func_info = nfunc;
	info.func_info_rec_size = sizeof(*fi);
	info.func_info = (u64)(uintptr_t)fi;
	len = sizeof(info);
	if (bpf_obj_get_info_by_fd(fd, &info, &len)) {
		printf("%s: BPF_OBJ_GET_INFO_BY_FD: %m\n", what);
		goto out;
	}
	if (!graph_of(p->insns, p->insn_cnt, false, ours) ||
	    !graph_of(x, xcnt, true, kern)) {
		printf("%s: a call lands outside the program\n", what);
		goto out;
	}
	/* xlated calls also carry the kernel's callee number in imm */
	for (i = 0, k = 0; i < xcnt; i++) {
		if (!is_pseudo_call(&x[i]))
			continue;
		if ((u32)x[i].imm != kern->callee[k]) {
			printf("%s: xlated call at %u names subprogram %d, "
			       "lands on %u\n",
			       what, i, x[i].imm, kern->callee[k]);
			goto out;
		}
		k++;
	}
	if (nfunc && nfunc != kern->nsub) {
		printf("%s: kernel func info has %u subprograms, its calls "
		       "reach %u\n",
		       what, nfunc, kern->nsub);
		goto out;
	}
	for (i = 0; nfunc && i < nfunc; i++) {
		if (fi[i].insn_off != kern->start[i]) {
			printf("%s: kernel subprogram %u starts at %u by func "
			       "info, %u by calls\n",
			       what, i, fi[i].insn_off, kern->start[i]);
			goto out;
		}
	}
	if (ours->nsub != kern->nsub || ours->ncalls != kern->ncalls) {
		printf("%s: %u subprograms and %u calls, kernel %u and %u\n",
		       what, ours->nsub, ours->ncalls, kern->nsub,
		       kern->ncalls);
		goto out;
	}
	for (i = 0; i < ours->ncalls; i++) {
		if (ours->caller[i] != kern->caller[i] ||
		    ours->callee[i] != kern->callee[i]) {
			printf("%s: call %u: ours subprog %u -> %u, kernel "
			       "%u -> %u\n",
			       what, i, ours->caller[i], ours->callee[i],
			       kern->caller[i], kern->callee[i]);
			goto out;
		}
	}
	ok = true;
out:
	free(fi);
	free(x);
	free(ours);
	free(kern);
	return ok;
}

/* Compare one program of obj; 1 compared, 0 mismatch, -1 cannot load. */
static int check_prog(const char *path, const char *name, bool quiet_refusal)
{
	struct bpf_object *bo;
	struct bpf_program *bp, *sel = NULL;
	struct xnic_obj *xo;
	char what[1280], err[256];
	int ret = 0;

	snprintf(what, sizeof(what), "%s:%s", path, name);
	if (xnic_obj_open(path, name, &xo, err, sizeof(err))) {
		printf("%s: front end: %s\n", what, err);
		return 0;
	}
	bo = bpf_object__open_file(path, NULL);
	if (!bo) {
		printf("%s: libbpf cannot open it\n", what);
		xnic_obj_close(xo);
		return 0;
	}
	for (bp = bpf_object__next_program(bo, NULL); bp;
	     bp = bpf_object__next_program(bo, bp)) {
		bool me = !strcmp(bpf_program__name(bp), name);

		bpf_program__set_autoload(bp, me);
		if (me)
			sel = bp;
	}
	if (!sel) {
		printf("%s: libbpf does not know the program\n", what);
	} else if (bpf_object__load(bo)) {
		if (!quiet_refusal)
			printf("%s: libbpf cannot load it: %m\n", what);
		ret = -1;
	} else if (same_as_libbpf(what, xnic_obj_prog(xo),
				  bpf_program__insns(sel),
				  (u32)bpf_program__insn_cnt(sel)) &&
		   same_as_kernel(what, xnic_obj_prog(xo),
				  bpf_program__fd(sel))) {
		ret = 1;
	}
	bpf_object__close(bo);
	xnic_obj_close(xo);
	return ret;
}

/*
 * Every XDP/TC program of build/@sub; with @rejects_ok, programs the kernel
 * refuses (the verifier tests' negative cases) are counted but not failed.
 */
static void check_dir(const char *sub, bool rejects_ok)
{
	char dir[512], path[1024], why[256], err[256];
	struct prog_list *l;
	struct dirent *de;
	u32 progs = 0, calls_seen = 0, bad = 0, refused = 0, i;
	DIR *d;

	if (geteuid()) {
		fprintf(stderr,
			"skip: not root, cannot load into the kernel\n");
		skip();
	}
	if (!xnic_obj_kernel_available(why, sizeof(why))) {
		fprintf(stderr, "skip: %s\n", why);
		skip();
	}
	snprintf(dir, sizeof(dir), "%s/%s", build_dir(), sub);
	d = opendir(dir);
	if (!d) {
		fprintf(stderr, "skip: %s missing (run make bpf)\n", dir);
		skip();
	}
	l = calloc(1, sizeof(*l));
	assert_non_null(l);
	libbpf_set_print(quiet);
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);

		if (n < 6 || strcmp(de->d_name + n - 6, ".bpf.o"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		l->n = 0;
		if (xnic_obj_list(path, list_cb, l, err, sizeof(err)) < 0) {
			printf("%s: %s\n", path, err);
			bad++;
			continue;
		}
		for (i = 0; i < l->n; i++) {
			struct xnic_obj *xo;
			u32 k;

			int r = check_prog(path, l->names[i], rejects_ok);

			if (r == -1 && rejects_ok) {
				refused++;
				continue;
			}
			if (r != 1) {
				bad++;
				continue;
			}
			progs++;
			if (xnic_obj_open(path, l->names[i], &xo, err,
					  sizeof(err)))
				continue;
			for (k = 0; k < xnic_obj_prog(xo)->insn_cnt; k++)
				if (is_pseudo_call(
					    &xnic_obj_prog(xo)->insns[k])) {
					calls_seen++;
					break;
				}
			xnic_obj_close(xo);
		}
	}
	closedir(d);
	libbpf_set_print(NULL);
	free(l);
	printf("%s: %u programs laid out as libbpf and the kernel do (%u with "
	       "subprogram calls), %u differ or cannot be compared, %u "
	       "refused by the kernel\n",
	       dir, progs, calls_seen, bad, refused);
	assert_int_equal(bad, 0);
	assert_true(progs > 0);
}

static void test_diff_progs(void **state)
{
	(void)state;
	check_dir("bpf/tests/progs/diff", false);
}

static void test_examples(void **state)
{
	(void)state;
	check_dir("bpf/examples", false);
}

/* Negative cases are refused; the accepted ones (some with calls) count. */
static void test_verifier_progs(void **state)
{
	(void)state;
	check_dir("bpf/tests/progs/verifier", true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diff_progs),
		cmocka_unit_test(test_examples),
		cmocka_unit_test(test_verifier_progs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
