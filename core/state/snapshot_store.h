// Publishes immutable snapshots to readers (the UI thread) and serialises writers (sync engine,
// job worker). The reader lock is held only for a shared_ptr copy or swap, never during a build.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>

#include "core/model/snapshot.h"

namespace trustdesk {

class SnapshotStore {
 public:
  using WakeCallback = std::function<void()>;

  SnapshotStore();

  // The current snapshot; never null. Cheap: one pointer copy under the lock.
  std::shared_ptr<const Snapshot> Current() const;

  // Copies the current snapshot, lets `edit` change the copy, stamps the next generation and
  // publishes it, then calls the wake callback. Writers are serialised; readers never wait for
  // `edit`. Returns the new generation.
  uint64_t Update(const std::function<void(Snapshot&)>& edit);

  // Called after every publish (from the publishing thread), e.g. glfwPostEmptyEvent.
  void SetWakeCallback(WakeCallback wake);

 private:
  mutable std::mutex read_mutex_;     // guards current_ only for the pointer copy/swap
  std::shared_ptr<const Snapshot> current_;
  std::mutex write_mutex_;            // serialises Update() callers; guards wake_
  WakeCallback wake_;
};

}  // namespace trustdesk
