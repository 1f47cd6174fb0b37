// lesson_words.c — the few words the program adds to a lesson, one table per language:
// the key's "→ answer:", the wording of a tie, the precision a number answer needs, the
// verdicts and the hints about an answer's form. The lesson files carry everything else.
// (Issue 14 turns these tables into gettext catalogues.)
#include <stdlib.h>
#include <string.h>

#include "lesson.h"
#include "strbuf.h"

static const LessonPhrases EN = {
    .lang = "en",
    .q_first = "Q: ",
    .q_rest = "   ",
    .key = " → answer: ",
    .cannot = "(cannot be answered here: %s)",
    .predicted = "a prediction: the stage below shows it",
    .quote_open = "\"",
    .quote_close = "\"",
    .list_comma = ", ",
    .list_and = " and ",
    .attends = "attends most to %s",
    .attends_only = "can only attend to %s",
    .attends_even = "spreads its attention evenly over all %s tokens",
    .attends_tie = "splits its attention evenly between %s",
    .tie_labels = "%s (a tie)",
    .precision = "(to the nearest %s; within ±%s is right)",
    .right = "Right: %s.",
    .wrong = "Not quite: you answered \"%s\"; the answer is %s.",
    .within = "(numbers within ±%s count as right)",
    .rounded = "(the numbers on the screen are rounded, so what is worked out from them may "
               "be off by up to ±%s: yours is within that)",
    .sharper = "sharper",
    .flatter = "flatter",
    .same = "the same",
    .different = "different",
    .outcome_sharpen = "largest weight %s → %s %s",
    .outcome_same = "the same values in another order %s",
    .whatif_words = {"", "without scaling", "with a causal mask", "with the words reversed"},
    .hint_number = "Type a number, like 0.25 or 0,25 (or -inf).",
    .hint_shape = "Type the shape as rows×cols, like 3x4 or 3 by 4.",
    .hint_label = "Type one of %s, or its position, 1 to %s.",
    .hint_letter = "Type the letter of your choice (a, b, c …).",
    .hint_sharpen = "Type sharper, flatter or the same.",
    .hint_same = "Type the same or different.",
};

static const LessonPhrases ZH = {
    .lang = "zh",
    .q_first = "问：",
    .q_rest = "    ",
    .key = " → 答案：",
    .cannot = "（这里无法作答：%s）",
    .predicted = "预测题：下面的阶段会揭晓",
    .quote_open = "“",
    .quote_close = "”",
    .list_comma = "、",
    .list_and = "和",
    .attends = "最关注%s",
    .attends_only = "只能关注%s",
    .attends_even = "把注意力平均分给了全部 %s 个词",
    .attends_tie = "对%s关注得一样多",
    .tie_labels = "%s（并列）",
    .precision = "（精确到 %s；误差在 ±%s 以内都算对）",
    .right = "答对了：%s。",
    .wrong = "答错了：你的答案是“%s”，正确答案是 %s。",
    .within = "（与答案相差不超过 ±%s 都算对）",
    .rounded = "（屏幕上的数都四舍五入过，用它们算出来的结果可能差 ±%s；你的答案在这个范围内。）",
    .sharper = "更尖锐",
    .flatter = "更平缓",
    .same = "不变",
    .different = "会变",
    .outcome_sharpen = "最大权重 %s → %s（%s）",
    .outcome_same = "还是同样这些数，只是换了顺序（%s）",
    .whatif_words = {"", "关掉缩放后", "加上因果掩码后", "把词序倒过来后"},
    .hint_number = "请输入一个数，例如 0.25 或 0,25（也可以是 -inf）。",
    .hint_shape = "请按“行×列”输入形状，例如 3x4、3 乘 4 或 3行4列。",
    .hint_label = "请输入 %s 中的一个，或者它的位置（1 到 %s）。",
    .hint_letter = "请输入所选答案的字母（a、b、c……）。",
    .hint_sharpen = "请回答：更尖锐、更平缓或不变。",
    .hint_same = "请回答：不变或会变。",
};

const LessonPhrases *lesson_words(const char *lang)
{
    return lang && strncmp(lang, "zh", 2) == 0 && (lang[2] == '\0' || lang[2] == '-' ||
                                                   lang[2] == '_')
               ? &ZH
               : &EN;
}

// What a learner may type for sharpen and same, in English or Chinese, whatever the
// lesson's language (compared after answer_normalize, ASCII case ignored).
const char *const LESSON_SHARPER[] = {"sharper", "sharp", "more peaked", "peakier",
                                      "more focused", "更尖锐", "尖锐", "更尖", "变尖",
                                      "更集中", "集中", "更陡", NULL};
const char *const LESSON_FLATTER[] = {"flatter", "flat", "more even", "smoother", "softer",
                                      "更平缓", "平缓", "更平", "变平", "更分散", "分散",
                                      "更平均", "更平坦", NULL};
const char *const LESSON_SAME[] = {"the same", "same", "unchanged", "no change", "equal",
                                   "不变", "一样", "相同", "没变", "不会变", "保持不变",
                                   "一样的", NULL};
const char *const LESSON_DIFFERENT[] = {"different", "changed", "change", "changes", "不同",
                                        "不一样", "会变", "变了", "改变", "会改变", NULL};

// Each "%s" of tmpl in turn replaced by a, b, c (NULL: ""); "%%" is a '%'. The tables'
// words are templates, not printf formats: a translation cannot break the program.
static void say(StrBuf *out, const char *tmpl, const char *a, const char *b, const char *c)
{
    const char *arg[3] = {a, b, c};
    int next = 0;
    for (const char *p = tmpl; *p; p++) {
        if (p[0] == '%' && p[1] == 's') {
            strbuf_puts(out, next < 3 && arg[next] ? arg[next] : "");
            next++;
            p++;
        } else if (p[0] == '%' && p[1] == '%') {
            strbuf_puts(out, "%");
            p++;
        } else {
            strbuf_put(out, p, 1);
        }
    }
}

char *lesson_say(const char *tmpl, const char *a, const char *b, const char *c)
{
    StrBuf out;
    if (strbuf_open(&out) != 0)
        return NULL;
    say(&out, tmpl, a, b, c);
    return strbuf_close(&out);
}

void lesson_sayn(char *buf, size_t size, const char *tmpl, const char *a, const char *b,
                 const char *c)
{
    char *s = lesson_say(tmpl, a, b, c);
    size_t n = s ? strlen(s) : 0;
    if (size == 0)
        return;
    if (n >= size) { // cut at a character
        n = size - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    if (s)
        memcpy(buf, s, n);
    buf[n] = '\0';
    free(s);
}
