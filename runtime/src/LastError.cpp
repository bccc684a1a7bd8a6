#include "LastError.h"

#include "aicc/runtime.h"

namespace aicc::rt {
namespace {
thread_local std::string lastError;
} // namespace

int fail(int status, std::string message) {
  lastError = std::move(message);
  return status;
}

} // namespace aicc::rt

extern "C" const char *aicc_last_error(void) { return aicc::rt::lastError.c_str(); }
