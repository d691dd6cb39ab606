# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# xnic top-level build.  Sources are discovered by folder, so adding a file
# to a part needs no edit here:
#   jit/*.c verifier_ext/*.c firmware_sim/*.c  freestanding core (host + kernel)
#   tools/lib/*.c                              host library (libbpf, libelf, pcap)
#   tools/xnic-*.c                             one command-line tool each
#   tests/unit/test_*.c                        one cmocka test binary each
#   examples/*.bpf.c tests/progs/*.bpf.c       BPF programs built with clang
#   bench/bench_*.c                            benchmarks printing tables
# The kernel module is built by Kbuild (see ./Kbuild) with `make module`.

BUILD ?= build
SAN ?=
CC ?= cc
CLANG ?= clang
V ?= 0
Q := $(if $(filter 1,$(V)),,@)

KDIR ?= $(shell ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1)

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wno-unused-parameter -Wno-missing-field-initializers \
	-Wvla -Wdeclaration-after-statement
# The frame limit is the kernel's; sanitizer builds inflate frames, and the
# kernel build (make module) checks the real limit anyway.
CORE_WARN := -Wimplicit-fallthrough=5 \
	$(if $(filter 1,$(SAN)),,-Wframe-larger-than=512)

OPT := -O2
ifeq ($(SAN),1)
OPT := -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
endif

CFLAGS_COMMON := -std=gnu11 -g $(OPT) $(WARN) -Iinclude -MMD -MP
LDLIBS := -lbpf -lelf -lz -lpcap
comma := ,
LDFLAGS := $(if $(filter 1,$(SAN)),-fsanitize=address$(comma)undefined)

JIT_SRCS := $(wildcard jit/*.c)
VER_SRCS := $(wildcard verifier_ext/*.c)
SIM_SRCS := $(wildcard firmware_sim/*.c)
HOST_SRCS := $(wildcard tools/lib/*.c)
TOOL_SRCS := $(wildcard tools/xnic-*.c)
TEST_SRCS := $(wildcard tests/unit/test_*.c)
TEST_HELPER_SRCS := $(wildcard tests/unit/helpers/*.c)
BENCH_SRCS := $(wildcard bench/bench_*.c)
BPF_SRCS := $(wildcard examples/*.bpf.c tests/progs/*.bpf.c tests/progs/*/*.bpf.c)

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))

LIB_JIT := $(BUILD)/lib/libxnic_jit.a
LIB_VER := $(BUILD)/lib/libxnic_verifier.a
LIB_SIM := $(BUILD)/lib/libxnic_sim.a
LIB_HOST := $(BUILD)/lib/libxnic_host.a
LIBS := $(LIB_HOST) $(LIB_JIT) $(LIB_VER) $(LIB_SIM)
LINK_LIBS := -Wl,--start-group $(LIBS) -Wl,--end-group $(LDLIBS)

TOOLS := $(patsubst tools/%.c,$(BUILD)/bin/%,$(TOOL_SRCS))
TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(TEST_SRCS))
BENCHES := $(patsubst bench/%.c,$(BUILD)/bench/%,$(BENCH_SRCS))
BPF_OBJS := $(patsubst %.bpf.c,$(BUILD)/bpf/%.bpf.o,$(BPF_SRCS))

.PHONY: all libs tools tests bench bpf deps check check-unit check-asan \
	check-tools check-diff check-conformance check-kernel module demo \
	clean format format-check help
.DEFAULT_GOAL := all

all: libs tools bpf

libs: $(LIBS)
tools: $(TOOLS)
tests: $(TESTS)
bench: $(BENCHES)
bpf: $(BPF_OBJS)

help:
	@echo "make           build the core libraries, tools and BPF examples"
	@echo "make deps      install the Debian packages xnic needs"
	@echo "make demo      deps + build + cross-compile an example + simulate it"
	@echo "make check     deps + build (incl. xnic.ko) + every test"
	@echo "make module    build driver/xnic.ko against KDIR=$(KDIR)"
	@echo "make bench     build the benchmarks (run them with bench/run.sh)"
	@echo "make format    clang-format every C file in place"

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS_COMMON) $(if $(filter jit/% verifier_ext/% firmware_sim/%,$<),$(CORE_WARN)) -c $< -o $@

$(LIB_JIT): $(call obj,$(JIT_SRCS))
$(LIB_VER): $(call obj,$(VER_SRCS))
$(LIB_SIM): $(call obj,$(SIM_SRCS))
$(LIB_HOST): $(call obj,$(HOST_SRCS))
$(LIBS):
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/bin/%: $(BUILD)/obj/tools/%.o $(LIBS)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $< $(LINK_LIBS) -o $@

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(call obj,$(TEST_HELPER_SRCS)) $(LIBS)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $< $(call obj,$(TEST_HELPER_SRCS)) $(LINK_LIBS) -lcmocka -o $@

$(BUILD)/bench/%: $(BUILD)/obj/bench/%.o $(LIBS)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(LDFLAGS) $< $(LINK_LIBS) -o $@

# BPF programs: clang's BPF target, with BTF and line info for diagnostics.
BPF_CFLAGS := -target bpf -O2 -g -Wall -Werror -Iinclude \
	-I/usr/include/$(shell uname -m)-linux-gnu
# clang 14 emits 32-bit atomics with fetch and JMP32/ALU32 only for cpu v3.
$(BUILD)/bpf/%_v3.bpf.o: BPF_CFLAGS += -mcpu=v3
$(BUILD)/bpf/%.bpf.o: %.bpf.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CLANG   $<")
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

deps:
	@tools/install-deps.sh

module:
	@test -n "$(KDIR)" || { echo "no kernel headers: run make deps or set KDIR=" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules
	@cp xnic.ko driver/xnic.ko

check: deps
	@tests/run-all.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@examples/demo.sh

format:
	@clang-format -i $$(git ls-files '*.c' '*.h')

format-check:
	@clang-format --dry-run --Werror $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD)
	-test -n "$(KDIR)" && $(MAKE) -C $(KDIR) M=$(CURDIR) clean >/dev/null 2>&1 || true

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
