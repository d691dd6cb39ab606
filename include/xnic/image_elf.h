/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Host-only: .xnic image files (ELF, layout in docs/abi.md) via libelf. */
#ifndef XNIC_IMAGE_ELF_H
#define XNIC_IMAGE_ELF_H

#include <stddef.h>
#include "image.h"

#define XNIC_EM_XNIC 0x5843 /* 'XC': not a registered e_machine */

int xnic_image_write_file(const char *path, const struct xnic_image *img,
			  char *err, size_t errlen);
/* Fills img (owning its buffers: xnic_image_release) or returns -errno. */
int xnic_image_read_file(const char *path, struct xnic_image *img, char *err,
			 size_t errlen);
/* Writes only the code words, little-endian u64s (jited_prog_insns). */
int xnic_image_write_code(const char *path, const struct xnic_image *img,
			  char *err, size_t errlen);

#endif /* XNIC_IMAGE_ELF_H */
