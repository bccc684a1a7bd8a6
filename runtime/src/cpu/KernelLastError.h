// The calling thread's last kernel error (aicc_kernel_last_error): what an artifact's failed
// init/run leaves for the runtime to report.
#ifndef AICC_RUNTIME_CPU_KERNELLASTERROR_H
#define AICC_RUNTIME_CPU_KERNELLASTERROR_H

#include <string>

namespace aicc::rt {

void setKernelLastError(std::string message);

// Cleared before the runtime calls an artifact's init or run, so that a failure the artifact
// reports without a kernel message is not blamed on an older one.
void clearKernelLastError();

} // namespace aicc::rt

#endif // AICC_RUNTIME_CPU_KERNELLASTERROR_H
