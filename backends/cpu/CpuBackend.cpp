// The x86 CPU target: oneDNN kernels for heavy ops, LLVM-compiled loops for the rest, linked into a
// shared object against libaiccrt, or into one object (or archive) for a program to link.
#include <algorithm>
#include "compiler/Diagnostics.h"

#include "backends/cpu/dialect/CpuDialect.h"
#include "backends/cpu/abi/CpuEntryPoints.h"
#include "backends/cpu/CpuPipeline.h"
#include "backends/cpu/Passes.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "compiler/TargetBackend.h"
#include "compiler/emit/LinkedArtifact.h"
#include "compiler/emit/ObjectEmitter.h"
#include "compiler/emit/WeightsObject.h"
#include "compiler/StageTimer.h"
#include "compiler/ModuleConventions.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "aicc/model_abi.h"
#include "mlir/Dialect/Arith/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/Transforms/FuncBufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Linalg/Transforms/AllInterfaces.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Index/IR/IndexDialect.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/ADT/StringMap.h"

namespace aicc {
namespace {

using namespace mlir;

class CpuBackend final : public TargetBackend {
public:
  CpuBackend() {
#define AICC_CPU_OP(name) ops.push_back(#name);
#include "backends/cpu/SupportedOps.def"
#undef AICC_CPU_OP
#define AICC_CPU_OP_NOT_COMPILED(name, why) notCompiled[#name] = why;
#include "backends/cpu/NotCompiledOps.def"
#undef AICC_CPU_OP_NOT_COMPILED
  }

  llvm::StringRef name() const override { return "cpu"; }
  const std::vector<std::string> &supportedOps() const override { return ops; }
  std::optional<llvm::StringRef> whyNotCompiled(llvm::StringRef opType) const override {
    auto it = notCompiled.find(opType);
    if (it == notCompiled.end()) return std::nullopt;
    return it->second;
  }

  void registerDialects(DialectRegistry &registry) const override {
    cpu::registerCpuDialect(registry);
    registry
        .insert<affine::AffineDialect, arith::ArithDialect, bufferization::BufferizationDialect, cf::ControlFlowDialect,
                func::FuncDialect, index::IndexDialect, linalg::LinalgDialect, LLVM::LLVMDialect, math::MathDialect,
                memref::MemRefDialect, scf::SCFDialect, tensor::TensorDialect, vector::VectorDialect>();
    arith::registerBufferizableOpInterfaceExternalModels(registry);
    bufferization::func_ext::registerBufferizableOpInterfaceExternalModels(registry);
    // Bufferization, tiling and the other interfaces of linalg ops.
    linalg::registerAllDialectInterfaceImplementations(registry);
    scf::registerBufferizableOpInterfaceExternalModels(registry);
    tensor::registerBufferizableOpInterfaceExternalModels(registry);
    vector::registerBufferizableOpInterfaceExternalModels(registry);
    registerBuiltinDialectTranslation(registry);
    registerLLVMDialectTranslation(registry);
  }

  llvm::Error optimize(ModuleOp module, const OptimizeRequest &request) override;
  std::vector<KernelPrecision> kernelPrecisions(ModuleOp module) const override;
  llvm::Error emit(ModuleOp module, ArtifactDescription &description, const EmitRequest &request) override;

private:
  std::vector<std::string> ops;
  llvm::StringMap<llvm::StringRef> notCompiled;
};

/// The names ResolveOutputDims gave the outputs' symbolic dims, and which of them only the run
/// computes (AICC_DIM_DATA).
llvm::Error nameOutputDims(func::FuncOp entry, std::vector<TensorSignature> &outputs) {
  auto names = entry->getAttrOfType<ArrayAttr>(cpu::kOutputDimNamesAttr);
  auto dataDims = entry->getAttrOfType<ArrayAttr>(cpu::kOutputDataDimsAttr);
  for (auto [index, output] : llvm::enumerate(outputs)) {
    if (output.kind != AICC_VALUE_TENSOR) continue; // a sequence's element dims are named already
    auto dims = names && index < names.size() ? dyn_cast<ArrayAttr>(names[index]) : nullptr;
    auto computed = dataDims && index < dataDims.size() ? dyn_cast<DenseI64ArrayAttr>(dataDims[index]) : nullptr;
    for (auto [d, size] : llvm::enumerate(output.shape)) {
      if (size != AICC_DIM_SYMBOLIC) continue;
      auto name = dims && d < dims.size() ? dyn_cast<StringAttr>(dims[d]) : nullptr;
      if (!name || name.getValue().empty())
        return fail("output '" + output.name + "': dim " + llvm::Twine(d) + " has no input dim to take its size from");
      output.dimNames[d] = name.str();
      if (computed && llvm::is_contained(computed.asArrayRef(), (int64_t)d)) size = AICC_DIM_DATA;
    }
  }
  return llvm::Error::success();
}

llvm::Error CpuBackend::optimize(ModuleOp module, const OptimizeRequest &request) {
  // Fail on a bad --mcpu before any lowering work; the target's vector width picks the layout.
  auto target = createCpuTarget(request.cpu);
  if (!target) return target.takeError();
  StageTimer kernelStage("cpu kernels and fusion", request.verbose);
  PassManager kernels(module.getContext());
  cpu::CpuPipelineOptions pipelineOptions;
  const bool avx512 = target->machine->getMCSubtargetInfo()->checkFeatures("+avx512f");
  pipelineOptions.layoutBlock = cpu::layoutBlockFor(avx512);
  pipelineOptions.channelsLastAtBatchOne = avx512;
  // Static int8 quantizes convolutions by calibration before this; matmuls and LSTMs are dynamic
  // in both.
  pipelineOptions.quantizeDynamically = request.quantize != Quantization::None;
  pipelineOptions.keepFp32 = request.keepFp32;
  if (request.precision == Precision::Bf16) {
    // oneDNN's bf16 kernels need AVX512_BF16 or AMX; without them it emulates bf16 on AVX-512,
    // slower than f32, and has only reference kernels below.
    const llvm::MCSubtargetInfo &subtarget = *target->machine->getMCSubtargetInfo();
    pipelineOptions.computeInBf16 = subtarget.checkFeatures("+avx512bf16") || subtarget.checkFeatures("+amx-bf16");
    if (!pipelineOptions.computeInBf16)
      module.emitWarning() << "--precision=bf16: the target CPU (" << target->cpu
                           << ") has no bf16 instructions (AVX512_BF16 or AMX): no kernel computes in bf16";
  }
  cpu::buildCpuKernelPipeline(kernels, pipelineOptions);
  applyDefaultTimingPassManagerCLOptions(kernels);
  if (failed(kernels.run(module))) return fail("selecting CPU kernels failed");
  return llvm::Error::success();
}

std::vector<KernelPrecision> CpuBackend::kernelPrecisions(ModuleOp module) const {
  std::vector<KernelPrecision> kernels;
  module.walk([&](Operation *op) {
    if (isa<cpu::ReorderOp>(op) || !isa<cpu::KernelOpInterface, cpu::RnnOp>(op)) return;
    std::string kernel = op->getName().stripDialect().str(), precision;
    auto matmul = dyn_cast<cpu::MatMulOp>(op);
    auto isByte = [](Type type) {
      auto shaped = dyn_cast<ShapedType>(type);
      return shaped && shaped.getElementType().isInteger(8);
    };
    auto rnn = dyn_cast<cpu::RnnOp>(op);
    if ((matmul && matmul.getBScales() && cast<ShapedType>(matmul.getA().getType()).getElementType().isF32()) ||
        (rnn && rnn.getWScales()))
      precision = "int8 dynamic";
    else if (llvm::any_of(op->getOperandTypes(), isByte))
      precision = "int8";
    else if (auto computeType = op->getAttrOfType<cpu::DataTypeAttr>("compute_type");
             computeType && computeType.getValue() == cpu::DataType::bf16)
      precision = "bf16";
    else if (auto shaped = dyn_cast<ShapedType>(op->getOperand(0).getType()))
      llvm::raw_string_ostream(precision) << shaped.getElementType();
    kernels.push_back({cpu::onnxNodeNames(op, kernel), kernel, precision});
  });
  return kernels;
}

llvm::Error CpuBackend::emit(ModuleOp module, ArtifactDescription &description, const EmitRequest &request) {
  // Fail on a bad --mcpu before any lowering work.
  auto target = createCpuTarget(request.cpu);
  if (!target) return target.takeError();

  // MLIR's bare-pointer calling convention takes no memref whose zero-sized dim is not the first
  // (its strides are not those of a contiguous row-major buffer).
  for (const auto *tensors : {&description.inputs, &description.outputs})
    for (const TensorSignature &t : *tensors)
      if (t.shape.size() > 1 && llvm::is_contained(llvm::ArrayRef<int64_t>(t.shape).drop_front(), 0))
        return fail("'" + t.name + "' has an empty non-leading dimension; the CPU target cannot pass it");

  StageTimer bufferStage("cpu lowering: to buffers", request.verbose);
  PassManager toBuffers(module.getContext());
  cpu::CpuPipelineOptions pipelineOptions;
  const llvm::MCSubtargetInfo &subtarget = *target->machine->getMCSubtargetInfo();
  pipelineOptions.weightsIsa = cpu::onednnIsaFor([&](llvm::StringRef f) { return subtarget.checkFeatures(f); });
  if (!request.prepackWeights) pipelineOptions.weightsIsa = std::nullopt;
  cpu::buildCpuBufferPipeline(toBuffers, pipelineOptions);
  applyDefaultTimingPassManagerCLOptions(toBuffers);
  if (failed(toBuffers.run(module))) return fail("lowering to CPU kernels and loops failed");
  auto entry = module.lookupSymbol<func::FuncOp>(kEntryFunction);
  if (auto bytes = entry->getAttrOfType<IntegerAttr>(cpu::kWorkspaceBytesAttr))
    description.workspaceBytes = bytes.getInt();
  if (auto err = nameOutputDims(entry, description.outputs)) return err;
  llvm::SmallVector<int64_t> dataShapedOutputs;
  if (auto indices = entry->getAttrOfType<DenseI64ArrayAttr>(cpu::kDataShapedOutputsAttr))
    dataShapedOutputs.assign(indices.asArrayRef().begin(), indices.asArrayRef().end());
  bufferStage.stop();

  StageTimer llvmDialectStage("cpu lowering: to LLVM", request.verbose);
  PassManager toLLVM(module.getContext());
  cpu::buildCpuToLLVMPipeline(toLLVM);
  applyDefaultTimingPassManagerCLOptions(toLLVM);
  if (failed(toLLVM.run(module))) return fail("lowering to the LLVM dialect failed");
  llvmDialectStage.stop();

  // Weights go into their own object as raw bytes; the code module only declares them.
  StageTimer translateStage("llvm translation", request.verbose);
  std::vector<ExternalConstant> weights = externalizeLargeConstants(module);
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> llvmModule = translateModuleToLLVMIR(module, context, "aicc-model");
  if (!llvmModule) return fail("translation to LLVM IR failed");

  description.target = "cpu";
  description.cpu = target->cpu;
  description.cpuFeatures = target->recordedFeatures;
  emitModelInfo(*llvmModule, description);
  llvm::SmallVector<int64_t> listOutputs;
  for (auto [index, output] : llvm::enumerate(description.outputs))
    if (output.kind != AICC_VALUE_TENSOR) listOutputs.push_back(index);
  if (auto err = cpu::emitCpuEntryPoints(*llvmModule, module, kEntryFunction, description.inputs.size(),
                                         description.outputs.size(), dataShapedOutputs, listOutputs))
    return err;
  const bool linked = request.kind == EmitRequest::Kind::Object || request.kind == EmitRequest::Kind::Archive;
  if (linked)
    if (auto err = makeLinkedModule(*llvmModule, weights, request.linkName)) return err;
  translateStage.stop();

  if (request.kind == EmitRequest::Kind::LlvmIR) {
    optimizeModule(*llvmModule, *target);
    llvmModule->print(*request.text, nullptr);
    return llvm::Error::success();
  }

  StageTimer codegenStage("llvm optimization+codegen", request.verbose);
  llvm::SmallString<128> object;
  if (auto ec = llvm::sys::fs::createTemporaryFile("aicc-model", "o", object))
    return fail("cannot create a temporary object file: " + ec.message());
  llvm::FileRemover removeObject(object);
  if (auto err = emitObjectFile(*llvmModule, *target, object)) return err;
  codegenStage.stop();

  std::vector<std::string> objects{std::string(object)};
  StageTimer weightsStage("weights object", request.verbose);
  llvm::SmallString<128> weightsObject;
  llvm::FileRemover removeWeights;
  if (!weights.empty()) {
    if (auto ec = llvm::sys::fs::createTemporaryFile("aicc-weights", "o", weightsObject))
      return fail("cannot create a temporary object file: " + ec.message());
    removeWeights.setFile(weightsObject);
    if (auto err = emitWeightsObject(weights, *target, weightsObject)) return err;
    objects.push_back(std::string(weightsObject));
  }
  weightsStage.stop();

  StageTimer linkStage("link", request.verbose);
  if (request.kind == EmitRequest::Kind::SharedObject)
    return linkSharedObject(objects, request.outputPath, request.runtimeLibDir);
  if (request.kind != EmitRequest::Kind::Archive) return linkRelocatableObject(objects, request.outputPath);
  llvm::SmallString<128> linkedObject;
  if (auto ec = llvm::sys::fs::createTemporaryFile("aicc-linked", "o", linkedObject))
    return fail("cannot create a temporary object file: " + ec.message());
  llvm::FileRemover removeLinked(linkedObject);
  if (auto err = linkRelocatableObject(objects, linkedObject)) return err;
  return writeStaticArchive(linkedObject, request.linkName + ".o", request.outputPath);
}

} // namespace

std::unique_ptr<TargetBackend> createCpuBackend() { return std::make_unique<CpuBackend>(); }

} // namespace aicc
