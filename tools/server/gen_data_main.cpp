// trustdesk-gen-data: writes a large benchmark data set into a new server data directory.
//   trustdesk-gen-data --data DIR [--profiles 10000] [--certificates 200000]
// Sign in to the resulting server as account "bench", user "bench", password "bench".
#include <cstdio>
#include <cstdlib>
#include <string>

#include "tools/server/data_set_generator.h"

int main(int argc, char** argv) {
  trustdesk::server::DataSetOptions options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    const char* v = i + 1 < argc ? argv[i + 1] : nullptr;
    if (arg == "--data" && v) {
      options.data_dir = v;
      ++i;
    } else if (arg == "--profiles" && v) {
      options.profiles = std::atoi(v);
      ++i;
    } else if (arg == "--certificates" && v) {
      options.certificates = std::atoi(v);
      ++i;
    } else {
      std::fprintf(stderr,
                   "usage: trustdesk-gen-data --data DIR [--profiles N] [--certificates N]\n");
      return 2;
    }
  }
  if (options.data_dir.empty() || options.profiles < 1 || options.certificates < 0) {
    std::fprintf(stderr, "trustdesk-gen-data: --data DIR and --profiles >= 1 are required\n");
    return 2;
  }
  auto summary = trustdesk::server::GenerateDataSet(
      options, [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); });
  if (!summary) {
    std::fprintf(stderr, "trustdesk-gen-data: %s\n", summary.error().message.c_str());
    return 1;
  }
  std::printf("{\"profiles\": %d, \"certificates\": %d, \"seconds\": %.1f}\n", summary->profiles,
              summary->certificates, summary->seconds);
  return 0;
}
