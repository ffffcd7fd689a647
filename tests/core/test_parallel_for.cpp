#include <doctest/doctest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/util/parallel_for.h"

using namespace trustdesk;

TEST_CASE("ParallelFor: every index runs exactly once") {
  for (std::size_t count : {std::size_t{0}, std::size_t{1}, std::size_t{63}, std::size_t{10'007}}) {
    std::vector<std::atomic<int>> hits(count);
    ParallelFor(count, [&](std::size_t i) { hits[i].fetch_add(1); }, 4, 1);
    for (std::size_t i = 0; i < count; ++i) REQUIRE(hits[i].load() == 1);
  }
}

TEST_CASE("ParallelFor: small ranges and one thread run inline on the caller") {
  const auto caller = std::this_thread::get_id();
  std::atomic<int> elsewhere{0};
  ParallelFor(100, [&](std::size_t) { elsewhere += std::this_thread::get_id() != caller; }, 1);
  ParallelFor(10, [&](std::size_t) { elsewhere += std::this_thread::get_id() != caller; }, 8, 64);
  CHECK(elsewhere.load() == 0);
}

TEST_CASE("ParallelFor: an exception in the body reaches the caller after all threads end") {
  std::atomic<int> ran{0};
  CHECK_THROWS_AS(ParallelFor(
                      1000,
                      [&](std::size_t i) {
                        ++ran;
                        if (i == 500) throw std::runtime_error("item 500");
                      },
                      4, 1),
                  std::runtime_error);
  CHECK(ran.load() >= 1);
}
