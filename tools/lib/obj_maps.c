// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Map definitions of a BPF object: BTF-defined maps in ".maps" (decoded
 * with libbpf's BTF API the way libbpf encodes __uint()/__type()), legacy
 * struct bpf_map_def entries in "maps", and one array map per global data
 * section (.rodata/.data/.bss) as libbpf makes them.
 */
#include <stdio.h>
#include <string.h>
#include "obj_maps.h"

static int btf_uint_member(const struct btf *btf, u32 type, u32 *out)
{
	const struct btf_type *t = btf__type_by_id(btf, type);

	/* __uint(name, val) is "int (*name)[val]" */
	if (!t || !btf_is_ptr(t))
		return -1;
	t = btf__type_by_id(btf, t->type);
	if (!t || !btf_is_array(t))
		return -1;
	*out = btf_array(t)->nelems;
	return 0;
}

static int btf_ptr_size(const struct btf *btf, u32 type, u32 *out)
{
	const struct btf_type *t = btf__type_by_id(btf, type);
	s64 sz;

	/* __type(key, T) is "T *key" */
	if (!t || !btf_is_ptr(t))
		return -1;
	sz = btf__resolve_size(btf, t->type);
	if (sz < 0 || sz > (1 << 30))
		return -1;
	*out = (u32)sz;
	return 0;
}

static const struct btf_type *btf_skip_mods(const struct btf *btf, u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	int guard = 0;

	while (t && (btf_is_typedef(t) || btf_is_mod(t)) && guard++ < 32)
		t = btf__type_by_id(btf, t->type);
	return t;
}

/* Decode the BTF-defined map named @name into @def. */
int obj_btf_map(struct obj_elf *o, const char *name, struct xnic_map_def *def)
{
	const struct btf_type *sec, *var, *st;
	const struct btf_var_secinfo *vs;
	const struct btf_member *m;
	s32 sec_id;
	u32 i, k;

	if (!o->btf)
		return obj_fail(
			o, "map %s: .maps needs BTF, and the object has none",
			name);
	sec_id = btf__find_by_name_kind(o->btf, ".maps", BTF_KIND_DATASEC);
	if (sec_id < 0)
		return obj_fail(o, "map %s: no .maps in BTF", name);
	sec = btf__type_by_id(o->btf, (u32)sec_id);
	vs = btf_var_secinfos(sec);
	for (i = 0; i < btf_vlen(sec); i++, vs++) {
		const char *vname;

		var = btf__type_by_id(o->btf, vs->type);
		if (!var || !btf_is_var(var))
			continue;
		vname = btf__name_by_offset(o->btf, var->name_off);
		if (!vname || strcmp(vname, name))
			continue;
		st = btf_skip_mods(o->btf, var->type);
		if (!st || !btf_is_struct(st))
			return obj_fail(o, "map %s: definition is not a struct",
					name);
		memset(def, 0, sizeof(*def));
		snprintf(def->name, sizeof(def->name), "%s", name);
		m = btf_members(st);
		for (k = 0; k < btf_vlen(st); k++, m++) {
			const char *mn =
				btf__name_by_offset(o->btf, m->name_off);
			int bad = 0;

			if (!mn)
				continue;
			if (!strcmp(mn, "type"))
				bad = btf_uint_member(o->btf, m->type,
						      &def->type);
			else if (!strcmp(mn, "max_entries"))
				bad = btf_uint_member(o->btf, m->type,
						      &def->max_entries);
			else if (!strcmp(mn, "map_flags"))
				bad = btf_uint_member(o->btf, m->type,
						      &def->flags);
			else if (!strcmp(mn, "key_size"))
				bad = btf_uint_member(o->btf, m->type,
						      &def->key_size);
			else if (!strcmp(mn, "value_size"))
				bad = btf_uint_member(o->btf, m->type,
						      &def->value_size);
			else if (!strcmp(mn, "key"))
				bad = btf_ptr_size(o->btf, m->type,
						   &def->key_size);
			else if (!strcmp(mn, "value"))
				bad = btf_ptr_size(o->btf, m->type,
						   &def->value_size);
			else
				return obj_fail(o,
						"map %s: unsupported map "
						"attribute '%s'",
						name, mn);
			if (bad)
				return obj_fail(
					o, "map %s: malformed attribute '%s'",
					name, mn);
		}
		if (def->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY) {
			if (!def->key_size)
				def->key_size = 4;
			if (!def->value_size)
				def->value_size = 4;
		}
		return 0;
	}
	return obj_fail(o, "map %s: not found in BTF .maps", name);
}

int obj_legacy_map(struct obj_elf *o, const struct obj_sym *sym,
		   struct xnic_map_def *def)
{
	const struct obj_sec *s = &o->secs[o->legacy_sec];
	const char *w;

	if (!s->data || sym->sym.st_value > s->data->d_size ||
	    s->data->d_size - sym->sym.st_value < 5 * sizeof(u32))
		return obj_fail(o, "map %s: truncated legacy map definition",
				sym->name);
	w = (const char *)s->data->d_buf + sym->sym.st_value;
	memset(def, 0, sizeof(*def));
	snprintf(def->name, sizeof(def->name), "%s", sym->name);
	memcpy(&def->type, w, 4);
	memcpy(&def->key_size, w + 4, 4);
	memcpy(&def->value_size, w + 8, 4);
	memcpy(&def->max_entries, w + 12, 4);
	memcpy(&def->flags, w + 16, 4);
	return 0;
}

void obj_data_map(const struct obj_elf *o, u32 sec, struct xnic_map_def *def)
{
	memset(def, 0, sizeof(*def));
	snprintf(def->name, sizeof(def->name), "%s", o->secs[sec].name);
	def->type = BPF_MAP_TYPE_ARRAY;
	def->key_size = 4;
	def->value_size = (u32)o->secs[sec].sh.sh_size;
	def->max_entries = 1;
	if (!strncmp(o->secs[sec].name, ".rodata", 7))
		def->flags = BPF_F_RDONLY_PROG;
}

bool obj_is_data_sec(const struct obj_elf *o, u32 sec)
{
	const char *n = o->secs[sec].name;

	return !strncmp(n, ".rodata", 7) || !strncmp(n, ".data", 5) ||
	       !strncmp(n, ".bss", 4);
}
