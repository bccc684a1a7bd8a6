#include "Profile.h"

namespace aicc::rt {

void Profile::addCall(const char *kind, const char *name, int32_t ranges, Clock::duration time) noexcept {
  // Artifacts label every call; a null name is still a call to account for.
  if (!name) name = "(unnamed)";
  try {
    auto [it, inserted] = index.try_emplace(Key{kind, name}, entries.size());
    if (inserted) {
      try {
        entries.push_back(Entry{kind, name, ranges});
      } catch (...) {
        index.erase(it);
        throw;
      }
    }
    Entry &entry = entries[it->second];
    ++entry.calls;
    entry.time += time;
  } catch (...) {
  }
}

void Profile::addRun(Clock::duration time) {
  ++runs;
  runTime += time;
}

void Profile::clear() {
  index.clear();
  entries.clear();
  runs = 0;
  runTime = {};
}

aicc_profile Profile::view() {
  using Seconds = std::chrono::duration<double>;
  published.clear();
  for (const Entry &e : entries) published.push_back({e.name, e.kind, e.ranges, e.calls, Seconds(e.time).count()});
  return aicc_profile{runs, Seconds(runTime).count(), static_cast<int32_t>(published.size()), published.data()};
}

} // namespace aicc::rt
