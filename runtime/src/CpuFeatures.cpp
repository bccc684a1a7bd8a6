// Host CPU feature detection with cpuid, gated on the OS saving the register state the feature
// needs (xgetbv XCR0). Bit positions: Intel SDM Vol. 2A, CPUID, tables 3-8 to 3-11; AMD APM Vol. 3,
// appendix E. The table must list exactly the names of aicc/cpu_features.def, in order: a
// static_assert below holds the two together.
#include "CpuFeatures.h"

#include <cpuid.h>
#include <cstdint>

#include "aicc/runtime.h"

namespace aicc::rt {
namespace {

enum class Reg { Eax, Ebx, Ecx, Edx };

// The register state the OS must enable in XCR0 before the feature's instructions may run.
enum class OsState { None, Avx, Avx512, Amx };

struct FeatureBit {
  const char *name;
  unsigned leaf;
  unsigned subleaf;
  Reg reg;
  unsigned bit;
  OsState os;
};

constexpr FeatureBit kFeatureBits[] = {
    {"sse2", 1, 0, Reg::Edx, 26, OsState::None},
    {"sse3", 1, 0, Reg::Ecx, 0, OsState::None},
    {"ssse3", 1, 0, Reg::Ecx, 9, OsState::None},
    {"sse4.1", 1, 0, Reg::Ecx, 19, OsState::None},
    {"sse4.2", 1, 0, Reg::Ecx, 20, OsState::None},
    {"popcnt", 1, 0, Reg::Ecx, 23, OsState::None},
    {"cx16", 1, 0, Reg::Ecx, 13, OsState::None},
    {"sahf", 0x80000001, 0, Reg::Ecx, 0, OsState::None},
    {"movbe", 1, 0, Reg::Ecx, 22, OsState::None},
    {"aes", 1, 0, Reg::Ecx, 25, OsState::None},
    {"pclmul", 1, 0, Reg::Ecx, 1, OsState::None},
    {"rdrnd", 1, 0, Reg::Ecx, 30, OsState::None},
    {"rdseed", 7, 0, Reg::Ebx, 18, OsState::None},
    {"adx", 7, 0, Reg::Ebx, 19, OsState::None},
    {"sha", 7, 0, Reg::Ebx, 29, OsState::None},
    {"gfni", 7, 0, Reg::Ecx, 8, OsState::None},
    {"prfchw", 0x80000001, 0, Reg::Ecx, 8, OsState::None},
    {"xsave", 1, 0, Reg::Ecx, 26, OsState::None},
    {"xsaveopt", 0xD, 1, Reg::Eax, 0, OsState::None},
    {"xsavec", 0xD, 1, Reg::Eax, 1, OsState::None},
    {"xsaves", 0xD, 1, Reg::Eax, 3, OsState::None},
    {"bmi", 7, 0, Reg::Ebx, 3, OsState::None},
    {"bmi2", 7, 0, Reg::Ebx, 8, OsState::None},
    {"lzcnt", 0x80000001, 0, Reg::Ecx, 5, OsState::None},
    {"avx", 1, 0, Reg::Ecx, 28, OsState::Avx},
    {"avx2", 7, 0, Reg::Ebx, 5, OsState::Avx},
    {"fma", 1, 0, Reg::Ecx, 12, OsState::Avx},
    {"f16c", 1, 0, Reg::Ecx, 29, OsState::Avx},
    {"avxvnni", 7, 1, Reg::Eax, 4, OsState::Avx},
    {"vaes", 7, 0, Reg::Ecx, 9, OsState::Avx},
    {"vpclmulqdq", 7, 0, Reg::Ecx, 10, OsState::Avx},
    {"avx512f", 7, 0, Reg::Ebx, 16, OsState::Avx512},
    {"avx512dq", 7, 0, Reg::Ebx, 17, OsState::Avx512},
    {"avx512cd", 7, 0, Reg::Ebx, 28, OsState::Avx512},
    {"avx512bw", 7, 0, Reg::Ebx, 30, OsState::Avx512},
    {"avx512vl", 7, 0, Reg::Ebx, 31, OsState::Avx512},
    {"avx512vnni", 7, 0, Reg::Ecx, 11, OsState::Avx512},
    {"avx512bf16", 7, 1, Reg::Eax, 5, OsState::Avx512},
    {"avx512ifma", 7, 0, Reg::Ebx, 21, OsState::Avx512},
    {"avx512vbmi", 7, 0, Reg::Ecx, 1, OsState::Avx512},
    {"avx512vbmi2", 7, 0, Reg::Ecx, 6, OsState::Avx512},
    {"avx512bitalg", 7, 0, Reg::Ecx, 12, OsState::Avx512},
    {"avx512vpopcntdq", 7, 0, Reg::Ecx, 14, OsState::Avx512},
    {"avx512fp16", 7, 0, Reg::Edx, 23, OsState::Avx512},
    {"amx-tile", 7, 0, Reg::Edx, 24, OsState::Amx},
    {"amx-int8", 7, 0, Reg::Edx, 25, OsState::Amx},
    {"amx-bf16", 7, 0, Reg::Edx, 22, OsState::Amx},
};

constexpr const char *kPublishedNames[] = {
#define AICC_CPU_FEATURE(name) name,
#include "aicc/cpu_features.def"
};

constexpr bool sameName(const char *a, const char *b) {
  while (*a && *a == *b) ++a, ++b;
  return *a == *b;
}

constexpr bool tableMatchesPublishedList() {
  constexpr size_t count = sizeof(kPublishedNames) / sizeof(kPublishedNames[0]);
  if (count != sizeof(kFeatureBits) / sizeof(kFeatureBits[0])) return false;
  for (size_t i = 0; i < count; ++i)
    if (!sameName(kPublishedNames[i], kFeatureBits[i].name)) return false;
  return true;
}
static_assert(tableMatchesPublishedList(),
              "kFeatureBits must list exactly the names of aicc/cpu_features.def, in order");

struct CpuidResult {
  unsigned regs[4] = {0, 0, 0, 0}; // eax, ebx, ecx, edx; all zero if the leaf is not supported
};

CpuidResult cpuid(unsigned leaf, unsigned subleaf) {
  CpuidResult r;
  // __get_cpuid_count checks the leaf against the maximum basic/extended leaf first.
  if (!__get_cpuid_count(leaf, subleaf, &r.regs[0], &r.regs[1], &r.regs[2], &r.regs[3])) return CpuidResult();
  return r;
}

struct HostCpu {
  CpuidResult leaf1, leaf7, leaf7s1, leafD1, ext1;
  bool osAvx = false, osAvx512 = false, osAmx = false;

  HostCpu() {
    leaf1 = cpuid(1, 0);
    leaf7 = cpuid(7, 0);
    // Sub-leaf 1 of leaf 7 exists only if sub-leaf 0 reports it in EAX.
    if (leaf7.regs[0] >= 1) leaf7s1 = cpuid(7, 1);
    leafD1 = cpuid(0xD, 1);
    ext1 = cpuid(0x80000001, 0);

    const bool osxsave = leaf1.regs[2] & (1u << 27);
    if (osxsave) {
      uint32_t lo, hi;
      __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
      uint64_t xcr0 = (uint64_t(hi) << 32) | lo;
      // XCR0 bits: 1 SSE, 2 AVX, 5 opmask, 6 ZMM_Hi256, 7 Hi16_ZMM, 17 XTILECFG, 18 XTILEDATA.
      osAvx = (xcr0 & 0x6) == 0x6;
      osAvx512 = osAvx && (xcr0 & 0xE0) == 0xE0;
      osAmx = (xcr0 & 0x60000) == 0x60000;
    }
  }

  const CpuidResult &leaf(unsigned leaf, unsigned subleaf) const {
    switch (leaf) {
    case 1: return leaf1;
    case 7: return subleaf == 0 ? leaf7 : leaf7s1;
    case 0xD: return leafD1;
    default: return ext1;
    }
  }

  bool has(const FeatureBit &f) const {
    if (!(leaf(f.leaf, f.subleaf).regs[static_cast<int>(f.reg)] & (1u << f.bit))) return false;
    switch (f.os) {
    case OsState::None: return true;
    case OsState::Avx: return osAvx;
    case OsState::Avx512: return osAvx512;
    case OsState::Amx: return osAmx;
    }
    return false;
  }
};

} // namespace

bool hostHasCpuFeature(std::string_view name) {
  static const HostCpu host;
  for (const FeatureBit &f : kFeatureBits)
    if (name == f.name) return host.has(f);
  return false;
}

} // namespace aicc::rt

extern "C" int aicc_host_has_cpu_feature(const char *name) { return name && aicc::rt::hostHasCpuFeature(name) ? 1 : 0; }
