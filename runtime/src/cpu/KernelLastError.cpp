#include "KernelLastError.h"

#include "aicc/cpu_kernels.h"

namespace aicc::rt {
namespace {
thread_local std::string kernelLastError;
} // namespace

void setKernelLastError(std::string message) { kernelLastError = std::move(message); }

void clearKernelLastError() { kernelLastError.clear(); }

} // namespace aicc::rt

extern "C" const char *aicc_kernel_last_error(void) { return aicc::rt::kernelLastError.c_str(); }
