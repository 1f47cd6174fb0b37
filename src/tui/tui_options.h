// tui_options.h — what the stepper is asked to do (the command line's part of it). Shared
// by tui.h (the public entry) and tui_state.h (the state keeps a pointer to them).
#ifndef ATTNTRACE_TUI_OPTIONS_H
#define ATTNTRACE_TUI_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "heatmap.h"
#include "lesson.h"

// Where the stepper's e/E keys write when --export-dir is not given.
#define DEFAULT_TUI_EXPORT_DIR "attntrace-export"

typedef struct {
    ColorMode color_cap;        // COLOR_NONE when --color never or NO_COLOR; else the best the terminal offers is chosen at start
    const Palette *palette;     // --palette (NULL: the default)
    const char *export_dir;     // --export-dir (default "attntrace-export")
    double autoplay;            // seconds; 0 = off
    const Lesson *lesson;       // --lesson: its section for each stage in the panel, its
                                // questions answered with A; NULL = built-in descriptions
    bool quiz;                  // --quiz: unanswered questions hold the learner at a stage
    uint64_t seed;              // --seed: the d/D keys generate weights from it
    const char *start_stage;    // --stage NAME: open on that stage (NULL: the first)
    bool decode;                // --decode: the C key opens the decode walk
    bool present;               // --present: open in the presenter layout (F toggles it)
    bool own_embeddings;        // the sample's own embeddings (not -e): v may show what its
                                // dimensions.csv says each dimension means
    char lang[16];              // the messages' language ("zh"; "" for English): v shows
                                // the meanings of dimensions.LANG.csv when there is one
} TuiOptions;

#endif
