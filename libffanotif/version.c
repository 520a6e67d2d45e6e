// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The library's API version (independent of the soname and the release).
 */
#include "internal.h"

#define STR_(x) #x
#define STR(x) STR_(x)

FFANOTIF_API const char *ffanotif_api_version(void)
{
	return STR(FFANOTIF_API_VERSION_MAJOR) "." STR(
		FFANOTIF_API_VERSION_MINOR);
}

FFANOTIF_API unsigned int ffanotif_api_version_number(void)
{
	return FFANOTIF_API_VERSION;
}
