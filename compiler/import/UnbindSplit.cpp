// SplitToSequence with a scalar split of 1 and keepdims = 0, read as ONNX Runtime does; see
// UnbindSplit.h.
#include "compiler/import/UnbindSplit.h"
#include "compiler/import/ProtoEdits.h"

#include <exception>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "onnx/defs/tensor_proto_util.h"

namespace aicc {
namespace {

/// The value of a rank-0 int64 or int32 tensor, if it is one (ONNX's ParseData reads raw and typed
/// data; it throws for external data, which is no scalar's).
std::optional<int64_t> scalarInt(const onnx::TensorProto &tensor) {
  if (tensor.dims_size() != 0) return std::nullopt;
  try {
    if (tensor.data_type() == onnx::TensorProto::INT64) {
      std::vector<int64_t> values = onnx::ParseData<int64_t>(&tensor);
      if (values.size() == 1) return values[0];
    } else if (tensor.data_type() == onnx::TensorProto::INT32) {
      std::vector<int32_t> values = onnx::ParseData<int32_t>(&tensor);
      if (values.size() == 1) return values[0];
    }
  } catch (const std::exception &) {
  }
  return std::nullopt;
}

/// Constant scalars by value name, in `graph` and the graphs around it (a subgraph sees them).
using Scalars = std::unordered_map<std::string, int64_t>;

void noteScalars(const onnx::GraphProto &graph, Scalars &scalars) {
  for (const auto &init : graph.initializer())
    if (auto value = scalarInt(init)) scalars[init.name()] = *value;
  for (const auto &node : graph.node())
    if (isDefaultDomainName(node.domain()) && node.op_type() == "Constant" && node.output_size() == 1)
      for (const auto &attr : node.attribute())
        if (attr.name() == "value" && attr.has_t())
          if (auto value = scalarInt(attr.t())) scalars[node.output(0)] = *value;
}

bool keepdimsIsZero(const onnx::NodeProto &node) {
  for (const auto &attr : node.attribute())
    if (attr.name() == "keepdims") return attr.i() == 0;
  return false; // the default is 1
}

bool rewriteGraph(onnx::GraphProto &graph, Scalars scalars) {
  noteScalars(graph, scalars);
  bool changed = false;
  for (auto &node : *graph.mutable_node()) {
    for (auto &attr : *node.mutable_attribute()) {
      if (attr.has_g()) changed |= rewriteGraph(*attr.mutable_g(), scalars);
      for (auto &g : *attr.mutable_graphs()) changed |= rewriteGraph(g, scalars);
    }
    if (!isDefaultDomainName(node.domain()) || node.op_type() != "SplitToSequence" || node.input_size() != 2 ||
        !keepdimsIsZero(node))
      continue;
    auto split = scalars.find(node.input(1));
    if (split == scalars.end() || split->second != 1) continue;
    node.mutable_input()->RemoveLast();
    changed = true;
  }
  return changed;
}

/// Clears the shape of a tensor type, or of the tensors a sequence or optional type holds.
void clearShape(onnx::TypeProto &type) {
  if (type.has_tensor_type()) type.mutable_tensor_type()->clear_shape();
  if (type.has_sequence_type()) clearShape(*type.mutable_sequence_type()->mutable_elem_type());
  if (type.has_optional_type()) clearShape(*type.mutable_optional_type()->mutable_elem_type());
}

void clearShape(onnx::ValueInfoProto &info) { clearShape(*info.mutable_type()); }

/// Clears the shapes of `graph`'s value infos and outputs, in its subgraphs too.
void clearRecordedShapes(onnx::GraphProto &graph) {
  for (auto &info : *graph.mutable_value_info()) clearShape(info);
  for (auto &info : *graph.mutable_output()) clearShape(info);
  for (auto &node : *graph.mutable_node())
    for (auto &attr : *node.mutable_attribute()) {
      if (attr.has_g()) clearRecordedShapes(*attr.mutable_g());
      for (auto &g : *attr.mutable_graphs()) clearRecordedShapes(g);
    }
}

} // namespace

bool rewriteUnbindSplits(onnx::ModelProto &model) {
  if (!rewriteGraph(*model.mutable_graph(), {})) return false;
  clearRecordedShapes(*model.mutable_graph());
  return true;
}

} // namespace aicc
