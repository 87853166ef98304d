/* keys.c - the keys of interactive listening: the bytes terminals send for them (xterm and tmux
 * in normal and application cursor mode, the VT220 and rxvt Home/End), and the key list that
 * h and ? say. */
#include "cli/interactive.h"

#include <string.h>

/* What terminals send: xterm and tmux in normal and application cursor mode, the VT220 and rxvt
 * Home/End; then the letters. */
static const struct {
    const char *bytes;
    key k;
} key_table[] = {
    {"\x1b[A", KEY_PREV_PARAGRAPH},
    {"\x1bOA", KEY_PREV_PARAGRAPH},
    {"\x1b[B", KEY_NEXT_PARAGRAPH},
    {"\x1bOB", KEY_NEXT_PARAGRAPH},
    {"\x1b[C", KEY_NEXT},
    {"\x1bOC", KEY_NEXT},
    {"\x1b[D", KEY_PREV},
    {"\x1bOD", KEY_PREV},
    {"\x1b[H", KEY_FIRST},
    {"\x1bOH", KEY_FIRST},
    {"\x1b[1~", KEY_FIRST},
    {"\x1b[7~", KEY_FIRST},
    {"\x1b[F", KEY_LAST},
    {"\x1bOF", KEY_LAST},
    {"\x1b[4~", KEY_LAST},
    {"\x1b[8~", KEY_LAST},
    {" ", KEY_PAUSE},
    {"+", KEY_FASTER},
    {"=", KEY_FASTER},
    {"-", KEY_SLOWER},
    {"_", KEY_SLOWER},
    {"r", KEY_REPEAT},
    {"s", KEY_SPELL},
    {"w", KEY_WHERE},
    {"t", KEY_TITLE},
    {"[", KEY_PREV_SECTION},
    {"]", KEY_NEXT_SECTION},
    {"h", KEY_HELP},
    {"?", KEY_HELP},
    {"b", KEY_BOOKMARK},
    {"B", KEY_BOOKMARKS},
    {"e", KEY_EARCONS},
    {"q", KEY_QUIT},
    {"Q", KEY_QUIT},
};

/* The key list of h and ?, spoken and printed. */
const char cli_key_help[] =
    "phím cách: tạm dừng, tiếp tục; mũi tên trái, phải: câu trước, câu sau; mũi tên lên, xuống: "
    "đoạn trước, đoạn sau; Home, End: đầu bài, cuối bài; cộng, trừ: nhanh hơn, chậm hơn; "
    "r: đọc lại; s: đánh vần; w: đang ở đâu; t: tiêu đề; số 0 đến 9: tới 0 đến 90 phần trăm; "
    "ngoặc vuông: mục trước, mục sau; b: đánh dấu; B hoa: các dấu trang; e: bật, tắt âm báo; "
    "q: thoát";

/* The key at the start of buf and its length in *used (at least 1: unknown bytes are skipped;
 * an unknown escape sequence is skipped whole). */
key cli_parse_key(const char *buf, size_t len, size_t *used)
{
    *used = 1;
    if (buf[0] >= '0' && buf[0] <= '9')
        return (key)(KEY_DIGIT_0 + (buf[0] - '0'));
    for (size_t i = 0; i < sizeof key_table / sizeof key_table[0]; i++) {
        size_t n = strlen(key_table[i].bytes);
        if (n <= len && memcmp(buf, key_table[i].bytes, n) == 0) {
            *used = n;
            return key_table[i].k;
        }
    }
    if (buf[0] == '\x1b' && len > 2 && (buf[1] == '[' || buf[1] == 'O')) {
        size_t n = 2; /* up to the sequence's final byte, 0x40..0x7e */
        while (n < len && !(buf[n] >= 0x40 && buf[n] <= 0x7e))
            n++;
        *used = n < len ? n + 1 : len;
    }
    return KEY_NONE;
}
