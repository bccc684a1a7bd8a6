// See ScanStacks.h.
#include "ScanStacks.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace aicc::rt {
namespace {

constexpr int64_t kAlignment = 64;
constexpr int64_t kMinCapacity = 4096;

std::string dimsText(const int64_t *dims, int64_t rank) {
  std::string text = "[";
  for (int64_t d = 0; d < rank; ++d) text += (d ? ", " : "") + std::to_string(dims[d]);
  return text + "]";
}

} // namespace

void ScanStacks::Free::operator()(void *p) const { std::free(p); }

void *ScanStacks::row(int64_t slot, int64_t index, int64_t rank, const int64_t *dims, int64_t elementBytes,
                      std::string &error) {
  std::string where = "Loop scan output (slot " + std::to_string(slot) + ")";
  if (slot < 0 || index < 0 || rank < 0 || (rank > 0 && !dims) || elementBytes <= 0) {
    error = where + ": invalid row request";
    return nullptr;
  }
  if (slot >= static_cast<int64_t>(stacks.size())) stacks.resize(slot + 1);
  Stack &stack = stacks[slot];
  if (index == 0) {
    int64_t bytes = elementBytes;
    for (int64_t d = 0; d < rank; ++d) {
      if (dims[d] < 0 || (dims[d] > 0 && bytes > std::numeric_limits<int64_t>::max() / dims[d])) {
        error = where + ": row dims " + dimsText(dims, rank) + " are invalid";
        return nullptr;
      }
      bytes *= dims[d];
    }
    stack.dims.assign(dims, dims + rank);
    stack.rowBytes = bytes;
    stack.rows = 0;
  } else if (index != stack.rows) {
    error = where + ": row " + std::to_string(index) + " appended after " + std::to_string(stack.rows) + " rows";
    return nullptr;
  } else if (rank != static_cast<int64_t>(stack.dims.size()) || !std::equal(dims, dims + rank, stack.dims.begin())) {
    error = where + ": iteration " + std::to_string(index) + " yields shape " + dimsText(dims, rank) +
            ", iteration 0 yielded " + dimsText(stack.dims.data(), stack.dims.size()) +
            "; every iteration's scan value must have one shape";
    return nullptr;
  }
  if (stack.rowBytes > 0 && index >= std::numeric_limits<int64_t>::max() / stack.rowBytes - 1) {
    error = where + ": " + std::to_string(index + 1) + " rows overflow the stack's size";
    return nullptr;
  }
  int64_t needed = (index + 1) * stack.rowBytes;
  if (needed > stack.capacity) {
    int64_t capacity = std::max(
        {needed, kMinCapacity, stack.capacity > std::numeric_limits<int64_t>::max() / 2 ? needed : 2 * stack.capacity});
    capacity = (capacity + kAlignment - 1) / kAlignment * kAlignment;
    void *grown = std::aligned_alloc(kAlignment, static_cast<size_t>(capacity));
    if (!grown) {
      error = where + ": out of memory for " + std::to_string(index + 1) + " rows of " +
              std::to_string(stack.rowBytes) + " bytes";
      return nullptr;
    }
    if (stack.data) std::memcpy(grown, stack.data.get(), static_cast<size_t>(index * stack.rowBytes));
    stack.data.reset(grown);
    stack.capacity = capacity;
  }
  stack.rows = index + 1;
  return static_cast<char *>(stack.data.get()) + index * stack.rowBytes;
}

void *ScanStacks::rows(int64_t slot, int64_t count, int64_t rank, int64_t *dims, std::string &error) {
  // A loop that ran no iteration stacks nothing; its row dims are 0 where the code does not know
  // them statically.
  alignas(kAlignment) static char empty[kAlignment];
  if (rank < 0 || (rank > 0 && !dims) || count < 0) {
    error = "Loop scan output (slot " + std::to_string(slot) + "): invalid rows request";
    return nullptr;
  }
  if (count == 0) {
    std::fill(dims, dims + rank, 0);
    return empty;
  }
  if (slot < 0 || slot >= static_cast<int64_t>(stacks.size()) || stacks[slot].rows < count ||
      static_cast<int64_t>(stacks[slot].dims.size()) != rank) {
    error = "Loop scan output (slot " + std::to_string(slot) + "): " + std::to_string(count) +
            " rows asked for, fewer were appended";
    return nullptr;
  }
  std::copy(stacks[slot].dims.begin(), stacks[slot].dims.end(), dims);
  return stacks[slot].data.get();
}

} // namespace aicc::rt
