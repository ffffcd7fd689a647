// Large data sets for benchmarks: one account ("bench"), a user "bench" (password "bench")
// assigned every generated profile, and real certificates signed by the data directory's own CA,
// spread over the profiles. The result is an ordinary server data directory:
//   trustdesk-gen-data --data DIR --profiles 10000 --certificates 200000
//   trustdesk-server --data DIR
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "core/util/result.h"

namespace trustdesk::server {

struct DataSetOptions {
  std::filesystem::path data_dir;   // must not hold a server database yet
  int profiles = 10000;
  int certificates = 200000;
  int password_hash_iterations = 600000;
};

struct DataSetSummary {
  int profiles = 0;
  int certificates = 0;
  double seconds = 0;
};

// `progress` (may be empty) receives one line per batch.
Result<DataSetSummary> GenerateDataSet(const DataSetOptions& options,
                                       const std::function<void(const std::string&)>& progress);

}  // namespace trustdesk::server
