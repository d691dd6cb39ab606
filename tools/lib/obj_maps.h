/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Private to tools/lib/obj_*.c: map definitions (see obj_maps.c). */
#ifndef XNIC_OBJ_MAPS_H
#define XNIC_OBJ_MAPS_H

#include "obj_elf.h"

int obj_btf_map(struct obj_elf *o, const char *name, struct xnic_map_def *def);
int obj_legacy_map(struct obj_elf *o, const struct obj_sym *sym,
		   struct xnic_map_def *def);
void obj_data_map(const struct obj_elf *o, u32 sec, struct xnic_map_def *def);
bool obj_is_data_sec(const struct obj_elf *o, u32 sec);

#endif
