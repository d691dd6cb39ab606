/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Where tests find data that lives outside the repository. */
#ifndef XNIC_TEST_PATHS_H
#define XNIC_TEST_PATHS_H

/*
 * The shared conformance vectors: $XNIC_CONFORMANCE_DIR, else
 * ../shared/conformance/tests beside the clone (as CI lays it out).
 * NULL when absent, so the caller can skip with a reason.
 */
const char *xnic_test_vector_dir(void);

#endif /* XNIC_TEST_PATHS_H */
