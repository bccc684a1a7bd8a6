// aicc_packed_format, the ABI's description of a prepacked constant, to and from oneDNN's memory
// descriptors. The artifact stores the blocking fields by name rather than oneDNN's struct, so a
// format the compiler wrote stays readable whatever oneDNN's struct layout.
#ifndef AICC_RUNTIME_CPU_PACKEDFORMAT_H
#define AICC_RUNTIME_CPU_PACKEDFORMAT_H

#include <optional>

#include <oneapi/dnnl/dnnl.hpp>

#include "aicc/cpu_kernels.h"

namespace aicc::rt {

// The format of an f32 blocked descriptor, or nothing if the ABI cannot describe it (another
// format kind or data type, an offset, more dims or blocks than the struct holds, extra flags).
std::optional<aicc_packed_format> packedFormatOf(const dnnl::memory::desc &desc);

// The descriptor of a format; throws KernelError if the format is inconsistent.
dnnl::memory::desc packedDesc(const aicc_packed_format &format);

} // namespace aicc::rt

#endif // AICC_RUNTIME_CPU_PACKEDFORMAT_H
