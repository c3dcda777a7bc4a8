/* Stored and imported text on its way to a terminal: UTF-8, control characters, escapes. */
#ifndef MB_CORE_TEXT_H
#define MB_CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Room mb_text_printable() needs to escape len bytes of text in full, NUL included. */
#define MB_TEXT_PRINTABLE_SIZE(len) (4 * (len) + 1)

/**
 * Decode the UTF-8 sequence at the start of s, of which n > 0 bytes may be
 * read, into *cp. Returns its length (1 to 4), or 0 when s does not start a
 * valid sequence: a stray or truncated byte, an overlong form, a surrogate,
 * or a value past U+10FFFF (*cp is then untouched).
 */
size_t mb_utf8_decode(const char *s, size_t n, uint32_t *cp);

/**
 * Whether cp is a control character: C0 (U+0000 to U+001F, tab and newline
 * included), DEL (U+007F) or C1 (U+0080 to U+009F). These are what a
 * terminal acts on (colours, titles, the clipboard), and no history field
 * holds one.
 */
bool mb_text_is_control(uint32_t cp);

/**
 * Whether cp may go to a terminal as it is: not a control character, not the
 * line or paragraph separator (U+2028, U+2029), and not a bidirectional
 * formatting character (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to
 * U+2069), which would reorder the rest of the line it is shown on.
 */
bool mb_text_is_printable(uint32_t cp);

/**
 * Copy the NUL-terminated text into out (size > 0 bytes, always
 * NUL-terminated) with everything mb_text_is_printable() refuses written
 * as an escape a reader can see: \n, \t and \r; \xHH for the other C0
 * characters, DEL and each byte that is not UTF-8; \uHHHH for the rest.
 * Backslashes are left as they are. Text that does not fit is cut before
 * the first character or escape that would not fit whole;
 * MB_TEXT_PRINTABLE_SIZE(strlen(text)) always fits. NULL text gives "".
 * Returns out.
 */
const char *mb_text_printable(const char *text, char *out, size_t size);

#endif
