// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The C verifier test programs (tests/progs/verifier/NAME.bpf.c, built by
 * make bpf): our verdict and exact first message for each, and the host
 * kernel's verdict on the same instructions.  Differences are NIC rules:
 *   uninit-stack  the kernel lets root read uninitialised stack; the NIC's
 *                 stack holds the previous packet's data, so we do not
 *   ptr-leak      root may store pointers into maps/packets or return
 *                 them; NIC addresses mean nothing outside the NIC
 *   map-type, map-size, helper, ctx-field, pkt-window
 *                 the device lacks the map type, size, helper or context
 *                 field, or cannot see that far into the packet
 * (docs/verifier.md has the full table).
 */
#include "test_verifier_common.h"

#define C(name, obj, msg, errs, krej, rule)                           \
	{                                                             \
		name, obj, msg, errs, krej, rule, NULL, 0, 0, NULL, 0 \
	}

static const struct vcase cases[] = {
	C("alu_ptr_mul", "alu.bpf.o",
	  "alu.bpf.c:10: error: insn 1: R1 pointer arithmetic with *= operator "
	  "prohibited",
	  1, true, NULL),
	C("alu_ptr_and", "alu.bpf.o",
	  "alu.bpf.c:19: error: insn 1: R1 bitwise operator &= on pointer "
	  "prohibited",
	  1, true, NULL),
	C("alu_ptr_32bit", "alu.bpf.o",
	  "alu.bpf.c:28: error: insn 2: R2 32-bit pointer arithmetic "
	  "prohibited",
	  1, true, NULL),
	C("alu_ptr_minus_ptr_ok", "alu.bpf.o", NULL, 0, false, NULL),
	C("alu_scalar_minus_ptr", "alu.bpf.o",
	  "alu.bpf.c:47: error: insn 1: R2 tried to subtract pointer from "
	  "scalar",
	  1, true, NULL),
	C("alu_div_zero_const", "alu.bpf.o",
	  "alu.bpf.c:58: error: insn 1: division by zero", 1, true, NULL),
	C("alu_div_var_ok", "alu.bpf.o", NULL, 0, false, NULL),
	C("alu_shift_too_big", "alu.bpf.o",
	  "alu.bpf.c:75: error: insn 1: invalid shift 64", 1, true, NULL),
	C("alu_unknown_ptr_math", "alu.bpf.o",
	  "alu.bpf.c:87: error: insn 4: math between pkt pointer and register "
	  "with unbounded min value is not allowed",
	  1, true, NULL),
	C("helper_unsupported", "alu.bpf.o",
	  "alu.bpf.c:96: error: insn 0: helper bpf_get_smp_processor_id#8 is "
	  "not supported by the device",
	  1, false, "helper"),
	C("helper_misc_ok", "alu.bpf.o", NULL, 0, false, NULL),
	C("helper_bad_arg", "alu.bpf.o",
	  "alu.bpf.c:113: error: insn 2: R1 type=scalar expected=map_ptr", 1,
	  true, NULL),
	C("helper_uninit_arg", "alu.bpf.o",
	  "alu.bpf.c:122: error: insn 6: invalid indirect read from stack R1 "
	  "off -16+0 size 8",
	  1, false, "uninit-stack"),
	C("atomic_fetch_ok", "atomics_v3.bpf.o", NULL, 0, false, NULL),
	C("atomic_stack_ok", "atomics_v3.bpf.o", NULL, 0, false, NULL),
	C("atomic_on_packet", "atomics_v3.bpf.o",
	  "atomics_v3.bpf.c:47: error: insn 7: BPF_ATOMIC stores into R1 pkt "
	  "is not allowed",
	  1, true, NULL),
	C("xdp_ctx_fields_ok", "ctx.bpf.o", NULL, 0, false, NULL),
	C("xdp_data_meta", "ctx.bpf.o",
	  "ctx.bpf.c:15: error: insn 0: ctx field data_meta (off 8) is not "
	  "supported by the device",
	  1, false, "ctx-field"),
	C("xdp_egress_ifindex", "ctx.bpf.o",
	  "ctx.bpf.c:21: error: insn 0: invalid bpf_context access off=20 "
	  "size=4",
	  1, true, NULL),
	C("xdp_ctx_write", "ctx.bpf.o",
	  "ctx.bpf.c:27: error: insn 1: invalid bpf_context access off=16 "
	  "size=4",
	  1, true, NULL),
	C("xdp_ctx_modified_ptr", "ctx.bpf.o",
	  "ctx.bpf.c:36: error: insn 1: dereference of modified ctx ptr R1 "
	  "off=4 disallowed",
	  1, true, NULL),
	C("tc_fields_ok", "ctx.bpf.o", NULL, 0, false, NULL),
	C("tc_pkt_ok", "ctx.bpf.o", NULL, 0, false, NULL),
	C("tc_cb_write", "ctx.bpf.o",
	  "ctx.bpf.c:66: error: insn 1: ctx field cb[0] (off 48) is not "
	  "supported by the device",
	  1, false, "ctx-field"),
	C("tc_len_write", "ctx.bpf.o",
	  "ctx.bpf.c:73: error: insn 1: invalid bpf_context access off=0 "
	  "size=4",
	  1, true, NULL),
	C("tc_adjust_head", "ctx.bpf.o",
	  "ctx.bpf.c:80: error: insn 1: helper bpf_xdp_adjust_head#44 is not "
	  "available to TC programs",
	  1, true, NULL),
	C("loop_bounded_ok", "flow.bpf.o", NULL, 0, false, NULL),
	C("loop_infinite", "flow.bpf.o",
	  "flow.bpf.c:35: error: insn 1: infinite loop detected (back-edge to "
	  "insn 1 with no progress)",
	  1, true, NULL),
	C("loop_unbounded", "flow.bpf.o",
	  "flow.bpf.c:46: error: insn 13: the sequence of 8193 jumps is too "
	  "complex",
	  1, true, NULL),
	C("call_subprog_ok", "flow.bpf.o", NULL, 0, false, NULL),
	C("call_caller_stack_ok", "flow.bpf.o", NULL, 0, false, NULL),
	C("call_return_stack_ptr", "flow.bpf.o",
	  "flow.bpf.c:87: error: insn 10: cannot return stack pointer to the "
	  "caller frame",
	  1, true, NULL),
	C("return_pointer", "flow.bpf.o",
	  "flow.bpf.c:104: error: insn 1: R0 leaks addr as return value", 1,
	  false, "ptr-leak"),
	C("map_lookup_ok", "maps.bpf.o", NULL, 0, false, NULL),
	C("map_null_deref", "maps.bpf.o",
	  "maps.bpf.c:66: error: insn 7: R0 invalid mem access "
	  "'map_value_or_null'",
	  1, true, NULL),
	C("map_array_const_key_ok", "maps.bpf.o", NULL, 0, false, NULL),
	C("map_array_var_key_null", "maps.bpf.o",
	  "maps.bpf.c:87: error: insn 7: R0 invalid mem access "
	  "'map_value_or_null'",
	  1, true, NULL),
	C("map_value_oob", "maps.bpf.o",
	  "maps.bpf.c:99: error: insn 10: invalid access to map value, "
	  "value_size=8 off=8 size=8",
	  1, true, NULL),
	C("map_var_index_ok", "maps.bpf.o", NULL, 0, false, NULL),
	C("map_var_index_unbounded", "maps.bpf.o",
	  "maps.bpf.c:132: error: insn 19: invalid access to map value, "
	  "value_size=136 off=2048 size=8",
	  1, true, NULL),
	C("map_update_ok", "maps.bpf.o", NULL, 0, false, NULL),
	C("map_key_uninit", "maps.bpf.o",
	  "maps.bpf.c:155: error: insn 9: invalid indirect read from stack R2 "
	  "off -16+0 size 4",
	  1, false, "uninit-stack"),
	C("map_store_ptr", "maps.bpf.o",
	  "maps.bpf.c:168: error: insn 8: R0 leaks addr into map", 1, false,
	  "ptr-leak"),
	C("map_percpu_type", "maps.bpf.o",
	  "map pcpu: error: map type 5 is not supported by the device", 1,
	  false, "map-type"),
	C("map_big_value", "maps.bpf.o",
	  "map bigval: error: value size 2048 exceeds the device limit of 1024",
	  1, false, "map-size"),
	C("map_perf_output_ok", "maps.bpf.o", NULL, 0, false, NULL),
	C("map_lookup_perf_array", "maps.bpf.o",
	  "maps.bpf.c:205: error: insn 6: cannot pass map_type 4 into func "
	  "bpf_map_lookup_elem#1",
	  1, true, NULL),
	C("map_null_after_arith", "maps.bpf.o",
	  "maps.bpf.c:214: error: insn 8: R1 pointer arithmetic on "
	  "map_value_or_null prohibited, null-check it first",
	  1, true, NULL),
	C("map_atomic_add_ok", "maps.bpf.o", NULL, 0, false, NULL),
	C("map_array_key3_null", "maps.bpf.o",
	  "maps.bpf.c:237: error: insn 7: R0 invalid mem access "
	  "'map_value_or_null'",
	  1, true, NULL),
	C("map_array_key_oob_null", "maps.bpf.o",
	  "maps.bpf.c:247: error: insn 7: R0 invalid mem access "
	  "'map_value_or_null'",
	  1, true, NULL),
	C("map_two_errors", "maps.bpf.o",
	  "maps.bpf.c:260: error: insn 5: invalid access to packet, off=3 "
	  "size=1, R2 range=0: check the pointer against data_end first",
	  2, true, NULL),
	C("pkt_eth_ok", "pkt.bpf.o", NULL, 0, false, NULL),
	C("pkt_unchecked", "pkt.bpf.o",
	  "pkt.bpf.c:22: error: insn 1: invalid access to packet, off=12 "
	  "size=1, R1 range=0: check the pointer against data_end first",
	  1, true, NULL),
	C("pkt_off_by_one", "pkt.bpf.o",
	  "pkt.bpf.c:33: error: insn 5: invalid access to packet, off=14 "
	  "size=1, R2 range=14: check the pointer against data_end first",
	  1, true, NULL),
	C("pkt_lt_check_ok", "pkt.bpf.o", NULL, 0, false, NULL),
	C("pkt_var_off_ok", "pkt.bpf.o", NULL, 0, false, NULL),
	C("pkt_var_unchecked", "pkt.bpf.o",
	  "pkt.bpf.c:74: error: insn 10: invalid access to packet, off=14 "
	  "size=1, R2 range=0: check the pointer against data_end first",
	  1, true, NULL),
	C("pkt_mac_swap_ok", "pkt.bpf.o", NULL, 0, false, NULL),
	C("pkt_end_arith", "pkt.bpf.o",
	  "pkt.bpf.c:100: error: insn 1: R1 pointer arithmetic on pkt_end "
	  "prohibited",
	  1, true, NULL),
	C("pkt_store_ptr", "pkt.bpf.o",
	  "pkt.bpf.c:112: error: insn 6: R1 leaks addr into packet", 1, false,
	  "ptr-leak"),
	C("pkt_beyond_window", "pkt.bpf.o",
	  "pkt.bpf.c:124: error: insn 6: packet access up to byte 2000 is "
	  "outside the device's 1536-byte packet window",
	  1, false, "pkt-window"),
	C("pkt_after_adjust_head", "pkt.bpf.o",
	  "pkt.bpf.c:137: error: insn 9: R7 invalid mem access 'scalar'", 1,
	  true, NULL),
	C("pkt_reload_after_adjust_ok", "pkt.bpf.o", NULL, 0, false, NULL),
	C("pkt_tail_ok", "pkt.bpf.o", NULL, 0, false, NULL),
	C("pkt_negative_off", "pkt.bpf.o",
	  "pkt.bpf.c:170: error: insn 7: invalid access to packet, off=-2 "
	  "size=1, R1 range=4: check the pointer against data_end first",
	  1, true, NULL),
	C("stack_spill_pkt_ok", "stack.bpf.o", NULL, 0, false, NULL),
	C("stack_buffer_ok", "stack.bpf.o", NULL, 0, false, NULL),
	C("stack_uninit_read", "stack.bpf.o",
	  "stack.bpf.c:34: error: insn 0: invalid read from stack off -64+0 "
	  "size 8",
	  1, false, "uninit-stack"),
	C("stack_partial_init", "stack.bpf.o",
	  "stack.bpf.c:43: error: insn 2: invalid read from stack off -8+4 "
	  "size 8",
	  1, false, "uninit-stack"),
	C("stack_below_frame", "stack.bpf.o",
	  "stack.bpf.c:52: error: insn 1: invalid write to stack R10 off=-520 "
	  "size=8",
	  1, true, NULL),
	C("stack_above_frame", "stack.bpf.o",
	  "stack.bpf.c:60: error: insn 1: invalid write to stack R10 off=0 "
	  "size=8",
	  1, true, NULL),
	C("stack_misaligned", "stack.bpf.o",
	  "stack.bpf.c:68: error: insn 1: misaligned stack access off -12 size "
	  "8",
	  1, true, NULL),
	C("stack_ptr_narrow_fill", "stack.bpf.o",
	  "stack.bpf.c:78: error: insn 1: invalid size of register fill", 1,
	  true, NULL),
	C("stack_fp_write", "stack.bpf.o",
	  "stack.bpf.c:86: error: insn 0: frame pointer is read only", 1, true,
	  NULL),
};

int main(void)
{
	return run_cases("verifier C programs", cases, ARRAY_SIZE(cases));
}
