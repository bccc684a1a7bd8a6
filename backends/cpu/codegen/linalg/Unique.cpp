// ONNX Unique-11 → a sort, then sequential passes over the sorted slices. The slices compared are
// the input's elements (no axis) or its slices along `axis`, each flattened into a row. A heap sort
// (Heap.h) orders the row numbers by their first element, then by the rest of the row, then by
// number, so that equal rows lie together with their first occurrence first: O(n log n)
// comparisons for n rows. One pass groups the sorted rows (each group's first row and count, each
// row's group); without `sorted`, a second numbers the groups in order of first occurrence; a last
// one writes the U unique slices, a count only the data gives. NaN sorts above every number; as in
// numpy.unique (ONNX's reference), NaN elements are one value, while slices holding NaN are each
// their own (numpy compares them as records, NaN unequal to itself).
#include "backends/cpu/codegen/linalg/Heap.h"
#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "dialects/AiccDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

/// Whether x == y, NaN equal to NaN when `nanEqual`.
Value equalElements(OpBuilder &b, Location loc, Value x, Value y, bool nanEqual) {
  if (nanEqual || !isa<FloatType>(x.getType())) return sameValue(b, loc, x, y);
  return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, x, y);
}

/// The slices Unique compares, one per row: [n] when each is one element, else [n, width].
struct Rows {
  Value rows;
  bool isUnsigned;
  /// Rows that hold NaN are each unique (slices along an axis), rather than NaN being one value.
  bool nanDistinct;

  bool scalar() const { return cast<RankedTensorType>(rows.getType()).getRank() == 1; }
  Value width(OpBuilder &b, Location loc) const {
    return scalar() ? indexConstant(b, loc, 1) : tensor::DimOp::create(b, loc, rows, 1).getResult();
  }
  Value element(OpBuilder &b, Location loc, Value row, Value column) const {
    if (scalar()) return tensor::ExtractOp::create(b, loc, rows, ValueRange{row});
    return tensor::ExtractOp::create(b, loc, rows, ValueRange{row, column});
  }

  /// The first column from `from` where rows a and b differ (NaN equal to NaN when `nanEqual`);
  /// `width` or more where they do not.
  Value firstDifference(OpBuilder &b, Location loc, Value a, Value c, Value from, bool nanEqual) const {
    Value end = width(b, loc);
    auto loop = scf::WhileOp::create(b, loc, TypeRange{b.getIndexType()}, ValueRange{from},
                                     [&](OpBuilder &before, Location l, ValueRange args) {
      Value inside = arith::CmpIOp::create(before, l, arith::CmpIPredicate::ult, args[0], end);
      auto same = scf::IfOp::create(before, l, inside, [&](OpBuilder &then, Location tl) {
        scf::YieldOp::create(
            then, tl, equalElements(then, tl, element(then, tl, a, args[0]), element(then, tl, c, args[0]), nanEqual));
      }, [&](OpBuilder &other, Location ol) {
        scf::YieldOp::create(other, ol, ValueRange{scalarConstant(other, ol, other.getI1Type(), 0)});
      });
      scf::ConditionOp::create(before, l, same.getResult(0), args);
    }, [&](OpBuilder &after, Location l, ValueRange args) {
      scf::YieldOp::create(after, l, ValueRange{arith::AddIOp::create(after, l, args[0], indexConstant(after, l, 1))});
    });
    return loop.getResult(0);
  }

  /// Whether rows a and b (of more than one column), whose first elements are equal, are equal
  /// from column 1 on.
  Value restEqual(OpBuilder &b, Location loc, Value a, Value c) const {
    Value column = firstDifference(b, loc, a, c, indexConstant(b, loc, 1), !nanDistinct);
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::uge, column, width(b, loc));
  }

  /// For rows a and b (i64 numbers) whose first elements are equal: whether a sorts after b, by the
  /// rest of the row, then by number.
  Value after(OpBuilder &b, Location loc, Value a, Value c) const {
    Value later = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, a, c);
    if (scalar()) return later;
    Value ra = arith::IndexCastOp::create(b, loc, b.getIndexType(), a);
    Value rc = arith::IndexCastOp::create(b, loc, b.getIndexType(), c);
    Value column = firstDifference(b, loc, ra, rc, indexConstant(b, loc, 1), /*nanEqual=*/true);
    Value differ = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, column, width(b, loc));
    auto decided = scf::IfOp::create(b, loc, differ, [&](OpBuilder &then, Location tl) {
      scf::YieldOp::create(
          then, tl, valueBelow(then, tl, element(then, tl, rc, column), element(then, tl, ra, column), isUnsigned));
    }, [&](OpBuilder &other, Location ol) { scf::YieldOp::create(other, ol, later); });
    return decided.getResult(0);
  }
};

/// `x` as rows: its elements when `axis` is unset, else its slices along `axis` (moved to the
/// front, the other dims flattened).
Value rowsOf(OpBuilder &b, Location loc, Value x, std::optional<int64_t> axis) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  if (!axis) {
    if (rank == 0)
      return tensor::ExpandShapeOp::create(b, loc, RankedTensorType::get({1}, type.getElementType()), x,
                                           llvm::ArrayRef<ReassociationIndices>{});
    if (rank == 1) return x;
    return tensor::CollapseShapeOp::create(
        b, loc, x, llvm::ArrayRef<ReassociationIndices>{llvm::to_vector(llvm::seq<int64_t>(0, rank))});
  }
  if (rank == 1) return x;
  if (*axis != 0) {
    llvm::SmallVector<int64_t> permutation{*axis}, shape{type.getDimSize(*axis)};
    llvm::SmallVector<Value> sizes;
    if (type.isDynamicDim(*axis)) sizes.push_back(tensor::DimOp::create(b, loc, x, *axis));
    for (int64_t d = 0; d < rank; ++d) {
      if (d == *axis) continue;
      permutation.push_back(d);
      shape.push_back(type.getDimSize(d));
      if (type.isDynamicDim(d)) sizes.push_back(tensor::DimOp::create(b, loc, x, d));
    }
    Value init = emptyTensor(b, loc, RankedTensorType::get(shape, type.getElementType()), sizes);
    x = linalg::TransposeOp::create(b, loc, x, init, permutation).getResult()[0];
  }
  ReassociationIndices rest = llvm::to_vector(llvm::seq<int64_t>(1, rank));
  return tensor::CollapseShapeOp::create(b, loc, x, llvm::ArrayRef<ReassociationIndices>{{0}, rest});
}

/// An scf.for over [0, ub) carrying `inits`; `body` returns the next values.
scf::ForOp loopCarrying(OpBuilder &b, Location loc, Value ub, ValueRange inits,
                        llvm::function_ref<llvm::SmallVector<Value>(OpBuilder &, Location, Value, ValueRange)> body) {
  return scf::ForOp::create(b, loc, indexConstant(b, loc, 0), ub, indexConstant(b, loc, 1), inits,
                            [&](OpBuilder &nested, Location l, Value iv, ValueRange args) {
    scf::YieldOp::create(nested, l, body(nested, l, iv, args));
  });
}

Value asI64(OpBuilder &b, Location loc, Value index) {
  return arith::IndexCastOp::create(b, loc, b.getI64Type(), index);
}
Value asIndex(OpBuilder &b, Location loc, Value i64) {
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), i64);
}
Value at(OpBuilder &b, Location loc, Value tensor, Value index) {
  return tensor::ExtractOp::create(b, loc, tensor, ValueRange{index});
}
Value setAt(OpBuilder &b, Location loc, Value tensor, Value index, Value value) {
  return tensor::InsertOp::create(b, loc, value, tensor, ValueRange{index});
}

struct UniqueLowering : AiccLowering<mlir::aicc::UniqueOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::UniqueOp op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX();
    auto xType = cast<RankedTensorType>(x.getType());
    std::optional<int64_t> axis;
    if (std::optional<int64_t> given = op.getAxis()) {
      axis = normalizeAxis(*given, xType.getRank());
      if (!axis) return op.emitOpError("axis ") << *given << " is out of range for rank " << xType.getRank();
    }
    RankedTensorType yType = loweredType(op.getY());
    if (yType.getRank() != (axis ? xType.getRank() : 1))
      return op.emitOpError("Y must have rank ") << (axis ? xType.getRank() : 1) << ", got " << yType;
    OpBuilder &b = rewriter;
    auto i64 = b.getI64Type();
    auto list = RankedTensorType::get({ShapedType::kDynamic}, i64);
    // Booleans order false before true: unsigned.
    Rows rows{rowsOf(b, loc, x, axis), isUnsignedElement(op.getX().getType()) || xType.getElementType().isInteger(1),
              /*nanDistinct=*/axis.has_value()};
    // Y's slices are taken from `source` along `sliceAxis`: the input, or its flattened elements.
    Value source = axis ? x : rows.rows;
    int64_t sliceAxis = axis.value_or(0);
    Value n = tensor::DimOp::create(b, loc, rows.rows, 0);
    Value zero = indexConstant(b, loc, 0), one = indexConstant(b, loc, 1);

    // The sort: a heap of (first element, row number), ranked smallest first.
    Type element = xType.getElementType();
    Value firstColumn = rows.rows;
    if (!rows.scalar())
      firstColumn = generate(b, loc, RankedTensorType::get({ShapedType::kDynamic}, element), ValueRange{n}, {},
                             [&](OpBuilder &gb, Location gl, ValueRange ivs, ValueRange) -> Value {
        // A row of no elements (a slice of a zero-size dim) has no first element: all such are equal.
        Value empty =
            arith::CmpIOp::create(gb, gl, arith::CmpIPredicate::eq, rows.width(gb, gl), indexConstant(gb, gl, 0));
        auto value = scf::IfOp::create(gb, gl, empty, [&](OpBuilder &then, Location tl) {
          scf::YieldOp::create(then, tl, scalarConstant(then, tl, element, 0));
        }, [&](OpBuilder &other, Location ol) {
          scf::YieldOp::create(other, ol, rows.element(other, ol, ivs[0], indexConstant(other, ol, 0)));
        });
        return value.getResult(0);
      });
    auto tieBelow = [&](OpBuilder &tb, Location tl, Value a, Value c) { return rows.after(tb, tl, a, c); };
    llvm::SmallVector<Value> origin{zero};
    HeapOrder order{/*largest=*/false, rows.isUnsigned, /*rootIsBest=*/false, ValueRange(origin), 0,
                    tieBelow};
    Heap heap{emptyTensor(b, loc, RankedTensorType::get({ShapedType::kDynamic}, element), n),
              emptyTensor(b, loc, list, n)};
    heap = forEachCarryingHeap(b, loc, zero, n, heap, [&](OpBuilder &fb, Location fl, Value i, Heap h) {
      return siftUp(fb, fl, order, h, i, at(fb, fl, firstColumn, i), asI64(fb, fl, i));
    });
    // Heap sort: the root (the largest) goes to the end of the shrinking heap.
    heap = forEachCarryingHeap(b, loc, one, n, heap, [&](OpBuilder &fb, Location fl, Value step, Heap h) {
      Value end = arith::SubIOp::create(fb, fl, n, step);
      auto [rootValue, rootIndex] = heapEntry(fb, fl, order, h, zero);
      auto [lastValue, lastIndex] = heapEntry(fb, fl, order, h, end);
      h = setHeapEntry(fb, fl, order, h, end, rootValue, rootIndex);
      return siftDown(fb, fl, order, h, zero, end, lastValue, lastIndex);
    });

    // Grouping: a row starts a group unless it equals the row sorted before it.
    Value zeros = filledTensor(b, loc, list, scalarConstant(b, loc, i64, 0), ValueRange{n});
    auto grouping =
        loopCarrying(b, loc, n, ValueRange{zero, emptyTensor(b, loc, list, n), zeros, emptyTensor(b, loc, list, n)},
                     [&](OpBuilder &gb, Location gl, Value j, ValueRange args) {
      Value groups = args[0], first = args[1], counts = args[2], groupOf = args[3];
      Value row = at(gb, gl, heap.indices, j);
      Value atStart = arith::CmpIOp::create(gb, gl, arith::CmpIPredicate::eq, j, zero);
      auto starts = scf::IfOp::create(gb, gl, atStart, [&](OpBuilder &then, Location tl) {
        scf::YieldOp::create(then, tl, scalarConstant(then, tl, then.getI1Type(), 1));
      }, [&](OpBuilder &other, Location ol) {
        Value previous = arith::SubIOp::create(other, ol, j, indexConstant(other, ol, 1));
        Value sameFirst = equalElements(other, ol, at(other, ol, heap.values, previous), at(other, ol, heap.values, j),
                                        !rows.nanDistinct);
        Value equal = sameFirst;
        if (!rows.scalar())
          equal = scf::IfOp::create(other, ol, sameFirst, [&](OpBuilder &then, Location tl) {
            Value before = asIndex(then, tl, at(then, tl, heap.indices, previous));
            scf::YieldOp::create(then, tl, rows.restEqual(then, tl, before, asIndex(then, tl, row)));
          }, [&](OpBuilder &differ, Location dl) {
            scf::YieldOp::create(differ, dl, sameFirst);
          }).getResult(0);
        Value isNew = arith::XOrIOp::create(other, ol, equal, scalarConstant(other, ol, other.getI1Type(), 1));
        scf::YieldOp::create(other, ol, isNew);
      });
      Value isNew = starts.getResult(0);
      groups = arith::AddIOp::create(gb, gl, groups, arith::IndexCastUIOp::create(gb, gl, gb.getIndexType(), isNew));
      Value group = arith::SubIOp::create(gb, gl, groups, indexConstant(gb, gl, 1));
      auto noted = scf::IfOp::create(gb, gl, isNew, [&](OpBuilder &then, Location tl) {
        scf::YieldOp::create(then, tl, setAt(then, tl, first, group, row));
      }, [&](OpBuilder &other, Location ol) { scf::YieldOp::create(other, ol, first); });
      Value count =
          arith::AddIOp::create(gb, gl, at(gb, gl, counts, group), arith::ConstantIntOp::create(gb, gl, i64, 1));
      return llvm::SmallVector<Value>{groups, noted.getResult(0), setAt(gb, gl, counts, group, count),
                                      setAt(gb, gl, groupOf, asIndex(gb, gl, row), asI64(gb, gl, group))};
    });
    Value unique = grouping.getResult(0), first = grouping.getResult(1), counts = grouping.getResult(2),
          groupOf = grouping.getResult(3);

    // Where each group goes among the results: in sorted order, or numbered by first occurrence.
    Value position;
    if (op.getSorted() == 0) {
      auto numbering = loopCarrying(b, loc, n, ValueRange{zero, emptyTensor(b, loc, list, n)},
                                    [&](OpBuilder &nb, Location nl, Value i, ValueRange args) {
        Value group = asIndex(nb, nl, at(nb, nl, groupOf, i));
        Value isFirst =
            arith::CmpIOp::create(nb, nl, arith::CmpIPredicate::eq, at(nb, nl, first, group), asI64(nb, nl, i));
        auto numbered = scf::IfOp::create(nb, nl, isFirst, [&](OpBuilder &then, Location tl) {
          Value next = arith::AddIOp::create(then, tl, args[0], indexConstant(then, tl, 1));
          scf::YieldOp::create(then, tl, ValueRange{next, setAt(then, tl, args[1], group, asI64(then, tl, args[0]))});
        }, [&](OpBuilder &other, Location ol) { scf::YieldOp::create(other, ol, args); });
        return llvm::SmallVector<Value>(numbered.getResults());
      });
      position = numbering.getResult(1);
    }
    auto placeOf = [&](OpBuilder &pb, Location pl, Value group) {
      return position ? asIndex(pb, pl, at(pb, pl, position, group)) : group;
    };

    // The results, U entries each (inverse_indices: one per row).
    llvm::SmallVector<int64_t> yShape(cast<RankedTensorType>(source.getType()).getShape());
    yShape[sliceAxis] = ShapedType::kDynamic;
    auto yFull = RankedTensorType::get(yShape, yType.getElementType());
    llvm::SmallVector<Value> ySizes;
    llvm::SmallVector<OpFoldResult> sliceSizes;
    for (int64_t d = 0; d < yFull.getRank(); ++d) {
      if (d == sliceAxis) {
        ySizes.push_back(unique);
        sliceSizes.push_back(b.getIndexAttr(1));
        continue;
      }
      OpFoldResult size = tensor::getMixedSize(b, loc, source, d);
      sliceSizes.push_back(size);
      if (yFull.isDynamicDim(d)) ySizes.push_back(getValueOrCreateConstantIndexOp(b, loc, size));
    }
    bool wantIndices = !isa<NoneType>(op.getIndices().getType()), wantCounts = !isa<NoneType>(op.getCounts().getType());
    llvm::SmallVector<Value> outputs{emptyTensor(b, loc, yFull, ySizes)};
    if (wantIndices) outputs.push_back(emptyTensor(b, loc, list, unique));
    if (wantCounts) outputs.push_back(emptyTensor(b, loc, list, unique));
    llvm::SmallVector<OpFoldResult> strides(yFull.getRank(), b.getIndexAttr(1));
    auto writing = loopCarrying(b, loc, unique, outputs, [&](OpBuilder &wb, Location wl, Value group, ValueRange args) {
      Value place = placeOf(wb, wl, group);
      Value row = at(wb, wl, first, group);
      llvm::SmallVector<OpFoldResult> from(yFull.getRank(), wb.getIndexAttr(0)),
          to(yFull.getRank(), wb.getIndexAttr(0));
      from[sliceAxis] = asIndex(wb, wl, row);
      to[sliceAxis] = place;
      Value slice = tensor::ExtractSliceOp::create(wb, wl, source, from, sliceSizes, strides);
      llvm::SmallVector<Value> next{
          tensor::InsertSliceOp::create(wb, wl, slice, args[0], to, sliceSizes, strides).getResult()};
      if (wantIndices) next.push_back(setAt(wb, wl, args[next.size()], place, row));
      if (wantCounts) next.push_back(setAt(wb, wl, args[next.size()], place, at(wb, wl, counts, group)));
      return next;
    });

    auto castTo = [&](Value value, Value result) -> Value {
      RankedTensorType type = loweredType(result);
      return value.getType() == type ? value : tensor::CastOp::create(b, loc, type, value).getResult();
    };
    llvm::SmallVector<Value> results{castTo(writing.getResult(0), op.getY()), nullptr, nullptr, nullptr};
    unsigned written = 1;
    if (wantIndices) results[1] = castTo(writing.getResult(written++), op.getIndices());
    if (!isa<NoneType>(op.getInverseIndices().getType())) {
      Value inverse = !position ? groupOf
                                : generate(b, loc, list, ValueRange{n}, ValueRange{groupOf},
                                           [&](OpBuilder &ib, Location il, ValueRange, ValueRange group) {
        return at(ib, il, position, asIndex(ib, il, group[0]));
      });
      results[2] = castTo(inverse, op.getInverseIndices());
    }
    if (wantCounts) results[3] = castTo(writing.getResult(written), op.getCounts());
    rewriter.replaceOp(op, results);
    return success();
  }
};

} // namespace

void populateUniquePatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<UniqueLowering>(converter, patterns.getContext());
}

} // namespace aicc::cpu
