// See RuntimeAddresses.h.
#include "backends/cpu/abi/RuntimeAddresses.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

namespace aicc::cpu {

using namespace mlir;

Value i64Constant(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIntOp::create(b, loc, b.getI64Type(), value);
}

FailureOr<Value> runtimeState(func::FuncOp func, StringRef what) {
  if (func.getNumArguments() == 0 || !isa<LLVM::LLVMPointerType>(func.getArgument(0).getType())) {
    func.emitError(what) << " need the runtime state as the first argument (aicc-cpu-lower-kernel-calls)";
    return failure();
  }
  return func.getArgument(0);
}

void declareRuntimeFunction(OpBuilder &b, ModuleOp module, StringRef name, TypeRange args, TypeRange results) {
  if (module.lookupSymbol(name)) return;
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToEnd(module.getBody());
  func::FuncOp::create(b, module.getLoc(), name, b.getFunctionType(args, results)).setPrivate();
}

Value dimsArray(OpBuilder &b, Location loc, int64_t rank) {
  return memref::AllocaOp::create(b, loc, MemRefType::get({std::max<int64_t>(rank, 1)}, b.getI64Type()));
}

SmallVector<Value> sizesOf(OpBuilder &b, Location loc, Value buffer) {
  auto type = cast<MemRefType>(buffer.getType());
  SmallVector<Value> sizes;
  for (int64_t d = 0; d < type.getRank(); ++d)
    sizes.push_back(type.isDynamicDim(d) ? memref::DimOp::create(b, loc, buffer, d).getResult()
                                         : arith::ConstantIndexOp::create(b, loc, type.getDimSize(d)).getResult());
  return sizes;
}

Value storeDims(OpBuilder &b, Location loc, ValueRange sizes, Value dims) {
  Value elements = arith::ConstantIndexOp::create(b, loc, 1);
  for (auto [d, size] : llvm::enumerate(sizes)) {
    elements = arith::MulIOp::create(b, loc, elements, size);
    memref::StoreOp::create(b, loc, arith::IndexCastOp::create(b, loc, b.getI64Type(), size), dims,
                            ValueRange{arith::ConstantIndexOp::create(b, loc, d)});
  }
  return elements;
}

Value pointerTo(OpBuilder &b, Location loc, Value buffer) {
  Value address = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, buffer);
  Value word = arith::IndexCastOp::create(b, loc, b.getI64Type(), address);
  return LLVM::IntToPtrOp::create(b, loc, LLVM::LLVMPointerType::get(b.getContext()), word);
}

Value viewOfAddress(OpBuilder &b, Location loc, Value address, MemRefType type, Value elements, ValueRange sizes,
                    DataLayout &layout) {
  Value bytes = arith::MulIOp::create(
      b, loc, elements, arith::ConstantIndexOp::create(b, loc, layout.getTypeSize(type.getElementType())));
  Value raw = memref::ReinterpretCastOp::create(b, loc, MemRefType::get({ShapedType::kDynamic}, b.getI8Type()), address,
                                                b.getIndexAttr(0), ArrayRef<OpFoldResult>{bytes},
                                                ArrayRef<OpFoldResult>{b.getIndexAttr(1)});
  return memref::ViewOp::create(b, loc, type, raw, arith::ConstantIndexOp::create(b, loc, 0), sizes);
}

Value cString(OpBuilder &b, ModuleOp module, Location loc, StringRef name, StringRef text) {
  auto global = module.lookupSymbol<LLVM::GlobalOp>(name);
  if (!global) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(module.getBody());
    std::string bytes = text.str();
    bytes.push_back('\0');
    auto type = LLVM::LLVMArrayType::get(b.getI8Type(), bytes.size());
    global =
        LLVM::GlobalOp::create(b, loc, type, /*isConstant=*/true, LLVM::Linkage::Private, name, b.getStringAttr(bytes));
  }
  return LLVM::AddressOfOp::create(b, loc, global);
}

Value viewOfWrittenDims(OpBuilder &b, Location loc, Value address, MemRefType type, ValueRange leading, Value dims,
                        DataLayout &layout) {
  Value elements = arith::ConstantIndexOp::create(b, loc, 1);
  SmallVector<Value> sizes;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    Value size;
    if (d < (int64_t)leading.size()) {
      size = leading[d];
    } else if (type.isDynamicDim(d)) {
      Value index = arith::ConstantIndexOp::create(b, loc, d - leading.size());
      size =
          arith::IndexCastOp::create(b, loc, b.getIndexType(), memref::LoadOp::create(b, loc, dims, ValueRange{index}));
    } else {
      size = arith::ConstantIndexOp::create(b, loc, type.getDimSize(d));
    }
    if (type.isDynamicDim(d)) sizes.push_back(size);
    elements = arith::MulIOp::create(b, loc, elements, size);
  }
  return viewOfAddress(b, loc, address, type, elements, sizes, layout);
}

} // namespace aicc::cpu
