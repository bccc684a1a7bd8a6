// Scan-8 as a Loop over the batch around a Loop over the steps; see BatchMajorScan.h.
#include "compiler/import/BatchMajorScan.h"

#include "compiler/Diagnostics.h"
#include "compiler/import/ProtoEdits.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace aicc {
namespace {

using Renames = std::unordered_map<std::string, std::string>;

/// The names `graph` itself defines (inputs, initializers, node outputs): they shadow outer ones.
std::unordered_set<std::string> definedNames(const onnx::GraphProto &graph) {
  std::unordered_set<std::string> defined;
  for (const auto &v : graph.input()) defined.insert(v.name());
  for (const auto &t : graph.initializer()) defined.insert(t.name());
  for (const auto &node : graph.node())
    for (const auto &out : node.output()) defined.insert(out);
  return defined;
}

/// Every use of a renamed value in `graph`'s nodes and outputs, and in subgraphs that do not
/// define that name again.
void renameUses(onnx::GraphProto &graph, const Renames &renames) {
  if (renames.empty()) return;
  for (auto &node : *graph.mutable_node()) {
    for (auto &input : *node.mutable_input())
      if (auto it = renames.find(input); it != renames.end()) input = it->second;
    for (auto &attr : *node.mutable_attribute()) {
      std::vector<onnx::GraphProto *> subgraphs;
      if (attr.has_g()) subgraphs.push_back(attr.mutable_g());
      for (auto &g : *attr.mutable_graphs()) subgraphs.push_back(&g);
      for (onnx::GraphProto *subgraph : subgraphs) {
        Renames inner = renames;
        for (const std::string &name : definedNames(*subgraph)) inner.erase(name);
        renameUses(*subgraph, inner);
      }
    }
  }
  for (auto &output : *graph.mutable_output())
    if (auto it = renames.find(output.name()); it != renames.end()) output.set_name(it->second);
}

std::string describe(const onnx::NodeProto &node, int index) {
  std::string who = !node.name().empty() ? "'" + node.name() + "'"
                    : node.output_size() ? "'" + node.output(0) + "'"
                                         : "#" + std::to_string(index);
  return "node " + who + " (Scan, opset 8)";
}

/// The Loops that replace `scan`, appended to `out`.
llvm::Error rewriteScan(const onnx::NodeProto &scan, int index, Nodes &out, std::unordered_set<std::string> &names) {
  const std::string who = describe(scan, index);
  const onnx::GraphProto *body = nullptr;
  int64_t scanInputs = -1;
  std::vector<int64_t> directions;
  for (const auto &attr : scan.attribute()) {
    if (attr.name() == "body" && attr.has_g()) body = &attr.g();
    if (attr.name() == "num_scan_inputs") scanInputs = attr.i();
    if (attr.name() == "directions") directions.assign(attr.ints().begin(), attr.ints().end());
  }
  int64_t states = scan.input_size() - 1 - scanInputs;
  if (!body || scanInputs < 1 || states < 0 || body->input_size() != states + scanInputs ||
      body->output_size() < states || scan.output_size() != body->output_size() || scan.output_size() == 0)
    return fail(who + ": its inputs, outputs and body do not match num_scan_inputs");
  if (directions.empty()) directions.assign(scanInputs, 0);
  if (static_cast<int64_t>(directions.size()) != scanInputs ||
      std::any_of(directions.begin(), directions.end(), [](int64_t d) { return d != 0 && d != 1; }))
    return fail(who + ": directions must have num_scan_inputs entries, each 0 or 1");
  if (!scan.input(0).empty())
    return fail(who + ": a sequence_lens input is not supported (each batch element would stop at its " +
                "own length); re-export at opset 9 or later, or without sequence lengths");
  for (const auto *values : {&body->input(), &body->output()})
    for (const auto &value : *values)
      if (!value.type().has_tensor_type()) return fail(who + ": body value '" + value.name() + "' is not a tensor");
  int64_t scanOutputs = body->output_size() - states;
  auto elementType = [](const onnx::ValueInfoProto &v) { return v.type().tensor_type().elem_type(); };
  bool anyReversed = false;
  for (int64_t d : directions) anyReversed |= d != 0;

  const std::string base = scan.name().empty() ? scan.output(0) : scan.name(); // outputs checked above
  Emitter outer{out, names, base};
  std::string zero = outer.int64Constant(0, "zero");
  std::string one = anyReversed ? outer.int64Constant(1, "one") : "";
  const std::string &firstScanInput = scan.input(1 + states);
  std::string batch = outer.value("Gather", {outer.value("Shape", {firstScanInput}, "shape"), zero}, "batch");

  // The steps of batch element b: its states carried, its scan inputs sliced per step.
  onnx::GraphProto steps;
  steps.set_name(freshName(base + "/steps", names));
  Emitter inner{*steps.mutable_node(), names, base};
  onnx::GraphProto perBatch;
  perBatch.set_name(freshName(base + "/batch_element", names));
  Emitter element{*perBatch.mutable_node(), names, base};
  std::string b = freshName(base + "/b", names), batchCond = freshName(base + "/batch_cond", names);
  std::string t = freshName(base + "/t", names), stepCond = freshName(base + "/step_cond", names);

  std::vector<std::string> stateOfElement, scanOfElement;
  for (int64_t i = 0; i < states; ++i)
    stateOfElement.push_back(element.value("Gather", {scan.input(1 + i), b}, "state"));
  for (int64_t j = 0; j < scanInputs; ++j)
    scanOfElement.push_back(element.value("Gather", {scan.input(1 + states + j), b}, "sequence"));
  std::string stepCount =
      element.value("Gather", {element.value("Shape", {scanOfElement[0]}, "sequence_shape"), zero}, "steps");
  std::string lastStep = anyReversed ? element.value("Sub", {stepCount, one}, "last_step") : "";

  Renames toStep;
  for (int64_t j = 0; j < scanInputs; ++j) {
    std::string index = directions[j] ? inner.value("Sub", {lastStep, t}, "reversed_t") : t;
    toStep[body->input(states + j).name()] = inner.value("Gather", {scanOfElement[j], index}, "step");
  }
  onnx::GraphProto scanBody = *body;
  renameUses(scanBody, toStep);
  for (auto &node : *scanBody.mutable_node()) *steps.add_node() = std::move(node);
  std::string stepCondOut = inner.value("Identity", {stepCond}, "step_cond_out");
  *steps.add_input() = tensorValueInfo(t, onnx::TensorProto::INT64, true);
  *steps.add_input() = tensorValueInfo(stepCond, onnx::TensorProto::BOOL, true);
  *steps.add_output() = tensorValueInfo(stepCondOut, onnx::TensorProto::BOOL, true);
  // Opset 8's Loop carries at least one value.
  std::string unused = states ? "" : freshName(base + "/unused", names);
  if (!unused.empty()) {
    *steps.add_input() = tensorValueInfo(unused, onnx::TensorProto::INT64, true);
    *steps.add_output() = tensorValueInfo(unused, onnx::TensorProto::INT64, true);
  }
  for (int64_t i = 0; i < states; ++i) *steps.add_input() = scanBody.input(i);
  for (const auto &output : scanBody.output()) *steps.add_output() = output;
  for (const auto &initializer : scanBody.initializer()) *steps.add_initializer() = initializer;
  for (const auto &initializer : scanBody.sparse_initializer()) *steps.add_sparse_initializer() = initializer;
  for (const auto &info : scanBody.value_info()) *steps.add_value_info() = info;

  onnx::NodeProto &stepLoop = element.add("Loop", {stepCount, ""});
  if (states == 0) stepLoop.add_input(zero);
  for (const std::string &s : stateOfElement) stepLoop.add_input(s);
  if (states == 0) stepLoop.add_output(freshName(base + "/unused_steps", names));
  std::vector<std::string> elementOutputs;
  for (int64_t k = 0; k < states + scanOutputs; ++k) {
    elementOutputs.push_back(freshName(base + (k < states ? "/final_state" : "/stacked"), names));
    stepLoop.add_output(elementOutputs.back());
  }
  auto *stepBody = stepLoop.add_attribute();
  stepBody->set_name("body");
  stepBody->set_type(onnx::AttributeProto::GRAPH);
  *stepBody->mutable_g() = std::move(steps);
  std::string batchCondOut = element.value("Identity", {batchCond}, "batch_cond_out");

  std::string unusedBatch = freshName(base + "/unused_batch", names);
  *perBatch.add_input() = tensorValueInfo(b, onnx::TensorProto::INT64, true);
  *perBatch.add_input() = tensorValueInfo(batchCond, onnx::TensorProto::BOOL, true);
  *perBatch.add_input() = tensorValueInfo(unusedBatch, onnx::TensorProto::INT64, true);
  *perBatch.add_output() = tensorValueInfo(batchCondOut, onnx::TensorProto::BOOL, true);
  *perBatch.add_output() = tensorValueInfo(unusedBatch, onnx::TensorProto::INT64, true);
  for (int64_t k = 0; k < states + scanOutputs; ++k) {
    if (k < states) {
      onnx::ValueInfoProto state = body->input(k);
      state.set_name(elementOutputs[k]);
      *perBatch.add_output() = std::move(state);
    } else {
      *perBatch.add_output() = tensorValueInfo(elementOutputs[k], elementType(body->output(k)), false);
    }
  }

  onnx::NodeProto &batchLoop = outer.add("Loop", {batch, "", zero});
  batchLoop.add_output(freshName(base + "/unused_batch_out", names));
  for (const std::string &output : scan.output()) batchLoop.add_output(output);
  auto *batchBody = batchLoop.add_attribute();
  batchBody->set_name("body");
  batchBody->set_type(onnx::AttributeProto::GRAPH);
  *batchBody->mutable_g() = std::move(perBatch);
  return llvm::Error::success();
}

llvm::Error rewriteGraph(onnx::GraphProto &graph, std::unordered_set<std::string> &names) {
  Nodes rewritten;
  int index = 0;
  for (auto &node : *graph.mutable_node()) {
    ++index;
    for (auto &attr : *node.mutable_attribute()) {
      if (attr.has_g())
        if (auto err = rewriteGraph(*attr.mutable_g(), names)) return err;
      for (auto &g : *attr.mutable_graphs())
        if (auto err = rewriteGraph(g, names)) return err;
    }
    if (node.op_type() != "Scan" || !isDefaultDomainName(node.domain())) {
      *rewritten.Add() = std::move(node);
      continue;
    }
    if (auto err = rewriteScan(node, index - 1, rewritten, names)) return err;
  }
  graph.mutable_node()->Swap(&rewritten);
  return llvm::Error::success();
}

} // namespace

llvm::Error rewriteBatchMajorScan(onnx::ModelProto &model, int64_t opset) {
  if (opset != 8) return llvm::Error::success();
  std::unordered_set<std::string> names;
  collectNames(model.graph(), names);
  return rewriteGraph(*model.mutable_graph(), names);
}

} // namespace aicc
