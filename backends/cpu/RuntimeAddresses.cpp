// See RuntimeAddresses.h.
#include "backends/cpu/RuntimeAddresses.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

namespace aicc::cpu {

using namespace mlir;

Value pointerTo(OpBuilder &b, Location loc, Value buffer) {
  Value address = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, buffer);
  Value word = arith::IndexCastOp::create(b, loc, b.getI64Type(), address);
  return LLVM::IntToPtrOp::create(b, loc, LLVM::LLVMPointerType::get(b.getContext()), word);
}

Value viewOfAddress(OpBuilder &b, Location loc, Value address, MemRefType type, Value elements, ValueRange sizes,
                    DataLayout &layout) {
  Value bytes = arith::MulIOp::create(b, loc, elements,
                                      arith::ConstantIndexOp::create(b, loc, layout.getTypeSize(type.getElementType())));
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
    global = LLVM::GlobalOp::create(b, loc, type, /*isConstant=*/true, LLVM::Linkage::Private, name,
                                    b.getStringAttr(bytes));
  }
  return LLVM::AddressOfOp::create(b, loc, global);
}

} // namespace aicc::cpu
