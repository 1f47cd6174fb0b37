// tui_field.c — the answer box's text and cursor (see tui_field.h).
#include <string.h>

#include "tui_field.h"
#include "tui_text.h"

void tui_field_init(TuiField *f, size_t limit)
{
    tui_field_clear(f);
    f->limit = limit;
}

void tui_field_clear(TuiField *f)
{
    f->text[0] = '\0';
    f->len = f->cur = 0;
}

static size_t utf8_encode(unsigned long cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static size_t room(const TuiField *f)
{
    return f->limit && f->limit < sizeof f->text ? f->limit : sizeof f->text - 1;
}

bool tui_field_insert(TuiField *f, unsigned long cp)
{
    bool control = cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
    if (control || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        return false;
    char enc[4];
    size_t n = utf8_encode(cp, enc);
    if (f->len + n > room(f))
        return false;
    memmove(f->text + f->cur + n, f->text + f->cur, f->len - f->cur + 1);
    memcpy(f->text + f->cur, enc, n);
    f->len += n;
    f->cur += n;
    return true;
}

static bool cont_byte(char c) { return ((unsigned char)c & 0xC0) == 0x80; }

void tui_field_limit(TuiField *f, size_t bytes)
{
    f->limit = bytes;
    size_t max = room(f);
    if (f->len <= max)
        return;
    size_t end = max;
    while (end > 0 && cont_byte(f->text[end]))
        end--; // a character boundary
    f->text[end] = '\0';
    f->len = end;
    if (f->cur > end)
        f->cur = end;
}

// The start of the character before byte offset at (at > 0).
static size_t prev_char(const TuiField *f, size_t at)
{
    do
        at--;
    while (at > 0 && cont_byte(f->text[at]));
    return at;
}

// The end of the character starting at byte offset at (at < len).
static size_t next_char(const TuiField *f, size_t at)
{
    do
        at++;
    while (at < f->len && cont_byte(f->text[at]));
    return at;
}

static void cut(TuiField *f, size_t from, size_t to)
{
    memmove(f->text + from, f->text + to, f->len - to + 1);
    f->len -= to - from;
}

bool tui_field_backspace(TuiField *f)
{
    if (f->cur == 0)
        return false;
    size_t p = prev_char(f, f->cur);
    cut(f, p, f->cur);
    f->cur = p;
    return true;
}

bool tui_field_delete(TuiField *f)
{
    if (f->cur >= f->len)
        return false;
    cut(f, f->cur, next_char(f, f->cur));
    return true;
}

void tui_field_left(TuiField *f) { f->cur = f->cur ? prev_char(f, f->cur) : 0; }
void tui_field_right(TuiField *f) { f->cur = f->cur < f->len ? next_char(f, f->cur) : f->len; }
void tui_field_home(TuiField *f) { f->cur = 0; }
void tui_field_end(TuiField *f) { f->cur = f->len; }

// Display width of text[from, to).
static int span_width(const TuiField *f, size_t from, size_t to)
{
    char buf[TUI_FIELD_MAX];
    memcpy(buf, f->text + from, to - from);
    buf[to - from] = '\0';
    return tui_text_width(buf);
}

void tui_field_view(const TuiField *f, int width, size_t *first, size_t *bytes,
                    int *cursor_col)
{
    size_t start = 0;
    if (width < 1)
        width = 1;
    // Scroll right just enough that the cursor's cell is inside the view (when the
    // cursor sits on a wide character, both its columns are).
    for (;;) {
        int cw = f->cur < f->len ? span_width(f, f->cur, next_char(f, f->cur)) : 1;
        if (start >= f->cur || span_width(f, start, f->cur) + cw <= width)
            break;
        start = next_char(f, start);
    }
    size_t end = start;
    int used = 0;
    while (end < f->len) {
        size_t nx = next_char(f, end);
        int w = span_width(f, end, nx);
        if (used + w > width)
            break;
        used += w;
        end = nx;
    }
    *first = start;
    *bytes = end - start;
    *cursor_col = span_width(f, start, f->cur);
    if (*cursor_col >= width)
        *cursor_col = width - 1;
}
