#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# Install the Debian packages xnic needs.  Idempotent: when everything is
# present it only runs one dpkg-query and returns.
set -euo pipefail

PKGS=(
	build-essential clang llvm lld clang-format
	libbpf-dev libelf-dev zlib1g-dev libpcap-dev libcmocka-dev pkg-config
	bpftool iproute2 ethtool
	linux-headers-amd64 linux-image-amd64 kmod
	qemu-system-x86 busybox-static cpio gzip
	valgrind
)

missing=()
for p in "${PKGS[@]}"; do
	st=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
	[[ "$st" == ii* ]] || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: all ${#PKGS[@]} packages present"
	exit 0
fi

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "deps: done"
