// SequenceMapToLoop: ONNX SequenceMap is a Loop over its first sequence, as the op's own function
// body in the ONNX spec defines it: iteration i reads element i of every sequence input (the
// tensor inputs as they are), runs the map's body on them, and inserts each body output at the
// back of its output sequence (see Passes.td).
#include "dialects/AiccDialect.h"
#include "passes/GraphBuilders.h"
#include "passes/Passes.h"

#include "mlir/IR/Builders.h"

namespace aicc {

#define GEN_PASS_DEF_SEQUENCEMAPTOLOOP
#include "passes/Passes.h.inc"

namespace {

using namespace mlir;

LogicalResult convertSequenceMap(mlir::aicc::SequenceMapOp map) {
  Location loc = map.getLoc();
  SmallVector<Value> inputs{map.getInputSequence()};
  inputs.append(map.getAdditionalInputs().begin(), map.getAdditionalInputs().end());
  Block &body = map.getBody().front();
  auto yield = cast<mlir::aicc::YieldOp>(body.getTerminator());
  if (body.getNumArguments() != inputs.size() || yield.getNumOperands() != map.getNumResults())
    return map.emitOpError("body must take one value per input and yield one element per output sequence");

  OpBuilder b(map);
  auto scalar = RankedTensorType::get({}, b.getI64Type());
  auto flag = RankedTensorType::get({}, b.getI1Type());
  Value trips = mlir::aicc::SequenceLengthOp::create(b, loc, scalar, inputs[0]);
  Value always = mlir::aicc::ConstantOp::create(b, loc, DenseElementsAttr::get(flag, true));
  SmallVector<Value> empties;
  for (Value result : map.getResults())
    empties.push_back(mlir::aicc::SequenceEmptyOp::create(b, loc, result.getType(), nullptr));
  auto loop = mlir::aicc::LoopOp::create(b, loc, map.getResultTypes(), trips, always, empties);

  // Iteration i reads element i of each sequence input.
  auto elementsAt = [&](Value iteration, ValueRange) {
    SmallVector<Value> arguments;
    for (auto [arg, input] : llvm::zip(body.getArguments(), inputs)) {
      bool sequence = isa<mlir::aicc::SeqType>(input.getType());
      arguments.push_back(sequence ? Value(mlir::aicc::SequenceAtOp::create(b, loc, arg.getType(), input, iteration))
                                   : input);
    }
    return arguments;
  };
  Operation *loopYield = moveIntoLoopBody(b, loc, loop.getBody(), body, map.getResultTypes(), elementsAt);
  // Each element the map's body yields goes at the back of its sequence.
  b.setInsertionPoint(loopYield);
  Block *loopBody = loopYield->getBlock();
  for (int64_t j = 0; j < (int64_t)map.getNumResults(); ++j) {
    Value sequence = loopBody->getArgument(2 + j);
    loopYield->setOperand(1 + j, mlir::aicc::SequenceInsertOp::create(b, loc, sequence.getType(), sequence,
                                                                      loopYield->getOperand(1 + j),
                                                                      mlir::aicc::NoneOp::create(b, loc)));
  }

  map.replaceAllUsesWith(loop.getResults());
  map.erase();
  return success();
}

struct SequenceMapToLoopPass : impl::SequenceMapToLoopBase<SequenceMapToLoopPass> {
  void runOnOperation() override {
    SmallVector<mlir::aicc::SequenceMapOp> maps;
    getOperation().walk([&](mlir::aicc::SequenceMapOp map) { maps.push_back(map); });
    for (mlir::aicc::SequenceMapOp map : maps)
      if (failed(convertSequenceMap(map))) return signalPassFailure();
  }
};

} // namespace
} // namespace aicc
