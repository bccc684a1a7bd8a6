// Large constants (weights) bypass LLVM IR: their globals become external declarations in the code
// module, and a separate object defines the symbols from the raw bytes. LLVM then neither optimizes
// nor prints nor codegens 100 MB of data element by element, and the bytes reach the artifact as
// they are.
#ifndef AICC_COMPILER_EMIT_WEIGHTSOBJECT_H
#define AICC_COMPILER_EMIT_WEIGHTSOBJECT_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/emit/ObjectEmitter.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"
#include "mlir/IR/BuiltinOps.h"

namespace aicc {

/// Weights are aligned for the widest vector loads (AVX-512: 64 bytes) and for oneDNN's reorders.
constexpr uint64_t kWeightAlignment = 64;

/// Constants at least this large leave the LLVM module. Smaller ones stay, where LLVM may fold them.
constexpr uint64_t kMinExternalConstantBytes = 1024;

/// A constant taken out of the LLVM-dialect module.
struct ExternalConstant {
  std::string symbol;
  llvm::ArrayRef<char> bytes; // owned by the MLIR context (the attribute's storage or resource blob)
  uint64_t alignment = kWeightAlignment;
};

/// The bytes of a constant's value as the target lays them out (host order: the compiler runs on
/// the x86 target it compiles for), owned by the MLIR context, or nothing for values that are not
/// plain arrays of bytes: splats (LLVM emits those as a fill), sub-byte elements, and blobs whose
/// size disagrees with their type.
std::optional<llvm::ArrayRef<char>> rawBytes(mlir::Attribute value);

/// Turns each constant `llvm.mlir.global` of at least `minBytes` whose value is a non-splat dense or
/// dense-resource elements attribute into an external, hidden declaration aligned to at least
/// kWeightAlignment, and returns the bytes it held, in module order. The kernel table and the code
/// keep referring to the same symbol names.
std::vector<ExternalConstant> externalizeLargeConstants(mlir::ModuleOp module,
                                                        uint64_t minBytes = kMinExternalConstantBytes);

/// Writes an object file that defines each constant's symbol (hidden, read-only, aligned) with its
/// bytes, copied verbatim: no LLVM optimization, no per-element emission.
llvm::Error emitWeightsObject(llvm::ArrayRef<ExternalConstant> constants, CpuTarget &target, llvm::StringRef path);

} // namespace aicc

#endif // AICC_COMPILER_EMIT_WEIGHTSOBJECT_H
