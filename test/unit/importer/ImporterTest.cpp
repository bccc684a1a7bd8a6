// The importer on models built in memory: what reaches MLIR, and every way a model file can be bad.
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "compiler/import/OnnxImporter.h"
#include "dialects/AiccDialect.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"

namespace {

using aicc::LoadOptions;

/// A scratch folder per test, removed afterwards.
class ImporterTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("aicc-importer-test", dir));
    context.getOrLoadDialect<mlir::aicc::AiccDialect>();
    context.getOrLoadDialect<mlir::func::FuncDialect>();
  }
  void TearDown() override { llvm::sys::fs::remove_directories(dir); }

  std::string path(llvm::StringRef name) {
    llvm::SmallString<256> p(dir);
    llvm::sys::path::append(p, name);
    return std::string(p);
  }

  std::string write(const onnx::ModelProto &model, llvm::StringRef name = "model.onnx") {
    std::string file = path(name);
    std::ofstream out(file, std::ios::binary);
    model.SerializeToOstream(&out);
    return file;
  }

  /// y = x * w over [2, 3] floats, with w an initializer.
  static onnx::ModelProto mulModel() {
    onnx::ModelProto model;
    model.set_ir_version(8);
    auto *opset = model.add_opset_import();
    opset->set_domain("");
    opset->set_version(17);
    auto *graph = model.mutable_graph();
    graph->set_name("mul");
    auto *node = graph->add_node();
    node->set_name("mul1");
    node->set_op_type("Mul");
    node->add_input("x");
    node->add_input("w");
    node->add_output("y");
    auto *w = graph->add_initializer();
    w->set_name("w");
    w->set_data_type(onnx::TensorProto::FLOAT);
    w->add_dims(2);
    w->add_dims(3);
    for (int i = 0; i < 6; ++i) w->add_float_data(i);
    for (auto *info : {graph->add_input(), graph->add_output()}) {
      info->set_name(info == &graph->input(0) ? "x" : "y");
      auto *t = info->mutable_type()->mutable_tensor_type();
      t->set_elem_type(onnx::TensorProto::FLOAT);
      t->mutable_shape()->add_dim()->set_dim_value(2);
      t->mutable_shape()->add_dim()->set_dim_value(3);
    }
    return model;
  }

  std::string importError(const std::string &file, const LoadOptions &options = {}) {
    auto loaded = aicc::loadOnnxModel(file, options);
    if (!loaded) return llvm::toString(loaded.takeError());
    auto module = aicc::importOnnxModel(context, *loaded);
    if (!module) return llvm::toString(module.takeError());
    return "";
  }

  llvm::SmallString<128> dir;
  mlir::MLIRContext context;
};

TEST_F(ImporterTest, ImportsOpsConstantsAndNames) {
  auto loaded = aicc::loadOnnxModel(write(mulModel()), {});
  ASSERT_TRUE(bool(loaded)) << llvm::toString(loaded.takeError());
  EXPECT_EQ(loaded->sourceOpset, 17);
  EXPECT_EQ(loaded->sha256.size(), 64u);
  auto module = aicc::importOnnxModel(context, *loaded);
  ASSERT_TRUE(bool(module)) << llvm::toString(module.takeError());
  auto main = (*module)->lookupSymbol<mlir::func::FuncOp>(aicc::kEntryFunction);
  ASSERT_TRUE(main);
  EXPECT_EQ(main.getNumArguments(), 1u);
  int muls = 0, constants = 0;
  main.walk([&](mlir::aicc::MulOp) { ++muls; });
  main.walk([&](mlir::aicc::ConstantOp) { ++constants; });
  EXPECT_EQ(muls, 1);
  EXPECT_EQ(constants, 1);
  EXPECT_EQ(main->getAttrOfType<mlir::ArrayAttr>(aicc::attrs::kInputNames).size(), 1u);
}

TEST_F(ImporterTest, MissingFileNamesThePath) {
  std::string error = importError(path("nope.onnx"));
  EXPECT_NE(error.find("cannot read"), std::string::npos) << error;
  EXPECT_NE(error.find("nope.onnx"), std::string::npos) << error;
}

TEST_F(ImporterTest, TruncatedFileIsNotAModel) {
  std::string full;
  mulModel().SerializeToString(&full);
  std::string file = path("truncated.onnx");
  std::ofstream(file, std::ios::binary) << full.substr(0, full.size() / 2);
  std::string error = importError(file);
  EXPECT_NE(error.find("is not an ONNX model"), std::string::npos) << error;
}

TEST_F(ImporterTest, ShortInitializerDataNamesTheInitializer) {
  auto model = mulModel();
  model.mutable_graph()->mutable_initializer(0)->mutable_float_data()->RemoveLast();
  std::string error = importError(write(model));
  EXPECT_NE(error.find("initializer 'w'"), std::string::npos) << error;
  EXPECT_NE(error.find("needs 24"), std::string::npos) << error;
}

// An empty float initializer (what exporters write for Resize's skipped roi and scales) has no
// float_data at all: it imports as an empty constant (under UBSan, no memcpy from null).
TEST_F(ImporterTest, EmptyInitializerImports) {
  auto model = mulModel();
  auto *empty = model.mutable_graph()->add_initializer();
  empty->set_name("roi");
  empty->set_data_type(onnx::TensorProto::FLOAT);
  empty->add_dims(0);
  for (auto type : {onnx::TensorProto::FLOAT, onnx::TensorProto::DOUBLE}) {
    empty->set_data_type(type);
    EXPECT_EQ(importError(write(model)), "");
  }
}

TEST_F(ImporterTest, ReadsExternalData) {
  auto model = mulModel();
  auto *w = model.mutable_graph()->mutable_initializer(0);
  std::string bytes(reinterpret_cast<const char *>(w->float_data().data()), 6 * sizeof(float));
  std::string padding(16, '\0');
  std::ofstream(path("weights.bin"), std::ios::binary) << padding << bytes;
  w->clear_float_data();
  w->set_data_location(onnx::TensorProto::EXTERNAL);
  for (auto [key, value] : {std::pair<const char *, std::string>{"location", "weights.bin"},
                            {"offset", "16"},
                            {"length", std::to_string(bytes.size())}}) {
    auto *entry = w->add_external_data();
    entry->set_key(key);
    entry->set_value(value);
  }
  auto loaded = aicc::loadOnnxModel(write(model), {});
  ASSERT_TRUE(bool(loaded)) << llvm::toString(loaded.takeError());
  auto module = aicc::importOnnxModel(context, *loaded);
  ASSERT_TRUE(bool(module)) << llvm::toString(module.takeError());
  mlir::aicc::ConstantOp constant;
  (*module)->walk([&](mlir::aicc::ConstantOp op) { constant = op; });
  ASSERT_TRUE(constant);
  auto values = mlir::cast<mlir::DenseElementsAttr>(*constant.getValue()).getValues<float>();
  EXPECT_EQ(values[5], 5.0f);
}

TEST_F(ImporterTest, ExternalDataOutsideTheModelFolderIsRefused) {
  auto model = mulModel();
  auto *w = model.mutable_graph()->mutable_initializer(0);
  w->clear_float_data();
  w->set_data_location(onnx::TensorProto::EXTERNAL);
  auto *entry = w->add_external_data();
  entry->set_key("location");
  entry->set_value("../../etc/passwd");
  std::string error = importError(write(model));
  EXPECT_NE(error.find("initializer 'w'"), std::string::npos) << error;
}

TEST_F(ImporterTest, InputShapeOverrideParses) {
  auto shape = aicc::parseInputShapeOverride("images=8x3x224x224");
  ASSERT_TRUE(bool(shape));
  EXPECT_EQ(shape->input, "images");
  EXPECT_EQ(shape->dims, (std::vector<int64_t>{8, 3, 224, 224}));
  EXPECT_FALSE(bool(aicc::parseInputShapeOverride("images")));
  auto bad = aicc::parseInputShapeOverride("images=8xbig");
  ASSERT_FALSE(bool(bad));
  EXPECT_NE(llvm::toString(bad.takeError()).find("'big'"), std::string::npos);
}

TEST_F(ImporterTest, UnsupportedOpsAreAllListed) {
  auto model = mulModel();
  auto *det = model.mutable_graph()->add_node();
  det->set_name("det1");
  det->set_op_type("Det");
  det->add_input("y");
  det->add_output("d");
  LoadOptions options;
  options.isSupportedOp = [](llvm::StringRef op) { return op == "Mul"; };
  std::string error = importError(write(model), options);
  EXPECT_NE(error.find("node 'det1' (Det)"), std::string::npos) << error;
}

} // namespace
