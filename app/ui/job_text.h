// How a job's outcome is worded where the failing step is already named next to it.
#pragma once

#include <string>

#include "core/model/job_status.h"

namespace trustdesk {

// The reason a job failed without the "<step>: " prefix the worker puts in front of it (the
// views name the step in their own heading, "Enrollment failed at “Submit to CA”"); the whole
// error when it carries no such prefix, `fallback` when it is empty.
std::string JobFailureReason(const JobStatus& job, const std::string& fallback);

}  // namespace trustdesk
