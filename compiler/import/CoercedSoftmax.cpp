// Softmax/LogSoftmax/Hardmax before opset 13, written in the opset 13 form; see CoercedSoftmax.h.
#include "compiler/import/CoercedSoftmax.h"
#include "compiler/import/ProtoEdits.h"

#include <optional>
#include <string>
#include <unordered_map>

namespace aicc {
namespace {

bool isCoercingOp(const onnx::NodeProto &node) {
  return isDefaultDomainName(node.domain()) &&
         (node.op_type() == "Softmax" || node.op_type() == "LogSoftmax" || node.op_type() == "Hardmax");
}

void rewriteGraph(onnx::GraphProto &graph, int64_t opset, std::unordered_set<std::string> &names) {
  auto ranks = declaredRanks(graph);
  google::protobuf::RepeatedPtrField<onnx::NodeProto> rewritten;
  for (auto &node : *graph.mutable_node()) {
    for (auto &attr : *node.mutable_attribute()) {
      if (attr.has_g()) rewriteGraph(*attr.mutable_g(), opset, names);
      for (auto &g : *attr.mutable_graphs()) rewriteGraph(g, opset, names);
    }
    if (!isCoercingOp(node) || node.input_size() != 1 || node.output_size() != 1) {
      *rewritten.Add() = std::move(node);
      continue;
    }

    int64_t axis = 1; // the opset 1-12 default
    for (const auto &attr : node.attribute())
      if (attr.name() == "axis") axis = attr.i();
    // The op keeps its input's shape, so either side may declare the rank.
    std::optional<int> rank;
    for (const std::string &value : {node.input(0), node.output(0)})
      if (auto it = ranks.find(value); it != ranks.end()) rank = it->second;
    // Axis -1 coerces to [everything before the last dim, last dim]: the last axis at any rank.
    if (axis == -1 || (rank && *rank > 0 && (axis < 0 ? axis + *rank : axis) == *rank - 1)) {
      // Normalising the last axis is the same row-wise operation at every opset.
      setIntAttribute(node, "axis", -1);
      *rewritten.Add() = std::move(node);
      continue;
    }
    // Reshape takes its shape as an input from opset 5 on; models older than that are left to the
    // converter.
    if (opset < 5) {
      *rewritten.Add() = std::move(node);
      continue;
    }

    // y = Reshape(op(Flatten(x, axis), axis = -1), Shape(x)): Flatten is exactly the old 2-D
    // coercion (axis 0 gives [1, n]), and Shape keeps a symbolic batch dimension symbolic.
    std::string base = node.name().empty() ? node.output(0) : node.name();
    const std::string input = node.input(0), output = node.output(0);
    onnx::NodeProto shape, flatten, reshape;
    shape.set_op_type("Shape");
    shape.set_name(freshName(base + "/coerce_shape", names));
    shape.add_input(input);
    shape.add_output(freshName(output + "/coerce_shape", names));
    flatten.set_op_type("Flatten");
    flatten.set_name(freshName(base + "/coerce_flatten", names));
    flatten.add_input(input);
    flatten.add_output(freshName(output + "/coerce_2d", names));
    setIntAttribute(flatten, "axis", axis);

    node.set_input(0, flatten.output(0));
    node.set_output(0, freshName(output + "/coerce_result", names));
    setIntAttribute(node, "axis", -1);

    reshape.set_op_type("Reshape");
    reshape.set_name(freshName(base + "/coerce_reshape", names));
    reshape.add_input(node.output(0));
    reshape.add_input(shape.output(0));
    reshape.add_output(output);

    *rewritten.Add() = std::move(shape);
    *rewritten.Add() = std::move(flatten);
    *rewritten.Add() = std::move(node);
    *rewritten.Add() = std::move(reshape);
  }
  graph.mutable_node()->Swap(&rewritten);
}

} // namespace

void rewriteCoercedSoftmax(onnx::ModelProto &model, int64_t opset) {
  if (opset >= 13) return;
  std::unordered_set<std::string> names;
  collectNames(model.graph(), names);
  rewriteGraph(*model.mutable_graph(), opset, names);
}

} // namespace aicc
