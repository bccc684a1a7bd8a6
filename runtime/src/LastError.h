// The calling thread's last runtime error message (aicc_last_error). Kept per thread so that
// sessions on different threads never see each other's errors.
#ifndef AICC_RUNTIME_LASTERROR_H
#define AICC_RUNTIME_LASTERROR_H

#include <string>

namespace aicc::rt {

// Records `message` as this thread's last error and returns `status`, so that a failing C entry
// point reads `return fail(AICC_ERR_LOAD, "...")`.
int fail(int status, std::string message);

} // namespace aicc::rt

#endif // AICC_RUNTIME_LASTERROR_H
