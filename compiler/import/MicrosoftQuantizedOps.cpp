// ONNX Runtime's quantized contrib operators in ONNX's own; see MicrosoftQuantizedOps.h.
#include "compiler/import/MicrosoftQuantizedOps.h"
#include "compiler/Diagnostics.h"
#include "compiler/import/ModelLoader.h"
#include "compiler/import/ProtoEdits.h"

#include <optional>
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

/// The inputs a node must name (X and the scales): every input but the zero points.
bool requiredInputsNamed(const onnx::NodeProto &node, Form form) {
  auto named = [&](int k) { return !node.input(k).empty(); };
  switch (form) {
  case Form::Unary: return named(0) && named(1) && named(3);
  case Form::Binary: return named(0) && named(1) && named(3) && named(4) && named(6);
  case Form::Concat:
    for (int x = 2; x < node.input_size(); x += 3)
      if (!named(x) || !named(x + 1)) return false;
    return named(0);
  }
  return false;
}

/// The replacement of `node` (the graph's `index`-th), appended to `out`.
llvm::Error replace(const onnx::NodeProto &node, int index, const ContribOp &op, onnx::GraphProto &graph,
                    const std::unordered_map<std::string, int> &ranks, Nodes &out,
                    std::unordered_set<std::string> &names) {
  if (!inputCountFits(node, op.form) || node.output_size() != 1)
    return fail(describeNode(node, index) + " takes " + expectedInputs(op.form) + " and 1 output, got " +
                counted(node.input_size(), "input") + " and " + counted(node.output_size(), "output"));
  if (!requiredInputsNamed(node, op.form))
    return fail(describeNode(node, index) + " leaves out an input that is not a zero point");
  const std::string base = node.name().empty() ? node.output(0) : node.name();
  Emitter emit{out, names, base};
  // The types of the zero points the graph holds as initializers (those ONNX Runtime writes).
  auto zeroPointType = [&](const std::string &name) -> std::optional<int32_t> {
    for (const auto &t : graph.initializer())
      if (t.name() == name) return t.data_type();
    return std::nullopt;
  };
  // DequantizeLinear with an absent zero point takes two inputs (an empty name would do too).
  auto dequantize = [&](int x) {
    std::vector<std::string> inputs{node.input(x), node.input(x + 1)};
    if (!inputOf(node, x + 2).empty()) inputs.push_back(node.input(x + 2));
    return emit.value("DequantizeLinear", inputs, "dequantized");
  };
  // QuantizeLinear into the node's output. Without Y's zero point the contrib op's Y still has
  // X's type (T throughout), where QuantizeLinear would give u8: a zero of X's zero point's type.
  auto quantize = [&](const std::string &value, int scale, int inputZeroPoint) {
    std::vector<std::string> inputs{value, node.input(scale)};
    std::string zeroPoint = inputOf(node, scale + 1);
    if (zeroPoint.empty())
      if (std::optional<int32_t> type = zeroPointType(inputOf(node, inputZeroPoint));
          type && *type != onnx::TensorProto::UINT8) {
        onnx::TensorProto &zero = *graph.add_initializer();
        zero.set_name(zeroPoint = freshName(base + "/y_zero_point", names));
        zero.set_data_type(*type);
        zero.add_int32_data(0);
      }
    if (!zeroPoint.empty()) inputs.push_back(zeroPoint);
    emit.add("QuantizeLinear", inputs).add_output(node.output(0));
  };
  // The ONNX op on `inputs`, with the contrib node's attributes but channels_last.
  auto onnxOp = [&](const std::vector<std::string> &inputs) {
    std::string result = emit.value(op.onnxOp, inputs, op.onnxOp);
    for (const auto &attr : node.attribute())
      if (attr.name() != "channels_last") *out.rbegin()->add_attribute() = attr;
    return result;
  };
  if (op.form == Form::Binary) {
    const std::string a = dequantize(0), b = dequantize(3);
    quantize(onnxOp({a, b}), 6, 2);
    return llvm::Error::success();
  }
  if (op.form == Form::Concat) {
    std::vector<std::string> inputs;
    for (int x = 2; x < node.input_size(); x += 3) inputs.push_back(dequantize(x));
    quantize(onnxOp(inputs), 0, 4);
    return llvm::Error::success();
  }
  int64_t channelsLast = 0;
  for (const auto &attr : node.attribute())
    if (attr.name() == "channels_last") channelsLast = attr.i();
  const std::string x = dequantize(0);
  if (!op.pool || channelsLast == 0) {
    quantize(onnxOp({x}), 3, 2);
    return llvm::Error::success();
  }
  // A pool keeps its input's rank: either side may declare it.
  int rank = 0;
  for (const std::string &value : {node.input(0), node.output(0)})
    if (auto it = ranks.find(value); it != ranks.end()) rank = it->second;
  if (rank < 3)
    return fail(describeNode(node, index) +
                " has channels_last = 1, and the model declares no rank of at least 3 for '" + node.input(0) +
                "' or '" + node.output(0) + "' (add a value_info with its shape)");
  // [N, spatial..., C] → [N, C, spatial...] and back.
  std::vector<int64_t> toFirst{0, rank - 1}, toLast{0};
  for (int d = 1; d < rank - 1; ++d) toFirst.push_back(d);
  for (int d = 2; d < rank; ++d) toLast.push_back(d);
  toLast.push_back(1);
  auto transpose = [&](const std::string &value, const std::vector<int64_t> &perm) {
    std::string result = emit.value("Transpose", {value}, "transposed");
    setIntsAttribute(*out.rbegin(), "perm", perm);
    return result;
  };
  quantize(transpose(onnxOp({transpose(x, toFirst)}), toLast), 3, 2);
  return llvm::Error::success();
}

llvm::Error rewriteGraph(onnx::GraphProto &graph, int64_t opset, std::unordered_set<std::string> &names) {
  const auto ranks = declaredRanks(graph);
  Nodes rewritten;
  for (int index = 0; index < graph.node_size(); ++index) {
    onnx::NodeProto &node = *graph.mutable_node(index);
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
      return fail(describeNode(node, index) + " needs QuantizeLinear, which the model's opset " +
                  std::to_string(opset) + " lacks (10 or later)");
    if (auto err = replace(node, index, *op, graph, ranks, rewritten, names)) return err;
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
