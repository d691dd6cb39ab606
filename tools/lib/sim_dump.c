// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The maps of a simulated chip into an xnic_result, as the JSON contract
 * wants them: ARRAY maps every entry, HASH maps their present entries
 * (the JSON writer sorts those), perf maps not at all.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim_host.h"

int xnic_sim_dump_maps(struct xnic_sim *sim, struct xnic_result *res)
{
	u32 n = xnic_sim_map_count(sim), i;
	int ret = 0;

	for (i = 0; i < n && !ret; i++) {
		struct xnic_map_def def;
		struct xnic_res_map *m;
		u8 *key, *val;
		bool first = true;

		if (xnic_sim_map_def(sim, i, &def))
			return -EINVAL;
		if (def.type != BPF_MAP_TYPE_ARRAY &&
		    def.type != BPF_MAP_TYPE_HASH)
			continue;
		m = xnic_result_add_map(res, def.name, def.type, def.key_size,
					def.value_size);
		key = calloc(1, def.key_size);
		val = calloc(1, def.value_size);
		if (!m || !key || !val) {
			free(key);
			free(val);
			return -ENOMEM;
		}
		while (!xnic_sim_map_get_next_key(sim, i, first ? NULL : key,
						  key)) {
			first = false;
			if (xnic_sim_map_lookup(sim, i, key, val))
				continue;
			ret = xnic_res_map_add(m, key, val);
			if (ret)
				break;
		}
		free(key);
		free(val);
	}
	return ret;
}
