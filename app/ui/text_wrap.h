// Line breaking for text that holds file paths. ImGui wraps after spaces and after '.', so a path
// such as "/home/ana/.local/share/…" breaks inside a name ("/home/ana/." + "local/…"). Here a
// line may also end after '/' or '\', so a long path wraps at its separators; a word with no
// break at all is cut where the width ends. Pure: the caller measures text (ImGui's font in the
// app, a fixed width per character in tests).
#pragma once

#include <functional>
#include <string_view>
#include <vector>

namespace trustdesk {

// Width of a piece of text (one UTF-8 code point at a time is enough: ImGui has no kerning).
using MeasureText = std::function<float(std::string_view)>;

// The lines of `text` at most `width` wide (a single code point wider than `width` still gets a
// line). '\n' ends a line; spaces where a line breaks are dropped.
std::vector<std::string_view> WrapLines(std::string_view text, float width,
                                        const MeasureText& measure);

}  // namespace trustdesk
