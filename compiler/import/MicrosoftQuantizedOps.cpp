// ONNX Runtime's quantized contrib operators in ONNX's own; see MicrosoftQuantizedOps.h.
#include "compiler/import/MicrosoftQuantizedOps.h"
#include "compiler/Diagnostics.h"
#include "compiler/import/ProtoEdits.h"

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace aicc {
namespace {

bool isRewritten(const onnx::NodeProto &node) {
  return node.domain() == "com.microsoft" &&
         (node.op_type() == "QLinearAdd" || node.op_type() == "QLinearMul" ||
          node.op_type() == "QLinearGlobalAveragePool");
}

/// "node 'name' (com.microsoft.QLinearAdd)", for errors.
std::string describe(const onnx::NodeProto &node) {
  return "node '" + (node.name().empty() ? node.output_size() > 0 ? node.output(0) : "" : node.name()) + "' (" +
         node.domain() + "." + node.op_type() + ")";
}

/// Builds the replacement nodes of one contrib node, named after it.
class Replacement {
public:
  Replacement(const onnx::NodeProto &node, std::unordered_set<std::string> &names)
      : base(node.name().empty() ? node.output(0) : node.name()), names(names) {}

  /// A node of the default domain reading `inputs`; returns its one output, `output` if given.
  std::string add(const std::string &opType, std::vector<std::string> inputs, std::string output = "") {
    onnx::NodeProto &node = nodes.emplace_back();
    node.set_op_type(opType);
    node.set_name(freshName(base + "/" + opType, names));
    for (const std::string &input : inputs) node.add_input(input);
    node.add_output(output.empty() ? freshName(base + "/" + opType + "_output", names) : output);
    return node.output(0);
  }
  onnx::NodeProto &last() { return nodes.back(); }

  std::vector<onnx::NodeProto> nodes;

private:
  std::string base;
  std::unordered_set<std::string> &names;
};

/// Input `k` of `node`, or "" (absent) past its inputs.
std::string inputOf(const onnx::NodeProto &node, int k) { return k < node.input_size() ? node.input(k) : ""; }

llvm::Expected<std::vector<onnx::NodeProto>> replace(const onnx::NodeProto &node,
                                                     const std::unordered_map<std::string, int> &ranks,
                                                     std::unordered_set<std::string> &names) {
  Replacement r(node, names);
  const bool pool = node.op_type() == "QLinearGlobalAveragePool";
  const int required = pool ? 4 : 7, most = pool ? 5 : 8;
  if (node.input_size() < required || node.input_size() > most || node.output_size() != 1)
    return fail(describe(node) + " takes " + std::to_string(required) + " to " + std::to_string(most) +
                " inputs and 1 output, got " + std::to_string(node.input_size()) + " and " +
                std::to_string(node.output_size()));
  // DequantizeLinear with an absent zero point takes two inputs (an empty name would do too).
  auto dequantize = [&](int x) {
    std::vector<std::string> inputs{node.input(x), node.input(x + 1)};
    if (!inputOf(node, x + 2).empty()) inputs.push_back(node.input(x + 2));
    return r.add("DequantizeLinear", inputs);
  };
  auto quantize = [&](const std::string &value, int scale) {
    std::vector<std::string> inputs{value, node.input(scale)};
    if (!inputOf(node, scale + 1).empty()) inputs.push_back(node.input(scale + 1));
    r.add("QuantizeLinear", inputs, node.output(0));
  };
  if (!pool) {
    const std::string a = dequantize(0), b = dequantize(3);
    quantize(r.add(node.op_type() == "QLinearAdd" ? "Add" : "Mul", {a, b}), 6);
    return r.nodes;
  }
  int64_t channelsLast = 0;
  for (const auto &attr : node.attribute())
    if (attr.name() == "channels_last") channelsLast = attr.i();
  std::string x = dequantize(0);
  if (channelsLast == 0) {
    quantize(r.add("GlobalAveragePool", {x}), 3);
    return r.nodes;
  }
  auto rank = ranks.find(node.input(0));
  if (rank == ranks.end() || rank->second < 3)
    return fail(describe(node) + " has channels_last = 1 and an input whose rank the model does not declare (at "
                                 "least 3 is needed)");
  // [N, spatial..., C] → [N, C, spatial...] and back.
  const int R = rank->second;
  std::vector<int64_t> toFirst{0, R - 1}, toLast{0};
  for (int d = 1; d < R - 1; ++d) toFirst.push_back(d);
  for (int d = 2; d < R; ++d) toLast.push_back(d);
  toLast.push_back(1);
  auto transpose = [&](const std::string &value, const std::vector<int64_t> &perm) {
    std::string out = r.add("Transpose", {value});
    onnx::AttributeProto *attr = r.last().add_attribute();
    attr->set_name("perm");
    attr->set_type(onnx::AttributeProto::INTS);
    for (int64_t p : perm) attr->add_ints(p);
    return out;
  };
  quantize(transpose(r.add("GlobalAveragePool", {transpose(x, toFirst)}), toLast), 3);
  return r.nodes;
}

llvm::Error rewriteGraph(onnx::GraphProto &graph, int64_t opset, std::unordered_set<std::string> &names) {
  const auto ranks = declaredRanks(graph);
  google::protobuf::RepeatedPtrField<onnx::NodeProto> rewritten;
  for (auto &node : *graph.mutable_node()) {
    for (auto &attr : *node.mutable_attribute()) {
      if (attr.has_g())
        if (auto err = rewriteGraph(*attr.mutable_g(), opset, names)) return err;
      for (auto &g : *attr.mutable_graphs())
        if (auto err = rewriteGraph(g, opset, names)) return err;
    }
    if (!isRewritten(node)) {
      *rewritten.Add() = std::move(node);
      continue;
    }
    if (opset < 10)
      return fail(describe(node) + " needs QuantizeLinear, which the model's opset " + std::to_string(opset) +
                  " lacks (10 or later)");
    auto replacement = replace(node, ranks, names);
    if (!replacement) return replacement.takeError();
    for (onnx::NodeProto &n : *replacement) *rewritten.Add() = std::move(n);
  }
  *graph.mutable_node() = std::move(rewritten);
  return llvm::Error::success();
}

} // namespace

llvm::Error rewriteMicrosoftQuantizedOps(onnx::ModelProto &model, int64_t opset) {
  std::unordered_set<std::string> names;
  collectNames(model.graph(), names);
  return rewriteGraph(*model.mutable_graph(), opset, names);
}

} // namespace aicc
