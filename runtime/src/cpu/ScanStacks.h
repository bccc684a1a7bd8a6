// The stacks of a session's Loop scan outputs (aicc_kernels_scan_row / _rows in
// aicc/cpu_kernels.h): one growing buffer per slot, kept across runs, so a run allocates only when
// it stacks more bytes than any run before it.
#ifndef AICC_RUNTIME_CPU_SCANSTACKS_H
#define AICC_RUNTIME_CPU_SCANSTACKS_H

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace aicc::rt {

class ScanStacks {
public:
  // Where row `index` of `slot` goes, growing the stack (its rows kept); null with `error` set if
  // the rows are not appended in order, the row's dims differ from row 0's, or memory runs out.
  void *row(int64_t slot, int64_t index, int64_t rank, const int64_t *dims, int64_t elementBytes, std::string &error);
  // The first `count` rows of `slot`, their row dims written to dims[0, rank); null with `error`
  // set if fewer were appended in this run of the loop.
  void *rows(int64_t slot, int64_t count, int64_t rank, int64_t *dims, std::string &error);

private:
  struct Free {
    void operator()(void *p) const;
  };
  struct Stack {
    std::unique_ptr<void, Free> data;
    int64_t capacity = 0; // bytes
    int64_t rowBytes = 0;
    int64_t rows = 0; // appended since row 0 was
    std::vector<int64_t> dims;
  };
  std::vector<Stack> stacks;
};

} // namespace aicc::rt

#endif // AICC_RUNTIME_CPU_SCANSTACKS_H
