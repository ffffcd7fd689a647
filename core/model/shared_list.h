// An immutable list shared between snapshots. Publishing a snapshot copies the Snapshot struct;
// with SharedList the big lists (10,000 profiles, 200,000 certificates) are shared by pointer, so
// a job's progress update or a 304 sync copies a few pointers instead of every element. Reads look
// like a const std::vector; a writer builds a new vector and assigns it.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

namespace trustdesk {

template <typename T>
class SharedList {
 public:
  using value_type = T;
  using const_iterator = typename std::vector<T>::const_iterator;

  SharedList() = default;
  SharedList(std::vector<T> items)  // NOLINT(google-explicit-constructor): assign a new list
      : items_(std::make_shared<const std::vector<T>>(std::move(items))) {}

  const std::vector<T>& get() const { return items_ ? *items_ : EmptyVector(); }
  operator const std::vector<T>&() const { return get(); }  // NOLINT: reads as a vector

  const_iterator begin() const { return get().begin(); }
  const_iterator end() const { return get().end(); }
  std::size_t size() const { return get().size(); }
  bool empty() const { return get().empty(); }
  const T& operator[](std::size_t i) const { return get()[i]; }
  const T& front() const { return get().front(); }
  const T& back() const { return get().back(); }

  // A private copy to edit; assign it back to publish the change.
  std::vector<T> Copy() const { return get(); }
  void clear() { items_.reset(); }
  // True when both refer to the same list object (nothing was replaced in between).
  bool SameAs(const SharedList& other) const { return items_ == other.items_; }

 private:
  static const std::vector<T>& EmptyVector() {
    static const std::vector<T> empty;
    return empty;
  }

  std::shared_ptr<const std::vector<T>> items_;
};

}  // namespace trustdesk
