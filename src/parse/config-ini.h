/* The config.ini loader: INI bytes in, settings and FILE:LINE diagnostics out. No I/O. */
#ifndef MB_PARSE_CONFIG_INI_H
#define MB_PARSE_CONFIG_INI_H

#include <stddef.h>

#include "core/config.h"
#include "core/diag.h"

/* Files larger than this are refused before parsing. */
#define MB_CONFIG_MAX_BYTES (64 * 1024)

/**
 * Read settings from len bytes of INI text in buf (need not be
 * NUL-terminated) into cfg, which the caller has filled with defaults or an
 * earlier file. Unknown sections and keys and bad values each add a
 * diagnostic with their line (column 0); good keys are still applied.
 * Returns 0, -EINVAL when there were problems, or -ENOMEM.
 */
int mb_config_ini_parse(struct mb_config *cfg, const char *buf, size_t len, struct mb_diags *diags);

#endif
