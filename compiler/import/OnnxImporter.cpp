// ONNX graph → aicc dialect; see OnnxImporter.h.
//
// Ops are created generically by name ("aicc." + op_type) from the ONNX node: the dialect's ODS
// definitions are generated from the same ONNX schemas (dialects/gen_onnx_ops.py), so operand order
// equals ONNX input order, attribute names equal ONNX attribute names, and GRAPH attributes are regions
// in attribute-name order. The op verifiers then check what the ONNX checker does not.
#include "compiler/import/OnnxImporter.h"
#include "compiler/Diagnostics.h"

#include <algorithm>

#include "compiler/import/TensorImport.h"
#include "dialects/AiccDialect.h"
#include "onnx/defs/schema.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Verifier.h"

namespace aicc {
namespace {

using namespace mlir;

class GraphImporter {
public:
  GraphImporter(MLIRContext &context, const LoadedModel &model) : context(context), builder(&context), model(model) {}

  llvm::Expected<OwningOpRef<ModuleOp>> run();

private:
  llvm::Error importInitializers(const onnx::GraphProto &graph);
  llvm::Error importNodes(const onnx::GraphProto &graph);
  llvm::Error importNode(const onnx::NodeProto &node, int index);
  llvm::Error importSubgraph(const onnx::GraphProto &graph, Region &region, const std::string &where);
  llvm::Expected<Attribute> importAttribute(const onnx::AttributeProto &attr, const std::string &where);
  llvm::Error normalizeConstant(const onnx::NodeProto &node, NamedAttrList &attributes, const std::string &where);
  void collectValueTypes(const onnx::GraphProto &graph);
  Value lookup(const std::string &name) const;
  Value none(Location loc);

  MLIRContext &context;
  OpBuilder builder;
  const LoadedModel &model;
  // Innermost scope last: a subgraph sees the names of the graphs around it.
  std::vector<llvm::StringMap<Value>> scopes;
  llvm::StringMap<const onnx::TypeProto *> valueTypes;
};

void GraphImporter::collectValueTypes(const onnx::GraphProto &graph) {
  for (const auto *list : {&graph.input(), &graph.output(), &graph.value_info()})
    for (const auto &info : *list)
      if (info.has_type()) valueTypes[info.name()] = &info.type();
  for (const auto &node : graph.node())
    for (const auto &attr : node.attribute()) {
      if (attr.has_g()) collectValueTypes(attr.g());
      for (const auto &g : attr.graphs()) collectValueTypes(g);
    }
}

/// The names of `input`'s symbolic dims (see attrs::kInputDimNames), one per dim of a ranked input.
ArrayAttr symbolicDimNames(Builder &builder, const onnx::ValueInfoProto &input) {
  llvm::SmallVector<Attribute> names;
  const auto &tensor = input.type().tensor_type();
  if (tensor.has_shape())
    for (auto [axis, dim] : llvm::enumerate(tensor.shape().dim())) {
      std::string name;
      if (!dim.has_dim_value() || dim.dim_value() < 0)
        name = dim.has_dim_param() && !dim.dim_param().empty() ? dim.dim_param()
                                                               : input.name() + "." + std::to_string(axis);
      names.push_back(builder.getStringAttr(name));
    }
  return builder.getArrayAttr(names);
}

/// The type of result `index` of a control-flow op as its body yields it: an If's then branch, a
/// Loop's carried value (its initial value's type) or scan output (rows of the yield's element
/// type), a Scan's state; null if the body does not tell.
Type bodyResultType(Operation *op, unsigned index) {
  auto yieldOf = [](Region &region) -> Operation * {
    return region.empty() || region.front().empty() ? nullptr : region.front().getTerminator();
  };
  llvm::StringRef name = op->getName().getStringRef();
  if (name == "aicc.If") {
    // Regions in attribute-name order: else_branch, then_branch.
    Operation *yield = op->getNumRegions() == 2 ? yieldOf(op->getRegion(1)) : nullptr;
    return yield && index < yield->getNumOperands() ? yield->getOperand(index).getType() : Type();
  }
  if (name == "aicc.Loop" || name == "aicc.Scan") {
    Operation *yield = op->getNumRegions() == 1 ? yieldOf(op->getRegion(0)) : nullptr;
    unsigned skip = name == "aicc.Loop" ? 1 : 0; // a Loop's body yields its condition first
    if (!yield || index + skip >= yield->getNumOperands()) return Type();
    Type yielded = yield->getOperand(index + skip).getType();
    auto scanInputs = op->getAttrOfType<IntegerAttr>("num_scan_inputs");
    int64_t states = name == "aicc.Loop" ? (int64_t)op->getNumOperands() - 2
                                         : (int64_t)op->getNumOperands() - (scanInputs ? scanInputs.getInt() : 0);
    if ((int64_t)index < states || !isa<TensorType>(yielded)) return yielded;
    return UnrankedTensorType::get(cast<TensorType>(yielded).getElementType());
  }
  return Type();
}

/// ONNX's inference types a sequence that a Loop carries or an If yields from one source (the
/// Loop's initial value, a branch), though the body may insert elements of other shapes (an empty
/// list of scalars that a loop fills with rows): such a result becomes a sequence of elements
/// that both describe.
void widenSequenceResults(Operation *op) {
  llvm::StringRef name = op->getName().getStringRef();
  SmallVector<std::pair<Operation *, unsigned>> yields; // a terminator and the result 0's operand
  if (name == "aicc.If") {
    for (Region &region : op->getRegions())
      if (!region.empty() && !region.front().empty()) yields.push_back({region.front().getTerminator(), 0});
  } else if (name == "aicc.Loop" && op->getNumRegions() == 1 && !op->getRegion(0).empty()) {
    yields.push_back({op->getRegion(0).front().getTerminator(), 1});
  } else {
    return;
  }
  for (OpResult result : op->getResults()) {
    auto seq = dyn_cast<mlir::aicc::SeqType>(result.getType());
    if (!seq) continue;
    auto element = dyn_cast<TensorType>(seq.getElementType());
    if (!element) continue;
    TensorType joined = element;
    for (auto [yield, skip] : yields) {
      unsigned operand = result.getResultNumber() + skip;
      if (operand >= yield->getNumOperands()) continue;
      auto yielded = dyn_cast<mlir::aicc::SeqType>(yield->getOperand(operand).getType());
      auto yieldedElement = yielded ? dyn_cast<TensorType>(yielded.getElementType()) : nullptr;
      if (yieldedElement && yieldedElement.getElementType() == joined.getElementType())
        joined = mlir::aicc::joinTensorTypes(joined, yieldedElement);
    }
    if (joined != element) result.setType(mlir::aicc::SeqType::get(op->getContext(), joined));
  }
}

Value GraphImporter::lookup(const std::string &name) const {
  for (auto scope = scopes.rbegin(); scope != scopes.rend(); ++scope)
    if (auto it = scope->find(name); it != scope->end()) return it->second;
  return nullptr;
}

Value GraphImporter::none(Location loc) {
  OperationState state(loc, "aicc.none");
  state.addTypes(builder.getNoneType());
  return builder.create(state)->getResult(0);
}

llvm::Error GraphImporter::importInitializers(const onnx::GraphProto &graph) {
  for (const auto &init : graph.initializer()) {
    auto value = importTensor(&context, init, model.directory);
    if (!value) return value.takeError();
    OperationState state(NameLoc::get(builder.getStringAttr(init.name())), "aicc.Constant");
    state.addAttribute("value", *value);
    state.addTypes(value->getType());
    scopes.back()[init.name()] = builder.create(state)->getResult(0);
  }
  return llvm::Error::success();
}

llvm::Expected<Attribute> GraphImporter::importAttribute(const onnx::AttributeProto &attr, const std::string &where) {
  using onnx::AttributeProto;
  switch (attr.type()) {
  case AttributeProto::FLOAT: return builder.getF32FloatAttr(attr.f());
  case AttributeProto::INT: return builder.getI64IntegerAttr(attr.i());
  case AttributeProto::STRING: return builder.getStringAttr(attr.s());
  case AttributeProto::INTS:
    return builder.getDenseI64ArrayAttr(llvm::SmallVector<int64_t>(attr.ints().begin(), attr.ints().end()));
  case AttributeProto::FLOATS:
    return builder.getDenseF32ArrayAttr(llvm::SmallVector<float>(attr.floats().begin(), attr.floats().end()));
  case AttributeProto::STRINGS: {
    llvm::SmallVector<Attribute> strings;
    for (const auto &s : attr.strings()) strings.push_back(builder.getStringAttr(s));
    return builder.getArrayAttr(strings);
  }
  case AttributeProto::TENSOR: {
    auto value = importTensor(&context, attr.t(), model.directory);
    if (!value) return fail(where + ", attribute '" + attr.name() + "': " + llvm::toString(value.takeError()));
    return *value;
  }
  case AttributeProto::TYPE_PROTO: {
    auto type = importType(&context, attr.tp());
    if (!type) return fail(where + ", attribute '" + attr.name() + "': " + llvm::toString(type.takeError()));
    return TypeAttr::get(*type);
  }
  default:
    return fail(where + ": attribute '" + attr.name() + "' of kind " + AttributeProto::AttributeType_Name(attr.type()) +
                " is not supported");
  }
}

/// ONNX Constant carries its value in one of seven attributes; aicc.Constant always in `value`.
llvm::Error GraphImporter::normalizeConstant(const onnx::NodeProto &node, NamedAttrList &attributes,
                                             const std::string &where) {
  if (node.attribute_size() != 1)
    return fail(where + " must have exactly one value attribute, has " + std::to_string(node.attribute_size()));
  const auto &attr = node.attribute(0);
  Attribute value;
  if (attr.name() == "value") {
    auto imported = importAttribute(attr, where);
    if (!imported) return imported.takeError();
    value = *imported;
  } else if (attr.name() == "value_float") {
    value = DenseElementsAttr::get(RankedTensorType::get({}, builder.getF32Type()), attr.f());
  } else if (attr.name() == "value_floats") {
    llvm::SmallVector<float> v(attr.floats().begin(), attr.floats().end());
    value = DenseElementsAttr::get(RankedTensorType::get({(int64_t)v.size()}, builder.getF32Type()),
                                   llvm::ArrayRef<float>(v));
  } else if (attr.name() == "value_int") {
    value = DenseElementsAttr::get(RankedTensorType::get({}, builder.getI64Type()), attr.i());
  } else if (attr.name() == "value_ints") {
    llvm::SmallVector<int64_t> v(attr.ints().begin(), attr.ints().end());
    value = DenseElementsAttr::get(RankedTensorType::get({(int64_t)v.size()}, builder.getI64Type()),
                                   llvm::ArrayRef<int64_t>(v));
  } else {
    return fail(where + ": attribute '" + attr.name() + "' (string or sparse constants) is not supported");
  }
  attributes.set("value", value);
  return llvm::Error::success();
}

llvm::Error GraphImporter::importSubgraph(const onnx::GraphProto &graph, Region &region, const std::string &where) {
  OpBuilder::InsertionGuard guard(builder);
  Block *block = builder.createBlock(&region);
  scopes.emplace_back();
  for (const auto &input : graph.input()) {
    auto type = importType(&context, input.type());
    if (!type) return fail(where + ", subgraph input '" + input.name() + "': " + llvm::toString(type.takeError()));
    scopes.back()[input.name()] = block->addArgument(*type, NameLoc::get(builder.getStringAttr(input.name())));
  }
  if (auto err = importInitializers(graph)) return err;
  if (auto err = importNodes(graph)) return err;
  llvm::SmallVector<Value> results;
  for (const auto &output : graph.output()) results.push_back(lookup(output.name()));
  OperationState yield(builder.getUnknownLoc(), "aicc.Yield");
  yield.addOperands(results);
  builder.create(yield);
  scopes.pop_back();
  return llvm::Error::success();
}

llvm::Error GraphImporter::importNode(const onnx::NodeProto &node, int index) {
  std::string where = describeNode(node, index);
  std::string locName = node.name().empty() ? node.op_type() + "#" + std::to_string(index) : node.name();
  Location loc = NameLoc::get(builder.getStringAttr(locName));
  OperationState state(loc, "aicc." + node.op_type());

  for (const auto &input : node.input()) {
    Value value = input.empty() ? none(loc) : lookup(input);
    if (!value) return fail(where + " reads '" + input + "', which is not defined before it");
    state.addOperands(value);
  }
  // ONNX lets a node omit trailing optional inputs and outputs; the dialect keeps every position.
  const onnx::OpSchema *schema = onnx::OpSchemaRegistry::Schema(node.op_type(), kDialectOpset, "");
  auto trailingOptionals = [](const std::vector<onnx::OpSchema::FormalParameter> &formals, int present) {
    int count = 0;
    for (int i = present; i < (int)formals.size(); ++i, ++count)
      if (formals[i].GetOption() != onnx::OpSchema::Optional) break;
    return count;
  };
  int missingOutputs = 0;
  if (schema) {
    for (int i = 0, e = trailingOptionals(schema->inputs(), node.input_size()); i < e; ++i)
      state.addOperands(none(loc));
    missingOutputs = trailingOptionals(schema->outputs(), node.output_size());
  }
  // A control-flow node's output that ONNX's inference left untyped takes its type from what the
  // body yields, once the body is imported.
  bool hasBody = llvm::any_of(node.attribute(), [](const onnx::AttributeProto &attr) {
    return attr.type() == onnx::AttributeProto::GRAPH || attr.type() == onnx::AttributeProto::GRAPHS;
  });
  llvm::SmallVector<unsigned> untyped;
  for (const auto &output : node.output()) {
    if (output.empty()) {
      state.addTypes(builder.getNoneType());
      continue;
    }
    auto it = valueTypes.find(output);
    if (it == valueTypes.end() && hasBody) {
      untyped.push_back(state.types.size());
      state.addTypes(builder.getNoneType());
      continue;
    }
    if (it == valueTypes.end())
      return fail(where + ": the type of its output '" + output + "' is unknown (ONNX shape inference found none)");
    auto type = importType(&context, *it->second);
    if (!type) return fail(where + ", output '" + output + "': " + llvm::toString(type.takeError()));
    state.addTypes(*type);
  }
  for (int i = 0; i < missingOutputs; ++i) state.addTypes(builder.getNoneType());

  NamedAttrList attributes;
  std::vector<const onnx::AttributeProto *> graphs;
  if (node.op_type() == "Constant") {
    if (auto err = normalizeConstant(node, attributes, where)) return err;
  } else {
    for (const auto &attr : node.attribute()) {
      if (attr.type() == onnx::AttributeProto::GRAPH || attr.type() == onnx::AttributeProto::GRAPHS) {
        graphs.push_back(&attr);
        continue;
      }
      auto value = importAttribute(attr, where);
      if (!value) return value.takeError();
      attributes.set(attr.name(), *value);
    }
  }
  state.addAttributes(attributes);

  // Regions follow the graph attributes in name order, as the generated ODS declares them.
  std::sort(graphs.begin(), graphs.end(), [](auto *a, auto *b) { return a->name() < b->name(); });
  for (const auto *attr : graphs)
    for (int i = 0, e = attr->type() == onnx::AttributeProto::GRAPH ? 1 : attr->graphs_size(); i < e; ++i)
      state.addRegion();

  Operation *op = builder.create(state);
  unsigned regionIndex = 0;
  for (const auto *attr : graphs) {
    if (attr->type() == onnx::AttributeProto::GRAPH) {
      if (auto err = importSubgraph(attr->g(), op->getRegion(regionIndex++), where)) return err;
      continue;
    }
    for (const auto &g : attr->graphs())
      if (auto err = importSubgraph(g, op->getRegion(regionIndex++), where)) return err;
  }

  for (unsigned index : untyped) {
    Type type = bodyResultType(op, index);
    if (!type)
      return fail(where + ": the type of its output '" + node.output(index) +
                  "' is unknown (ONNX shape inference found none)");
    op->getResult(index).setType(type);
  }
  widenSequenceResults(op);

  for (auto [name, result] : llvm::zip(node.output(), op->getResults()))
    if (!name.empty()) scopes.back()[name] = result;
  return llvm::Error::success();
}

llvm::Error GraphImporter::importNodes(const onnx::GraphProto &graph) {
  for (int i = 0; i < graph.node_size(); ++i)
    if (auto err = importNode(graph.node(i), i)) return err;
  return llvm::Error::success();
}

llvm::Expected<OwningOpRef<ModuleOp>> GraphImporter::run() {
  const onnx::GraphProto &graph = model.proto.graph();
  collectValueTypes(graph);

  OwningOpRef<ModuleOp> module = ModuleOp::create(builder.getUnknownLoc());
  (*module)->setAttr(attrs::kSourceHash, builder.getStringAttr(model.sha256));
  (*module)->setAttr(attrs::kSourceOpset, builder.getI64IntegerAttr(model.sourceOpset));
  builder.setInsertionPointToEnd(module->getBody());

  // Graph inputs that also have an initializer are constants with a default (ONNX IR < 4 style).
  llvm::StringSet<> initialized;
  for (const auto &init : graph.initializer()) initialized.insert(init.name());
  llvm::SmallVector<Type> inputTypes;
  llvm::SmallVector<Attribute> inputNames, inputDimNames;
  llvm::SmallVector<std::string> inputs;
  for (const auto &input : graph.input()) {
    if (initialized.contains(input.name())) continue;
    auto type = importType(&context, input.type());
    if (!type) return fail("graph input '" + input.name() + "': " + llvm::toString(type.takeError()));
    inputTypes.push_back(*type);
    inputNames.push_back(builder.getStringAttr(input.name()));
    inputDimNames.push_back(symbolicDimNames(builder, input));
    inputs.push_back(input.name());
  }

  auto func =
      func::FuncOp::create(builder, builder.getUnknownLoc(), kEntryFunction, builder.getFunctionType(inputTypes, {}));
  Block *entry = builder.createBlock(&func.getBody());
  for (auto [type, name] : llvm::zip(inputTypes, inputNames))
    entry->addArgument(type, NameLoc::get(cast<StringAttr>(name)));
  builder.setInsertionPointToEnd(entry);
  scopes.emplace_back();
  for (auto [name, arg] : llvm::zip(inputs, entry->getArguments())) scopes.back()[name] = arg;

  if (auto err = importInitializers(graph)) return err;
  if (auto err = importNodes(graph)) return err;

  llvm::SmallVector<Value> results;
  llvm::SmallVector<Attribute> outputNames;
  for (const auto &output : graph.output()) {
    Value value = lookup(output.name());
    if (!value) return fail("graph output '" + output.name() + "' is not produced by any node");
    results.push_back(value);
    outputNames.push_back(builder.getStringAttr(output.name()));
  }
  func::ReturnOp::create(builder, builder.getUnknownLoc(), results);
  func.setFunctionType(builder.getFunctionType(inputTypes, ValueRange(results).getTypes()));
  func->setAttr(attrs::kInputNames, builder.getArrayAttr(inputNames));
  func->setAttr(attrs::kInputDimNames, builder.getArrayAttr(inputDimNames));
  func->setAttr(attrs::kOutputNames, builder.getArrayAttr(outputNames));
  return module;
}

} // namespace

llvm::Expected<OwningOpRef<ModuleOp>> importOnnxModel(MLIRContext &context, const LoadedModel &model) {
  return GraphImporter(context, model).run();
}

} // namespace aicc
