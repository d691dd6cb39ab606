// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The BPF object front end: program selection, subprogram appending, map
 * relocations, line info, and clear errors (never crashes) on bad input.
 */
#include <elf.h>
#include <unistd.h>
#include "test_verifier_common.h"

static char *load(const char *name, size_t *size)
{
	char path[512];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/%s", bpf_dir(), name);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*size = (size_t)n;
	return buf;
}

#define NEED(buf, name, size)                                           \
	do {                                                            \
		buf = load(name, &size);                                \
		if (!buf) {                                             \
			fprintf(stderr,                                 \
				"skip: %s/%s missing (run make bpf)\n", \
				bpf_dir(), name);                       \
			skip();                                         \
		}                                                       \
	} while (0)

static void test_select_and_maps(void **state)
{
	struct xnic_obj *o;
	const struct xnic_prog *p;
	char err[256];
	size_t size;
	char *buf;

	NEED(buf, "maps.bpf.o", size);
	assert_int_equal(xnic_obj_open_mem(buf, size, "maps.bpf.o",
					   "map_update_ok", &o, err,
					   sizeof(err)),
			 0);
	p = xnic_obj_prog(o);
	assert_string_equal(p->name, "map_update_ok");
	assert_string_equal(xnic_obj_section(o), "xdp");
	assert_int_equal(p->type, XNIC_PROG_XDP);
	/* only the maps the program uses, in order of first use */
	assert_int_equal(p->map_cnt, 1);
	assert_string_equal(p->maps[0].name, "hash");
	assert_int_equal(p->maps[0].type, BPF_MAP_TYPE_HASH);
	assert_int_equal(p->maps[0].key_size, 4);
	assert_int_equal(p->maps[0].value_size, 8);
	assert_int_equal(p->maps[0].max_entries, 1024);
	/* insn 0 reads ctx->rx_queue_index: maps.bpf.c line 139, column 17 */
	assert_int_equal(p->line_cnt, 7);
	assert_int_equal(p->lines[0].insn_off, 0);
	assert_int_equal(p->lines[0].line, 139);
	assert_int_equal(p->lines[0].col, 17);
	assert_int_equal(p->lines[2].insn_off, 3);
	assert_int_equal(p->lines[2].line, 140);
	assert_non_null(strstr(p->files[p->lines[0].file], "maps.bpf.c"));
	xnic_obj_close(o);
	/* the first XDP/TC program when nothing is named */
	assert_int_equal(xnic_obj_open_mem(buf, size, "maps.bpf.o", NULL, &o,
					   err, sizeof(err)),
			 0);
	assert_string_equal(xnic_obj_prog(o)->name, "map_lookup_ok");
	xnic_obj_close(o);
	free(buf);
}

static void test_subprog_append(void **state)
{
	struct xnic_obj *o;
	const struct xnic_prog *p;
	char err[256];
	size_t size;
	char *buf;
	u32 i, calls = 0;

	NEED(buf, "flow.bpf.o", size);
	assert_int_equal(xnic_obj_open_mem(buf, size, "flow.bpf.o",
					   "call_subprog_ok", &o, err,
					   sizeof(err)),
			 0);
	p = xnic_obj_prog(o);
	for (i = 0; i < p->insn_cnt; i++) {
		const struct bpf_insn *in = &p->insns[i];

		if (in->code == (BPF_JMP | BPF_CALL) &&
		    in->src_reg == BPF_PSEUDO_CALL) {
			s64 t = (s64)i + in->imm + 1;

			calls++;
			/* lands inside the program, after the main part */
			assert_true(t > (s64)i && t < (s64)p->insn_cnt);
		}
	}
	assert_int_equal(calls, 1);
	xnic_obj_close(o);
	free(buf);
}

static void test_tc_type(void **state)
{
	struct xnic_obj *o;
	char err[256];
	size_t size;
	char *buf;

	NEED(buf, "ctx.bpf.o", size);
	assert_int_equal(xnic_obj_open_mem(buf, size, "ctx.bpf.o",
					   "tc_fields_ok", &o, err,
					   sizeof(err)),
			 0);
	assert_int_equal(xnic_obj_prog(o)->type, XNIC_PROG_TC);
	xnic_obj_close(o);
	free(buf);
}

static void expect_err(const void *data, size_t size, const char *sel,
		       const char *want)
{
	struct xnic_obj *o = (void *)1;
	char err[256];

	assert_int_not_equal(xnic_obj_open_mem(data, size, "bad.o", sel, &o,
					       err, sizeof(err)),
			     0);
	assert_null(o);
	assert_string_equal(err, want);
}

static void test_bad_inputs(void **state)
{
	static const char text[] = "hello, not an object";
	size_t size;
	char *buf, *copy;
	size_t cut;

	expect_err(text, sizeof(text), NULL, "bad.o: not an ELF file");
	expect_err("\x7f"
		   "ELF",
		   4, NULL, "bad.o: truncated ELF header");
	NEED(buf, "pkt.bpf.o", size);
	expect_err(buf, size, "nope",
		   "bad.o: no program or section named 'nope'");
	copy = malloc(size);
	assert_non_null(copy);
	/* e_machine x86-64 */
	memcpy(copy, buf, size);
	copy[18] = 62;
	copy[19] = 0;
	expect_err(copy, size, NULL, "bad.o: not a BPF object (e_machine 62)");
	/* every truncation is an error, never a crash */
	for (cut = 0; cut < size; cut += 61) {
		struct xnic_obj *o;
		char err[256];

		assert_int_not_equal(xnic_obj_open_mem(buf, cut, "cut.o", NULL,
						       &o, err, sizeof(err)),
				     0);
		assert_true(strncmp(err, "cut.o: ", 7) == 0);
	}
	free(copy);
	free(buf);
}

/* An unknown relocation type on a map load is named, not ignored. */
static void test_bad_reloc(void **state)
{
	struct xnic_obj *o;
	char err[256];
	size_t size, i;
	char *buf;
	Elf64_Ehdr eh;
	bool patched = false;

	NEED(buf, "maps.bpf.o", size);
	memcpy(&eh, buf, sizeof(eh));
	for (i = 0; i < eh.e_shnum; i++) {
		Elf64_Shdr sh;
		Elf64_Rel rel;

		memcpy(&sh, buf + eh.e_shoff + i * sizeof(sh), sizeof(sh));
		if (sh.sh_type != SHT_REL || sh.sh_size < sizeof(rel))
			continue;
		memcpy(&rel, buf + sh.sh_offset, sizeof(rel));
		rel.r_info = ELF64_R_INFO(ELF64_R_SYM(rel.r_info), 77);
		memcpy(buf + sh.sh_offset, &rel, sizeof(rel));
		patched = true;
		break;
	}
	assert_true(patched);
	assert_int_not_equal(xnic_obj_open_mem(buf, size, "maps.bpf.o",
					       "map_lookup_ok", &o, err,
					       sizeof(err)),
			     0);
	assert_string_equal(
		err, "maps.bpf.o: unsupported relocation type 77 at insn 4");
	free(buf);
}

static void count_cb(void *ctx, const struct xnic_obj_prog_info *i)
{
	(*(int *)ctx)++;
	assert_true(i->type == XNIC_PROG_XDP || i->type == XNIC_PROG_TC);
}

static void test_list(void **state)
{
	char path[512], err[256];
	int n = 0;

	snprintf(path, sizeof(path), "%s/ctx.bpf.o", bpf_dir());
	if (access(path, R_OK)) {
		fprintf(stderr, "skip: %s missing\n", path);
		skip();
	}
	assert_int_equal(xnic_obj_list(path, count_cb, &n, err, sizeof(err)),
			 10);
	assert_int_equal(n, 10);
	assert_int_equal(
		xnic_obj_list("/nonexistent.o", NULL, NULL, err, sizeof(err)),
		-ENOENT);
	assert_string_equal(err, "/nonexistent.o: No such file or directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_select_and_maps),
		cmocka_unit_test(test_subprog_append),
		cmocka_unit_test(test_tc_type),
		cmocka_unit_test(test_bad_inputs),
		cmocka_unit_test(test_bad_reloc),
		cmocka_unit_test(test_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
