// tui_keys.c — the key table, keys as curses gives them, a text field's keys (see
// tui_keys.h).
#include <curses.h>

#include "i18n.h"
#include "tui_keys.h"

#define ESC 27

static const TuiKey KEYS[] = {
    {'n', REQ_NEXT, 0, "n", N_("next stage"), N_("n/p stage")},
    {' ', REQ_NEXT, 0, "Space", NULL, NULL},
    {KEY_NPAGE, REQ_NEXT, 0, "PgDn", NULL, NULL},
    {'\t', REQ_NEXT, 0, "Tab", NULL, NULL},
    {'p', REQ_PREV, 0, "p", N_("previous stage"), NULL},
    {KEY_BACKSPACE, REQ_PREV, 0, "Backspace", NULL, NULL},
    {127, REQ_PREV, 0, NULL, NULL, NULL},
    {8, REQ_PREV, 0, NULL, NULL, NULL},
    {KEY_PPAGE, REQ_PREV, 0, "PgUp", NULL, NULL},
    {KEY_BTAB, REQ_PREV, 0, "Shift-Tab", NULL, NULL},
    {'g', REQ_FIRST, 0, "g", N_("first stage"), NULL},
    {KEY_HOME, REQ_FIRST, 0, "Home", NULL, NULL},
    {'G', REQ_LAST, 0, "G", N_("last stage"), NULL},
    {KEY_END, REQ_LAST, 0, "End", NULL, NULL},
    {'1', REQ_JUMP, 0, "1…9", N_("jump to stage 1…9"), NULL},
    {'2', REQ_JUMP, 1, NULL, NULL, NULL},
    {'3', REQ_JUMP, 2, NULL, NULL, NULL},
    {'4', REQ_JUMP, 3, NULL, NULL, NULL},
    {'5', REQ_JUMP, 4, NULL, NULL, NULL},
    {'6', REQ_JUMP, 5, NULL, NULL, NULL},
    {'7', REQ_JUMP, 6, NULL, NULL, NULL},
    {'8', REQ_JUMP, 7, NULL, NULL, NULL},
    {'9', REQ_JUMP, 8, NULL, NULL, NULL},
    {KEY_LEFT, REQ_LEFT, 0, "←", N_("cell cursor left"), N_("←↓↑→ cell")},
    {'h', REQ_LEFT, 0, "h", NULL, NULL},
    {KEY_DOWN, REQ_DOWN, 0, "↓", N_("cell cursor down"), NULL},
    {'j', REQ_DOWN, 0, "j", NULL, NULL},
    {KEY_UP, REQ_UP, 0, "↑", N_("cell cursor up"), NULL},
    {'k', REQ_UP, 0, "k", NULL, NULL},
    {KEY_RIGHT, REQ_RIGHT, 0, "→", N_("cell cursor right"), NULL},
    {'l', REQ_RIGHT, 0, "l", NULL, NULL},
    {'\n', REQ_INSPECT, 0, "Enter", N_("open/close the inspector on the cell"), N_("Enter inspect")},
    {'\r', REQ_INSPECT, 0, NULL, NULL, NULL},
    {KEY_ENTER, REQ_INSPECT, 0, NULL, NULL, NULL},
    {'i', REQ_INSPECT, 0, "i", NULL, NULL},
    {']', REQ_HEAD_NEXT, 0, "]", N_("next head: the same stage of head h+1 (with --heads); "
     "else scroll the text panel down"), N_("[/] text")},
    {'[', REQ_HEAD_PREV, 0, "[", N_("previous head (with --heads); else scroll the text panel up"),
     NULL},
    {'J', REQ_PANEL_DOWN, 0, "J", N_("scroll the text panel down"), NULL},
    {'K', REQ_PANEL_UP, 0, "K", N_("scroll the text panel up"), NULL},
    {'A', REQ_ANSWER, 0, "A", N_("answer the lesson's question here (Enter submits, Esc cancels)"),
     N_("A answer")},
    {'+', REQ_WIDER, 0, "+", N_("wider cells: one more decimal"), N_("+/- digits")},
    {'-', REQ_NARROWER, 0, "-", N_("narrower cells: one less decimal"), NULL},
    {'z', REQ_ZOOM, 1, "z", N_("zoom in (wider cells, taller rows) / out; back at the fit, "
     "the zoom follows the screen"), N_("z/Z zoom")},
    {'Z', REQ_ZOOM, -1, "Z", NULL, NULL},
    {'F', REQ_PRESENT, 0, "F", N_("presenter layout: the matrix and its operands fill the screen, "
     "the explanation folds into a caption line"), NULL},
    {'e', REQ_EXPORT_STAGE, 0, "e", N_("export this stage as CSV"), N_("e/E export")},
    {'E', REQ_EXPORT_ALL, 0, "E", N_("export every stage and a manifest"), NULL},
    {'s', REQ_SCALE, 0, "s", N_("what if: scaling ÷√d_k on/off (every stage recomputed)"),
     N_("s/x what-if")},
    {'m', REQ_MASK, 0, "m", N_("what if: causal mask on/off"), NULL},
    {'t', REQ_TEMP_DOWN, 0, "t", N_("what if: temperature down (0.25 0.5 1 2 4)"), NULL},
    {'T', REQ_TEMP_UP, 0, "T", N_("what if: temperature up"), NULL},
    {'d', REQ_DK_DOWN, 0, "d", N_("what if: d_k of generated weights ÷2 (1…64)"), NULL},
    {'D', REQ_DK_UP, 0, "D", N_("what if: d_k of generated weights ×2"), NULL},
    {'r', REQ_ROPE, 0, "r", N_("what if: RoPE on/off (Q and K turned by position)"), NULL},
    {'o', REQ_ORDER, 0, "o", N_("what if: the words reordered, beside the original on the "
     "weights (rows that only moved are underlined)"), NULL},
    {'x', REQ_COMPARE, 0, "x", N_("compare: before and after the last change, and after − before"),
     NULL},
    {'=', REQ_EDIT, 0, "=", N_("edit this number (embeddings, W_Q, W_K, W_V stages)"), NULL},
    {'u', REQ_UNDO, 0, "u", N_("undo the last edit or what-if change"), NULL},
    {'w', REQ_WRITE_SAMPLE, 0, "w", N_("write the inputs as a new sample folder (attntrace-sample)"),
     NULL},
    {'S', REQ_SLIDES, 0, "S", N_("write every stage as an SVG slide (attntrace-slides)"), NULL},
    {'W', REQ_DECODE, 0, "W", N_("decode walk (with --decode): token by token with the KV cache; "
     "n/p step, [ ] head, C back"), NULL},
    {'a', REQ_AUTOPLAY, 0, "a", N_("autoplay through the stages (any key stops)"), N_("a play")},
    {'c', REQ_COLOR, 0, "c", N_("cycle colors: 256 → 8 → none (glyphs)"), N_("c color")},
    {'C', REQ_PALETTE, 0, "C", N_("cycle the palette: cividis → viridis → projector (the legend "
                                  "names it)"), NULL},
    {'v', REQ_VOCAB, 0, "v", N_("on the embeddings stage: the vocabulary, what each dimension "
     "means and each token's row (any key closes it)"), NULL},
    {'?', REQ_HELP, 0, "?", N_("this help (any key closes it)"), N_("? help")},
    {'q', REQ_QUIT, 0, "q", N_("quit"), N_("q quit")},
    {ESC, REQ_QUIT, 0, "Esc", NULL, NULL},
    {KEY_MOUSE, REQ_MOUSE, 0, N_("click"), N_("select the cell under the mouse"), NULL},
    {KEY_RESIZE, REQ_RESIZE, 0, NULL, NULL, NULL},
};

const TuiKey *tui_keys(size_t *count)
{
    *count = sizeof KEYS / sizeof KEYS[0];
    return KEYS;
}

const TuiKey *tui_key_find(int key)
{
    for (size_t k = 0; k < sizeof KEYS / sizeof KEYS[0]; k++)
        if (KEYS[k].key == key)
            return &KEYS[k];
    return NULL;
}

int tui_press_key(TuiPress p) { return p.code || p.wc < 128 ? (int)p.wc : TUI_KEY_OTHER; }

bool tui_press_is(TuiPress p, int key_code) { return p.code && (int)p.wc == key_code; }

TuiFieldKey tui_field_key(TuiField *f, TuiPress p)
{
    int k = (int)p.wc;
    if (p.code) {
        switch (k) {
        case KEY_ENTER: return TUI_FIELD_SUBMIT;
        case KEY_BACKSPACE: tui_field_backspace(f); break;
        case KEY_DC: tui_field_delete(f); break;
        case KEY_LEFT: tui_field_left(f); break;
        case KEY_RIGHT: tui_field_right(f); break;
        case KEY_HOME: tui_field_home(f); break;
        case KEY_END: tui_field_end(f); break;
        case KEY_MOUSE: { MEVENT ev; getmouse(&ev); break; } // not here
        default: break; // KEY_RESIZE: the next frame lays out again
        }
        return TUI_FIELD_EDITED;
    }
    switch (k) {
    case '\n': case '\r': return TUI_FIELD_SUBMIT;
    case ESC: return TUI_FIELD_CANCEL;
    case 127: case 8: tui_field_backspace(f); break;
    case 1: tui_field_home(f); break;  // Ctrl-A
    case 5: tui_field_end(f); break;   // Ctrl-E
    case 21: tui_field_clear(f); break; // Ctrl-U
    default:
        if (!tui_field_insert(f, (unsigned long)p.wc) && p.wc >= 0x20)
            return TUI_FIELD_FULL;
        break;
    }
    return TUI_FIELD_EDITED;
}
