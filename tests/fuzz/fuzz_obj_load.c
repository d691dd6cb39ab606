// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * libFuzzer target: arbitrary bytes as a BPF object.  The front end must
 * return an error or a program, never crash; accepted programs also go
 * through the verifier.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include "xnic/caps.h"
#include "xnic/frontend.h"
#include "xnic/verifier.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xnic_verifier_opts opts = {.max_insns_processed = 100000};
	struct xnic_prog_meta meta;
	struct xnic_dev_caps caps;
	struct xnic_diag diag;
	struct xnic_obj *obj;
	static char buf[8192];
	char err[256];

	if (xnic_obj_open_mem(data, size, "fuzz.o", NULL, &obj, err,
			      sizeof(err)))
		return 0;
	xnic_dev_caps_default(&caps);
	xnic_diag_init(&diag, buf, sizeof(buf));
	xnic_verify(xnic_obj_prog(obj), &caps, &opts, &meta, &diag);
	xnic_prog_meta_free(&meta);
	xnic_obj_close(obj);
	return 0;
}
