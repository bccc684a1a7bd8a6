//===- AiccOps.cpp - generated definitions of the aicc ops ----------------===//
//
// The ~180 generated op classes are split into shards (mlir-tblgen -op-shard-count) so that they
// compile in parallel and a change to one shard's ops rebuilds only that shard. CMake compiles this
// file once per shard from a wrapper that defines GET_OP_DEFS_<shard> first: upstream's
// add_sharded_ops, without the mlir-src-sharder tool that Debian's LLVM does not ship.
// Hand-written behaviour lives in ops/*.cpp and ShapeInference*.cpp.
//
//===----------------------------------------------------------------------===//

#include "dialects/AiccDialect.h"
#include "dialects/ShapeInference.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"

#include "dialects/AiccOps.cpp.inc"
