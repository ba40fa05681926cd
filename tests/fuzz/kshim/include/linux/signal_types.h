/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: sigset_t for the prototypes of <linux/hpc.h>, from the C library. */
#include <signal.h>
