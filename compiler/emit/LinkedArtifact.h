// A model linked into the program instead of loaded from a file (aicc -o NAME.o or libNAME.a):
// it exports one function, NAME_artifact(), which a header declares; its code is private, and its
// weights are hidden symbols named after it.
#ifndef AICC_COMPILER_EMIT_LINKEDARTIFACT_H
#define AICC_COMPILER_EMIT_LINKEDARTIFACT_H

#include <string>
#include <vector>

#include "compiler/emit/ArtifactDescription.h"
#include "compiler/emit/WeightsObject.h"
#include "llvm/Support/Error.h"

namespace llvm {
class Module;
}

namespace aicc {

/// Whether `name` can name a linked model: a C identifier, since NAME_artifact is a C function.
bool isLinkName(llvm::StringRef name);

/// Makes `module`, which defines the model ABI's entry points (aicc/model_abi.h), the code of the
/// linked model `name`: every definition becomes internal; the weights it declares, defined in
/// the weights object, are renamed "NAME.<symbol>" in both (a C program cannot spell a dot, and
/// two models' names give two prefixes); and `const aicc_linked_artifact *NAME_artifact(void)`
/// returns the entry points. Several models then link into one program without clashes.
llvm::Error makeLinkedModule(llvm::Module &module, std::vector<ExternalConstant> &weights, llvm::StringRef name);

/// The C header that declares NAME_artifact() and states, as macros, the workspace bytes and each
/// input's and output's name, kind, dtype, rank and shape.
std::string linkedHeader(llvm::StringRef name, const ArtifactDescription &description);

} // namespace aicc

#endif // AICC_COMPILER_EMIT_LINKEDARTIFACT_H
