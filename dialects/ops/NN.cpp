//===- NN.cpp - verifiers of Conv, pooling, Gemm, MatMul, Softmax and Gelu ===//
//
// The ONNX rules that operand types can express but ODS constraints cannot: ranks, the lengths of
// the window attributes against the spatial rank, and channel and contraction sizes where they
// are static (ONNX operator spec: Conv-11, MaxPool-12, AveragePool-11, Gemm-13, MatMul-13,
// Softmax-13, Gelu-20). Unknown ranks and dims pass; shape inference revisits them once they are known.
//
//===----------------------------------------------------------------------===//

#include "dialects/AiccDialect.h"
#include "dialects/OnnxSemantics.h"

using namespace mlir;
using namespace mlir::aicc;

namespace {
/// The sliding-window attributes shared by Conv and the pooling ops.
struct Window {
  std::optional<ArrayRef<int64_t>> kernelShape, strides, dilations, pads;
  StringRef autoPad;
};
} // namespace

static LogicalResult verifyWindow(Operation *op, const Window &window, int64_t spatialRank) {
  auto check = [&](StringRef name, std::optional<ArrayRef<int64_t>> values, int64_t length,
                   int64_t minValue) -> LogicalResult {
    if (!values) return success();
    if (static_cast<int64_t>(values->size()) != length)
      return op->emitOpError() << "attribute '" << name << "' has " << values->size() << " values, expected " << length
                               << " for " << spatialRank << " spatial dimensions";
    if (llvm::any_of(*values, [&](int64_t v) { return v < minValue; }))
      return op->emitOpError() << "attribute '" << name << "' values must be >= " << minValue;
    return success();
  };
  // pads holds [x1_begin, x2_begin, ..., x1_end, x2_end, ...].
  if (failed(check("kernel_shape", window.kernelShape, spatialRank, 1)) ||
      failed(check("strides", window.strides, spatialRank, 1)) ||
      failed(check("dilations", window.dilations, spatialRank, 1)) ||
      failed(check("pads", window.pads, 2 * spatialRank, 0)))
    return failure();
  if (!llvm::is_contained({"NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"}, window.autoPad))
    return op->emitOpError() << "attribute 'auto_pad' must be NOTSET, SAME_UPPER, SAME_LOWER or "
                                "VALID, got '"
                             << window.autoPad << "'";
  return success();
}

/// Checks that an N x C x D1 x ... x Dn operand has rank >= 3.
static LogicalResult verifyBatchChannelRank(Operation *op, StringRef name, RankedTensorType type, StringRef layout) {
  if (type && type.getRank() < 3)
    return op->emitOpError() << "input '" << name << "' must have rank >= 3 (" << layout << "), got rank "
                             << type.getRank();
  return success();
}

LogicalResult ConvOp::verify() {
  RankedTensorType x = rankedType(getX()), w = rankedType(getW());
  if (failed(verifyBatchChannelRank(*this, "X", x, "N x C x D1 x ... x Dn")) ||
      failed(verifyBatchChannelRank(*this, "W", w, "M x C/group x k1 x ... x kn")))
    return failure();
  if (x && w && x.getRank() != w.getRank())
    return emitOpError() << "inputs 'X' and 'W' must have the same rank, got " << x.getRank() << " and " << w.getRank();
  auto group = static_cast<int64_t>(getGroup());
  if (group < 1) return emitOpError() << "attribute 'group' must be >= 1, got " << group;
  if (!x && !w) return success();

  int64_t spatialRank = (x ? x : w).getRank() - 2;
  if (failed(
          verifyWindow(*this, {getKernelShape(), getStrides(), getDilations(), getPads(), getAutoPad()}, spatialRank)))
    return failure();

  if (w) {
    if (std::optional<ArrayRef<int64_t>> kernel = getKernelShape()) {
      for (auto [i, size] : llvm::enumerate(*kernel)) {
        int64_t weightSize = w.getDimSize(i + 2);
        if (!ShapedType::isDynamic(weightSize) && weightSize != size)
          return emitOpError() << "attribute 'kernel_shape' has " << size << " in spatial axis " << i
                               << " but input 'W' has " << weightSize;
      }
    }
    if (!w.isDynamicDim(0) && w.getDimSize(0) % group != 0)
      return emitOpError() << "attribute 'group' (" << group << ") must divide the " << w.getDimSize(0)
                           << " output channels of input 'W'";
  }
  if (x && !x.isDynamicDim(1)) {
    int64_t channels = x.getDimSize(1);
    if (channels % group != 0)
      return emitOpError() << "attribute 'group' (" << group << ") must divide the " << channels
                           << " channels of input 'X'";
    if (w && !w.isDynamicDim(1) && w.getDimSize(1) * group != channels)
      return emitOpError() << "input 'W' takes " << w.getDimSize(1) << " x " << group
                           << " (group) channels but input 'X' has " << channels;
  }

  // The bias has one value per output channel.
  RankedTensorType b = rankedType(getB());
  if (b && b.getRank() != 1) return emitOpError() << "input 'B' must have rank 1, got rank " << b.getRank();
  if (b && w && !b.isDynamicDim(0) && !w.isDynamicDim(0) && b.getDimSize(0) != w.getDimSize(0))
    return emitOpError() << "input 'B' has " << b.getDimSize(0) << " values but input 'W' has " << w.getDimSize(0)
                         << " output channels";
  return success();
}

template <typename PoolOp> static LogicalResult verifyPool(PoolOp op, std::optional<ArrayRef<int64_t>> dilations) {
  RankedTensorType x = rankedType(op.getX());
  if (failed(verifyBatchChannelRank(op, "X", x, "N x C x D1 x ... x Dn"))) return failure();
  ArrayRef<int64_t> kernel = op.getKernelShape();
  int64_t spatialRank = x ? x.getRank() - 2 : static_cast<int64_t>(kernel.size());
  return verifyWindow(op, {kernel, op.getStrides(), dilations, op.getPads(), op.getAutoPad()}, spatialRank);
}

LogicalResult MaxPoolOp::verify() {
  if (getStorageOrder() > 1)
    return emitOpError() << "attribute 'storage_order' must be 0 (row major) or 1 (column major)";
  return verifyPool(*this, getDilations());
}

LogicalResult AveragePoolOp::verify() { return verifyPool(*this, std::nullopt); }

LogicalResult GemmOp::verify() {
  RankedTensorType a = rankedType(getA()), b = rankedType(getB());
  for (auto [name, type] : {std::pair{"A", a}, std::pair{"B", b}})
    if (type && type.getRank() != 2)
      return emitOpError() << "input '" << name << "' must have rank 2, got rank " << type.getRank();
  // A' = transA ? A^T : A is M x K, B' = transB ? B^T : B is K x N.
  int64_t m = a ? a.getDimSize(getTransA() ? 1 : 0) : ShapedType::kDynamic;
  int64_t n = b ? b.getDimSize(getTransB() ? 0 : 1) : ShapedType::kDynamic;
  if (a && b) {
    int64_t ka = a.getDimSize(getTransA() ? 0 : 1), kb = b.getDimSize(getTransB() ? 1 : 0);
    if (!ShapedType::isDynamic(ka) && !ShapedType::isDynamic(kb) && ka != kb)
      return emitOpError() << "inputs 'A' and 'B' disagree on K: " << ka << " ('transA' = " << getTransA() << ") vs "
                           << kb << " ('transB' = " << getTransB() << ")";
  }
  // C broadcasts unidirectionally to M x N.
  RankedTensorType c = rankedType(getC());
  if (!c) return success();
  if (c.getRank() > 2) return emitOpError() << "input 'C' must have rank <= 2, got rank " << c.getRank();
  int64_t result[2] = {m, n};
  for (int64_t i = 0; i < c.getRank(); ++i) {
    int64_t size = c.getDimSize(i), target = result[2 - c.getRank() + i];
    if (!ShapedType::isDynamic(size) && size != 1 && !ShapedType::isDynamic(target) && size != target)
      return emitOpError() << "input 'C' of shape " << c << " does not broadcast to " << m << " x " << n;
  }
  return success();
}

LogicalResult MatMulOp::verify() {
  RankedTensorType a = rankedType(getA()), b = rankedType(getB());
  for (auto [name, type] : {std::pair{"A", a}, std::pair{"B", b}})
    if (type && type.getRank() < 1) return emitOpError() << "input '" << name << "' must have rank >= 1";
  if (!a || !b) return success();
  // numpy.matmul: a 1-D A is a row vector, a 1-D B a column vector.
  int64_t ka = a.getDimSize(a.getRank() - 1);
  int64_t kb = b.getDimSize(b.getRank() == 1 ? 0 : b.getRank() - 2);
  if (!ShapedType::isDynamic(ka) && !ShapedType::isDynamic(kb) && ka != kb)
    return emitOpError() << "inputs 'A' and 'B' disagree on the contracted size: " << ka << " vs " << kb;
  // The batch dims (all but the last two) broadcast.
  ArrayRef<int64_t> batchA = a.getShape().drop_back(std::min<int64_t>(2, a.getRank()));
  ArrayRef<int64_t> batchB = b.getShape().drop_back(std::min<int64_t>(2, b.getRank()));
  for (auto [sa, sb] : llvm::zip(llvm::reverse(batchA), llvm::reverse(batchB)))
    if (!ShapedType::isDynamic(sa) && !ShapedType::isDynamic(sb) && sa != sb && sa != 1 && sb != 1)
      return emitOpError() << "batch dimensions of inputs 'A' and 'B' do not broadcast: " << sa << " vs " << sb;
  return success();
}

LogicalResult SoftmaxOp::verify() {
  RankedTensorType input = rankedType(getInput());
  auto axis = static_cast<int64_t>(getAxis());
  if (input && (axis < -input.getRank() || axis >= input.getRank()))
    return emitOpError() << "attribute 'axis' (" << axis << ") is out of range [-" << input.getRank() << ", "
                         << input.getRank() - 1 << "] for input 'input' of rank " << input.getRank();
  return success();
}

LogicalResult GeluOp::verify() {
  if (getApproximate() != "none" && getApproximate() != "tanh")
    return emitOpError() << "attribute 'approximate' must be \"none\" or \"tanh\", got \"" << getApproximate() << "\"";
  return success();
}
