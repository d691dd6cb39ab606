/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Stack loads and stores whose offset is a bounded range rather than a
 * constant (check_stack_var.c).
 */
#ifndef XNIC_VERIFIER_STACK_VAR_H
#define XNIC_VERIFIER_STACK_VAR_H

#include "internal.h"

/*
 * A load (write == false, result in *out) or store of val through the
 * stack pointer reg, whose offset is not a constant.
 */
bool stack_var_access(struct vrf_env *env, u32 idx, u32 regno,
		      const struct vrf_reg *reg, s32 off, u32 size, bool write,
		      const struct vrf_reg *val, struct vrf_reg *out);

#endif /* XNIC_VERIFIER_STACK_VAR_H */
