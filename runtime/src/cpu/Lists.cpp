// See Lists.h.
#include "Lists.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <vector>

namespace aicc::rt {
namespace {

constexpr size_t kAlignment = 64;
// The first chunk's size; each new chunk doubles it, up to 64 MiB, so that a run holding much
// finds it in few chunks.
constexpr size_t kFirstChunkBytes = size_t(64) << 10;
constexpr size_t kChunkDoublings = 10;

// The data of an element of no bytes, and what list_at gives where even the zeroed memory for a
// failed read cannot be had.
alignas(kAlignment) const char kNoBytes[kAlignment] = {};

const aicc_list kEmptyList{nullptr, 0};

// Room for the element pointers of a list of `length` that may grow.
int64_t capacityFor(int64_t length) { return std::max<int64_t>(4, 2 * length); }

std::string rangeError(int64_t position, int64_t length, int64_t last) {
  return "position " + std::to_string(position) + " is out of range of a list of length " + std::to_string(length) +
         " (it must be in [" + std::to_string(-length) + ", " + std::to_string(last) + "])";
}

// "[2,3]"; with `anySize`, a negative dim (one of any size) is "?".
std::string shapeText(int64_t rank, const int64_t *dims, bool anySize = false) {
  std::string text = "[";
  for (int64_t d = 0; d < rank; ++d)
    text += (d ? "," : "") + (anySize && dims[d] < 0 ? std::string("?") : std::to_string(dims[d]));
  return text + "]";
}

constexpr const char *kAbsent = "the sequence is absent (an optional holding nothing)";

} // namespace

void Lists::Free::operator()(void *p) const { std::free(p); }

void Lists::reset() {
  current = 0;
  used = 0;
}

void *Lists::allocate(size_t bytes, size_t alignment) {
  for (; current < chunks.size(); ++current, used = 0) {
    const size_t offset = (used + alignment - 1) / alignment * alignment;
    if (offset <= chunks[current].bytes && bytes <= chunks[current].bytes - offset) {
      used = offset + bytes;
      return chunks[current].memory.get() + offset;
    }
  }
  if (bytes > std::numeric_limits<size_t>::max() - kAlignment) throw std::bad_alloc();
  const size_t size = std::max((bytes + kAlignment - 1) / kAlignment * kAlignment,
                               kFirstChunkBytes << std::min(chunks.size(), kChunkDoublings));
  auto *memory = static_cast<char *>(std::aligned_alloc(kAlignment, size));
  if (!memory) throw std::bad_alloc();
  chunks.push_back(Chunk{std::unique_ptr<char, Free>(memory), size});
  current = chunks.size() - 1;
  used = bytes;
  return memory;
}

bool Lists::holds(const void *p, size_t bytes) const {
  const auto *begin = static_cast<const char *>(p);
  for (const Chunk &chunk : chunks)
    if (bytes && begin < chunk.memory.get() + chunk.bytes && chunk.memory.get() < begin + bytes) return true;
  return false;
}

const aicc_list *Lists::empty() { return &kEmptyList; }

const aicc_list *Lists::makeList(ListStorage *storage, int64_t length) {
  return new (allocate(sizeof(aicc_list), alignof(aicc_list))) aicc_list{storage, length};
}

ListStorage *Lists::makeStorage(int64_t capacity) {
  auto *elements = allocateArray<const ListElement *>(capacity);
  return new (allocate(sizeof(ListStorage), alignof(ListStorage))) ListStorage{elements, 0, capacity};
}

const ListElement *Lists::makeElement(int32_t dtype, int32_t rank, const int64_t *dims, const void *data, size_t bytes,
                                      bool borrowed) {
  auto *ownDims = allocateArray<int64_t>(rank);
  std::copy(dims, dims + rank, ownDims);
  return new (allocate(sizeof(ListElement), alignof(ListElement)))
      ListElement{dtype, rank, ownDims, bytes ? data : kNoBytes, bytes, borrowed};
}

const aicc_list *Lists::insert(const aicc_list *list, const void *data, int64_t dtype, int64_t rank,
                               const int64_t *dims, bool hasPosition, int64_t position, std::string &error) {
  if (!list) {
    error = kAbsent;
    return nullptr;
  }
  const int64_t length = list->length;
  int64_t at = hasPosition ? position : length;
  if (at < 0) at += length;
  if (at < 0 || at > length) {
    error = rangeError(position, length, length);
    return nullptr;
  }
  size_t bytes = aicc_dtype_size(static_cast<int32_t>(dtype));
  if (bytes == 0 || dtype != static_cast<int32_t>(dtype)) {
    error = "unknown dtype " + std::to_string(dtype);
    return nullptr;
  }
  if (rank < 0 || rank > std::numeric_limits<int32_t>::max() || (rank > 0 && !dims)) {
    error = "invalid element: rank " + std::to_string(rank) + (rank > 0 && !dims ? " with null dims" : "");
    return nullptr;
  }
  for (int64_t d = 0; d < rank; ++d) {
    const auto size = static_cast<uint64_t>(dims[d]);
    if (dims[d] < 0 || (size != 0 && bytes > std::numeric_limits<size_t>::max() / size)) {
      error = "invalid element dims " + shapeText(rank, dims);
      return nullptr;
    }
    bytes *= size;
  }
  if (!data && bytes) {
    error = "the element's data is null";
    return nullptr;
  }

  void *copy = bytes ? allocate(bytes, kAlignment) : nullptr;
  if (bytes) std::memcpy(copy, data, bytes);
  const ListElement *element =
      makeElement(static_cast<int32_t>(dtype), static_cast<int32_t>(rank), dims, copy, bytes, false);
  ListStorage *shared = list->storage;
  if (at == length && (!shared || shared->size == length)) {
    // No other list reads past `length` of this storage: push onto it.
    if (!shared) shared = makeStorage(capacityFor(1));
    if (shared->size == shared->capacity) {
      // Lists on this storage read its elements through it, so they see the moved pointers.
      const int64_t capacity = capacityFor(shared->capacity);
      auto *grown = allocateArray<const ListElement *>(capacity);
      std::copy(shared->elements, shared->elements + shared->size, grown);
      shared->elements = grown;
      shared->capacity = capacity;
    }
    shared->elements[shared->size++] = element;
    return makeList(shared, length + 1);
  }
  ListStorage *fresh = makeStorage(capacityFor(length + 1));
  const ListElement **elements = list->storage->elements;
  std::copy(elements, elements + at, fresh->elements);
  fresh->elements[at] = element;
  std::copy(elements + at, elements + length, fresh->elements + at + 1);
  fresh->size = length + 1;
  return makeList(fresh, length + 1);
}

const aicc_list *Lists::erase(const aicc_list *list, bool hasPosition, int64_t position, std::string &error) {
  if (!list) {
    error = kAbsent;
    return nullptr;
  }
  const int64_t length = list->length;
  if (!hasPosition && length == 0) {
    error = "the list is empty: it has no last element to erase";
    return nullptr;
  }
  int64_t at = hasPosition ? position : length - 1;
  if (at < 0) at += length;
  if (at < 0 || at >= length) {
    error = rangeError(position, length, length - 1);
    return nullptr;
  }
  // The shorter list is a prefix of this one's storage.
  if (at == length - 1) return makeList(list->storage, length - 1);
  ListStorage *fresh = makeStorage(capacityFor(length - 1));
  const ListElement **elements = list->storage->elements;
  std::copy(elements, elements + at, fresh->elements);
  std::copy(elements + at + 1, elements + length, fresh->elements + at);
  fresh->size = length - 1;
  return makeList(fresh, length - 1);
}

int64_t Lists::length(const aicc_list *list, std::string &error) {
  if (!list) {
    error = kAbsent;
    return -1;
  }
  return list->length;
}

const void *Lists::at(const aicc_list *list, int64_t position, int64_t rank, int64_t *dims, std::string &error) {
  if (!list) {
    error = kAbsent;
    return nullptr;
  }
  if (rank < 0 || (rank > 0 && !dims)) {
    error = "invalid element request: rank " + std::to_string(rank) + (rank > 0 && !dims ? " with null dims" : "");
    return nullptr;
  }
  const int64_t length = list->length;
  const int64_t at = position < 0 ? position + length : position;
  if (at < 0 || at >= length) {
    error = rangeError(position, length, length - 1);
    return nullptr;
  }
  const ListElement &e = element(list, at);
  bool fits = e.rank == rank;
  for (int64_t d = 0; fits && d < rank; ++d) fits = dims[d] < 0 || dims[d] == e.dims[d];
  if (!fits) {
    error = "the element at position " + std::to_string(position) + " has shape " + shapeText(e.rank, e.dims) +
            ", not " + shapeText(rank, dims, true);
    return nullptr;
  }
  std::copy(e.dims, e.dims + rank, dims);
  return e.data;
}

const void *Lists::concat(const aicc_list *list, int64_t axis, bool newAxis, int64_t rank, int64_t *dims,
                          std::string &error) {
  if (!list) {
    error = kAbsent;
    return nullptr;
  }
  const int64_t elementRank = newAxis ? rank - 1 : rank;
  if (elementRank < 0 || axis < 0 || axis >= rank || (rank > 0 && !dims)) {
    error = "invalid concatenation: rank " + std::to_string(rank) + ", axis " + std::to_string(axis) +
            (newAxis ? " (new)" : "");
    return nullptr;
  }
  if (list->length == 0) {
    error = "cannot concatenate a sequence of no tensors";
    return nullptr;
  }
  // Each element as a tensor of the result's rank: a new axis is a dim of 1 in it.
  auto dimOf = [&](const ListElement &e, int64_t d) -> int64_t {
    if (!newAxis) return e.dims[d];
    return d == axis ? 1 : e.dims[d < axis ? d : d - 1];
  };
  const ListElement &first = element(list, 0);
  if (first.rank != elementRank) {
    error = "element 0 has shape " + shapeText(first.rank, first.dims) + ", not of rank " +
            std::to_string(elementRank) + (newAxis ? " (to stack into rank " + std::to_string(rank) + ")" : "");
    return nullptr;
  }
  // Inserted elements are stored as their signed type, a caller's as the model's dtype: the same
  // bytes either way.
  auto sameBytes = [](int32_t a, int32_t b) {
    auto isFloat = [](int32_t t) {
      return t == AICC_DTYPE_FLOAT32 || t == AICC_DTYPE_FLOAT64 || t == AICC_DTYPE_FLOAT16 || t == AICC_DTYPE_BFLOAT16;
    };
    return aicc_dtype_size(a) == aicc_dtype_size(b) && isFloat(a) == isFloat(b);
  };
  std::vector<int64_t> result(rank);
  for (int64_t d = 0; d < rank; ++d) result[d] = d == axis ? 0 : dimOf(first, d);
  for (int64_t k = 0; k < list->length; ++k) {
    const ListElement &e = element(list, k);
    bool fits = e.rank == elementRank && sameBytes(e.dtype, first.dtype);
    for (int64_t d = 0; fits && d < rank; ++d) fits = d == axis || dimOf(e, d) == result[d];
    if (!fits) {
      error = "element " + std::to_string(k) + " has shape " + shapeText(e.rank, e.dims) +
              (!sameBytes(e.dtype, first.dtype) ? " and another dtype than element 0" : "") + ", which does not " +
              (newAxis ? "stack with" : "join along axis " + std::to_string(axis) + " with") + " element 0's " +
              shapeText(first.rank, first.dims);
      return nullptr;
    }
    result[axis] += dimOf(e, axis);
  }
  bool fits = true;
  for (int64_t d = 0; fits && d < rank; ++d) fits = dims[d] < 0 || dims[d] == result[d];
  if (!fits) {
    error = "the concatenation has shape " + shapeText(rank, result.data()) + ", not " + shapeText(rank, dims, true);
    return nullptr;
  }
  // Rows of the result: `outer` of them, each the elements' slabs side by side.
  const size_t elementBytes = aicc_dtype_size(first.dtype);
  size_t outer = 1, inner = elementBytes;
  for (int64_t d = 0; d < axis; ++d) outer *= static_cast<size_t>(result[d]);
  for (int64_t d = axis + 1; d < rank; ++d) inner *= static_cast<size_t>(result[d]);
  size_t total = 0;
  for (int64_t k = 0; k < list->length; ++k) total += element(list, k).bytes;
  char *out = static_cast<char *>(allocate(std::max<size_t>(total, 1), kAlignment));
  const size_t rowBytes = total / std::max<size_t>(outer, 1);
  size_t offset = 0;
  for (int64_t k = 0; k < list->length; ++k) {
    const ListElement &e = element(list, k);
    const size_t slab = static_cast<size_t>(dimOf(e, axis)) * inner;
    const char *in = static_cast<const char *>(e.data);
    for (size_t o = 0; o < outer && slab; ++o) std::memcpy(out + o * rowBytes + offset, in + o * slab, slab);
    offset += slab;
  }
  std::copy(result.begin(), result.end(), dims);
  return out;
}

const void *Lists::zeroedElement(Lists *lists, int64_t rank, int64_t *dims) noexcept {
  if (rank < 0 || (rank > 0 && !dims)) return kNoBytes;
  size_t elements = 1;
  bool overflows = false;
  for (int64_t d = 0; d < rank; ++d) {
    dims[d] = std::max<int64_t>(dims[d], 0);
    const auto size = static_cast<uint64_t>(dims[d]);
    overflows = overflows || (size != 0 && elements > std::numeric_limits<size_t>::max() / 8 / size);
    elements *= size;
  }
  // 8 bytes per element: as much as an element of any dtype needs.
  const size_t bytes = overflows ? 0 : 8 * elements;
  if (!lists || overflows || bytes <= sizeof kNoBytes) return kNoBytes;
  try {
    void *zeros = lists->allocate(bytes, kAlignment);
    std::memset(zeros, 0, bytes);
    return zeros;
  } catch (const std::bad_alloc &) {
    return kNoBytes;
  }
}

const aicc_list *Lists::fromTensors(const aicc_tensor *tensors, int64_t count) {
  if (count == 0) return empty();
  ListStorage *storage = makeStorage(count);
  for (int64_t i = 0; i < count; ++i) {
    const aicc_tensor &t = tensors[i];
    size_t bytes = aicc_dtype_size(t.dtype);
    for (int32_t d = 0; d < t.rank; ++d) bytes *= static_cast<size_t>(t.shape[d]);
    storage->elements[i] = makeElement(t.dtype, t.rank, t.shape, t.data, bytes, true);
  }
  storage->size = count;
  return makeList(storage, count);
}

const void *Lists::ownedData(const ListElement &element) {
  if (!element.borrowed || !element.bytes) return element.data;
  void *copy = allocate(element.bytes, kAlignment);
  std::memcpy(copy, element.data, element.bytes);
  return copy;
}

} // namespace aicc::rt
