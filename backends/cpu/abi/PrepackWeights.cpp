// PrepackWeights: constant weights reordered at compile time into the layout their oneDNN primitive
// reads, so that a session reads them in place instead of reordering them at creation (ResNet-50:
// 100 MB copied per session). The layouts come from the runtime itself: aicc_kernels_prepack
// builds the kernel table's primitives exactly as sessions do, with oneDNN limited to the target's
// ISA, and hands back each reordered constant; the pass only moves bytes into globals.
#include <cstring>
#include <deque>
#include <map>
#include <string>

#include "aicc/cpu_kernels.h"
#include "backends/cpu/abi/KernelAbi.h"
#include "backends/cpu/Passes.h"
#include "compiler/emit/WeightsObject.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"
#include "mlir/IR/SymbolTable.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_PREPACKWEIGHTS
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

/// The bytes of a constant global's value, as WeightsObject reads them, with splats expanded into
/// `expanded` (which owns them); nothing if the value is not plain bytes.
std::optional<llvm::ArrayRef<char>> globalBytes(memref::GlobalOp global, std::deque<std::vector<char>> &expanded) {
  Attribute value = global.getInitialValueAttr();
  auto splat = dyn_cast_or_null<SplatElementsAttr>(value);
  if (!splat || !splat.getElementType().isIntOrFloat() || splat.getElementType().getIntOrFloatBitWidth() % 8 != 0)
    return value ? rawBytes(value) : std::nullopt;
  llvm::ArrayRef<char> element = splat.getRawData();
  std::vector<char> &bytes = expanded.emplace_back(element.size() * splat.getNumElements());
  for (size_t offset = 0; offset < bytes.size(); offset += element.size())
    std::memcpy(bytes.data() + offset, element.data(), element.size());
  return llvm::ArrayRef<char>(bytes);
}

/// One kernel table entry as the runtime reads it, with storage for what the desc points to.
struct KernelEntry {
  llvm::SmallVector<int64_t> params;
  std::vector<const void *> constants;
  std::string name; // the ONNX nodes, for the runtime's error messages
};

/// A constant the runtime reordered: kernel, operand slot, format and bytes.
struct PackedConstant {
  int64_t kernel, arg;
  aicc_packed_format format;
  std::vector<char> bytes;
};

struct PrepackWeightsPass : impl::PrepackWeightsBase<PrepackWeightsPass> {
  using PrepackWeightsBase::PrepackWeightsBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto table = module->getAttrOfType<ArrayAttr>(kKernelTableAttr);
    if (!table || table.empty()) return;
    if (!llvm::all_of(table, llvm::IsaPred<KernelAttr>)) {
      module.emitError("the kernel table holds an entry that is not an #aicc_cpu.kernel");
      return signalPassFailure();
    }

    // The constants' bytes, each global looked up once; views of the attributes' storage, except
    // for expanded splats.
    std::map<std::string, llvm::ArrayRef<char>> bytesOf;
    std::deque<std::vector<char>> expandedSplats;
    std::vector<KernelEntry> entries(table.size());
    std::vector<aicc_kernel_desc> descs(table.size());
    for (auto [index, kernel] : llvm::enumerate(table.getAsRange<KernelAttr>())) {
      KernelEntry &entry = entries[index];
      entry.params = paramWords(kernel);
      for (Attribute c : kernel.getConstants()) {
        auto symbol = dyn_cast<FlatSymbolRefAttr>(c);
        if (!symbol) {
          entry.constants.push_back(nullptr);
          continue;
        }
        auto [it, inserted] = bytesOf.try_emplace(symbol.getValue().str());
        if (inserted) {
          auto global = module.lookupSymbol<memref::GlobalOp>(symbol);
          std::optional<llvm::ArrayRef<char>> bytes = global ? globalBytes(global, expandedSplats) : std::nullopt;
          if (!bytes) {
            module.emitError("kernel ") << index << ": constant " << symbol << " has no bytes to prepack";
            return signalPassFailure();
          }
          it->second = *bytes;
        }
        entry.constants.push_back(it->second.data());
      }
      entry.name = kernel.getName().str();
      descs[index] =
          aicc_kernel_desc{kernelKind(kernel),     static_cast<int64_t>(entry.params.size() * sizeof(int64_t)),
                           entry.params.data(),    kernel.getNumArgs(),
                           entry.constants.data(), nullptr,
                           entry.name.c_str()};
    }

    std::vector<PackedConstant> packed;
    auto collect = [](void *context, int64_t kernel, int64_t arg, const aicc_packed_format *format, const void *data) {
      const char *bytes = static_cast<const char *>(data);
      static_cast<std::vector<PackedConstant> *>(context)->push_back(
          {kernel, arg, *format, std::vector<char>(bytes, bytes + format->bytes)});
    };
    if (aicc_kernels_prepack(targetIsa.c_str(), descs.data(), static_cast<int64_t>(descs.size()), collect, &packed)) {
      module.emitError("prepacking weights: ") << aicc_kernel_last_error();
      return signalPassFailure();
    }

    // One global per distinct (source, format): kernels that read the same weight the same way
    // share it.
    OpBuilder builder(module.getBodyRegion());
    SymbolTable symbols(module);
    llvm::SmallVector<llvm::SmallVector<Attribute>> constants(table.size()), formats(table.size());
    for (auto [index, kernel] : llvm::enumerate(table.getAsRange<KernelAttr>())) {
      constants[index] = llvm::to_vector(kernel.getConstants().getValue());
      formats[index].assign(constants[index].size(), builder.getUnitAttr());
    }
    llvm::DenseMap<std::pair<Attribute, Attribute>, FlatSymbolRefAttr> packedGlobals;
    llvm::SmallVector<std::string> replaced;
    for (PackedConstant &constant : packed) {
      auto source = cast<FlatSymbolRefAttr>(constants[constant.kernel][constant.arg]);
      PackedFormatAttr format = packedFormatAttr(&getContext(), constant.format);
      FlatSymbolRefAttr &global = packedGlobals[{source, format}];
      if (!global) {
        auto type = RankedTensorType::get({static_cast<int64_t>(constant.bytes.size())}, builder.getI8Type());
        std::string name = (source.getValue() + "_packed").str();
        AsmResourceBlob blob = HeapAsmResourceBlob::allocateAndCopyWithAlign(constant.bytes, alignof(uint64_t));
        auto op = memref::GlobalOp::create(builder, module.getLoc(), name, builder.getStringAttr("private"),
                                           MemRefType::get(type.getShape(), type.getElementType()),
                                           DenseResourceElementsAttr::get(type, name, std::move(blob)),
                                           /*constant=*/true, builder.getI64IntegerAttr(64));
        global = FlatSymbolRefAttr::get(symbols.insert(op));
        replaced.push_back(source.getValue().str());
      }
      constants[constant.kernel][constant.arg] = global;
      formats[constant.kernel][constant.arg] = format;
    }

    int64_t packedBytes = 0;
    for (const PackedConstant &constant : packed) packedBytes += static_cast<int64_t>(constant.bytes.size());
    module.emitRemark() << "prepacked " << packed.size() << " constant operands (" << packedBytes
                        << " bytes) into their kernels' layouts for "
                        << (targetIsa.empty() ? std::string("this host") : targetIsa);

    llvm::SmallVector<Attribute> newTable;
    llvm::StringSet<> stillRead;
    for (auto [index, kernel] : llvm::enumerate(table.getAsRange<KernelAttr>())) {
      ArrayAttr kernelFormats;
      if (llvm::any_of(formats[index], [](Attribute f) { return !isa<UnitAttr>(f); }))
        kernelFormats = builder.getArrayAttr(formats[index]);
      newTable.push_back(KernelAttr::get(&getContext(), kernel.getKind(), kernel.getName(), kernel.getNumArgs(),
                                         kernel.getParams(), builder.getArrayAttr(constants[index]), kernelFormats));
      for (Attribute c : constants[index])
        if (auto symbol = dyn_cast<FlatSymbolRefAttr>(c)) stillRead.insert(symbol.getValue());
    }
    module->setAttr(kKernelTableAttr, builder.getArrayAttr(newTable));

    // The ONNX-layout originals go unless code or another kernel still reads them.
    for (const std::string &name : replaced) {
      Operation *global = symbols.lookup(name);
      if (global && !stillRead.contains(name) && SymbolTable::symbolKnownUseEmpty(global, module))
        symbols.erase(global);
    }
  }
};

} // namespace
} // namespace aicc::cpu
