// Protobuf-level loading and validation of ONNX models; see ModelLoader.h.
#include "compiler/import/ModelLoader.h"
#include "compiler/Diagnostics.h"
#include "compiler/import/BatchMajorScan.h"
#include "compiler/import/CoercedSoftmax.h"
#include "compiler/import/MicrosoftQuantizedOps.h"
#include "compiler/import/ProtoEdits.h"
#include "compiler/import/UnbindSplit.h"

#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"
#include "onnx/checker.h"
#include "onnx/defs/schema.h"
#include "onnx/shape_inference/implementation.h"
#include "onnx/version_converter/convert.h"

namespace aicc {
namespace {

/// ONNX's exceptions span several lines; our errors are one line.
std::string oneLine(llvm::StringRef text) {
  std::string out;
  for (char c : text.trim()) out.push_back(c == '\n' || c == '\r' ? ' ' : c);
  return out;
}

template <typename Fn> void forEachSubgraph(const onnx::NodeProto &node, Fn fn) {
  for (const auto &attr : node.attribute()) {
    if (attr.has_g()) fn(attr.g());
    for (const auto &g : attr.graphs()) fn(g);
  }
}

/// Adds the file of `tensor`'s external data, if it has any, to `files`.
void addDataFile(const onnx::TensorProto &tensor, const std::string &directory, std::set<std::string> &files) {
  if (tensor.data_location() != onnx::TensorProto::EXTERNAL) return;
  for (const auto &entry : tensor.external_data()) {
    if (entry.key() != "location" || entry.value().empty()) continue;
    llvm::SmallString<256> file(directory);
    llvm::sys::path::append(file, entry.value());
    files.insert(std::string(file));
  }
}

/// Adds the external-data files of a node's tensor attributes to `files`.
void collectDataFiles(const onnx::NodeProto &node, const std::string &directory, std::set<std::string> &files) {
  auto add = [&](const onnx::TensorProto &tensor) { addDataFile(tensor, directory, files); };
  for (const auto &attr : node.attribute()) {
    if (attr.has_t()) add(attr.t());
    for (const auto &tensor : attr.tensors()) add(tensor);
    if (attr.has_sparse_tensor()) {
      add(attr.sparse_tensor().values());
      add(attr.sparse_tensor().indices());
    }
    for (const auto &sparse : attr.sparse_tensors()) {
      add(sparse.values());
      add(sparse.indices());
    }
  }
}

/// Adds the external-data file of each tensor of `graph` and its subgraphs (initializers and
/// tensor attributes) to `files`.
void collectDataFiles(const onnx::GraphProto &graph, const std::string &directory, std::set<std::string> &files) {
  auto add = [&](const onnx::TensorProto &tensor) { addDataFile(tensor, directory, files); };
  for (const auto &tensor : graph.initializer()) add(tensor);
  for (const auto &sparse : graph.sparse_initializer()) {
    add(sparse.values());
    add(sparse.indices());
  }
  for (const auto &node : graph.node()) {
    collectDataFiles(node, directory, files);
    forEachSubgraph(node, [&](const onnx::GraphProto &subgraph) { collectDataFiles(subgraph, directory, files); });
  }
}

/// Checks that every node input is defined and that the nodes form no cycle; nodes that are merely
/// listed out of order are sorted, as ONNX requires topological order but exporters do not always
/// honour it.
llvm::Error checkAndSortGraph(onnx::GraphProto &graph, const std::unordered_set<std::string> &outer) {
  std::unordered_set<std::string> available = outer;
  for (const auto &in : graph.input()) available.insert(in.name());
  for (const auto &init : graph.initializer()) available.insert(init.name());

  std::unordered_map<std::string, int> producer;
  for (int i = 0; i < graph.node_size(); ++i)
    for (const auto &out : graph.node(i).output())
      if (!out.empty()) producer[out] = i;

  // Kahn's algorithm over node indices; a dependency on a name another node produces is an edge.
  int n = graph.node_size();
  std::vector<std::vector<int>> users(n);
  std::vector<int> pending(n, 0);
  for (int i = 0; i < n; ++i) {
    const auto &node = graph.node(i);
    for (const auto &in : node.input()) {
      if (in.empty() || available.count(in)) continue;
      auto it = producer.find(in);
      if (it == producer.end())
        return fail(describeNode(node, i) + " reads '" + in +
                    "', which is not a graph input, initializer or node output");
      users[it->second].push_back(i);
      ++pending[i];
    }
  }
  std::vector<int> order;
  for (int i = 0; i < n; ++i)
    if (pending[i] == 0) order.push_back(i);
  for (size_t k = 0; k < order.size(); ++k)
    for (int user : users[order[k]])
      if (--pending[user] == 0) order.push_back(user);

  if ((int)order.size() != n) {
    // Walk back from a stuck node along stuck producers until a node repeats: that loop is a cycle.
    int start = 0;
    while (pending[start] == 0) ++start;
    std::vector<int> path;
    std::vector<int> seenAt(n, -1);
    int current = start;
    while (seenAt[current] < 0) {
      seenAt[current] = path.size();
      path.push_back(current);
      for (const auto &in : graph.node(current).input()) {
        auto it = producer.find(in);
        if (!in.empty() && !available.count(in) && it != producer.end() && pending[it->second] > 0) {
          current = it->second;
          break;
        }
      }
    }
    std::string cycle;
    for (size_t k = seenAt[current]; k < path.size(); ++k) cycle += describeNode(graph.node(path[k]), path[k]) + " -> ";
    return fail("the graph has a cycle: " + cycle + describeNode(graph.node(current), current));
  }

  if (!llvm::is_sorted(order)) {
    google::protobuf::RepeatedPtrField<onnx::NodeProto> sorted;
    for (int i : order) *sorted.Add() = graph.node(i);
    graph.mutable_node()->Swap(&sorted);
  }

  // Subgraphs see every name of the enclosing graph.
  std::unordered_set<std::string> visible = available;
  for (const auto &[name, index] : producer) visible.insert(name);
  for (auto &node : *graph.mutable_node())
    for (auto &attr : *node.mutable_attribute()) {
      if (attr.has_g())
        if (auto err = checkAndSortGraph(*attr.mutable_g(), visible)) return err;
      for (auto &g : *attr.mutable_graphs())
        if (auto err = checkAndSortGraph(g, visible)) return err;
    }
  return llvm::Error::success();
}

} // namespace

const std::vector<std::pair<std::string, std::string>> &convertedOpTypes() {
  // The ops ONNX 1.12 deprecated for another, with the opset that removed them.
  static const std::vector<std::pair<std::string, std::string>> renamed{{"Scatter", "ScatterElements"},
                                                                        {"Upsample", "Resize"}};
  return renamed;
}

std::string opTypeAfterConversion(const std::string &opType, int64_t sourceOpset) {
  if (opType == "Upsample" && sourceOpset < 10) return "Resize";
  if (opType == "Scatter" && sourceOpset < 11) return "ScatterElements";
  return opType;
}

namespace {

void collectUnsupported(const onnx::GraphProto &graph, const LoadOptions &options,
                        const std::map<std::string, int64_t> &opsets, std::vector<std::string> &out) {
  for (int i = 0; i < graph.node_size(); ++i) {
    const auto &node = graph.node(i);
    bool known = isDefaultDomainName(node.domain()) &&
                 onnx::OpSchemaRegistry::Schema(node.op_type(), kDialectOpset, "") != nullptr;
    auto sourceOpset = opsets.find("");
    std::string compiled =
        sourceOpset == opsets.end() ? node.op_type() : opTypeAfterConversion(node.op_type(), sourceOpset->second);
    bool supported = known && (!options.isSupportedOp || options.isSupportedOp(compiled));
    if (!supported) {
      auto it = opsets.find(isDefaultDomainName(node.domain()) ? "" : node.domain());
      std::string opset = it == opsets.end() ? "none" : std::to_string(it->second);
      std::string why;
      if (known && options.whyNotCompiled)
        if (std::optional<std::string> reason = options.whyNotCompiled(compiled)) why = ": " + *reason;
      out.push_back(describeNode(node, i) + " [domain '" + node.domain() + "', opset " + opset + "]" +
                    (isDefaultDomainName(node.domain()) && !known ? " is not an ONNX operator" : "") + why);
    }
    forEachSubgraph(node, [&](const onnx::GraphProto &g) { collectUnsupported(g, options, opsets, out); });
  }
}

llvm::Error applyInputShapes(onnx::GraphProto &graph, const std::vector<InputShapeOverride> &overrides) {
  for (const auto &override : overrides) {
    auto input = llvm::find_if(*graph.mutable_input(),
                               [&](const onnx::ValueInfoProto &v) { return v.name() == override.input; });
    if (input == graph.mutable_input()->end())
      return fail("--input-shape names '" + override.input + "', which is not a graph input");
    auto *tensorType = input->mutable_type()->mutable_tensor_type();
    auto *shape = tensorType->mutable_shape();
    if (shape->dim_size() != 0 && shape->dim_size() != (int) override.dims.size())
      return fail("--input-shape gives input '" + override.input + "' rank " + std::to_string(override.dims.size()) +
                  ", but the model declares rank " + std::to_string(shape->dim_size()));
    shape->clear_dim();
    for (int64_t d : override.dims) shape->add_dim()->set_dim_value(d);
  }
  if (!overrides.empty()) {
    // Shapes recorded for the old input shapes would contradict the new ones: infer them afresh.
    graph.clear_value_info();
    // Keep each output's rank (the checker requires a shape) but forget its sizes.
    for (auto &out : *graph.mutable_output())
      if (out.type().has_tensor_type() && out.type().tensor_type().has_shape())
        for (auto &dim : *out.mutable_type()->mutable_tensor_type()->mutable_shape()->mutable_dim()) dim.Clear();
  }
  return llvm::Error::success();
}

/// The type of every value info in `graph` and its subgraphs that has one and is not a tensor's,
/// by name (names are unique but for sibling subgraphs, which declare a name alike).
void collectNonTensorTypes(const onnx::GraphProto &graph, std::unordered_map<std::string, onnx::TypeProto> &types) {
  for (const auto *infos : {&graph.input(), &graph.output(), &graph.value_info()})
    for (const auto &info : *infos)
      if (info.has_type() && info.type().value_case() != onnx::TypeProto::kTensorType &&
          info.type().value_case() != onnx::TypeProto::VALUE_NOT_SET)
        types.emplace(info.name(), info.type());
  for (const auto &node : graph.node())
    forEachSubgraph(node, [&](const onnx::GraphProto &g) { collectNonTensorTypes(g, types); });
}

/// ONNX 1.12's version converter keeps only tensor types: a sequence or optional value comes back
/// untyped. It gets back the type the source gave it; the converter keeps value names.
void restoreNonTensorTypes(onnx::GraphProto &graph, const std::unordered_map<std::string, onnx::TypeProto> &types) {
  for (auto *infos : {graph.mutable_input(), graph.mutable_output(), graph.mutable_value_info()})
    for (auto &info : *infos)
      if (info.type().value_case() == onnx::TypeProto::VALUE_NOT_SET)
        if (auto it = types.find(info.name()); it != types.end()) *info.mutable_type() = it->second;
  for (auto &node : *graph.mutable_node())
    for (auto &attr : *node.mutable_attribute()) {
      if (attr.has_g()) restoreNonTensorTypes(*attr.mutable_g(), types);
      for (auto &g : *attr.mutable_graphs()) restoreNonTensorTypes(g, types);
    }
}

llvm::Error runChecker(const onnx::ModelProto &model, const std::string &directory) {
  onnx::checker::CheckerContext context;
  context.set_ir_version(model.ir_version());
  std::unordered_map<std::string, int> opsets;
  for (const auto &imp : model.opset_import()) opsets[imp.domain()] = imp.version();
  context.set_opset_imports(opsets);
  context.set_model_dir(directory);
  context.set_schema_registry(onnx::OpSchemaRegistry::Instance());
  onnx::checker::LexicalScopeContext scope;
  try {
    onnx::checker::check_graph(model.graph(), context, scope);
  } catch (const std::exception &e) {
    return fail("invalid ONNX model: " + oneLine(e.what()));
  }
  return llvm::Error::success();
}

} // namespace

std::string describeNode(const onnx::NodeProto &node, int index) {
  std::string who = node.name().empty() ? ("#" + std::to_string(index)) : ("'" + node.name() + "'");
  std::string domain = node.domain().empty() ? "" : (node.domain() + ".");
  return "node " + who + " (" + domain + node.op_type() + ")";
}

llvm::Expected<InputShapeOverride> parseInputShapeOverride(llvm::StringRef text) {
  auto [name, dims] = text.rsplit('=');
  if (name.empty() || dims.empty() || !text.contains('='))
    return fail("--input-shape expects NAME=D0xD1x..., got '" + text + "'");
  InputShapeOverride result{name.str(), {}};
  llvm::SmallVector<llvm::StringRef> parts;
  dims.split(parts, 'x');
  for (llvm::StringRef part : parts) {
    int64_t d;
    if (part.getAsInteger(10, d) || d < 0)
      return fail("--input-shape: '" + part + "' in '" + text + "' is not a dimension size");
    result.dims.push_back(d);
  }
  return result;
}

llvm::Expected<LoadedModel> loadOnnxModel(llvm::StringRef path, const LoadOptions &options) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!buffer) return fail("cannot read '" + path + "': " + buffer.getError().message());

  LoadedModel loaded;
  llvm::StringRef bytes = (*buffer)->getBuffer();
  if (bytes.size() > INT32_MAX)
    return fail("'" + path + "' is larger than 2 GiB; store the weights as ONNX external data");
  if (!loaded.proto.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return fail("'" + path + "' is not an ONNX model: protobuf parsing failed (truncated or not a ModelProto)");
  if (!loaded.proto.has_graph() || loaded.proto.ir_version() <= 0)
    return fail("'" + path + "' is not an ONNX model: it has no graph or no IR version");

  auto digest = llvm::SHA256::hash(llvm::arrayRefFromStringRef(bytes));
  loaded.sha256 = llvm::toHex(digest, /*LowerCase=*/true);
  loaded.directory = llvm::sys::path::parent_path(path).str();
  std::set<std::string> dataFiles;
  collectDataFiles(loaded.proto.graph(), loaded.directory, dataFiles);
  for (const auto &function : loaded.proto.functions())
    for (const auto &node : function.node()) collectDataFiles(node, loaded.directory, dataFiles);
  loaded.dataFiles.assign(dataFiles.begin(), dataFiles.end());

  std::map<std::string, int64_t> opsets;
  for (const auto &imp : loaded.proto.opset_import())
    opsets[isDefaultDomainName(imp.domain()) ? "" : imp.domain()] = imp.version();
  auto defaultOpset = opsets.find("");
  if (defaultOpset == opsets.end()) return fail("'" + path + "' imports no opset of the default ONNX domain");
  loaded.sourceOpset = defaultOpset->second;
  if (loaded.sourceOpset > kDialectOpset)
    return fail("'" + path + "' uses opset " + std::to_string(loaded.sourceOpset) +
                " of the default ONNX domain; aicc supports opsets up to " + std::to_string(kDialectOpset) +
                " (ONNX 1.12): re-export with opset_version=" + std::to_string(kDialectOpset));

  onnx::GraphProto &graph = *loaded.proto.mutable_graph();
  if (auto err = checkAndSortGraph(graph, {})) return err;
  // Contrib ops of ONNX Runtime's quantizer, in ONNX's operators before anything checks them.
  if (auto err = rewriteMicrosoftQuantizedOps(loaded.proto, loaded.sourceOpset)) return err;

  std::vector<std::string> unsupported;
  collectUnsupported(graph, options, opsets, unsupported);
  if (!unsupported.empty())
    return fail("unsupported operator" + std::string(unsupported.size() > 1 ? "s: " : ": ") +
                llvm::join(unsupported, "; "));

  if (auto err = applyInputShapes(graph, options.inputShapes)) return err;

  if (loaded.sourceOpset < kDialectOpset) {
    // Ops whose adapters in ONNX 1.12 throw or change the result are rewritten first.
    rewriteCoercedSoftmax(loaded.proto, loaded.sourceOpset);
    if (auto err = rewriteBatchMajorScan(loaded.proto, loaded.sourceOpset)) return err;
    std::unordered_map<std::string, onnx::TypeProto> nonTensorTypes;
    collectNonTensorTypes(loaded.proto.graph(), nonTensorTypes);
    try {
      loaded.proto = onnx::version_conversion::ConvertVersion(loaded.proto, kDialectOpset);
      restoreNonTensorTypes(*loaded.proto.mutable_graph(), nonTensorTypes);
    } catch (const std::exception &e) {
      return fail("cannot convert '" + path + "' from opset " + std::to_string(loaded.sourceOpset) + " to " +
                  std::to_string(kDialectOpset) + ": " + oneLine(e.what()));
    }
  }

  // IR 4 only dropped IR 3's rule that every initializer is also a graph input, which PyTorch's
  // opset 7-8 exports (IR 3) and ONNX's version converter break; ONNX Runtime runs such models.
  // Their initializers are constants either way.
  if (loaded.proto.ir_version() < 4) loaded.proto.set_ir_version(4);
  if (auto err = runChecker(loaded.proto, loaded.directory)) return err;
  // After the checker, which wants the output shapes this may clear.
  rewriteUnbindSplits(loaded.proto);

  try {
    onnx::ShapeInferenceOptions inference(/*check_type=*/true, /*error_mode=*/1, /*data_prop=*/true);
    onnx::shape_inference::InferShapes(loaded.proto, onnx::OpSchemaRegistry::Instance(), inference);
  } catch (const std::exception &e) {
    return fail("shape inference failed: " + oneLine(e.what()));
  }
  return loaded;
}

} // namespace aicc
