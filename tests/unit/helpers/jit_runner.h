/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The fixture of the tests that compile BPF with the JIT and run it on
 * the simulator: a one-ME chip and the default device.
 */
#ifndef XNIC_TEST_JIT_RUNNER_H
#define XNIC_TEST_JIT_RUNNER_H

#include "xnic/caps.h"
#include "xnic/sim.h"

struct runner {
	struct xnic_sim *sim;
	struct xnic_dev_caps caps;
};

/* cmocka group setup/teardown: *state becomes / is a struct runner. */
int jit_runner_setup(void **state);
int jit_runner_teardown(void **state);

#endif /* XNIC_TEST_JIT_RUNNER_H */
