// A session's lists (aicc_kernels_list_* in aicc/cpu_kernels.h): the ONNX sequences of one run.
// A list is immutable: an aicc_list is a length and a pointer to element storage that lists share,
// as Go's slices do, so that appending to the list that ends where its storage ends pushes onto
// that storage (O(1) amortized, the common case of a sequence built in a loop) while every other
// insert or erase copies the element pointers into new storage. Everything, inserted elements'
// data included, lives in chunks that reset() rewinds at the start of each run and keeps, so a run
// like an earlier one allocates nothing.
#ifndef AICC_RUNTIME_CPU_LISTS_H
#define AICC_RUNTIME_CPU_LISTS_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "aicc/runtime.h"

namespace aicc::rt {

// One element of a list: a dense row-major tensor.
struct ListElement {
  int32_t dtype; // an aicc_dtype
  int32_t rank;
  const int64_t *dims; // rank entries, in the lists' memory
  const void *data;    // never null, even for no bytes
  size_t bytes;
  bool borrowed; // data is a caller's input, not the lists' own copy
};

// The element pointers that lists share: a list of length n reads the first n.
struct ListStorage {
  const ListElement **elements;
  int64_t size; // pushed so far; the longest list on this storage is this long
  int64_t capacity;
};

} // namespace aicc::rt

struct aicc_list {
  aicc::rt::ListStorage *storage; // null for a list that never had an element
  int64_t length;
};

namespace aicc::rt {

class Lists {
public:
  // Forgets every list and element, keeping the memory for the next run's.
  void reset();

  // The list operations of aicc/cpu_kernels.h; a position counts from the back when negative
  // (ONNX's SequenceInsert/Erase/At). On failure they return null (length: -1) with `error` set,
  // and the caller records it. Out of memory throws std::bad_alloc.
  static const aicc_list *empty();
  const aicc_list *insert(const aicc_list *list, const void *data, int64_t dtype, int64_t rank, const int64_t *dims,
                          bool hasPosition, int64_t position, std::string &error);
  const aicc_list *erase(const aicc_list *list, bool hasPosition, int64_t position, std::string &error);
  static int64_t length(const aicc_list *list, std::string &error);
  // The element's data, its dims written to dims[0, rank) (on entry -1 or a static size to check).
  const void *at(const aicc_list *list, int64_t position, int64_t rank, int64_t *dims, std::string &error);
  // ConcatFromSequence: the elements joined along `axis` of theirs (`newAxis` false) or stacked
  // along a new `axis` of the result (true), in the lists' memory; the result's dims written to
  // dims[0, rank) (on entry -1 or a static size to check). The list must hold at least one
  // element, all of one dtype and rank, of equal dims but along a joined axis.
  const void *concat(const aicc_list *list, int64_t axis, bool newAxis, int64_t rank, int64_t *dims,
                     std::string &error);
  // What aicc_kernels_list_at gives when `at` fails: zeroed memory, from `lists` where it has
  // room, for `rank` dims whose static sizes dims holds (-1 elsewhere, set to 0). Never null.
  static const void *zeroedElement(Lists *lists, int64_t rank, int64_t *dims) noexcept;

  // A list of `count` checked caller tensors, referencing their data (inputs are never written).
  const aicc_list *fromTensors(const aicc_tensor *tensors, int64_t count);
  // Element `index` (0 <= index < list->length) of a non-null list.
  static const ListElement &element(const aicc_list *list, int64_t index) { return *list->storage->elements[index]; }
  // The element's data in the lists' own memory, copied there if it is a caller's.
  const void *ownedData(const ListElement &element);
  // Whether [p, p + bytes) overlaps memory the lists hand out, which the next reset reuses.
  bool holds(const void *p, size_t bytes) const;

private:
  void *allocate(size_t bytes, size_t alignment);
  template <typename T> T *allocateArray(int64_t count) {
    return static_cast<T *>(allocate(sizeof(T) * static_cast<size_t>(count), alignof(T)));
  }
  const aicc_list *makeList(ListStorage *storage, int64_t length);
  ListStorage *makeStorage(int64_t capacity);
  const ListElement *makeElement(int32_t dtype, int32_t rank, const int64_t *dims, const void *data, size_t bytes,
                                 bool borrowed);

  struct Free {
    void operator()(void *p) const;
  };
  struct Chunk {
    std::unique_ptr<char, Free> memory; // 64-byte aligned
    size_t bytes;
  };
  // A bump allocator over the chunks, in order: `current` is the chunk allocations come from and
  // `used` its bytes handed out. A run that asks for what the last one did finds the same chunks.
  std::vector<Chunk> chunks;
  size_t current = 0;
  size_t used = 0;
};

// The lists of a kernels' state (aicc_kernels_create), which the artifact's state is; null for a
// null state. Defined in KernelTable.cpp, where the state is.
Lists *listsOf(void *kernelState);

} // namespace aicc::rt

#endif // AICC_RUNTIME_CPU_LISTS_H
