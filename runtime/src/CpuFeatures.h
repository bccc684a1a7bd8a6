// Which of the CPU features in aicc/cpu_features.def the host has and the OS enables.
#ifndef AICC_RUNTIME_CPUFEATURES_H
#define AICC_RUNTIME_CPUFEATURES_H

#include <string_view>

namespace aicc::rt {

// True if `name` is in aicc/cpu_features.def and the host supports it; unknown names are false, so
// that an artifact naming a feature this runtime cannot check is refused rather than crashing.
bool hostHasCpuFeature(std::string_view name);

} // namespace aicc::rt

#endif // AICC_RUNTIME_CPUFEATURES_H
