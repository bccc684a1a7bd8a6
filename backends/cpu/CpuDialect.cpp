// aicc_cpu dialect: the kernel op, its verifier and its bufferization.
#include "backends/cpu/CpuDialect.h"

#include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/IR/DstBufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectImplementation.h"

using namespace mlir;

#include "backends/cpu/CpuDialect.cpp.inc"
#include "backends/cpu/CpuEnums.cpp.inc"
#define GET_OP_CLASSES
#include "backends/cpu/CpuOps.cpp.inc"

namespace aicc::cpu {

void AiccCpuDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "backends/cpu/CpuOps.cpp.inc"
      >();
}

LogicalResult KernelOp::verify() {
  int64_t operands = getInputs().size() + getInits().size();
  if ((int64_t)getArgSlots().size() != operands)
    return emitOpError("has ") << operands << " operands but " << getArgSlots().size() << " arg_slots";
  llvm::SmallVector<bool> used(getNumArgs(), false);
  for (int64_t slot : getArgSlots()) {
    if (slot < 0 || slot >= getNumArgs()) return emitOpError("arg slot ") << slot << " is out of range";
    if (used[slot]) return emitOpError("arg slot ") << slot << " is used twice";
    used[slot] = true;
  }
  bool onTensors = llvm::all_of(getInits(), [](Value v) { return isa<RankedTensorType>(v.getType()); });
  bool onBuffers = llvm::all_of(getInits(), [](Value v) { return isa<MemRefType>(v.getType()); });
  if (!onTensors && !onBuffers) return emitOpError("inits must be all tensors or all memrefs");
  if (onTensors && getResults().size() != getInits().size())
    return emitOpError("on tensors must return one result per init");
  if (onBuffers && !getResults().empty()) return emitOpError("on memrefs returns no results");
  return success();
}

namespace {

/// Inputs are read, inits only written: the kernels overwrite their destination.
struct KernelOpBufferization
    : bufferization::DstBufferizableOpInterfaceExternalModel<KernelOpBufferization, KernelOp> {
  bool bufferizesToMemoryRead(Operation *op, OpOperand &operand, const bufferization::AnalysisState &) const {
    return !cast<DestinationStyleOpInterface>(op).isDpsInit(&operand);
  }

  LogicalResult bufferize(Operation *op, RewriterBase &rewriter, const bufferization::BufferizationOptions &options,
                          bufferization::BufferizationState &state) const {
    auto kernel = cast<KernelOp>(op);
    // The kernels read dense row-major memory: copy any operand bufferization gave a strided layout.
    auto contiguousBuffer = [&](Value tensor) -> FailureOr<Value> {
      FailureOr<Value> buffer = bufferization::getBuffer(rewriter, tensor, options, state);
      if (failed(buffer)) return failure();
      auto type = cast<MemRefType>(buffer->getType());
      if (type.getLayout().isIdentity()) return buffer;
      auto dense = MemRefType::get(type.getShape(), type.getElementType());
      Value copy = memref::AllocOp::create(rewriter, op->getLoc(), dense);
      memref::CopyOp::create(rewriter, op->getLoc(), *buffer, copy);
      return copy;
    };
    llvm::SmallVector<Value> inputs, inits;
    for (Value v : kernel.getInputs()) {
      if (!isa<TensorType>(v.getType())) {
        inputs.push_back(v);
        continue;
      }
      FailureOr<Value> buffer = contiguousBuffer(v);
      if (failed(buffer)) return failure();
      inputs.push_back(*buffer);
    }
    for (Value v : kernel.getInits()) {
      FailureOr<Value> buffer = bufferization::getBuffer(rewriter, v, options, state);
      if (failed(buffer)) return failure();
      if (!cast<MemRefType>(buffer->getType()).getLayout().isIdentity())
        return op->emitError("kernel destination bufferized to a strided buffer");
      inits.push_back(*buffer);
    }
    KernelOp::create(rewriter, op->getLoc(), TypeRange{}, kernel.getKindAttr(), kernel.getParamsAttr(),
                              kernel.getArgSlotsAttr(), kernel.getNumArgsAttr(), inputs, inits);
    bufferization::replaceOpWithBufferizedValues(rewriter, op, inits);
    return success();
  }
};

} // namespace

void registerCpuDialect(DialectRegistry &registry) {
  registry.insert<AiccCpuDialect, memref::MemRefDialect>();
  registry.addExtension(
      +[](MLIRContext *context, AiccCpuDialect *) { KernelOp::attachInterface<KernelOpBufferization>(*context); });
}

} // namespace aicc::cpu
