// The code and header of a model linked into the program; see LinkedArtifact.h.
#include "compiler/emit/LinkedArtifact.h"
#include "compiler/Diagnostics.h"

#include "aicc/runtime.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"

namespace aicc {

bool isLinkName(llvm::StringRef name) {
  if (name.empty() || llvm::isDigit(name.front())) return false;
  return llvm::all_of(name, [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

llvm::Error makeLinkedModule(llvm::Module &module, std::vector<ExternalConstant> &weights, llvm::StringRef name) {
  llvm::LLVMContext &context = module.getContext();
  auto entryPoint = [&](llvm::StringRef symbol) -> llvm::Expected<llvm::Constant *> {
    llvm::Function *f = module.getFunction(symbol);
    if (!f || f->isDeclaration()) return fail("the compiled module does not define " + symbol);
    return f;
  };
  auto *ptr = llvm::PointerType::getUnqual(context);
  llvm::SmallVector<llvm::Constant *> fields{
      llvm::ConstantInt::get(llvm::Type::getInt32Ty(context), AICC_MODEL_ABI_VERSION)};
  llvm::Constant *nameBytes = llvm::ConstantDataArray::getString(context, name);
  fields.push_back(new llvm::GlobalVariable(module, nameBytes->getType(), true, llvm::GlobalValue::PrivateLinkage,
                                            nameBytes, "aicc.link_name"));
  for (const char *symbol : {"aicc_model_info", "aicc_model_init", "aicc_model_run", "aicc_model_fini"}) {
    auto f = entryPoint(symbol);
    if (!f) return f.takeError();
    fields.push_back(*f);
  }
  // Only a model with symbolic dims has it.
  llvm::Function *bytesFor = module.getFunction("aicc_model_workspace_bytes_for");
  fields.push_back(bytesFor && !bytesFor->isDeclaration() ? (llvm::Constant *)bytesFor
                                                          : llvm::ConstantPointerNull::get(ptr));

  for (llvm::GlobalValue &value : module.global_values()) {
    if (value.hasLocalLinkage()) continue;     // private already: no symbol at all
    if (value.hasAppendingLinkage()) continue; // llvm.global_ctors and the like
    if (value.isDeclaration()) continue;       // the runtime's kernels, libm, the weights
    value.setLinkage(llvm::GlobalValue::InternalLinkage);
    value.setVisibility(llvm::GlobalValue::DefaultVisibility);
    if (auto *object = llvm::dyn_cast<llvm::GlobalObject>(&value)) object->setComdat(nullptr);
  }
  for (ExternalConstant &weight : weights) {
    llvm::GlobalVariable *declaration = module.getNamedGlobal(weight.symbol);
    weight.symbol = (name + "." + weight.symbol).str();
    if (declaration) declaration->setName(weight.symbol);
  }

  // aicc_linked_artifact, field for field.
  llvm::SmallVector<llvm::Type *> types;
  for (llvm::Constant *field : fields) types.push_back(field->getType());
  auto *artifactType = llvm::StructType::get(context, types);
  auto *artifact = new llvm::GlobalVariable(module, artifactType, true, llvm::GlobalValue::PrivateLinkage,
                                            llvm::ConstantStruct::get(artifactType, fields), "aicc.linked_artifact");
  auto *function = llvm::Function::Create(llvm::FunctionType::get(ptr, false), llvm::GlobalValue::ExternalLinkage,
                                          name + "_artifact", module);
  // LLVM renames a definition whose name is taken: the program would call the wrong function.
  if (function->getName() != (name + "_artifact").str())
    return fail("the compiled module already defines " + name + "_artifact");
  llvm::IRBuilder<> builder(llvm::BasicBlock::Create(context, "entry", function));
  builder.CreateRet(artifact);
  return llvm::Error::success();
}

namespace {

/// `text` as a C string literal.
std::string cString(llvm::StringRef text) {
  std::string quoted = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      quoted += '\\';
      quoted += c;
    } else if (c >= 0x20 && c < 0x7f && c != '?') { // '?' would start a trigraph
      quoted += c;
    } else {
      char octal[5];
      snprintf(octal, sizeof octal, "\\%03o", c);
      quoted += octal;
    }
  }
  return quoted + "\"";
}

/// The aicc_dtype enumerator's name: AICC_DTYPE_ and the runtime's name for it in capitals.
std::string dtypeMacro(int32_t dtype) {
  if (aicc_dtype_size(dtype) == 0) return "AICC_DTYPE_UNDEFINED";
  return "AICC_DTYPE_" + llvm::StringRef(aicc_dtype_name(dtype)).upper();
}

const char *kindMacro(int32_t kind) {
  switch (kind) {
  case AICC_VALUE_SEQUENCE: return "AICC_VALUE_SEQUENCE";
  case AICC_VALUE_OPTIONAL_SEQUENCE: return "AICC_VALUE_OPTIONAL_SEQUENCE";
  case AICC_VALUE_OPTIONAL_TENSOR: return "AICC_VALUE_OPTIONAL_TENSOR";
  default: return "AICC_VALUE_TENSOR";
  }
}

std::string dimText(int64_t size) {
  if (size == AICC_DIM_SYMBOLIC) return "AICC_DIM_SYMBOLIC";
  if (size == AICC_DIM_DATA) return "AICC_DIM_DATA";
  return std::to_string(size);
}

} // namespace

std::string linkedHeader(llvm::StringRef name, const ArtifactDescription &d) {
  const std::string upper = name.upper();
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "/* " << name << ": a model compiled by " << d.producer << " for CPU " << d.cpu << ", to link into a program.\n"
     << " * Generated by aicc: do not edit. Source model SHA-256: " << d.sourceHash << ".\n"
     << " * CPU features it needs: " << (d.cpuFeatures.empty() ? "none" : d.cpuFeatures) << ".\n"
     << " *\n"
     << " *   aicc_model *model;\n"
     << " *   aicc_model_load_linked(" << name << "_artifact(), &model);   // then sessions, as for model.so\n"
     << " *\n"
     << " * Shapes: a symbolic dim is AICC_DIM_SYMBOLIC (its size comes from the run's inputs), a dim\n"
     << " * only the run computes is AICC_DIM_DATA; a rank-0 value has no _SHAPE macro. A sequence's or\n"
     << " * optional's _RANK and _SHAPE describe its elements. With symbolic dims, _WORKSPACE_BYTES is\n"
     << " * the least a run needs (the runtime sizes each run's workspace itself). */\n"
     << "#ifndef AICC_LINKED_MODEL_" << upper << "_H\n"
     << "#define AICC_LINKED_MODEL_" << upper << "_H\n\n"
     << "#include \"aicc/runtime.h\"\n\n"
     << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n"
     << "const aicc_linked_artifact *" << name << "_artifact(void);\n\n"
     << "#define " << upper << "_WORKSPACE_BYTES UINT64_C(" << d.workspaceBytes << ")\n"
     << "#define " << upper << "_NUM_INPUTS " << d.inputs.size() << "\n"
     << "#define " << upper << "_NUM_OUTPUTS " << d.outputs.size() << "\n";
  auto values = [&](const std::vector<TensorSignature> &signatures, llvm::StringRef what) {
    for (auto [index, t] : llvm::enumerate(signatures)) {
      const std::string prefix = upper + "_" + what.str() + "_" + std::to_string(index);
      os << "\n#define " << prefix << "_NAME " << cString(t.name) << "\n"
         << "#define " << prefix << "_KIND " << kindMacro(t.kind) << "\n"
         << "#define " << prefix << "_DTYPE " << dtypeMacro(t.dtype) << "\n";
      if (t.anyRank) {
        os << "#define " << prefix << "_RANK AICC_RANK_ANY\n";
        continue;
      }
      os << "#define " << prefix << "_RANK " << t.shape.size() << "\n";
      if (!t.shape.empty()) {
        llvm::SmallVector<std::string> dims;
        for (int64_t size : t.shape) dims.push_back(dimText(size));
        os << "#define " << prefix << "_SHAPE {" << llvm::join(dims, ", ") << "}\n";
      }
    }
  };
  values(d.inputs, "INPUT");
  values(d.outputs, "OUTPUT");
  os << "\n#ifdef __cplusplus\n}\n#endif\n\n#endif /* AICC_LINKED_MODEL_" << upper << "_H */\n";
  return text;
}

} // namespace aicc
