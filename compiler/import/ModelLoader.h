// Reads an .onnx file into a validated, shape-inferred ModelProto at the opset the aicc dialect models.
//
// Everything that can be checked on the protobuf is checked here, before any MLIR is built, so that
// a bad model fails with one message naming the file, node or input: parse errors, undefined inputs,
// cycles, unsupported operators (all of them at once), opsets newer than ONNX 1.12 knows, checker and
// shape-inference failures.
#ifndef AICC_COMPILER_IMPORT_MODELLOADER_H
#define AICC_COMPILER_IMPORT_MODELLOADER_H

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "onnx/onnx_pb.h"

namespace aicc {

/// The opset of the default ONNX domain that the aicc dialect's ops follow; older models are
/// converted up to it with ONNX's version converter.
constexpr int kDialectOpset = 17;

struct InputShapeOverride {
  std::string input;
  std::vector<int64_t> dims;
};

/// The op type ONNX's version converter turns `opType` of a model at `sourceOpset` into at the
/// dialect's opset: Upsample (before opset 10) becomes Resize and Scatter (before 11)
/// ScatterElements; every other op keeps its type. What the target must compile for that node.
std::string opTypeAfterConversion(const std::string &opType, int64_t sourceOpset);

/// The op types whose old forms the version converter renames (opTypeAfterConversion), each with
/// what it becomes.
const std::vector<std::pair<std::string, std::string>> &convertedOpTypes();

struct LoadOptions {
  /// Replaces the declared shape of graph inputs (typically a symbolic batch dimension).
  std::vector<InputShapeOverride> inputShapes;
  /// Whether the target compiles (opType) of the default domain; null accepts every ONNX op.
  /// Why the target does not compile (opType), when it says: added to the refusal.
  std::function<std::optional<std::string>(llvm::StringRef)> whyNotCompiled;
  std::function<bool(llvm::StringRef opType)> isSupportedOp;
};

struct LoadedModel {
  onnx::ModelProto proto;
  std::string directory;              // where external-data paths are resolved from
  std::vector<std::string> dataFiles; // the external-data files its tensors name, sorted, once each
  std::string sha256;                 // hex digest of the file as read
  int64_t sourceOpset = 0;            // the default-domain opset the file declared
};

llvm::Expected<LoadedModel> loadOnnxModel(llvm::StringRef path, const LoadOptions &options);

/// How every import error names a node: "node 'name' (Op)", "#index" for an unnamed one, and the
/// op as "domain.Op" outside the default domain.
std::string describeNode(const onnx::NodeProto &node, int index);

/// Parses "name=1x3x224x224" as given to `aicc --input-shape`.
llvm::Expected<InputShapeOverride> parseInputShapeOverride(llvm::StringRef text);

} // namespace aicc

#endif // AICC_COMPILER_IMPORT_MODELLOADER_H
