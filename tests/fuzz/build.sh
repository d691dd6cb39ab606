#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# Build the libFuzzer targets tests/fuzz/fuzz_*.c into build/fuzz/ with
# clang (-fsanitize=fuzzer,address,undefined), compiling the core sources
# they need into each.  Run one with e.g.
#   build/fuzz/fuzz_sim_load -max_total_time=60
set -euo pipefail
cd "$(dirname "$0")/../.."
CLANG=${CLANG:-clang}
mkdir -p build/fuzz
for f in tests/fuzz/fuzz_*.c; do
	name=$(basename "$f" .c)
	libs=""
	case "$name" in
	fuzz_sim_*) srcs="jit/*.c firmware_sim/*.c verifier_ext/diag.c" ;;
	# the BPF object front end is host code: libelf + libbpf's BTF API
	fuzz_obj_*) srcs="verifier_ext/*.c tools/lib/obj_*.c" libs="-lbpf -lelf -lz" ;;
	*) srcs="jit/*.c verifier_ext/*.c firmware_sim/*.c" ;;
	esac
	echo "  FUZZ    build/fuzz/$name"
	# shellcheck disable=SC2086
	"$CLANG" -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined \
		-Iinclude "$f" $srcs $libs -o "build/fuzz/$name"
done
