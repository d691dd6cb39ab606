// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Ownership of struct xnic_image: one place that knows what to free. */
#include "xnic/image.h"

void xnic_image_release(struct xnic_image *img)
{
	u32 i;

	xnic_free(img->code);
	xnic_free(img->maps);
	xnic_free(img->relocs);
	xnic_free(img->insn_start);
	xnic_free(img->lines);
	for (i = 0; i < img->file_cnt; i++)
		xnic_free(img->files[i]);
	xnic_free(img->files);
	xnic_memset(img, 0, sizeof(*img));
}
