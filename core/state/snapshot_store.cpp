#include "core/state/snapshot_store.h"

#include <utility>

namespace trustdesk {

SnapshotStore::SnapshotStore() : current_(std::make_shared<const Snapshot>()) {}

std::shared_ptr<const Snapshot> SnapshotStore::Current() const {
  std::lock_guard<std::mutex> lock(read_mutex_);
  return current_;
}

uint64_t SnapshotStore::Update(const std::function<void(Snapshot&)>& edit) {
  WakeCallback wake;
  uint64_t generation = 0;
  std::shared_ptr<const Snapshot> previous;
  {
    std::lock_guard<std::mutex> write_lock(write_mutex_);
    // Only writers replace current_, and they are serialised here, so this copy is the latest.
    const std::shared_ptr<const Snapshot> base = Current();
    auto next = std::make_shared<Snapshot>(*base);
    edit(*next);  // if it throws, nothing is published
    generation = next->generation = base->generation + 1;
    {
      std::lock_guard<std::mutex> read_lock(read_mutex_);
      previous = std::exchange(current_, std::move(next));
    }
    wake = wake_;
  }
  // The old snapshot may be the last reference: free it outside both locks.
  previous.reset();
  if (wake) wake();
  return generation;
}

void SnapshotStore::SetWakeCallback(WakeCallback wake) {
  std::lock_guard<std::mutex> write_lock(write_mutex_);
  wake_ = std::move(wake);
}

}  // namespace trustdesk
