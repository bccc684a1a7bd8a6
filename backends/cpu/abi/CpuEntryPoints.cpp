// Emits, in LLVM IR, the glue between the model ABI and the compiled entry function: the kernel table
// aicc_kernels_create reads at init (aicc/cpu_kernels.h), and init/run/fini.
#include "backends/cpu/abi/CpuEntryPoints.h"
#include "compiler/Diagnostics.h"

#include "backends/cpu/abi/KernelAbi.h"
#include "backends/cpu/Passes.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

namespace aicc::cpu {
namespace {

/// aicc_kernel_desc[] built from the module's kernel table attribute.
llvm::Expected<llvm::Constant *> emitKernelTable(llvm::Module &module, mlir::ArrayAttr table) {
  llvm::LLVMContext &context = module.getContext();
  auto *i64 = llvm::Type::getInt64Ty(context);
  auto *ptr = llvm::PointerType::getUnqual(context);
  auto *descType = llvm::StructType::get(context, {i64, i64, ptr, i64, ptr, ptr, ptr});
  auto privateConstant = [&](llvm::Constant *init, const llvm::Twine &name) {
    return new llvm::GlobalVariable(module, init->getType(), true, llvm::GlobalValue::PrivateLinkage, init, name);
  };

  if (!llvm::all_of(table, llvm::IsaPred<KernelAttr>))
    return fail("the kernel table holds an entry that is not an #aicc_cpu.kernel");
  std::vector<llvm::Constant *> descs;
  for (auto kernel : table.getAsRange<KernelAttr>()) {
    llvm::SmallVector<int64_t> params = paramWords(kernel);
    std::vector<llvm::Constant *> constants;
    for (mlir::Attribute c : kernel.getConstants()) {
      auto symbol = mlir::dyn_cast<mlir::FlatSymbolRefAttr>(c);
      if (!symbol) {
        constants.push_back(llvm::ConstantPointerNull::get(ptr));
        continue;
      }
      llvm::GlobalVariable *global = module.getNamedGlobal(symbol.getValue());
      if (!global) return fail("kernel constant @" + symbol.getValue() + " was not emitted");
      constants.push_back(global);
    }
    // aicc_packed_format of each prepacked constant (PrepackWeights), as its int64 words.
    llvm::Constant *formatArray = llvm::ConstantPointerNull::get(ptr);
    if (mlir::ArrayAttr formats = kernel.getFormats()) {
      std::vector<llvm::Constant *> entries;
      for (mlir::Attribute f : formats) {
        if (auto format = mlir::dyn_cast<PackedFormatAttr>(f))
          entries.push_back(
              privateConstant(llvm::ConstantDataArray::get(context, llvm::ArrayRef<int64_t>(packedFormatWords(format))),
                              "aicc.packed_format"));
        else
          entries.push_back(llvm::ConstantPointerNull::get(ptr));
      }
      formatArray = privateConstant(llvm::ConstantArray::get(llvm::ArrayType::get(ptr, entries.size()), entries),
                                    "aicc.kernel_formats");
    }
    llvm::Constant *name =
        privateConstant(llvm::ConstantDataArray::getString(context, kernel.getName()), "aicc.kernel_name");
    auto *paramArray =
        privateConstant(llvm::ConstantDataArray::get(context, llvm::ArrayRef<int64_t>(params)), "aicc.kernel_params");
    auto *constArray = privateConstant(llvm::ConstantArray::get(llvm::ArrayType::get(ptr, constants.size()), constants),
                                       "aicc.kernel_constants");
    descs.push_back(llvm::ConstantStruct::get(descType, {llvm::ConstantInt::get(i64, kernelKind(kernel)),
                                                         llvm::ConstantInt::get(i64, params.size() * sizeof(int64_t)),
                                                         paramArray, llvm::ConstantInt::get(i64, kernel.getNumArgs()),
                                                         constArray, formatArray, name}));
  }
  return privateConstant(llvm::ConstantArray::get(llvm::ArrayType::get(descType, descs.size()), descs),
                         "aicc.kernel_table");
}

} // namespace

llvm::Error emitCpuEntryPoints(llvm::Module &module, mlir::ModuleOp source, llvm::StringRef entryName, size_t numInputs,
                               size_t numOutputs, llvm::ArrayRef<int64_t> dataShapedOutputs,
                               llvm::ArrayRef<int64_t> listOutputs) {
  llvm::LLVMContext &context = module.getContext();
  auto *i32 = llvm::Type::getInt32Ty(context);
  auto *i64 = llvm::Type::getInt64Ty(context);
  auto *ptr = llvm::PointerType::getUnqual(context);
  auto *voidType = llvm::Type::getVoidTy(context);

  llvm::Function *entry = module.getFunction(entryName);
  if (!entry) return fail("the compiled entry function '" + entryName + "' is missing");
  // state, workspace, inputs, the outputs passed in, and the run's dims where some are symbolic
  // (BindRunDims).
  const size_t numTensorArgs = 2 + numInputs + numOutputs - dataShapedOutputs.size() - listOutputs.size();
  const bool readsRunDims = entry->arg_size() == numTensorArgs + 1;
  if (entry->arg_size() != numTensorArgs && !readsRunDims)
    return fail("the compiled entry function takes " + llvm::Twine(entry->arg_size()) + " arguments, expected " +
                llvm::Twine(numTensorArgs));
  entry->setLinkage(llvm::GlobalValue::InternalLinkage);

  auto table = source->getAttrOfType<mlir::ArrayAttr>(kKernelTableAttr);
  if (!table) table = mlir::ArrayAttr::get(source.getContext(), {});
  auto kernelTable = emitKernelTable(module, table);
  if (!kernelTable) return kernelTable.takeError();

  auto declare = [&](llvm::StringRef name, llvm::Type *result, llvm::ArrayRef<llvm::Type *> args) {
    return module.getOrInsertFunction(name, llvm::FunctionType::get(result, args, false));
  };
  auto define = [&](llvm::StringRef name, llvm::Type *result, llvm::ArrayRef<llvm::Type *> args) {
    auto *f = llvm::Function::Create(llvm::FunctionType::get(result, args, false), llvm::GlobalValue::ExternalLinkage,
                                     name, module);
    return f;
  };

  // int aicc_model_init(aicc_rt *rt, void **state)
  llvm::Function *init = define("aicc_model_init", i32, {ptr, ptr});
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(context, "entry", init));
  auto create = declare("aicc_kernels_create", i32, {ptr, ptr, i64, ptr});
  b.CreateRet(b.CreateCall(create, {init->getArg(0), *kernelTable, b.getInt64(table.size()), init->getArg(1)}));

  // void aicc_model_fini(void *state)
  llvm::Function *fini = define("aicc_model_fini", voidType, {ptr});
  b.SetInsertPoint(llvm::BasicBlock::Create(context, "entry", fini));
  b.CreateCall(declare("aicc_kernels_destroy", voidType, {ptr}), {fini->getArg(0)});
  b.CreateRetVoid();

  // int aicc_model_run(void *state, const void *const *inputs, void *const *outputs, void *workspace)
  llvm::Function *run = define("aicc_model_run", i32, {ptr, ptr, ptr, ptr});
  b.SetInsertPoint(llvm::BasicBlock::Create(context, "entry", run));
  std::vector<llvm::Value *> args{run->getArg(0), run->getArg(3)};
  for (size_t i = 0; i < numInputs; ++i)
    args.push_back(b.CreateLoad(ptr, b.CreateConstGEP1_64(ptr, run->getArg(1), i)));
  for (size_t o = 0; o < numOutputs; ++o)
    if (!llvm::is_contained(dataShapedOutputs, (int64_t)o) && !llvm::is_contained(listOutputs, (int64_t)o))
      args.push_back(b.CreateLoad(ptr, b.CreateConstGEP1_64(ptr, run->getArg(2), o)));
  if (readsRunDims) args.push_back(b.CreateCall(declare("aicc_kernels_run_dims", ptr, {ptr}), {run->getArg(0)}));
  llvm::Value *lists = b.CreateCall(entry, args);
  // One list is returned as it is, several as a struct of them.
  for (auto [k, o] : llvm::enumerate(listOutputs)) {
    llvm::Value *list = listOutputs.size() == 1 ? lists : b.CreateExtractValue(lists, {(unsigned)k});
    b.CreateStore(list, b.CreateLoad(ptr, b.CreateConstGEP1_64(ptr, run->getArg(2), o)));
  }
  b.CreateRet(b.CreateCall(declare("aicc_kernels_status", i32, {ptr}), {run->getArg(0)}));
  return llvm::Error::success();
}

} // namespace aicc::cpu
