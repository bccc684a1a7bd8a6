// aicc_cpu dialect: post-op attributes, the kernel ops' verifiers, layouts and bufferization.
#include "backends/cpu/dialect/CpuDialect.h"
#include "dialects/RecurrentShapes.h"

#include "aicc/cpu_kernels.h"

#include "mlir/Dialect/Affine/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Arith/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/IR/DstBufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Linalg/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/MemRef/Utils/MemRefUtils.h"
#include "mlir/Dialect/SCF/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/IR/TensorInferTypeOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;

#include "backends/cpu/dialect/CpuDialect.cpp.inc"
#include "backends/cpu/dialect/CpuEnums.cpp.inc"
#include "backends/cpu/dialect/CpuInterfaces.cpp.inc"
#define GET_ATTRDEF_CLASSES
#include "backends/cpu/dialect/CpuAttrs.cpp.inc"
#define GET_OP_CLASSES
#include "backends/cpu/dialect/CpuOps.cpp.inc"

namespace aicc::cpu {

void AiccCpuDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "backends/cpu/dialect/CpuAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "backends/cpu/dialect/CpuOps.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// Post-op attributes
//===----------------------------------------------------------------------===//

namespace {
/// Parses `, name = <float>` if present, else leaves `value`.
ParseResult parseOptionalNamedFloat(AsmParser &parser, llvm::StringRef name, double &value) {
  if (failed(parser.parseOptionalKeyword(name))) return success();
  return failure(parser.parseEqual() || parser.parseFloat(value));
}

/// What the activation attributes share: `<kind` (a keyword `symbolize` knows; `what` names the
/// enum in the error), then `, alpha = <float>` and `, beta = <float>` in any order, absent ones 0,
/// then `>`. Builds the attribute with `get(kind, alpha, beta)`.
template <typename Kind, typename Get>
Attribute parseKindWithAlphaBeta(AsmParser &parser, std::optional<Kind> (*symbolize)(llvm::StringRef),
                                 llvm::StringRef what, Get get) {
  llvm::StringRef keyword;
  double alpha = 0, beta = 0;
  SMLoc loc = parser.getCurrentLocation();
  if (parser.parseLess() || parser.parseKeyword(&keyword)) return {};
  std::optional<Kind> kind = symbolize(keyword);
  if (!kind) {
    parser.emitError(loc, "unknown ") << what << " '" << keyword << "'";
    return {};
  }
  while (succeeded(parser.parseOptionalComma()))
    if (parseOptionalNamedFloat(parser, "alpha", alpha) || parseOptionalNamedFloat(parser, "beta", beta)) return {};
  if (parser.parseGreater()) return {};
  return get(*kind, alpha, beta);
}
} // namespace

// #aicc_cpu.eltwise<relu> / <leaky_relu, alpha = 0.1> / <clip, alpha = 0.0, beta = 6.0>
Attribute EltwiseAttr::parse(AsmParser &parser, Type) {
  return parseKindWithAlphaBeta(parser, symbolizeActivation, "activation",
                                [&](Activation kind, double alpha, double beta) {
    return EltwiseAttr::get(parser.getContext(), kind, alpha, beta);
  });
}

void EltwiseAttr::print(AsmPrinter &printer) const {
  double alpha = getAlpha().convertToDouble(), beta = getBeta().convertToDouble();
  printer << "<" << stringifyActivation(getActivation());
  if (alpha != 0 || beta != 0) printer << ", alpha = " << alpha;
  if (beta != 0) printer << ", beta = " << beta;
  printer << ">";
}

// #aicc_cpu.rnn_activation<scaled_tanh, alpha = 1.5, beta = 0.5>
Attribute RnnActivationAttr::parse(AsmParser &parser, Type) {
  return parseKindWithAlphaBeta(parser, symbolizeRnnActivationKind, "recurrent activation",
                                [&](RnnActivationKind kind, double alpha, double beta) {
    return RnnActivationAttr::get(parser.getContext(), kind, alpha, beta);
  });
}

void RnnActivationAttr::print(AsmPrinter &printer) const {
  double alpha = getAlpha().convertToDouble(), beta = getBeta().convertToDouble();
  printer << "<" << stringifyRnnActivationKind(getActivation());
  if (alpha != 0) printer << ", alpha = " << alpha;
  if (beta != 0) printer << ", beta = " << beta;
  printer << ">";
}

// #aicc_cpu.sum or #aicc_cpu.sum<scale = 0.5>
// `<scale = S, zero_point = Z>`, either field left out at its default (1, 0).
Attribute SumAttr::parse(AsmParser &parser, Type) {
  double scale = 1.0;
  int64_t zeroPoint = 0;
  if (succeeded(parser.parseOptionalLess())) {
    const bool scaleGiven = succeeded(parser.parseOptionalKeyword("scale"));
    if (scaleGiven && (parser.parseEqual() || parser.parseFloat(scale))) return {};
    const bool zeroPointGiven =
        scaleGiven ? succeeded(parser.parseOptionalComma()) : succeeded(parser.parseOptionalKeyword("zero_point"));
    if (zeroPointGiven &&
        ((scaleGiven && parser.parseKeyword("zero_point")) || parser.parseEqual() || parser.parseInteger(zeroPoint)))
      return {};
    if (parser.parseGreater()) return {};
  }
  return SumAttr::get(parser.getContext(), scale, zeroPoint);
}

void SumAttr::print(AsmPrinter &printer) const {
  const double scale = getScale().convertToDouble();
  if (scale == 1.0 && getZeroPoint() == 0) return;
  printer << "<";
  if (scale != 1.0) printer << "scale = " << scale << (getZeroPoint() != 0 ? ", " : "");
  if (getZeroPoint() != 0) printer << "zero_point = " << getZeroPoint();
  printer << ">";
}

//===----------------------------------------------------------------------===//
// Layouts
//===----------------------------------------------------------------------===//

int64_t layoutBlock(Layout layout) {
  switch (layout) {
  case Layout::blocked8: return 8;
  case Layout::blocked16: return 16;
  default: return 1;
  }
}

llvm::SmallVector<int64_t> physicalShape(llvm::ArrayRef<int64_t> logical, Layout layout) {
  llvm::SmallVector<int64_t> shape(logical);
  if (layout == Layout::plain || logical.size() < 3) return shape;
  int64_t channels = shape[1];
  shape.erase(shape.begin() + 1);
  if (layout == Layout::channels_last) {
    shape.push_back(channels);
  } else {
    int64_t block = layoutBlock(layout);
    shape.insert(shape.begin() + 1, channels / block);
    shape.push_back(block);
  }
  return shape;
}

llvm::SmallVector<int64_t> logicalShape(llvm::ArrayRef<int64_t> physical, Layout layout) {
  llvm::SmallVector<int64_t> shape(physical);
  if (layout == Layout::plain || physical.size() < 3) return shape;
  if (layout == Layout::channels_last) {
    int64_t channels = shape.pop_back_val();
    shape.insert(shape.begin() + 1, channels);
  } else {
    int64_t block = shape.pop_back_val();
    shape[1] *= block;
  }
  return shape;
}

//===----------------------------------------------------------------------===//
// Verifiers
//===----------------------------------------------------------------------===//

namespace {

/// What every kernel op checks: tensors return the init's type, memrefs return nothing.
LogicalResult verifyDestination(Operation *op, Value init, Value result) {
  if (isa<RankedTensorType>(init.getType())) {
    if (!result || result.getType() != init.getType())
      return op->emitOpError("on tensors must return one result of the init's type");
  } else if (result) {
    return op->emitOpError("on memrefs returns no result");
  }
  return success();
}

/// `inputs` are the tensors of the binary entries, in order; `result` the dims they broadcast to.
LogicalResult verifyPostOps(Operation *op, ArrayAttr postOps, ValueRange inputs = {},
                            llvm::ArrayRef<int64_t> result = {}) {
  if (postOps.size() > AICC_MAX_POST_OPS)
    return op->emitOpError("takes at most ") << AICC_MAX_POST_OPS << " post-ops, got " << postOps.size();
  int64_t binaries = llvm::count_if(postOps, [](Attribute a) { return isa<BinaryAttr>(a); });
  if (binaries != (int64_t)inputs.size())
    return op->emitOpError("has ") << binaries << " binary post-ops but " << inputs.size() << " post_op_inputs";
  for (Value input : inputs) {
    auto type = cast<ShapedType>(input.getType());
    bool broadcasts = type.hasRank() && type.getShape().size() == result.size();
    for (size_t i = 0; broadcasts && i < result.size(); ++i)
      broadcasts = type.getDimSize(i) == 1 || type.getDimSize(i) == result[i];
    if (!broadcasts) return op->emitOpError("post-op input ") << type << " does not broadcast to the product's dims";
  }
  return success();
}

/// The rank an activation of `spatial` spatial dims has in `layout`.
int64_t activationRank(int64_t spatial, Layout layout) { return spatial + 2 + (layoutBlock(layout) > 1 ? 1 : 0); }

LogicalResult verifyActivation(Operation *op, llvm::StringRef what, Value value, int64_t spatial, Layout layout) {
  auto type = cast<ShapedType>(value.getType());
  if (!type.hasRank() || type.getRank() != activationRank(spatial, layout))
    return op->emitOpError(what) << " must have rank " << activationRank(spatial, layout) << " in layout "
                                 << stringifyLayout(layout) << ", got " << type;
  return success();
}

/// `inputs` are a conv's binary post-op tensors (none for a deconv): one element, or one per
/// output channel, so that their bytes do not depend on the destination's layout.
template <typename WindowOp> LogicalResult verifyWindowKernel(WindowOp op, ValueRange postOpInputs = {}) {
  auto weights = cast<ShapedType>(op.getWeights().getType());
  int64_t spatial = weights.getRank() - 2;
  if (spatial < 1 || spatial > AICC_MAX_SPATIAL_DIMS) return op.emitOpError("takes 1 to 3 spatial dims");
  for (llvm::ArrayRef<int64_t> v : {op.getStrides(), op.getDilations(), op.getPadsBegin(), op.getPadsEnd()})
    if ((int64_t)v.size() != spatial)
      return op.emitOpError("strides, dilations and pads need one value per spatial dim (") << spatial << ")";
  if (op.getGroups() < 1) return op.emitOpError("groups must be positive");
  if (failed(verifyActivation(op, "input", op.getInput(), spatial, op.getSrcLayout())) ||
      failed(verifyActivation(op, "init", op.getInit(), spatial, op.getDstLayout())) ||
      failed(verifyPostOps(op, op.getPostOps(), postOpInputs,
                           logicalShape(cast<ShapedType>(op.getInit().getType()).getShape(), op.getDstLayout()))))
    return failure();
  int64_t outChannels = weights.getDimSize(0);
  for (Value input : postOpInputs) {
    llvm::ArrayRef<int64_t> dims = cast<ShapedType>(input.getType()).getShape();
    if (dims[0] != 1 || (dims[1] != 1 && dims[1] != outChannels) ||
        llvm::any_of(dims.drop_front(2), [](int64_t d) { return d != 1; }))
      return op.emitOpError("post-op input ") << input.getType() << " must be [1, 1 or " << outChannels
                                              << ", 1...]: one element or one per output channel";
  }
  return verifyDestination(op, op.getInit(), op.getResult());
}

bool hasSum(ArrayAttr postOps) {
  return llvm::any_of(postOps, [](Attribute a) { return isa<SumAttr>(a); });
}

/// bf16 computes on f32 operands, rounded inside the kernel.
LogicalResult verifyComputeType(Operation *op, DataType computeType, ValueRange operands) {
  if (computeType == DataType::f32) return success();
  if (computeType != DataType::bf16)
    return op->emitOpError("compute_type must be f32 or bf16, got ") << stringifyDataType(computeType);
  for (Value v : operands)
    if (!cast<ShapedType>(v.getType()).getElementType().isF32())
      return op->emitOpError("a bf16 compute_type needs f32 operands, got ") << v.getType();
  return success();
}

} // namespace

LogicalResult ConvOp::verify() {
  if (failed(verifyComputeType(*this, getComputeType(), {getInput(), getWeights(), getInit()}))) return failure();
  return verifyWindowKernel(*this, getPostOpInputs());
}
LogicalResult DeconvOp::verify() {
  if (failed(verifyComputeType(*this, getComputeType(), {getInput(), getWeights(), getInit()}))) return failure();
  return verifyWindowKernel(*this);
}

LogicalResult QuantizedConvOp::verify() {
  if (failed(verifyWindowKernel(*this))) return failure();
  auto elementOf = [](Value v) { return cast<ShapedType>(v.getType()).getElementType(); };
  auto isByte = [](Type t) { return t.isInteger(8); };
  // The element type `type` names: f32, or a byte (u8 may be signless once lowered, s8 is never
  // unsigned).
  auto holds = [&](Type element, DataType type) {
    if (type == DataType::f32) return element.isF32();
    return isByte(element) && (type == DataType::u8 || !element.isUnsignedInteger());
  };
  if (getSrcType() == DataType::bf16 || getDstType() == DataType::bf16)
    return emitOpError("src_type and dst_type are never bf16");
  if (getSrcType() == DataType::f32 || !holds(elementOf(getInput()), getSrcType()))
    return emitOpError("input must hold u8 or s8 elements as src_type says, got ") << getInput().getType();
  if (!holds(elementOf(getInit()), getDstType()))
    return emitOpError("init must hold ")
           << stringifyDataType(getDstType()) << " elements, got " << getInit().getType();
  if (!holds(elementOf(getWeights()), DataType::s8))
    return emitOpError("weights must be s8, got ") << getWeights().getType();
  int64_t outChannels = cast<ShapedType>(getWeights().getType()).getDimSize(0);
  if (getBias()) {
    auto bias = cast<ShapedType>(getBias().getType());
    if (!bias.getElementType().isInteger(32) || bias.getRank() != 1 || bias.getDimSize(0) != outChannels)
      return emitOpError("bias must be i32 [") << outChannels << "], got " << bias;
  }
  auto scales = cast<ShapedType>(getScales().getType());
  if (!scales.getElementType().isF32() || scales.getRank() != 1 ||
      (scales.getDimSize(0) != 1 && scales.getDimSize(0) != outChannels))
    return emitOpError("scales must be f32 [1] or [") << outChannels << "], got " << scales;
  auto inRange = [](int64_t zeroPoint, DataType type) {
    return type == DataType::u8   ? zeroPoint >= 0 && zeroPoint <= 255
           : type == DataType::s8 ? zeroPoint >= -128 && zeroPoint <= 127
                                  : zeroPoint == 0;
  };
  if (!inRange(getSrcZeroPoint(), getSrcType()) || !inRange(getDstZeroPoint(), getDstType()))
    return emitOpError("zero points must lie in their types' ranges (0 for f32), got ")
           << getSrcZeroPoint() << " and " << getDstZeroPoint();
  if (!quantizedConvTakes(getPostOps(), getDstType()))
    return emitOpError("post-ops must be eltwise and at most one sum, first into an f32 result, its zero point in an "
                       "int8 result's range");
  return success();
}

LogicalResult MatMulOp::verify() {
  int64_t rank = cast<ShapedType>(getInit().getType()).getRank();
  if (rank < 2 || rank > AICC_MAX_MATMUL_RANK) return emitOpError("takes ranks 2 to 5");
  for (Value v : {getA(), getB()})
    if (cast<ShapedType>(v.getType()).getRank() != rank) return emitOpError("operands must have the result's rank");
  if (getBias() && cast<ShapedType>(getBias().getType()).getRank() != rank)
    return emitOpError("bias must have the result's rank");
  for (auto [name, permutation, transposed] : {std::tuple("a_permutation", getAPermutation(), getTransA()),
                                               std::tuple("b_permutation", getBPermutation(), getTransB()),
                                               std::tuple("result_permutation", getResultPermutation(), false)}) {
    if (!permutation) continue;
    if ((int64_t)permutation->size() != rank) return emitOpError(name) << " must have the result's rank";
    if (!isPermutationVector(*permutation)) return emitOpError(name) << " must be a permutation of 0.." << rank - 1;
    if (transposed) return emitOpError(name) << " and the operand's trans flag cannot both be set";
  }
  if (getResultPermutation() && hasSum(getPostOps()))
    return emitOpError("result_permutation cannot combine with a sum post-op");
  if (!getBScales() && cast<ShapedType>(getB().getType()).getElementType().isInteger(8))
    return emitOpError("an i8 B needs b_scales");
  if (failed(verifyComputeType(*this, getComputeType(), {getA(), getB(), getInit()}))) return failure();
  if (!getBScales() && (getAType() || getAScale() || getAZeroPoint()))
    return emitOpError("a_type, a_scale and a_zero_point need b_scales");
  if (Value scales = getBScales()) {
    auto scalesType = cast<ShapedType>(scales.getType());
    auto bType = cast<ShapedType>(getB().getType());
    const int64_t n = bType.getDimSize(getTransB() ? rank - 2 : rank - 1);
    Type aElement = cast<ShapedType>(getA().getType()).getElementType();
    const bool staticA = aElement.isInteger(8);
    if (!bType.getElementType().isSignlessInteger(8) || (!aElement.isF32() && !staticA))
      return emitOpError("with b_scales, B must be i8 and A f32, ui8 or i8");
    if (staticA != (getAType().has_value() && getAScale().has_value() && getAZeroPoint().has_value()))
      return emitOpError("a_type, a_scale and a_zero_point are set with an 8-bit A, and only then");
    if (staticA) {
      if (*getAType() == DataType::f32 || *getAType() == DataType::bf16 ||
          (aElement.isUnsignedInteger() && *getAType() != DataType::u8))
        return emitOpError("a_type must be A's: u8 for ui8, u8 or s8 for i8");
      const int64_t lowest = *getAType() == DataType::u8 ? 0 : -128;
      if (!(std::isfinite(getAScale()->convertToDouble()) && getAScale()->convertToDouble() > 0))
        return emitOpError("a_scale must be finite and positive");
      const auto zeroPoint = static_cast<int64_t>(*getAZeroPoint());
      if (zeroPoint < lowest || zeroPoint > lowest + 255)
        return emitOpError("a_zero_point ") << zeroPoint << " is outside A's type";
    }
    if (!scalesType.getElementType().isF32() || scalesType.getRank() != 1 ||
        (scalesType.getDimSize(0) != 1 && scalesType.getDimSize(0) != n))
      return emitOpError("b_scales must be f32 [1] or [N] (") << n << "), got " << scalesType;
    if (getAPermutation() || getBPermutation() || getTransA())
      return emitOpError("with b_scales, A and B are read as they are stored: no a_permutation, b_permutation or "
                         "trans_a");
  }
  // Y, the product before result_permutation: binary post-op inputs broadcast to it.
  llvm::SmallVector<int64_t> y(cast<ShapedType>(getInit().getType()).getShape());
  if (auto permutation = getResultPermutation()) y = applyPermutation(y, invertPermutationVector(*permutation));
  if (failed(verifyPostOps(*this, getPostOps(), getPostOpInputs(), y))) return failure();
  return verifyDestination(*this, getInit(), getResult());
}

LogicalResult AttentionOp::verify() {
  for (Value v : {getQ(), getK(), getV(), getInit()})
    if (cast<ShapedType>(v.getType()).getRank() != 4) return emitOpError("Q, K, V and the result must have rank 4");
  if (getMask() && cast<ShapedType>(getMask().getType()).getRank() != 4) return emitOpError("mask must have rank 4");
  for (auto [name, permutation] :
       {std::pair("q_permutation", getQPermutation()), std::pair("k_permutation", getKPermutation()),
        std::pair("v_permutation", getVPermutation()), std::pair("result_permutation", getResultPermutation())}) {
    if (!permutation) continue;
    if (permutation->size() != 4 || !isPermutationVector(*permutation))
      return emitOpError(name) << " must be a permutation of 0..3";
    // The kernel reads and writes rows of contiguous elements.
    if ((*permutation)[3] != 3) return emitOpError(name) << " must keep the last dim last";
  }
  if (!(getScale().convertToDouble() > 0) || !std::isfinite(getScale().convertToDouble()))
    return emitOpError("scale must be positive and finite");
  return verifyDestination(*this, getInit(), getResult());
}

int64_t rnnGateCount(RnnCell cell) {
  switch (cell) {
  case RnnCell::lstm: return 4;
  case RnnCell::gru: return 3;
  default: return 1;
  }
}

int64_t rnnActivationsPerDirection(RnnCell cell) {
  switch (cell) {
  case RnnCell::lstm: return 3;
  case RnnCell::gru: return 2;
  default: return 1;
  }
}

bool RnnOp::isPlainLstm() {
  auto byDefault = [](auto indexed) {
    return indexed.value().getActivation() ==
           (indexed.index() % 3 == 0 ? RnnActivationKind::sigmoid : RnnActivationKind::tanh);
  };
  return getCell() == RnnCell::lstm && !getPeepholes() && !getClip() && !getInputForget() && !getSequenceLens() &&
         llvm::all_of(llvm::enumerate(getActivations().getAsRange<RnnActivationAttr>()), byDefault);
}

LogicalResult RnnOp::verify() {
  bool lstm = getCell() == RnnCell::lstm;
  int64_t D = getNumDirections(), G = rnnGateCount(getCell()), H = getHiddenSize();
  if (H < 1) return emitOpError("hidden_size must be positive, got ") << H;
  if (getLayout() != 0 && getLayout() != 1) return emitOpError("layout must be 0 or 1, got ") << getLayout();
  if ((getInitialC() || getPeepholes()) && !lstm) return emitOpError("initial_c and peepholes are LSTM operands");
  if (getLinearBeforeReset() && getCell() != RnnCell::gru) return emitOpError("linear_before_reset is a GRU attribute");
  if (getInputForget() && !lstm) return emitOpError("input_forget is an LSTM attribute");
  if ((int64_t)getActivations().size() != D * rnnActivationsPerDirection(getCell()))
    return emitOpError("needs ") << D * rnnActivationsPerDirection(getCell()) << " activations, got "
                                 << getActivations().size();
  if (getClip() && getClip()->convertToDouble() <= 0) return emitOpError("clip must be positive");

  if ((getWScales() != nullptr) != (getRScales() != nullptr))
    return emitOpError("takes w_scales and r_scales together");
  bool quantized = getWScales() != nullptr;
  if (failed(verifyComputeType(*this, getComputeType(), {getX(), getW(), getR()}))) return failure();
  if (getComputeType() == DataType::bf16 && !lstm) return emitOpError("computes in bf16 only as an LSTM");

  // Checks `value`'s type against `dims` (kDynamic: any size; the run checks those) and its
  // element type: f32, or s8 where `int8`.
  auto expect = [&](llvm::StringRef what, Value value, llvm::ArrayRef<int64_t> dims,
                    bool int8 = false) -> LogicalResult {
    auto type = cast<ShapedType>(value.getType());
    bool matches = type.hasRank() && type.getRank() == (int64_t)dims.size() &&
                   (int8 ? type.getElementType().isSignlessInteger(8) : type.getElementType().isF32());
    for (size_t i = 0; matches && i < dims.size(); ++i)
      matches = ShapedType::isDynamic(dims[i]) || type.isDynamicDim(i) || type.getDimSize(i) == dims[i];
    if (!matches) {
      InFlightDiagnostic diag = emitOpError(what) << " must be " << (int8 ? "i8" : "f32") << " [";
      llvm::interleave(dims, diag, [&](int64_t d) { ShapedType::isDynamic(d) ? diag << "?" : diag << d; }, ", ");
      return diag << "], got " << type;
    }
    return success();
  };
  auto x = cast<ShapedType>(getX().getType());
  if (!x.hasRank() || x.getRank() != 3) return emitOpError("x must have rank 3, got ") << x;
  bool batchMajor = getLayout() == 1;
  int64_t T = x.getDimSize(batchMajor ? 1 : 0), B = x.getDimSize(batchMajor ? 0 : 1), I = x.getDimSize(2);
  if (ShapedType::isDynamic(I)) return emitOpError("x's input size must be static");
  RecurrentShapes shapes = recurrentShapes(T, B, D, H, batchMajor);
  if (failed(expect("w", getW(), {D, G * H, I}, quantized)) || failed(expect("r", getR(), {D, G * H, H}, quantized)) ||
      (quantized && (failed(expect("w_scales", getWScales(), {D, G * H})) ||
                     failed(expect("r_scales", getRScales(), {D, G * H})))) ||
      (getBias() && failed(expect("bias", getBias(), {D, 2 * G * H}))) ||
      (getInitialH() && failed(expect("initial_h", getInitialH(), shapes.state))) ||
      (getInitialC() && failed(expect("initial_c", getInitialC(), shapes.state))) ||
      (getPeepholes() && failed(expect("peepholes", getPeepholes(), {D, 3 * H}))))
    return failure();
  if (getSequenceLens()) {
    auto lens = cast<ShapedType>(getSequenceLens().getType());
    if (!lens.hasRank() || lens.getRank() != 1 || !lens.getElementType().isInteger(32))
      return emitOpError("sequence_lens must be i32 [batch], got ") << lens;
  }
  if ((int64_t)getInits().size() != (lstm ? 3 : 2))
    return emitOpError("has ") << (lstm ? 3 : 2) << " inits (Y, Y_h" << (lstm ? ", Y_c" : "") << "), got "
                               << getInits().size();
  if (failed(expect("Y", getInits()[0], shapes.y)) || failed(expect("Y_h", getInits()[1], shapes.state)) ||
      (lstm && failed(expect("Y_c", getInits()[2], shapes.state))))
    return failure();
  bool onTensors = isa<RankedTensorType>(getInits()[0].getType());
  if (onTensors ? getResults().getTypes() != getInits().getTypes() : !getResults().empty())
    return emitOpError(onTensors ? "on tensors must return one result per init, of its type"
                                 : "on memrefs returns no result");
  return success();
}

LogicalResult ParallelForOp::verify() {
  if (getCount().has_value() == (getRunCount() != nullptr))
    return emitOpError("takes either a count or a run-time count");
  if (getCount() && *getCount() < 1) return emitOpError("count must be at least 1, got ") << *getCount();
  if (getBody().empty()) return emitOpError("body must not be empty");
  Block &entry = getBody().front();
  auto i64 = IntegerType::get(getContext(), 64);
  if (entry.getNumArguments() != 2 || entry.getArgument(0).getType() != i64 || entry.getArgument(1).getType() != i64)
    return emitOpError("body must take the range (begin, end) as two i64 arguments");
  return success();
}

LogicalResult OutputBufferOp::verify() {
  // An I64Attr reads back unsigned: a negative index is a huge one.
  const int64_t index = static_cast<int64_t>(getIndex());
  if (index < 0) return emitOpError("index must be non-negative, got ") << index;
  auto type = cast<MemRefType>(getBuffer().getType());
  // The runtime hands out dense row-major bytes.
  if (!type.getLayout().isIdentity()) return emitOpError("result must be dense row-major, got ") << type;
  if (static_cast<int64_t>(getDynamicSizes().size()) != static_cast<int64_t>(type.getNumDynamicDims()))
    return emitOpError("expects ") << type.getNumDynamicDims() << " dynamic sizes, got " << getDynamicSizes().size();
  return success();
}

LogicalResult PoolOp::verify() {
  int64_t spatial = getKernel().size();
  if (spatial < 1 || spatial > AICC_MAX_SPATIAL_DIMS) return emitOpError("takes 1 to 3 spatial dims");
  for (llvm::ArrayRef<int64_t> v : {getStrides(), getDilations(), getPadsBegin(), getPadsEnd()})
    if ((int64_t)v.size() != spatial) return emitOpError("needs one stride, dilation and pad per spatial dim");
  if (failed(verifyActivation(*this, "input", getInput(), spatial, getLayout())) ||
      failed(verifyActivation(*this, "init", getInit(), spatial, getLayout())))
    return failure();
  Type element = cast<ShapedType>(getInput().getType()).getElementType();
  if (element != cast<ShapedType>(getInit().getType()).getElementType())
    return emitOpError("input and init must have one element type");
  const bool int8 = getDataType() == DataType::u8 || getDataType() == DataType::s8;
  // Lowered to signless integers, the 8-bit types keep their signedness in data_type only.
  const bool fits = int8 ? element.isInteger(8) && (element.isSignlessInteger() ||
                                                    element.isUnsignedInteger() == (getDataType() == DataType::u8))
                         : getDataType() == DataType::f32 && element.isF32();
  if (!fits) return emitOpError("data_type ") << stringifyDataType(getDataType()) << " does not describe " << element;
  if (const char *error = poolRequantizationError(getAlgorithm(), getDataType(), getOutputScale().convertToDouble(),
                                                  getOutputShift().convertToDouble()))
    return emitOpError(error);
  return verifyDestination(*this, getInit(), getResult());
}

LogicalResult ReorderOp::verify() {
  int64_t rank = getLogicalShape().size();
  if (rank < 3 || rank > AICC_MAX_REORDER_RANK) return emitOpError("takes activations of rank 3 to 5");
  for (auto [value, layout] : {std::pair{getInput(), getSrcLayout()}, std::pair{getInit(), getDstLayout()}}) {
    auto type = cast<ShapedType>(value.getType());
    if (layoutBlock(layout) > 1 && getLogicalShape()[1] % layoutBlock(layout))
      return emitOpError("channels must be a multiple of the block of ") << stringifyLayout(layout);
    if (!type.hasRank() || type.getShape() != llvm::ArrayRef<int64_t>(physicalShape(getLogicalShape(), layout)))
      return emitOpError("type ") << type << " is not the " << stringifyLayout(layout) << " form of the logical shape";
  }
  return verifyDestination(*this, getInit(), getResult());
}

bool ConvOp::readsInit() { return hasSum(getPostOps()); }
bool DeconvOp::readsInit() { return hasSum(getPostOps()); }
bool QuantizedConvOp::readsInit() { return hasSum(getPostOps()); }
bool MatMulOp::readsInit() { return hasSum(getPostOps()); }
bool PoolOp::readsInit() { return false; }
bool AttentionOp::readsInit() { return false; }
bool ReorderOp::readsInit() { return false; }

//===----------------------------------------------------------------------===//
// Bufferization
//===----------------------------------------------------------------------===//

namespace {

/// Whether the kernel reads `operand` through the strides of its buffer `type`: matmul's A and B,
/// where rows stay contiguous (oneDNN's matmul takes any strides, and is fast with unit ones in a
/// matrix dim), and attention's Q, K and V.
template <typename OpTy> bool readsInPlace(OpTy op, OpOperand &operand, MemRefType type) {
  if constexpr (std::is_same_v<OpTy, MatMulOp>) {
    auto [strides, offset] = type.getStridesAndOffset();
    // By position: the same value may also be a post-op input, which is read dense. A quantized
    // matmul reads A dense (a dynamic one quantizes it into a dense copy anyway).
    bool isMatrix = (&operand == &op.getAMutable() && !op.getBScales()) || &operand == &op.getBMutable();
    // Strides only the run knows (a slice of a symbolic-shape tensor) are run values of the kernel.
    return isMatrix && !strides.empty() && strides.back() == 1;
  }
  if constexpr (std::is_same_v<OpTy, AttentionOp>) {
    // Q, K and V: head slices of a fused projection, read where they lie.
    auto [strides, offset] = type.getStridesAndOffset();
    bool isView = &operand == &op.getQMutable() || &operand == &op.getKMutable() || &operand == &op.getVMutable();
    return isView && !strides.empty() && strides.back() == 1;
  }
  return false;
}

/// A dense copy of the strided `buffer`, for the kernels and runtime calls that read dense memory.
Value denseCopy(RewriterBase &rewriter, Location loc, Value buffer) {
  auto type = cast<MemRefType>(buffer.getType());
  llvm::SmallVector<Value> sizes;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.isDynamicDim(d)) sizes.push_back(memref::DimOp::create(rewriter, loc, buffer, d));
  Value copy = memref::AllocOp::create(rewriter, loc, MemRefType::get(type.getShape(), type.getElementType()), sizes);
  memref::CopyOp::create(rewriter, loc, buffer, copy);
  return copy;
}

/// Inputs are read; the init is only written unless a sum post-op reads it first.
template <typename OpTy> struct KernelOpBufferization
    : bufferization::DstBufferizableOpInterfaceExternalModel<KernelOpBufferization<OpTy>, OpTy> {
  bool bufferizesToMemoryRead(Operation *op, OpOperand &operand, const bufferization::AnalysisState &) const {
    return !cast<DestinationStyleOpInterface>(op).isDpsInit(&operand) || cast<KernelOpInterface>(op).readsInit();
  }

  LogicalResult bufferize(Operation *op, RewriterBase &rewriter, const bufferization::BufferizationOptions &options,
                          bufferization::BufferizationState &state) const {
    auto dps = cast<DestinationStyleOpInterface>(op);
    llvm::SmallVector<Value> operands, initBuffers;
    for (OpOperand &operand : op->getOpOperands()) {
      FailureOr<Value> buffer = bufferization::getBuffer(rewriter, operand.get(), options, state);
      if (failed(buffer)) return failure();
      auto type = cast<MemRefType>(buffer->getType());
      if (!type.getLayout().isIdentity() && !memref::isStaticShapeAndContiguousRowMajor(type) &&
          !readsInPlace(cast<OpTy>(op), operand, type)) {
        // The kernels read dense memory (at any offset): copy a strided input, refuse a strided
        // destination.
        if (dps.isDpsInit(&operand)) return op->emitError("kernel destination bufferized to a strided buffer");
        buffer = denseCopy(rewriter, op->getLoc(), *buffer);
      }
      operands.push_back(*buffer);
      if (dps.isDpsInit(&operand)) initBuffers.push_back(*buffer);
    }
    OperationState bufferized(op->getLoc(), op->getName());
    bufferized.addOperands(operands);
    bufferized.propertiesAttr = op->getPropertiesAsAttribute();
    bufferized.addAttributes(llvm::to_vector(op->getDiscardableAttrs()));
    rewriter.create(bufferized);
    bufferization::replaceOpWithBufferizedValues(rewriter, op, initBuffers);
    return success();
  }
};

/// The row is read, and copied out by the runtime's stack: it may be any buffer, strided too.
struct ScanAppendBufferization
    : bufferization::BufferizableOpInterface::ExternalModel<ScanAppendBufferization, ScanAppendOp> {
  bool bufferizesToMemoryRead(Operation *, OpOperand &, const bufferization::AnalysisState &) const { return true; }
  bool bufferizesToMemoryWrite(Operation *, OpOperand &, const bufferization::AnalysisState &) const { return false; }
  bufferization::AliasingValueList getAliasingValues(Operation *, OpOperand &,
                                                     const bufferization::AnalysisState &) const {
    return {};
  }
  LogicalResult bufferize(Operation *op, RewriterBase &rewriter, const bufferization::BufferizationOptions &options,
                          bufferization::BufferizationState &state) const {
    auto append = cast<ScanAppendOp>(op);
    FailureOr<Value> row = bufferization::getBuffer(rewriter, append.getRow(), options, state);
    if (failed(row)) return failure();
    bufferization::replaceOpWithNewBufferizedOp<ScanAppendOp>(rewriter, op, rewriter.getI1Type(), *row,
                                                              append.getIndex(), append.getSlotAttr());
    return success();
  }
};

/// A new buffer (the session's stack), dense.
struct ScanRowsBufferization
    : bufferization::BufferizableOpInterface::ExternalModel<ScanRowsBufferization, ScanRowsOp> {
  bool bufferizesToAllocation(Operation *, Value) const { return true; }
  bufferization::AliasingOpOperandList getAliasingOpOperands(Operation *, Value,
                                                             const bufferization::AnalysisState &) const {
    return {};
  }
  LogicalResult bufferize(Operation *op, RewriterBase &rewriter, const bufferization::BufferizationOptions &,
                          bufferization::BufferizationState &) const {
    auto rows = cast<ScanRowsOp>(op);
    auto type = cast<RankedTensorType>(rows.getType());
    auto bufferType = MemRefType::get(type.getShape(), type.getElementType());
    Value buffer = ScanRowsOp::create(rewriter, op->getLoc(), bufferType, rows.getCount(), rows.getSlotAttr());
    bufferization::replaceOpWithBufferizedValues(rewriter, op, buffer);
    return success();
  }
};

/// The element is read, and copied by the runtime from dense memory: a strided buffer is copied
/// into a dense one first.
struct ListInsertBufferization
    : bufferization::BufferizableOpInterface::ExternalModel<ListInsertBufferization, ListInsertOp> {
  bool bufferizesToMemoryRead(Operation *, OpOperand &, const bufferization::AnalysisState &) const { return true; }
  bool bufferizesToMemoryWrite(Operation *, OpOperand &, const bufferization::AnalysisState &) const { return false; }
  bufferization::AliasingValueList getAliasingValues(Operation *, OpOperand &,
                                                     const bufferization::AnalysisState &) const {
    return {};
  }
  LogicalResult bufferize(Operation *op, RewriterBase &rewriter, const bufferization::BufferizationOptions &options,
                          bufferization::BufferizationState &state) const {
    auto insert = cast<ListInsertOp>(op);
    FailureOr<Value> element = bufferization::getBuffer(rewriter, insert.getElement(), options, state);
    if (failed(element)) return failure();
    if (!cast<MemRefType>(element->getType()).getLayout().isIdentity())
      element = denseCopy(rewriter, op->getLoc(), *element);
    bufferization::replaceOpWithNewBufferizedOp<ListInsertOp>(rewriter, op, insert.getType(), *element,
                                                              insert.getList(), insert.getPosition());
    return success();
  }
};

/// list_at's element or list_concat's result: a view of a tensor in the session's lists, not an
/// allocation, and never to be written, since other lists share it (bufferization copies it
/// before an op would write it in place). Bufferized, it is the same op on the dense buffer type.
template <typename ListViewOp> struct ListViewBufferization
    : bufferization::BufferizableOpInterface::ExternalModel<ListViewBufferization<ListViewOp>, ListViewOp> {
  bufferization::AliasingOpOperandList getAliasingOpOperands(Operation *, Value,
                                                             const bufferization::AnalysisState &) const {
    return {};
  }
  bool isWritable(Operation *, Value, const bufferization::AnalysisState &) const { return false; }
  LogicalResult bufferize(Operation *op, RewriterBase &rewriter, const bufferization::BufferizationOptions &,
                          bufferization::BufferizationState &) const {
    auto type = cast<RankedTensorType>(op->getResult(0).getType());
    Operation *view = rewriter.clone(*op);
    view->getResult(0).setType(MemRefType::get(type.getShape(), type.getElementType()));
    bufferization::replaceOpWithBufferizedValues(rewriter, op, view->getResult(0));
    return success();
  }
};

} // namespace

LogicalResult ScanRowsOp::verify() {
  auto type = dyn_cast<ShapedType>(getType());
  if (!type || !type.hasRank() || type.getRank() < 1 || !type.isDynamicDim(0))
    return emitOpError("result must be ranked with a dynamic leading dim (the row count), got ") << getType();
  if (auto memref = dyn_cast<MemRefType>(type); memref && !memref.getLayout().isIdentity())
    return emitOpError("result buffer must be dense, got ") << getType();
  return success();
}

/// A list element, in or out: ranked, and dense once it is a buffer (the runtime copies it whole).
static LogicalResult verifyListElement(Operation *op, Type elementType) {
  auto type = cast<ShapedType>(elementType);
  if (!type.hasRank()) return op->emitOpError("element must be ranked, got ") << type;
  if (auto memref = dyn_cast<MemRefType>(type); memref && !memref.getLayout().isIdentity())
    return op->emitOpError("element buffer must be dense, got ") << type;
  // The runtime's lists hold the element types of aicc_dtype (LowerLists names each).
  Type element = type.getElementType();
  bool listed = element.isF16() || element.isBF16() || element.isF32() || element.isF64() || element.isInteger(1) ||
                element.isInteger(8) || element.isInteger(16) || element.isInteger(32) || element.isInteger(64);
  if (!listed)
    return op->emitOpError(
               "element type must be a float of 16, 32 or 64 bits or an integer of 1, 8, 16, 32 or 64, got ")
           << element;
  return success();
}

LogicalResult ListInsertOp::verify() { return verifyListElement(*this, getElement().getType()); }

LogicalResult ListAtOp::verify() { return verifyListElement(*this, getType()); }

LogicalResult ListConcatOp::verify() {
  if (failed(verifyListElement(*this, getType()))) return failure();
  int64_t rank = cast<ShapedType>(getType()).getRank();
  const int64_t axis = static_cast<int64_t>(getAxis());
  if (axis < 0 || axis >= rank || (getNewAxis() && rank < 1))
    return emitOpError("axis ") << axis << " is outside a result of rank " << rank;
  return success();
}

void registerCpuDialect(DialectRegistry &registry) {
  registry.insert<AiccCpuDialect, memref::MemRefDialect>();
  // Which input dim an output's symbolic dim equals, through buffers and index arithmetic
  // (ResolveOutputDims).
  arith::registerValueBoundsOpInterfaceExternalModels(registry);
  memref::registerValueBoundsOpInterfaceExternalModels(registry);
  // How long a tile's loops can be, through slices, affine.min and tile loops (TileAndFuse,
  // Vectorize).
  affine::registerValueBoundsOpInterfaceExternalModels(registry);
  linalg::registerValueBoundsOpInterfaceExternalModels(registry);
  scf::registerValueBoundsOpInterfaceExternalModels(registry);
  tensor::registerValueBoundsOpInterfaceExternalModels(registry);
  // The dims of reshapes in terms of their sources, so that every buffer's size is a function of
  // the run's dims (resolve-ranked-shaped-type-result-dims, PlanWorkspace).
  tensor::registerInferTypeOpInterfaceExternalModels(registry);
  registry.addExtension(+[](MLIRContext *context, AiccCpuDialect *) {
    ConvOp::attachInterface<KernelOpBufferization<ConvOp>>(*context);
    DeconvOp::attachInterface<KernelOpBufferization<DeconvOp>>(*context);
    QuantizedConvOp::attachInterface<KernelOpBufferization<QuantizedConvOp>>(*context);
    MatMulOp::attachInterface<KernelOpBufferization<MatMulOp>>(*context);
    PoolOp::attachInterface<KernelOpBufferization<PoolOp>>(*context);
    AttentionOp::attachInterface<KernelOpBufferization<AttentionOp>>(*context);
    ReorderOp::attachInterface<KernelOpBufferization<ReorderOp>>(*context);
    RnnOp::attachInterface<KernelOpBufferization<RnnOp>>(*context);
    ScanAppendOp::attachInterface<ScanAppendBufferization>(*context);
    ScanRowsOp::attachInterface<ScanRowsBufferization>(*context);
    ListInsertOp::attachInterface<ListInsertBufferization>(*context);
    ListAtOp::attachInterface<ListViewBufferization<ListAtOp>>(*context);
    ListConcatOp::attachInterface<ListViewBufferization<ListConcatOp>>(*context);
  });
}

} // namespace aicc::cpu
