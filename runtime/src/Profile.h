// A session's profile: time per kernel and per generated loop nest, summed over runs, keyed by
// what the artifact names them (the ONNX nodes they compute). Recording is two clock reads and a
// hash lookup per call, and happens only while profiling is on.
#ifndef AICC_RUNTIME_PROFILE_H
#define AICC_RUNTIME_PROFILE_H

#include <chrono>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "aicc/runtime.h"

namespace aicc::rt {

class Profile {
public:
  using Clock = std::chrono::steady_clock;

  // One call of a kernel or loop nest: `kind` is a string with static storage ("matmul",
  // "loop nest"), `name` the artifact's label, `ranges` the parallel ranges it ran as (0 for a
  // kernel, which threads itself).
  // Never throws (it runs in destructors and under C entry points): a call that cannot be
  // recorded for lack of memory is dropped.
  void addCall(const char *kind, const char *name, int32_t ranges, Clock::duration time) noexcept;
  void addRun(Clock::duration time);
  void clear();

  // The C view; valid until the next add or clear.
  aicc_profile view();

private:
  struct Key {
    const char *kind, *name;
    bool operator==(const Key &o) const { return kind == o.kind && name == o.name; }
  };
  struct KeyHash {
    size_t operator()(const Key &k) const {
      return std::hash<const void *>()(k.kind) * 31 + std::hash<const void *>()(k.name);
    }
  };
  struct Entry {
    const char *kind, *name;
    int32_t ranges;
    int64_t calls = 0;
    Clock::duration time{};
  };

  std::unordered_map<Key, size_t, KeyHash> index;
  std::vector<Entry> entries; // in the order they first ran
  int64_t runs = 0;
  Clock::duration runTime{};
  std::vector<aicc_profile_entry> published;
};

// Times one call into `profile` (null: does nothing) when it goes out of scope.
class ScopedCallTimer {
public:
  ScopedCallTimer(Profile *profile, const char *kind, const char *name, int32_t ranges)
      : profile(profile), kind(kind), name(name), ranges(ranges) {
    if (profile) start = Profile::Clock::now();
  }
  ~ScopedCallTimer() {
    if (profile) profile->addCall(kind, name, ranges, Profile::Clock::now() - start);
  }
  ScopedCallTimer(const ScopedCallTimer &) = delete;
  ScopedCallTimer &operator=(const ScopedCallTimer &) = delete;

private:
  Profile *profile;
  const char *kind, *name;
  int32_t ranges;
  Profile::Clock::time_point start;
};

} // namespace aicc::rt

#endif // AICC_RUNTIME_PROFILE_H
