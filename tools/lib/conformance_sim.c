// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The "sim" conformance backend: the NIC path, verify (verifier_ext/) ->
 * JIT (jit/) -> cycle-accurate simulator (firmware_sim/).
 *
 * Not available yet: the JIT/simulator engineer fills this in.  To plug
 * the NIC in, return a pointer to a static const struct
 * xnic_conformance_backend (see include/xnic/conformance.h) whose run()
 *  - builds an xnic_prog from insns (no maps), runs verifier_ext and
 *    returns XNIC_CONFORMANCE_REJECTED with the verifier's message in why
 *    for anything the NIC refuses on purpose;
 *  - JITs it, loads the image into a simulated chip, places mem where the
 *    program's r1 points (r1 = 0 when mem is NULL, r2 = mem_len), gives it
 *    a 512-byte stack at r10 and helper 5 returning its first argument;
 *  - runs to exit and stores r0, or returns a negative errno with why for
 *    anything that went wrong.
 * Nothing else changes: xnic-conformance, xnic-conformance-plugin and
 * tests/conformance/run.sh pick the backend up through this function.
 */
#include "xnic/conformance.h"

const struct xnic_conformance_backend *xnic_conformance_sim_backend(void)
{
	return NULL;
}
