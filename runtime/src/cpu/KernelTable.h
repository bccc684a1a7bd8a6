// What the rest of the runtime reads from a kernels' state (aicc_kernels_create, KernelTable.cpp).
#ifndef AICC_RUNTIME_CPU_KERNELTABLE_H
#define AICC_RUNTIME_CPU_KERNELTABLE_H

namespace aicc::rt {
class Profile;
}

namespace aicc::rt {

// The profile the session of `kernelState` records into; null when it does not profile, or for a
// null state.
rt::Profile *sessionProfile(void *kernelState);

} // namespace aicc::rt

#endif // AICC_RUNTIME_CPU_KERNELTABLE_H
