// onnxNodeNames (Passes.h): the importer puts each ONNX node's name in a NameLoc on the ops it
// produced, and fusion keeps them (in fused locations), so the code of a fused chain can name every
// node it computes.
#include "backends/cpu/Passes.h"
#include "llvm/ADT/SetVector.h"

namespace aicc::cpu {

std::string onnxNodeNames(mlir::Operation *root, llvm::StringRef fallback) {
  llvm::SetVector<llvm::StringRef> names;
  root->walk([&](mlir::Operation *op) {
    op->getLoc()->walk([&](mlir::Location loc) {
      if (auto named = mlir::dyn_cast<mlir::NameLoc>(loc)) names.insert(named.getName().getValue());
      return mlir::WalkResult::advance();
    });
  });
  return names.empty() ? fallback.str() : llvm::join(names, " + ");
}

bool madeFrom(mlir::Operation *op, const llvm::StringSet<> &names) {
  bool found = false;
  op->getLoc()->walk([&](mlir::Location loc) {
    if (auto named = mlir::dyn_cast<mlir::NameLoc>(loc)) found = found || names.contains(named.getName().getValue());
    return mlir::WalkResult::advance();
  });
  return found;
}

} // namespace aicc::cpu
