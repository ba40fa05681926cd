/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: the uapi header of the same name; the rest is in kshim.h. */
#include_next <linux/limits.h>
