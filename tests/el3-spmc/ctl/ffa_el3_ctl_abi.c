// SPDX-License-Identifier: GPL-2.0-only
/* The protocol core's ffp_abi.c, built into the module unchanged. */
#include "../../../protocol/ffp_abi.c"
