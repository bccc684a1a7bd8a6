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

/// A contrib op and the ONNX op it wraps, by how its inputs are laid out.
enum class Form {
  Unary,  // X, X_scale, X_zero_point, Y_scale, Y_zero_point
  Binary, // A, A_scale, A_zero_point, B, B_scale, B_zero_point, C_scale, C_zero_point
  Concat, // Y_scale, Y_zero_point, then X, X_scale, X_zero_point for each input
};
struct ContribOp {
  const char *name, *onnxOp;
  Form form;
  bool pool; // takes channels_last
};
constexpr ContribOp kContribOps[] = {
    {"QLinearAdd", "Add", Form::Binary, false},
    {"QLinearMul", "Mul", Form::Binary, false},
    {"QLinearSigmoid", "Sigmoid", Form::Unary, false},
    {"QLinearLeakyRelu", "LeakyRelu", Form::Unary, false},
    {"QLinearAveragePool", "AveragePool", Form::Unary, true},
    {"QLinearGlobalAveragePool", "GlobalAveragePool", Form::Unary, true},
    {"QLinearConcat", "Concat", Form::Concat, false},
};

const ContribOp *contribOp(const onnx::NodeProto &node) {
  if (node.domain() != "com.microsoft") return nullptr;
  for (const ContribOp &op : kContribOps)
    if (node.op_type() == op.name) return &op;
  return nullptr;
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

/// Whether `node` has the inputs its form needs (an optional zero point last may be left out).
bool inputCountFits(const onnx::NodeProto &node, Form form) {
  const int n = node.input_size();
  switch (form) {
  case Form::Unary: return n == 4 || n == 5;
  case Form::Binary: return n == 7 || n == 8;
  case Form::Concat: return n >= 5 && (n - 2) % 3 == 0;
  }
  return false;
}

/// "1 input", "6 inputs".
std::string counted(int n, const std::string &noun) { return std::to_string(n) + " " + noun + (n == 1 ? "" : "s"); }

const char *expectedInputs(Form form) {
  switch (form) {
  case Form::Unary: return "4 or 5 inputs";
  case Form::Binary: return "7 or 8 inputs";
  case Form::Concat: return "Y_scale, Y_zero_point and a triple of inputs per tensor";
  }
  return "";
}

llvm::Expected<std::vector<onnx::NodeProto>> replace(const onnx::NodeProto &node, const ContribOp &op,
                                                     const std::unordered_map<std::string, int> &ranks,
                                                     std::unordered_set<std::string> &names) {
  if (!inputCountFits(node, op.form) || node.output_size() != 1)
    return fail(describe(node) + " takes " + expectedInputs(op.form) + " and 1 output, got " +
                counted(node.input_size(), "input") + " and " + counted(node.output_size(), "output"));
  Replacement r(node, names);
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
  // The ONNX op on `inputs`, with the contrib node's attributes but channels_last.
  auto onnxOp = [&](std::vector<std::string> inputs) {
    std::string out = r.add(op.onnxOp, std::move(inputs));
    for (const auto &attr : node.attribute())
      if (attr.name() != "channels_last") *r.last().add_attribute() = attr;
    return out;
  };
  if (op.form == Form::Binary) {
    const std::string a = dequantize(0), b = dequantize(3);
    quantize(onnxOp({a, b}), 6);
    return r.nodes;
  }
  if (op.form == Form::Concat) {
    std::vector<std::string> inputs;
    for (int x = 2; x < node.input_size(); x += 3) inputs.push_back(dequantize(x));
    quantize(onnxOp(inputs), 0);
    return r.nodes;
  }
  int64_t channelsLast = 0;
  for (const auto &attr : node.attribute())
    if (attr.name() == "channels_last") channelsLast = attr.i();
  std::string x = dequantize(0);
  if (!op.pool || channelsLast == 0) {
    quantize(onnxOp({x}), 3);
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
  quantize(transpose(onnxOp({transpose(x, toFirst)}), toLast), 3);
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
    const ContribOp *op = contribOp(node);
    if (!op) {
      *rewritten.Add() = std::move(node);
      continue;
    }
    if (opset < 10)
      return fail(describe(node) + " needs QuantizeLinear, which the model's opset " + std::to_string(opset) +
                  " lacks (10 or later)");
    auto replacement = replace(node, *op, ranks, names);
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
