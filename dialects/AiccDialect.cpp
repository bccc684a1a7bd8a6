//===- AiccDialect.cpp - the aicc dialect ---------------------------------===//
//
// Registration only; the constant materializer is with aicc.Constant in ops/Constant.cpp.
//
//===----------------------------------------------------------------------===//

#include "dialects/AiccDialect.h"

using namespace mlir;
using namespace mlir::aicc;

#include "dialects/AiccDialect.cpp.inc"

void AiccDialect::initialize() {
  registerTypes();
  registerAiccDialectOperations(this);
}
