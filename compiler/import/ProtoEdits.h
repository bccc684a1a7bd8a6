// Small edits of ONNX protobuf graphs for the rewrites that run before ONNX's version converter
// (CoercedSoftmax, BatchMajorScan, MicrosoftQuantizedOps): fresh names, attributes, value infos,
// declared ranks, and an emitter of replacement nodes.
#ifndef AICC_COMPILER_IMPORT_PROTOEDITS_H
#define AICC_COMPILER_IMPORT_PROTOEDITS_H

#include "onnx/onnx_pb.h"

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace aicc {

bool isDefaultDomainName(const std::string &domain);

/// Every value and node name in `graph` and its subgraphs, so that new names cannot collide.
void collectNames(const onnx::GraphProto &graph, std::unordered_set<std::string> &names);

/// `base`, or `base_N` for the first N that is not in `names`; recorded there.
std::string freshName(const std::string &base, std::unordered_set<std::string> &names);

void setIntAttribute(onnx::NodeProto &node, const std::string &name, int64_t value);

/// A tensor value info of `elementType`, of rank 0 when `scalar`, else with no shape.
onnx::ValueInfoProto tensorValueInfo(const std::string &name, int32_t elementType, bool scalar);

void setIntsAttribute(onnx::NodeProto &node, const std::string &name, const std::vector<int64_t> &values);

using Nodes = google::protobuf::RepeatedPtrField<onnx::NodeProto>;

/// Appends nodes to `nodes`, each named after the node they replace (`base`), with fresh names.
struct Emitter {
  Nodes &nodes;
  std::unordered_set<std::string> &names;
  const std::string &base;

  onnx::NodeProto &add(const std::string &op, const std::vector<std::string> &inputs);
  /// One node with one output named `what`; returns the output.
  std::string value(const std::string &op, const std::vector<std::string> &inputs, const std::string &what);
  /// A Constant node of one int64; returns its output.
  std::string int64Constant(int64_t v, const std::string &what);
};

/// Ranks the graph declares: inputs, outputs, value_info (with a shape) and initializers.
std::unordered_map<std::string, int> declaredRanks(const onnx::GraphProto &graph);

} // namespace aicc

#endif // AICC_COMPILER_IMPORT_PROTOEDITS_H
