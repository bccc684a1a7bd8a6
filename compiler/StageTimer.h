// Wall time and memory of one compilation stage, one line under `aicc -v`:
//   aicc: stage llvm codegen            2.41 s   rss   812 MiB   peak  1034 MiB (+220)
// rss is the resident set when the stage ends; peak is the process's high-water mark so far
// (getrusage ru_maxrss) and, in parentheses, how much this stage raised it.
#ifndef AICC_COMPILER_STAGETIMER_H
#define AICC_COMPILER_STAGETIMER_H

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

namespace aicc {

class StageTimer {
public:
  StageTimer(llvm::StringRef name, bool enabled)
      : name(name), enabled(enabled), start(std::chrono::steady_clock::now()), peakBefore(peakMiB()) {}
  StageTimer(const StageTimer &) = delete;
  StageTimer &operator=(const StageTimer &) = delete;
  ~StageTimer() { stop(); }

  /// Prints the line (once); the destructor does it otherwise.
  void stop() {
    if (!enabled) return;
    enabled = false;
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    long peak = peakMiB();
    llvm::errs() << "aicc: stage " << llvm::left_justify(name, 26)
                 << llvm::format("%7.2f s   rss %6ld MiB   peak %6ld MiB (+%ld)\n", seconds, residentMiB(), peak,
                                 peak - peakBefore);
  }

private:
  static long peakMiB() {
    struct rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024; // KiB on Linux
  }

  static long residentMiB() {
    long pages = 0, resident = 0;
    if (FILE *statm = std::fopen("/proc/self/statm", "r")) {
      if (std::fscanf(statm, "%ld %ld", &pages, &resident) != 2) resident = 0;
      std::fclose(statm);
    }
    return resident * (sysconf(_SC_PAGESIZE) / 1024) / 1024;
  }

  llvm::StringRef name;
  bool enabled;
  std::chrono::steady_clock::time_point start;
  long peakBefore;
};

} // namespace aicc

#endif // AICC_COMPILER_STAGETIMER_H
