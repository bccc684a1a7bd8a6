// The kernel table's attributes (#aicc_cpu.kernel and the parameters of each kind): how their fields
// print and parse, and the verifiers that keep every entry within what its C struct can hold.
#include "aicc/cpu_kernels.h"
#include "backends/cpu/dialect/CpuDialect.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"

#include <cmath>

namespace aicc::cpu {

using namespace mlir;

FailureOr<int64_t> parseWord(AsmParser &parser) {
  int64_t value = 0;
  if (succeeded(parser.parseOptionalQuestion())) {
    SMLoc loc = parser.getCurrentLocation();
    if (parser.parseInteger(value)) return failure();
    if (value < 0 || value >= AICC_MAX_RUN_VALUES)
      return parser.emitError(loc, "run value ") << value << " is not in [0, " << AICC_MAX_RUN_VALUES << ")";
    return AICC_RUN_VALUE(value);
  }
  if (parser.parseInteger(value)) return failure();
  return value;
}

void printWord(AsmPrinter &printer, int64_t word) {
  if (word >= AICC_RUN_VALUE_BASE && word < AICC_RUN_VALUE(AICC_MAX_RUN_VALUES))
    printer << "?" << word - AICC_RUN_VALUE_BASE;
  else
    printer << word;
}

FailureOr<llvm::SmallVector<int64_t>> parseWords(AsmParser &parser) {
  llvm::SmallVector<int64_t> words;
  if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&]() -> ParseResult {
    FailureOr<int64_t> word = parseWord(parser);
    if (failed(word)) return failure();
    words.push_back(*word);
    return success();
  }))
    return failure();
  return words;
}

void printWords(AsmPrinter &printer, llvm::ArrayRef<int64_t> words) {
  printer << "[";
  llvm::interleaveComma(words, printer, [&](int64_t word) { printWord(printer, word); });
  printer << "]";
}

FailureOr<bool> parseFlag(AsmParser &parser) {
  if (succeeded(parser.parseOptionalKeyword("true"))) return true;
  if (succeeded(parser.parseOptionalKeyword("false"))) return false;
  return parser.emitError(parser.getCurrentLocation(), "expected true or false");
}

FailureOr<llvm::APFloat> parseDouble(AsmParser &parser) {
  double value = 0;
  if (parser.parseFloat(value)) return failure();
  return llvm::APFloat(value);
}

namespace {

using EmitError = llvm::function_ref<InFlightDiagnostic()>;

/// The window arrays of a conv or a pool: as many as `kernel` has, 1 to AICC_MAX_SPATIAL_DIMS.
LogicalResult verifyWindow(EmitError emitError, llvm::ArrayRef<int64_t> kernel,
                           std::initializer_list<std::pair<llvm::StringRef, llvm::ArrayRef<int64_t>>> others) {
  if (kernel.empty() || kernel.size() > AICC_MAX_SPATIAL_DIMS)
    return emitError() << "kernel has " << kernel.size() << " spatial dims; 1 to " << AICC_MAX_SPATIAL_DIMS << " fit";
  for (auto [name, values] : others)
    if (values.size() != kernel.size())
      return emitError() << name << " has " << values.size() << " entries, kernel " << kernel.size();
  return success();
}

LogicalResult verifyPostOps(EmitError emitError, ArrayAttr postOps) {
  if (postOps.size() > AICC_MAX_POST_OPS)
    return emitError() << postOps.size() << " post-ops; " << AICC_MAX_POST_OPS << " fit";
  for (Attribute postOp : postOps) {
    if (isa<EltwiseAttr, SumAttr>(postOp)) continue;
    auto binary = dyn_cast<BinaryPostOpAttr>(postOp);
    if (!binary) return emitError() << "post-op " << postOp << " is not eltwise, sum or binary_post_op";
    if (binary.getDims().size() > AICC_MAX_MATMUL_RANK)
      return emitError() << "binary post-op dims have rank " << binary.getDims().size() << "; " << AICC_MAX_MATMUL_RANK
                         << " fit";
  }
  return success();
}

/// A list that holds `rank` words, or none where `optional`.
LogicalResult verifyRanked(EmitError emitError, llvm::StringRef name, llvm::ArrayRef<int64_t> values, size_t rank,
                           bool optional) {
  if (values.size() == rank || (optional && values.empty())) return success();
  return emitError() << name << " has " << values.size() << " entries; the rank is " << rank;
}

LogicalResult verifyComputeType(EmitError emitError, DataType computeType) {
  if (computeType != DataType::f32 && computeType != DataType::bf16)
    return emitError() << "compute_type must be f32 or bf16, got " << stringifyDataType(computeType);
  return success();
}

} // namespace

LogicalResult ConvParamsAttr::verify(EmitError emitError, int64_t, int64_t, int64_t, int64_t groups,
                                     llvm::ArrayRef<int64_t> in, llvm::ArrayRef<int64_t> out,
                                     llvm::ArrayRef<int64_t> kernel, llvm::ArrayRef<int64_t> strides,
                                     llvm::ArrayRef<int64_t> dilations, llvm::ArrayRef<int64_t> padsBegin,
                                     llvm::ArrayRef<int64_t> padsEnd, bool, Layout, Layout, ArrayAttr postOps,
                                     DataType computeType) {
  if (groups < 1) return emitError() << "groups must be at least 1, got " << groups;
  if (failed(verifyComputeType(emitError, computeType))) return failure();
  if (failed(verifyWindow(emitError, kernel,
                          {{"in", in},
                           {"out", out},
                           {"strides", strides},
                           {"dilations", dilations},
                           {"pads_begin", padsBegin},
                           {"pads_end", padsEnd}})))
    return failure();
  return verifyPostOps(emitError, postOps);
}

bool quantizedConvTakes(ArrayAttr postOps, DataType dstType) {
  const bool int8Result = dstType == DataType::u8 || dstType == DataType::s8;
  const int64_t lowest = dstType == DataType::s8 ? -128 : 0, highest = dstType == DataType::u8 ? 255 : 127;
  int64_t sums = 0;
  for (auto [index, postOp] : llvm::enumerate(postOps)) {
    if (isa<EltwiseAttr>(postOp)) continue;
    auto sum = dyn_cast<SumAttr>(postOp);
    if (!sum || ++sums > 1 || (index > 0 && !int8Result)) return false;
    if (int8Result ? sum.getZeroPoint() < lowest || sum.getZeroPoint() > highest : sum.getZeroPoint() != 0)
      return false;
  }
  return true;
}

const char *poolRequantizationError(PoolAlgorithm algorithm, DataType dataType, double outputScale,
                                    double outputShift) {
  if (!(std::isfinite(outputScale) && outputScale > 0) || !std::isfinite(outputShift))
    return "output_scale must be finite and positive and output_shift finite";
  const bool int8Average = (dataType == DataType::u8 || dataType == DataType::s8) && algorithm != PoolAlgorithm::max;
  if (!int8Average && (outputScale != 1 || outputShift != 0))
    return "requantizes only an int8 average: output_scale must be 1 and output_shift 0";
  return nullptr;
}

LogicalResult QuantizedConvParamsAttr::verify(EmitError emitError, ConvParamsAttr conv, DataType srcType,
                                              DataType dstType, int64_t scaleCount, int64_t, int64_t dstZeroPoint) {
  if (srcType != DataType::s8 && srcType != DataType::u8) return emitError() << "src_type must be s8 or u8";
  if (dstType == DataType::bf16) return emitError() << "dst_type must be f32, s8 or u8";
  if (conv.getComputeType() != DataType::f32) return emitError() << "a quantized conv's compute_type is f32";
  if (scaleCount < 1) return emitError() << "scale_count must be at least 1, got " << scaleCount;
  if (dstType == DataType::f32 && dstZeroPoint != 0)
    return emitError() << "an f32 destination has no zero point, got " << dstZeroPoint;
  if (!quantizedConvTakes(conv.getPostOps(), dstType))
    return emitError() << "post-ops must be eltwise and at most one sum, first into an f32 result, its zero point "
                          "in an int8 result's range";
  return success();
}

LogicalResult QuantizedMatMulParamsAttr::verify(EmitError emitError, MatMulParamsAttr matmul, int64_t scaleCount,
                                                DataType aType, int64_t aZeroPoint, llvm::APFloat aScale) {
  if (aType == DataType::bf16) return emitError() << "a_type must be f32, s8 or u8";
  if (matmul.getComputeType() != DataType::f32) return emitError() << "a quantized matmul's compute_type is f32";
  if (aType == DataType::f32 && (aZeroPoint != 0 || !aScale.isZero()))
    return emitError() << "a dynamic A (a_type f32) has no a_scale or a_zero_point";
  if (aType != DataType::f32 && !(aScale.isFiniteNonZero() && !aScale.isNegative()))
    return emitError() << "a static A's a_scale must be finite and positive";
  const int64_t n = matmul.getBDims().empty() ? 0 : matmul.getBDims().back();
  if (scaleCount != 1 && scaleCount != n)
    return emitError() << "scale_count must be 1 or N (" << n << "), got " << scaleCount;
  if (matmul.getTransA() || !matmul.getAStrides().empty())
    return emitError() << "A is read dense: no trans_a, no a_strides";
  return success();
}

LogicalResult MatMulParamsAttr::verify(EmitError emitError, llvm::ArrayRef<int64_t> aDims,
                                       llvm::ArrayRef<int64_t> bDims, llvm::ArrayRef<int64_t> yDims,
                                       llvm::ArrayRef<int64_t> aStrides, llvm::ArrayRef<int64_t> bStrides,
                                       llvm::ArrayRef<int64_t> yStrides, bool, bool, llvm::ArrayRef<int64_t> biasDims,
                                       llvm::APFloat, ArrayAttr postOps, DataType computeType) {
  const size_t rank = yDims.size();
  if (failed(verifyComputeType(emitError, computeType))) return failure();
  if (rank < 2 || rank > AICC_MAX_MATMUL_RANK)
    return emitError() << "y_dims has rank " << rank << "; 2 to " << AICC_MAX_MATMUL_RANK << " fit";
  if (failed(verifyRanked(emitError, "a_dims", aDims, rank, false)) ||
      failed(verifyRanked(emitError, "b_dims", bDims, rank, false)) ||
      failed(verifyRanked(emitError, "a_strides", aStrides, rank, true)) ||
      failed(verifyRanked(emitError, "b_strides", bStrides, rank, true)) ||
      failed(verifyRanked(emitError, "y_strides", yStrides, rank, true)) ||
      failed(verifyRanked(emitError, "bias_dims", biasDims, rank, true)))
    return failure();
  return verifyPostOps(emitError, postOps);
}

LogicalResult PoolParamsAttr::verify(EmitError emitError, int64_t, int64_t, PoolAlgorithm algorithm,
                                     llvm::ArrayRef<int64_t> in, llvm::ArrayRef<int64_t> out,
                                     llvm::ArrayRef<int64_t> kernel, llvm::ArrayRef<int64_t> strides,
                                     llvm::ArrayRef<int64_t> dilations, llvm::ArrayRef<int64_t> padsBegin,
                                     llvm::ArrayRef<int64_t> padsEnd, Layout, Layout, DataType dataType,
                                     APFloat outputScale, APFloat outputShift) {
  if (dataType == DataType::bf16) return emitError() << "pooling takes f32, u8 or s8, not bf16";
  if (const char *error =
          poolRequantizationError(algorithm, dataType, outputScale.convertToDouble(), outputShift.convertToDouble()))
    return emitError() << error;
  return verifyWindow(emitError, kernel,
                      {{"in", in},
                       {"out", out},
                       {"strides", strides},
                       {"dilations", dilations},
                       {"pads_begin", padsBegin},
                       {"pads_end", padsEnd}});
}

LogicalResult AttentionParamsAttr::verify(EmitError emitError, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t,
                                          llvm::ArrayRef<int64_t> qStrides, llvm::ArrayRef<int64_t> kStrides,
                                          llvm::ArrayRef<int64_t> vStrides, llvm::ArrayRef<int64_t> yStrides,
                                          llvm::ArrayRef<int64_t> maskStrides, APFloat, bool) {
  if (failed(verifyRanked(emitError, "q_strides", qStrides, 4, false)) ||
      failed(verifyRanked(emitError, "k_strides", kStrides, 4, false)) ||
      failed(verifyRanked(emitError, "v_strides", vStrides, 4, false)) ||
      failed(verifyRanked(emitError, "y_strides", yStrides, 4, false)) ||
      failed(verifyRanked(emitError, "mask_strides", maskStrides, 4, true)))
    return failure();
  return success();
}

LogicalResult ReorderParamsAttr::verify(EmitError emitError, llvm::ArrayRef<int64_t> dims, Layout, Layout,
                                        int64_t elementBytes) {
  if (dims.size() < 3 || dims.size() > AICC_MAX_REORDER_RANK)
    return emitError() << "dims has rank " << dims.size() << "; 3 to " << AICC_MAX_REORDER_RANK << " fit";
  if (elementBytes != 4 && elementBytes != 1)
    return emitError() << "element_bytes must be 4 or 1, got " << elementBytes;
  return success();
}

LogicalResult RnnParamsAttr::verify(EmitError emitError, RnnCell cell, RnnDirection, int64_t layout, int64_t, int64_t,
                                    int64_t, int64_t, bool, bool, bool, bool, bool, bool, bool, llvm::APFloat,
                                    ArrayAttr activations, DataType computeType) {
  if (layout != 0 && layout != 1) return emitError() << "layout must be 0 or 1, got " << layout;
  if (failed(verifyComputeType(emitError, computeType))) return failure();
  if (computeType == DataType::bf16 && cell != RnnCell::lstm) return emitError() << "computes in bf16 only as an LSTM";
  if (activations.size() > AICC_MAX_RNN_ACTIVATIONS)
    return emitError() << activations.size() << " activations; " << AICC_MAX_RNN_ACTIVATIONS << " fit";
  for (Attribute activation : activations)
    if (!isa<RnnActivationAttr>(activation))
      return emitError() << "activation " << activation << " is not an #aicc_cpu.rnn_activation";
  return success();
}

LogicalResult PackedFormatAttr::verify(EmitError emitError, llvm::ArrayRef<int64_t> dims,
                                       llvm::ArrayRef<int64_t> paddedDims, llvm::ArrayRef<int64_t> strides,
                                       llvm::ArrayRef<int64_t> blockSizes, llvm::ArrayRef<int64_t> blockDims,
                                       int64_t bytes) {
  if (dims.empty() || dims.size() > AICC_MAX_PACKED_RANK)
    return emitError() << "dims has rank " << dims.size() << "; 1 to " << AICC_MAX_PACKED_RANK << " fit";
  if (failed(verifyRanked(emitError, "padded_dims", paddedDims, dims.size(), false)) ||
      failed(verifyRanked(emitError, "strides", strides, dims.size(), false)))
    return failure();
  if (blockSizes.size() > AICC_MAX_PACKED_BLOCKS || blockDims.size() != blockSizes.size())
    return emitError() << "block_sizes and block_dims must have the same length, at most " << AICC_MAX_PACKED_BLOCKS;
  if (bytes < 0) return emitError() << "bytes must not be negative";
  return success();
}

LogicalResult KernelAttr::verify(EmitError emitError, KernelKind kind, llvm::StringRef, int64_t numArgs,
                                 Attribute params, ArrayAttr constants, ArrayAttr formats) {
  bool paramsFit = false;
  switch (kind) {
  case KernelKind::conv:
  case KernelKind::deconv: paramsFit = isa<ConvParamsAttr>(params); break;
  case KernelKind::matmul: paramsFit = isa<MatMulParamsAttr>(params); break;
  case KernelKind::pool: paramsFit = isa<PoolParamsAttr>(params); break;
  case KernelKind::reorder: paramsFit = isa<ReorderParamsAttr>(params); break;
  case KernelKind::rnn:
  case KernelKind::quantized_rnn: paramsFit = isa<RnnParamsAttr>(params); break;
  case KernelKind::attention: paramsFit = isa<AttentionParamsAttr>(params); break;
  case KernelKind::quantized_conv: paramsFit = isa<QuantizedConvParamsAttr>(params); break;
  case KernelKind::quantized_matmul: paramsFit = isa<QuantizedMatMulParamsAttr>(params); break;
  }
  if (!paramsFit) return emitError() << "params " << params << " are not those of a " << stringifyKernelKind(kind);
  if (static_cast<int64_t>(constants.size()) != numArgs)
    return emitError() << "constants has " << constants.size() << " entries, num_args " << numArgs;
  for (Attribute constant : constants)
    if (!isa<UnitAttr, FlatSymbolRefAttr>(constant))
      return emitError() << "constant " << constant << " is neither unit nor a symbol";
  if (!formats) return success();
  if (static_cast<int64_t>(formats.size()) != numArgs)
    return emitError() << "formats has " << formats.size() << " entries, num_args " << numArgs;
  for (Attribute format : formats)
    if (!isa<UnitAttr, PackedFormatAttr>(format))
      return emitError() << "format " << format << " is neither unit nor a packed_format";
  return success();
}

} // namespace aicc::cpu
