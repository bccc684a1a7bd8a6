// The artifact's self-description: model info global + aicc_model_info() (aicc/model_abi.h).
#include "compiler/emit/ArtifactDescription.h"
#include "compiler/Diagnostics.h"

#include "aicc/model_abi.h"
#include "compiler/ModuleConventions.h"
#include "dialects/AiccDialect.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Support/DebugStringHelper.h"

namespace aicc {
namespace {

int32_t dtypeOf(mlir::Type type) {
  if (type.isF32()) return AICC_DTYPE_FLOAT32;
  if (type.isF64()) return AICC_DTYPE_FLOAT64;
  if (type.isF16()) return AICC_DTYPE_FLOAT16;
  if (type.isBF16()) return AICC_DTYPE_BFLOAT16;
  auto integer = mlir::dyn_cast<mlir::IntegerType>(type);
  if (!integer) return AICC_DTYPE_UNDEFINED;
  bool isUnsigned = integer.isUnsigned();
  switch (integer.getWidth()) {
  case 1: return AICC_DTYPE_BOOL;
  case 8: return isUnsigned ? AICC_DTYPE_UINT8 : AICC_DTYPE_INT8;
  case 16: return isUnsigned ? AICC_DTYPE_UINT16 : AICC_DTYPE_INT16;
  case 32: return isUnsigned ? AICC_DTYPE_UINT32 : AICC_DTYPE_INT32;
  case 64: return isUnsigned ? AICC_DTYPE_UINT64 : AICC_DTYPE_INT64;
  default: return AICC_DTYPE_UNDEFINED;
  }
}

llvm::Expected<std::vector<TensorSignature>> describe(mlir::TypeRange types, mlir::ArrayAttr names,
                                                      mlir::ArrayAttr dimNames, llvm::StringRef kind) {
  std::vector<TensorSignature> result;
  for (auto [index, type] : llvm::enumerate(types)) {
    TensorSignature signature;
    signature.name = names && index < names.size() ? mlir::cast<mlir::StringAttr>(names[index]).str()
                                                   : kind.str() + std::to_string(index);
    // A sequence is described by its elements' type.
    mlir::Type described = type;
    if (auto optional = mlir::dyn_cast<mlir::aicc::OptType>(type)) {
      signature.kind = mlir::isa<mlir::aicc::SeqType>(optional.getElementType()) ? AICC_VALUE_OPTIONAL_SEQUENCE
                                                                                 : AICC_VALUE_OPTIONAL_TENSOR;
      described = optional.getElementType();
    }
    if (auto sequence = mlir::dyn_cast<mlir::aicc::SeqType>(described)) {
      if (signature.kind == AICC_VALUE_TENSOR) signature.kind = AICC_VALUE_SEQUENCE;
      described = sequence.getElementType();
      if (auto element = mlir::dyn_cast<mlir::UnrankedTensorType>(described)) {
        signature.dtype = dtypeOf(element.getElementType());
        signature.anyRank = true;
        if (signature.dtype == AICC_DTYPE_UNDEFINED)
          return fail(kind + " '" + signature.name + "' has elements of type " +
                      mlir::debugString(element.getElementType()) + ", which models cannot take or return yet");
        result.push_back(std::move(signature));
        continue;
      }
    }
    if (!mlir::isa<mlir::TensorType>(described))
      return fail(kind + " '" + signature.name + "' has type " + mlir::debugString(type) +
                  "; a model's inputs and outputs must be tensors or sequences of tensors");
    auto shaped = mlir::dyn_cast<mlir::RankedTensorType>(described);
    if (!shaped)
      return fail(kind + " '" + signature.name + "' has type " + mlir::debugString(type) +
                  "; aicc needs its rank: give its shape with --input-shape NAME=D0xD1x...");
    signature.dtype = dtypeOf(shaped.getElementType());
    if (signature.dtype == AICC_DTYPE_UNDEFINED)
      return fail(kind + " '" + signature.name + "' has element type " + mlir::debugString(shaped.getElementType()) +
                  ", which models cannot take or return yet");
    auto names = dimNames && index < dimNames.size() ? mlir::dyn_cast<mlir::ArrayAttr>(dimNames[index]) : nullptr;
    for (auto [d, size] : llvm::enumerate(shaped.getShape())) {
      bool symbolic = mlir::ShapedType::isDynamic(size);
      signature.shape.push_back(symbolic ? AICC_DIM_SYMBOLIC : size);
      auto name = names && d < names.size() ? mlir::dyn_cast<mlir::StringAttr>(names[d]) : nullptr;
      // A sequence element's dim is each element's own: named after the sequence, not a symbol.
      if (symbolic && signature.kind != AICC_VALUE_TENSOR)
        signature.dimNames.push_back(signature.name + "[i]." + std::to_string(d));
      else
        signature.dimNames.push_back(symbolic && name ? name.str() : "");
    }
    result.push_back(std::move(signature));
  }
  return result;
}

} // namespace

llvm::Expected<std::pair<std::vector<TensorSignature>, std::vector<TensorSignature>>>
describeSignature(mlir::ModuleOp module) {
  auto entry = module.lookupSymbol<mlir::func::FuncOp>(kEntryFunction);
  if (!entry) return fail("the module has no entry function @" + llvm::Twine(kEntryFunction));
  auto inputs = describe(entry.getArgumentTypes(), entry->getAttrOfType<mlir::ArrayAttr>(attrs::kInputNames),
                         entry->getAttrOfType<mlir::ArrayAttr>(attrs::kInputDimNames), "input");
  if (!inputs) return inputs.takeError();
  auto outputs =
      describe(entry.getResultTypes(), entry->getAttrOfType<mlir::ArrayAttr>(attrs::kOutputNames), nullptr, "output");
  if (!outputs) return outputs.takeError();
  return std::make_pair(std::move(*inputs), std::move(*outputs));
}

void emitModelInfo(llvm::Module &module, const ArtifactDescription &d) {
  llvm::LLVMContext &context = module.getContext();
  auto *i32 = llvm::Type::getInt32Ty(context);
  auto *i64 = llvm::Type::getInt64Ty(context);
  auto *ptr = llvm::PointerType::getUnqual(context);

  auto privateConstant = [&](llvm::Constant *init, const llvm::Twine &name) {
    auto *global = new llvm::GlobalVariable(module, init->getType(), /*isConstant=*/true,
                                            llvm::GlobalValue::PrivateLinkage, init, name);
    global->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
    return global;
  };
  auto string = [&](llvm::StringRef s) {
    return privateConstant(llvm::ConstantDataArray::getString(context, s), "aicc.str");
  };

  // aicc_tensor_info { const char *name; int32 dtype; int32 rank; const int64 *shape;
  //                    const char *const *dim_names; }
  auto *tensorInfoType = llvm::StructType::get(context, {ptr, i32, i32, ptr, ptr});
  auto tensorTable = [&](const std::vector<TensorSignature> &tensors, const char *name) -> llvm::Constant * {
    std::vector<llvm::Constant *> entries;
    for (const auto &t : tensors) {
      llvm::Constant *shape = llvm::ConstantPointerNull::get(ptr);
      if (!t.shape.empty())
        shape = privateConstant(llvm::ConstantDataArray::get(context, llvm::ArrayRef<int64_t>(t.shape)), "aicc.shape");
      llvm::Constant *dimNames = llvm::ConstantPointerNull::get(ptr);
      if (llvm::any_of(t.dimNames, [](const std::string &n) { return !n.empty(); })) {
        std::vector<llvm::Constant *> names;
        for (const std::string &n : t.dimNames)
          names.push_back(n.empty() ? llvm::ConstantPointerNull::get(ptr) : (llvm::Constant *)string(n));
        dimNames =
            privateConstant(llvm::ConstantArray::get(llvm::ArrayType::get(ptr, names.size()), names), "aicc.dim_names");
      }
      const int32_t rank = t.anyRank ? AICC_RANK_ANY : (int32_t)t.shape.size();
      entries.push_back(
          llvm::ConstantStruct::get(tensorInfoType, {string(t.name), llvm::ConstantInt::get(i32, t.dtype),
                                                     llvm::ConstantInt::get(i32, rank), shape, dimNames}));
    }
    auto *arrayType = llvm::ArrayType::get(tensorInfoType, entries.size());
    return privateConstant(llvm::ConstantArray::get(arrayType, entries), name);
  };

  auto kindTable = [&](const std::vector<TensorSignature> &values, const char *name) -> llvm::Constant * {
    std::vector<int32_t> kinds;
    for (const auto &v : values) kinds.push_back(v.kind);
    return privateConstant(llvm::ConstantDataArray::get(context, kinds), name);
  };

  // aicc_artifact_info, field for field.
  auto *infoType = llvm::StructType::get(context, {i32, ptr, ptr, ptr, ptr, ptr, i64, i32, i32, ptr, ptr, ptr, ptr});
  auto *info = privateConstant(
      llvm::ConstantStruct::get(
          infoType,
          {llvm::ConstantInt::get(i32, AICC_MODEL_ABI_VERSION), string(d.producer), string(d.target), string(d.cpu),
           string(d.cpuFeatures), string(d.sourceHash), llvm::ConstantInt::get(i64, d.workspaceBytes),
           llvm::ConstantInt::get(i32, d.inputs.size()), llvm::ConstantInt::get(i32, d.outputs.size()),
           tensorTable(d.inputs, "aicc.inputs"), tensorTable(d.outputs, "aicc.outputs"),
           kindTable(d.inputs, "aicc.input_kinds"), kindTable(d.outputs, "aicc.output_kinds")}),
      "aicc.info");

  auto *function = llvm::Function::Create(llvm::FunctionType::get(ptr, false), llvm::GlobalValue::ExternalLinkage,
                                          "aicc_model_info", module);
  llvm::IRBuilder<> builder(llvm::BasicBlock::Create(context, "entry", function));
  builder.CreateRet(info);
}

} // namespace aicc
