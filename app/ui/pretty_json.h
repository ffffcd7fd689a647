// The snapshot keeps each profile's JSON compact (less memory, a faster offline cache); the details
// modal shows it indented. This formats the text when it is first shown and again only when the
// shown text changes, so a frame costs a string comparison.
#pragma once

#include <string>

namespace trustdesk {

class PrettyJson {
 public:
  // `compact` indented by two spaces; the text itself if it is not valid JSON.
  const std::string& For(const std::string& compact);

 private:
  std::string source_;
  std::string pretty_;
  bool valid_ = false;
};

}  // namespace trustdesk
