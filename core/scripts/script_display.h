// How a script is shown to the person asked to allow it, in the window, the CLI and the Activity
// log. Its name, command and arguments come from the server: a control character (a terminal
// escape, a carriage return), an invisible character or a bidirectional override can make a
// terminal or a text widget show something other than what would run. Every such character is
// shown escaped, and each argument is quoted so its boundaries are visible.
#pragma once

#include <string>
#include <string_view>

#include "core/model/profile.h"

namespace trustdesk {

// `text` with control, invisible and bidi-override characters and invalid UTF-8 escaped as
// \n, \t, \xNN or \u{NNNN}; a backslash becomes "\\". Everything else is kept as it is.
std::string VisibleText(std::string_view text);

// One argument as a POSIX shell would need it: as it is when it holds only safe characters,
// in single quotes otherwise, and as $'…' with escapes when it holds characters VisibleText
// escapes. Pasting the result into bash gives back the exact argument.
std::string QuotedArgument(std::string_view argument);

// The command and every argument, quoted: "/bin/sh -c 'touch /tmp/x'".
std::string CommandLineText(const Script& script);

}  // namespace trustdesk
