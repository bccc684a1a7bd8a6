// How long a linalg op's loops can be, for the passes that size tiles and vectors by it
// (TileAndFuse, Vectorize).
#ifndef AICC_BACKENDS_CPU_CODEGEN_LOOPBOUNDS_H
#define AICC_BACKENDS_CPU_CODEGEN_LOOPBOUNDS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace aicc::cpu {

/// Each loop's trip count, or a constant bound on it: inside a tile that does not divide its
/// loop the tile's loops are dynamic, but never longer than the tile (ValueBounds through slices,
/// affine.min and the tile loops). ShapedType::kDynamic where nothing bounds a loop (a symbolic
/// dim of the model).
llvm::SmallVector<int64_t> loopBounds(mlir::linalg::LinalgOp op);

} // namespace aicc::cpu

#endif // AICC_BACKENDS_CPU_CODEGEN_LOOPBOUNDS_H
