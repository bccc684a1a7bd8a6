//===- ConstantTensor.h - a constant's elements as numbers ------*- C++ -*-===//
//
// The graph passes that compute at compile time (EvaluateConstantSubgraphs, FoldBatchNormIntoConv)
// read constants in both forms the importer makes (inline dense elements, and resource blobs above
// 1024 elements, which ElementsAttr cannot iterate) and write their results back the same way.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_PASSES_CONSTANTTENSOR_H
#define AICC_PASSES_CONSTANTTENSOR_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Value.h"

#include <optional>
#include <vector>

namespace aicc {

/// A static-shaped tensor of integers (i1 included; held as int64, unsigned types zero-extended)
/// or floats (held as double), in row-major order. Strings, complex and quantized types are not
/// represented.
struct ConstantTensor {
  mlir::RankedTensorType type;
  std::vector<int64_t> ints;  // when the element type is an integer type
  std::vector<double> floats; // when it is a float type

  bool isFloat() const { return llvm::isa<mlir::FloatType>(type.getElementType()); }
  int64_t size() const { return isFloat() ? floats.size() : ints.size(); }
  llvm::ArrayRef<int64_t> shape() const { return type.getShape(); }

  /// Zero-filled tensor of `type` (static shape, integer or float elements).
  static ConstantTensor zeros(mlir::RankedTensorType type);

  /// The values of `attr`, or nothing for an element type or attribute kind not represented.
  static std::optional<ConstantTensor> read(mlir::ElementsAttr attr);
  /// The values of `value` when it is defined by a constant-like op, else nothing.
  static std::optional<ConstantTensor> of(mlir::Value value);

  /// The attribute holding these values: dense elements up to 1024 elements (as the importer
  /// makes them), a resource blob named after `blobName` above. Floats are rounded to the element
  /// type, integers wrapped to its width.
  mlir::ElementsAttr toAttr(llvm::StringRef blobName) const;
};

/// Wraps `value` into what an integer of `type` holds: truncated to its width, then sign- or
/// zero-extended back; i1 is 0 or 1 (ONNX bool).
int64_t wrapInteger(int64_t value, mlir::IntegerType type);

/// Whether constants of this element type can be read and written.
bool isRepresentable(mlir::Type elementType);

/// The value of a one-element float constant (an epsilon, a Gelu coefficient, a Clip bound), if
/// `value` is one.
std::optional<double> floatScalar(mlir::Value value);

/// Whether `value` is `want` up to f32 rounding (exporters write these constants in f32).
bool isNear(std::optional<double> value, double want);

} // namespace aicc

#endif // AICC_PASSES_CONSTANTTENSOR_H
