/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Context field table of verifier_ext (see ctx_fields.c). */
#ifndef XNIC_VERIFIER_CTX_FIELDS_H
#define XNIC_VERIFIER_CTX_FIELDS_H

#include "internal.h"

struct vrf_ctx_field {
	s32 off;
	const char *name;
	u8 kind;	/* what a 4-byte load yields */
	bool supported; /* by the device */
	bool writable;
};

const struct vrf_ctx_field *ctx_field(enum xnic_prog_type type, s32 off);

#endif
