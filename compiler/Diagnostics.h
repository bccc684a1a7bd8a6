// The one-line errors aicc's stages return (llvm::Error), which the driver prints as `aicc: error: ...`.
#ifndef AICC_COMPILER_DIAGNOSTICS_H
#define AICC_COMPILER_DIAGNOSTICS_H

#include "llvm/Support/Error.h"

namespace aicc {

inline llvm::Error fail(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

} // namespace aicc

#endif // AICC_COMPILER_DIAGNOSTICS_H
