// Small edits of ONNX protobuf graphs; see ProtoEdits.h.
#include "compiler/import/ProtoEdits.h"

namespace aicc {

bool isDefaultDomainName(const std::string &domain) { return domain.empty() || domain == "ai.onnx"; }

void collectNames(const onnx::GraphProto &graph, std::unordered_set<std::string> &names) {
  for (const auto &v : graph.input()) names.insert(v.name());
  for (const auto &t : graph.initializer()) names.insert(t.name());
  for (const auto &node : graph.node()) {
    names.insert(node.name());
    for (const auto &out : node.output()) names.insert(out);
    for (const auto &attr : node.attribute()) {
      if (attr.has_g()) collectNames(attr.g(), names);
      for (const auto &g : attr.graphs()) collectNames(g, names);
    }
  }
}

std::string freshName(const std::string &base, std::unordered_set<std::string> &names) {
  std::string name = base;
  for (int i = 1; names.count(name); ++i) name = base + "_" + std::to_string(i);
  names.insert(name);
  return name;
}

void setIntAttribute(onnx::NodeProto &node, const std::string &name, int64_t value) {
  for (auto &attr : *node.mutable_attribute())
    if (attr.name() == name) {
      attr.set_type(onnx::AttributeProto::INT);
      attr.set_i(value);
      return;
    }
  auto *attr = node.add_attribute();
  attr->set_name(name);
  attr->set_type(onnx::AttributeProto::INT);
  attr->set_i(value);
}

onnx::ValueInfoProto tensorValueInfo(const std::string &name, int32_t elementType, bool scalar) {
  onnx::ValueInfoProto info;
  info.set_name(name);
  auto *tensor = info.mutable_type()->mutable_tensor_type();
  tensor->set_elem_type(elementType);
  if (scalar) tensor->mutable_shape();
  return info;
}

std::unordered_map<std::string, int> declaredRanks(const onnx::GraphProto &graph) {
  std::unordered_map<std::string, int> ranks;
  auto note = [&](const onnx::ValueInfoProto &v) {
    if (v.type().has_tensor_type() && v.type().tensor_type().has_shape())
      ranks[v.name()] = v.type().tensor_type().shape().dim_size();
  };
  for (const auto &v : graph.input()) note(v);
  for (const auto &v : graph.output()) note(v);
  for (const auto &v : graph.value_info()) note(v);
  for (const auto &t : graph.initializer()) ranks[t.name()] = t.dims_size();
  return ranks;
}

void setIntsAttribute(onnx::NodeProto &node, const std::string &name, const std::vector<int64_t> &values) {
  auto *attr = node.add_attribute();
  attr->set_name(name);
  attr->set_type(onnx::AttributeProto::INTS);
  for (int64_t v : values) attr->add_ints(v);
}

onnx::NodeProto &Emitter::add(const std::string &op, const std::vector<std::string> &inputs) {
  onnx::NodeProto &node = *nodes.Add();
  node.set_op_type(op);
  node.set_name(freshName(base + "/" + op, names));
  for (const std::string &input : inputs) node.add_input(input);
  return node;
}

std::string Emitter::value(const std::string &op, const std::vector<std::string> &inputs, const std::string &what) {
  std::string output = freshName(base + "/" + what, names);
  add(op, inputs).add_output(output);
  return output;
}

std::string Emitter::int64Constant(int64_t v, const std::string &what) {
  std::string output = freshName(base + "/" + what, names);
  onnx::NodeProto &node = add("Constant", {});
  node.add_output(output);
  auto *attr = node.add_attribute();
  attr->set_name("value");
  attr->set_type(onnx::AttributeProto::TENSOR);
  attr->mutable_t()->set_data_type(onnx::TensorProto::INT64);
  attr->mutable_t()->add_int64_data(v);
  return output;
}

} // namespace aicc
