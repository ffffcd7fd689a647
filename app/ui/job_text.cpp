#include "app/ui/job_text.h"

#include <string_view>

namespace trustdesk {
namespace {

bool StripPrefix(std::string& text, std::string_view prefix) {
  if (prefix.empty() || text.size() <= prefix.size() + 2) return false;
  if (text.compare(0, prefix.size(), prefix) != 0) return false;
  if (text.compare(prefix.size(), 2, ": ") != 0) return false;
  text.erase(0, prefix.size() + 2);
  return true;
}

}  // namespace

std::string JobFailureReason(const JobStatus& job, const std::string& fallback) {
  if (job.error.empty()) return fallback;
  std::string reason = job.error;
  if (job.current < job.steps.size()) {
    const JobStep step = job.steps[job.current];
    // The worker words it with the step's label; older journals used the step's id.
    if (!StripPrefix(reason, StepLabel(step))) StripPrefix(reason, ToString(step));
  }
  // The sentence now starts the message: capitalise it like the rest of the UI.
  if (!reason.empty() && reason[0] >= 'a' && reason[0] <= 'z' && reason != job.error) {
    reason[0] = static_cast<char>(reason[0] - 'a' + 'A');
  }
  return reason;
}

}  // namespace trustdesk
