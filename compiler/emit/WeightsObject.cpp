// Weights as raw bytes in their own object file; see WeightsObject.h.
#include "compiler/emit/WeightsObject.h"
#include "compiler/Diagnostics.h"

#include <algorithm>
#include <optional>

#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/ToolOutputFile.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

namespace aicc {

using namespace mlir;

std::optional<llvm::ArrayRef<char>> rawBytes(Attribute value) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements) return std::nullopt;
  ShapedType type = elements.getShapedType();
  if (!type.getElementType().isIntOrFloat() || type.getElementTypeBitWidth() % 8 != 0) return std::nullopt;
  uint64_t size = type.getNumElements() * (type.getElementTypeBitWidth() / 8);

  llvm::ArrayRef<char> data;
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(value)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob) return std::nullopt;
    data = blob->getData();
  } else if (auto dense = dyn_cast<DenseElementsAttr>(value)) {
    if (dense.isSplat()) return std::nullopt;
    data = dense.getRawData();
  } else {
    return std::nullopt;
  }
  if (data.size() != size) return std::nullopt;
  return data;
}

std::vector<ExternalConstant> externalizeLargeConstants(ModuleOp module, uint64_t minBytes) {
  std::vector<ExternalConstant> constants;
  for (auto global : module.getOps<LLVM::GlobalOp>()) {
    if (!global.getConstant() || !global.getValueAttr()) continue;
    std::optional<llvm::ArrayRef<char>> bytes = rawBytes(global.getValueAttr());
    if (!bytes || bytes->size() < minBytes) continue;
    uint64_t alignment = std::max<uint64_t>(global.getAlignment().value_or(1), kWeightAlignment);
    constants.push_back({global.getSymName().str(), *bytes, alignment});

    // A declaration: external linkage (a private one must have a definition), hidden so the
    // symbol never leaves the artifact and code reaches it PC-relative, without the GOT.
    global.setValueAttr(nullptr);
    global.setLinkage(LLVM::Linkage::External);
    global.setVisibility_(LLVM::Visibility::Hidden);
    global.setUnnamedAddr(std::nullopt);
    global.setAlignment(alignment);
  }
  return constants;
}

llvm::Error emitWeightsObject(llvm::ArrayRef<ExternalConstant> constants, CpuTarget &target, llvm::StringRef path) {
  llvm::TargetMachine &machine = *target.machine;
  llvm::LLVMContext context;
  llvm::Module module("aicc-weights", context);
  module.setTargetTriple(machine.getTargetTriple());
  module.setDataLayout(machine.createDataLayout());

  // An i8 array is a "string" to the asm printer, which emits it with one emitBytes call; typed
  // (float, nested) arrays would go element by element.
  auto *byte = llvm::Type::getInt8Ty(context);
  for (const ExternalConstant &constant : constants) {
    llvm::StringRef bytes(constant.bytes.data(), constant.bytes.size());
    llvm::Constant *init = llvm::ConstantDataArray::getRaw(bytes, bytes.size(), byte);
    auto *global = new llvm::GlobalVariable(module, init->getType(), /*isConstant=*/true,
                                            llvm::GlobalValue::ExternalLinkage, init, constant.symbol);
    global->setVisibility(llvm::GlobalValue::HiddenVisibility);
    global->setAlignment(llvm::Align(constant.alignment));
  }

  std::error_code ec;
  llvm::ToolOutputFile out(path, ec, llvm::sys::fs::OF_None);
  if (ec) return fail("cannot write '" + path + "': " + ec.message());
  llvm::legacy::PassManager codegen;
  if (machine.addPassesToEmitFile(codegen, out.os(), nullptr, llvm::CodeGenFileType::ObjectFile))
    return fail("the target cannot emit object files");
  codegen.run(module);
  out.keep();
  return llvm::Error::success();
}

} // namespace aicc
