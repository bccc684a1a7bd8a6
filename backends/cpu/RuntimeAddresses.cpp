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

} // namespace aicc::cpu
