// Command-line options of the trustdesk executable.
#pragma once

#include <optional>
#include <string>

#include "app/ui/page.h"
#include "core/util/result.h"

namespace trustdesk {

struct CommandLine {
  bool help = false;
  bool version = false;
  std::string screenshot_path;        // --screenshot FILE: render, save a PNG, exit
  int width = 1280, height = 800;     // --size WxH (window size in screen coordinates)
  std::optional<Page> page;           // --page NAME
  bool advanced = false;              // --advanced: Advanced mode on for this run
  std::string data_dir;               // --data-dir DIR: all state under DIR (else per-user dirs)
  bool demo = true;                   // --no-demo: never start the built-in demo workspace
  int screenshot_wait_seconds = 30;   // --screenshot waits this long for sign-in and first sync
};

// Parses argv; an error names the bad argument.
Result<CommandLine> ParseCommandLine(int argc, const char* const* argv);
const char* UsageText();

}  // namespace trustdesk
