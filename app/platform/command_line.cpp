#include "app/platform/command_line.h"

#include <charconv>
#include <string_view>

namespace trustdesk {
namespace {

bool ParseSize(std::string_view text, int& w, int& h) {
  const auto x = text.find('x');
  if (x == std::string_view::npos) return false;
  auto parse = [](std::string_view s, int& out) {
    const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size() && out >= 320 && out <= 8192;
  };
  return parse(text.substr(0, x), w) && parse(text.substr(x + 1), h);
}

}  // namespace

const char* UsageText() {
  return "Usage: trustdesk [options]\n"
         "\n"
         "  --help                 show this help and exit\n"
         "  --version              print the version and exit\n"
         "  --screenshot FILE      render the window, save it as a PNG file and exit\n"
         "  --size WxH             window size, e.g. 1920x1080 (default 1280x800)\n"
         "  --page NAME            page to show: profiles, issued, activity, settings,\n"
         "                         key_stores, diagnostics (the last two need --advanced)\n"
         "  --advanced             start in Advanced mode for this run\n"
         "  --data-dir DIR         keep settings, cache, certificates and logs under DIR\n"
         "  --no-demo              do not open the built-in demo workspace; show sign-in\n"
         "\n"
         "Without a remembered sign-in, TrustDesk opens the demo workspace: a reference\n"
         "server started on 127.0.0.1 with demo data, signed in as the demo user.\n"
         "Environment: TRUSTDESK_DATA_DIR=DIR is the same as --data-dir DIR.\n";
}

Result<CommandLine> ParseCommandLine(int argc, const char* const* argv) {
  CommandLine cl;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&](const char* what) -> Result<std::string_view> {
      if (i + 1 >= argc) return Error(ErrorCode::InvalidInput, std::string(arg) + " needs " + what);
      return std::string_view(argv[++i]);
    };
    if (arg == "--help" || arg == "-h") {
      cl.help = true;
    } else if (arg == "--version") {
      cl.version = true;
    } else if (arg == "--advanced") {
      cl.advanced = true;
    } else if (arg == "--no-demo") {
      cl.demo = false;
    } else if (arg == "--data-dir") {
      auto v = value("a directory");
      if (!v) return v.error();
      if (v->empty()) return Error(ErrorCode::InvalidInput, "--data-dir needs a directory");
      cl.data_dir = std::string(*v);
    } else if (arg == "--screenshot") {
      auto v = value("a file name");
      if (!v) return v.error();
      if (v->empty()) return Error(ErrorCode::InvalidInput, "--screenshot needs a file name");
      cl.screenshot_path = std::string(*v);
    } else if (arg == "--size") {
      auto v = value("WIDTHxHEIGHT");
      if (!v) return v.error();
      if (!ParseSize(*v, cl.width, cl.height)) {
        return Error(ErrorCode::InvalidInput, "--size: expected WIDTHxHEIGHT between 320 and 8192, "
                                              "got '" + std::string(*v) + "'");
      }
    } else if (arg == "--page") {
      auto v = value("a page name");
      if (!v) return v.error();
      cl.page = PageFromId(*v);
      if (!cl.page) return Error(ErrorCode::InvalidInput, "--page: unknown page '" + std::string(*v) + "'");
    } else {
      return Error(ErrorCode::InvalidInput, "unknown argument '" + std::string(arg) + "'");
    }
  }
  if (cl.page && IsAdvancedPage(*cl.page) && !cl.advanced) {
    return Error(ErrorCode::InvalidInput, std::string("--page ") + PageId(*cl.page) +
                                              " is an Advanced mode page; add --advanced");
  }
  return cl;
}

}  // namespace trustdesk
