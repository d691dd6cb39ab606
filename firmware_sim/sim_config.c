// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Chip configuration: the defaults of docs/timing.md (each with its
 * source there), setting a field by name for `xnic-sim --config`, and the
 * checks xnic_sim_create() applies.
 */
#include "sim_internal.h"

void xnic_sim_config_default(struct xnic_sim_config *c)
{
	static const u32 lat[XNIC_MEM_COUNT][XNIC_SIM_LAT_COUNT] = {
		/* read, write, atomic with return, atomic */
		[XNIC_MEM_CLS] = {50, 50, 50, 50},
		[XNIC_MEM_CTM] = {70, 80, 70, 160},
		[XNIC_MEM_IMEM] = {122, 122, 120, 220},
		[XNIC_MEM_EMEM] = {336, 290, 190, 210},
	};
	u32 i;

	xnic_memset(c, 0, sizeof(*c));
	c->islands = 5;
	c->mes_per_island = 12;
	c->ctx_per_me = 8;
	c->pkt_mes = 50;
	c->freq_mhz = 800;
	c->lm_bytes = 4096;
	c->cls_bytes = 64 << 10;
	c->ctm_bytes = 256 << 10;
	c->imem_bytes = 4 << 20;
	c->emem_bytes = 64 << 20;
	c->ports = 2;
	c->port_mbps = 25000;
	c->split = 1536;
	c->tail_bytes = 8192;
	c->perf_ring_bytes = 64 << 10;
	c->seed = 0x786e6963; /* "xnic" */
	c->watchdog = 1000000;
	c->br_penalty = 2;
	c->br_cond_penalty = 3;
	c->swap_penalty = 2;
	c->lm_hazard = 3;
	xnic_memcpy(c->lat, lat, sizeof(lat));
	c->svc[XNIC_MEM_CLS] = 1;
	c->svc[XNIC_MEM_CTM] = 1;
	c->svc[XNIC_MEM_IMEM] = 2;
	c->svc[XNIC_MEM_EMEM] = 2;
	c->svc_bytes = 32;
	c->fw_dispatch = 12;
	c->fw_egress = 8;
	c->fw_map = 10;
	c->fw_hash_per4 = 2;
	c->fw_adjust = 8;
	c->fw_small = 4;
	c->fw_perf = 12;
	c->fw_csum = 6;
	c->fw_div = 70;
	for (i = 0; i < SIM_MAX_PORTS; i++)
		c->ifindex[i] = 1;
}

#define F32(n)                                             \
	{                                                  \
#n, offsetof(struct xnic_sim_config, n), 4 \
	}
#define F64(n)                                             \
	{                                                  \
#n, offsetof(struct xnic_sim_config, n), 8 \
	}
#define LAT(u, us, k, ks)                                                  \
	{                                                                  \
		"lat." us "." ks,                                          \
			offsetof(struct xnic_sim_config, lat) +            \
				4 * ((XNIC_MEM_##u) * XNIC_SIM_LAT_COUNT + \
				     XNIC_SIM_LAT_##k),                    \
			4                                                  \
	}
#define LATS(u, us)                                           \
	LAT(u, us, READ, "read"), LAT(u, us, WRITE, "write"), \
		LAT(u, us, ATOMIC_RET, "atomic_ret"),         \
		LAT(u, us, ATOMIC, "atomic")
#define SVC(u, us)                                              \
	{                                                       \
		"svc." us,                                      \
			offsetof(struct xnic_sim_config, svc) + \
				4 * XNIC_MEM_##u,               \
			4                                       \
	}

static const struct cfg_field {
	const char *name;
	u32 off;
	u32 size;
} cfg_fields[] = {
	F32(islands),	      F32(mes_per_island),
	F32(ctx_per_me),      F32(pkt_mes),
	F32(freq_mhz),	      F32(lm_bytes),
	F32(cls_bytes),	      F32(ctm_bytes),
	F32(imem_bytes),      F32(emem_bytes),
	F32(ports),	      F32(port_mbps),
	F32(split),	      F32(tail_bytes),
	F32(perf_ring_bytes), F64(seed),
	F64(watchdog),	      F32(br_penalty),
	F32(br_cond_penalty), F32(swap_penalty),
	F32(lm_hazard),	      LATS(CLS, "cls"),
	LATS(CTM, "ctm"),     LATS(IMEM, "imem"),
	LATS(EMEM, "emem"),   SVC(CLS, "cls"),
	SVC(CTM, "ctm"),      SVC(IMEM, "imem"),
	SVC(EMEM, "emem"),    F32(svc_bytes),
	F32(fw_dispatch),     F32(fw_egress),
	F32(fw_map),	      F32(fw_hash_per4),
	F32(fw_adjust),	      F32(fw_small),
	F32(fw_perf),	      F32(fw_csum),
	F32(fw_div),
};

int xnic_sim_config_set(struct xnic_sim_config *c, const char *name, u64 value,
			char *err, u32 errlen)
{
	u32 i;

	for (i = 0; i < ARRAY_SIZE(cfg_fields); i++) {
		const struct cfg_field *f = &cfg_fields[i];

		if (xnic_strlen(f->name) != xnic_strlen(name) ||
		    xnic_memcmp(f->name, name, xnic_strlen(name)))
			continue;
		if (f->size == 4) {
			u32 v = (u32)value;

			if (value > U32_MAX) {
				xnic_snprintf(err, errlen,
					      "%s: value %llu out of range",
					      name, (unsigned long long)value);
				return -EINVAL;
			}
			xnic_memcpy((u8 *)c + f->off, &v, 4);
		} else {
			xnic_memcpy((u8 *)c + f->off, &value, 8);
		}
		return 0;
	}
	xnic_snprintf(err, errlen, "unknown configuration field '%s'", name);
	return -EINVAL;
}

static bool pow2(u32 v)
{
	return v && !(v & (v - 1));
}

/* Reject configurations the model cannot represent. */
int sim_config_check(const struct xnic_sim_config *c, char *err, u32 errlen)
{
	const char *why = NULL;
	u32 t, k;

	if (!c->islands || !c->mes_per_island || c->islands > 64 ||
	    c->mes_per_island > 64)
		why = "islands and mes_per_island must be 1..64";
	else if (!c->ctx_per_me || c->ctx_per_me > SIM_MAX_CTX)
		why = "ctx_per_me must be 1..8";
	else if (!c->pkt_mes || c->pkt_mes > c->islands * c->mes_per_island)
		why = "pkt_mes must be 1..islands * mes_per_island";
	else if (!c->freq_mhz || c->freq_mhz > 100000)
		why = "freq_mhz must be 1..100000";
	else if (!pow2(c->lm_bytes) ||
		 c->lm_bytes < c->ctx_per_me * XNIC_STACK_PER_CTX ||
		 c->lm_bytes > (1u << 20))
		why = "lm_bytes must be a power of two holding 512 bytes of "
		      "stack per context";
	else if (!c->cls_bytes || c->cls_bytes > (64u << 20))
		why = "cls_bytes must be 1..64 MiB";
	else if (c->ctm_bytes < c->mes_per_island * c->ctx_per_me *
					XNIC_PKT_BUF_SIZE ||
		 c->ctm_bytes > (128u << 20))
		why = "ctm_bytes must hold a 2 KiB packet buffer per context "
		      "of the island (and be <= 128 MiB)";
	else if (c->imem_bytes < SIM_DESC_AREA || c->imem_bytes > (256u << 20))
		why = "imem_bytes must be 4 KiB..256 MiB";
	else if (c->emem_bytes < (1u << 20) || c->emem_bytes > (1u << 30))
		why = "emem_bytes must be 1 MiB..1 GiB";
	else if (!c->ports || c->ports > SIM_MAX_PORTS || !c->port_mbps)
		why = "ports must be 1..4 and port_mbps > 0";
	else if (c->split < 64 ||
		 c->split > XNIC_PKT_BUF_SIZE - XNIC_PKT_DATA_OFF)
		why = "split must be 64..1792";
	else if (c->tail_bytes > (1u << 20) || (c->tail_bytes & 7))
		why = "tail_bytes must be a multiple of 8 up to 1 MiB";
	else if (c->perf_ring_bytes < 64 || c->perf_ring_bytes > (16u << 20))
		why = "perf_ring_bytes must be 64..16 MiB";
	else if (!c->watchdog)
		why = "watchdog must be > 0";
	else if (!c->svc_bytes)
		why = "svc_bytes must be > 0";
	else if (c->br_penalty > 64 || c->br_cond_penalty > 64 ||
		 c->swap_penalty > 64 || c->lm_hazard > 64)
		why = "pipeline penalties must be <= 64";
	for (t = 0; !why && t < XNIC_MEM_COUNT; t++) {
		if (!c->svc[t] || c->svc[t] > 100000)
			why = "service times must be 1..100000";
		for (k = 0; !why && k < XNIC_SIM_LAT_COUNT; k++)
			if (!c->lat[t][k] || c->lat[t][k] > 1000000)
				why = "latencies must be 1..1000000";
	}
	if (why) {
		xnic_snprintf(err, errlen, "bad configuration: %s", why);
		return -EINVAL;
	}
	return 0;
}
