// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file | FileCheck %s

// A sequence is a list (!llvm.ptr) in the signature and through every sequence op: insert at the
// back and at a position (an i64 read from its tensor), the element at a position (its dims the
// element's), the length as a one-element tensor, erase.
// CHECK-LABEL: func.func @ops
// CHECK-SAME: (%[[LIST:.*]]: !llvm.ptr, %[[T:.*]]: tensor<?xf32>, %[[P:.*]]: tensor<i32>) -> (!llvm.ptr, tensor<?xf32>, tensor<i64>)
// CHECK: %[[BACK:.*]] = aicc_cpu.list_insert %[[T]] into %[[LIST]] : tensor<?xf32>
// CHECK: %[[POS:.*]] = tensor.extract %[[P]][] : tensor<i32>
// CHECK: %[[POS64:.*]] = arith.extsi %[[POS]] : i32 to i64
// CHECK: %[[AT:.*]] = aicc_cpu.list_insert %[[T]] into %[[BACK]] at %[[POS64]] : tensor<?xf32>
// CHECK: %[[ELEMENT:.*]] = aicc_cpu.list_at %[[AT]][%{{.*}}] : tensor<?xf32>
// CHECK: %[[N:.*]] = aicc_cpu.list_length %[[AT]]
// CHECK: %[[LENGTH:.*]] = tensor.from_elements %[[N]] : tensor<i64>
// CHECK: %[[ERASED:.*]] = aicc_cpu.list_erase %[[AT]]{{$}}
// CHECK: return %[[ERASED]], %[[ELEMENT]], %[[LENGTH]]
func.func @ops(%s: !aicc.seq<tensor<?xf32>>, %t: tensor<?xf32>, %p: tensor<i32>)
    -> (!aicc.seq<tensor<?xf32>>, tensor<?xf32>, tensor<i64>) {
  %none = aicc.none
  %back = "aicc.SequenceInsert"(%s, %t, %none) : (!aicc.seq<tensor<?xf32>>, tensor<?xf32>, none) -> !aicc.seq<tensor<?xf32>>
  %at = "aicc.SequenceInsert"(%back, %t, %p) : (!aicc.seq<tensor<?xf32>>, tensor<?xf32>, tensor<i32>) -> !aicc.seq<tensor<?xf32>>
  %element = "aicc.SequenceAt"(%at, %p) : (!aicc.seq<tensor<?xf32>>, tensor<i32>) -> tensor<?xf32>
  %length = "aicc.SequenceLength"(%at) : (!aicc.seq<tensor<?xf32>>) -> tensor<i64>
  %erased = "aicc.SequenceErase"(%at, %none) : (!aicc.seq<tensor<?xf32>>, none) -> !aicc.seq<tensor<?xf32>>
  return %erased, %element, %length : !aicc.seq<tensor<?xf32>>, tensor<?xf32>, tensor<i64>
}

// -----

// SequenceConstruct: an empty list and one insert per element, in order.
// CHECK-LABEL: func.func @construct
// CHECK: %[[EMPTY:.*]] = aicc_cpu.list_empty
// CHECK: %[[ONE:.*]] = aicc_cpu.list_insert %arg0 into %[[EMPTY]] : tensor<2xi64>
// CHECK: %[[TWO:.*]] = aicc_cpu.list_insert %arg1 into %[[ONE]] : tensor<2xi64>
// CHECK: return %[[TWO]] : !llvm.ptr
func.func @construct(%a: tensor<2xi64>, %b: tensor<2xi64>) -> !aicc.seq<tensor<2xi64>> {
  %s = "aicc.SequenceConstruct"(%a, %b) : (tensor<2xi64>, tensor<2xi64>) -> !aicc.seq<tensor<2xi64>>
  return %s : !aicc.seq<tensor<2xi64>>
}

// -----

// A list carried through a Loop is an iteration value of the scf.while, passed on as it is (no
// write-back into a buffer, as a tensor has).
// CHECK-LABEL: func.func @carried
// CHECK: %[[EMPTY:.*]] = aicc_cpu.list_empty
// CHECK: %[[LOOP:.*]]:2 = scf.while (%[[L:.*]] = %[[EMPTY]], %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) : (!llvm.ptr, i64, i1) -> (!llvm.ptr, i64)
// CHECK: } do {
// CHECK: ^bb0(%[[BODY:.*]]: !llvm.ptr, %{{.*}}: i64):
// CHECK: %[[LONGER:.*]] = aicc_cpu.list_insert %{{.*}} into %[[BODY]] : tensor<1xf32>
// CHECK-NOT: materialize_in_destination
// CHECK: scf.yield %[[LONGER]], %{{.*}}, %{{.*}} : !llvm.ptr, i64, i1
// CHECK: return %[[LOOP]]#0 : !llvm.ptr
func.func @carried(%n: tensor<i64>, %x: tensor<1xf32>) -> !aicc.seq<tensor<1xf32>> {
  %none = aicc.none
  %empty = "aicc.SequenceEmpty"() : () -> !aicc.seq<tensor<1xf32>>
  %r = "aicc.Loop"(%n, %none, %empty) ({
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %v: !aicc.seq<tensor<1xf32>>):
    %longer = "aicc.SequenceInsert"(%v, %x, %none) : (!aicc.seq<tensor<1xf32>>, tensor<1xf32>, none) -> !aicc.seq<tensor<1xf32>>
    aicc.Yield %c, %longer : tensor<i1>, !aicc.seq<tensor<1xf32>>
  }) : (tensor<i64>, none, !aicc.seq<tensor<1xf32>>) -> !aicc.seq<tensor<1xf32>>
  return %r : !aicc.seq<tensor<1xf32>>
}

// -----

// An optional sequence is its list, null when empty: an If between an empty optional and one of a
// sequence yields a null pointer or the list, and OptionalHasElement compares with null. (The
// aicc.If's first region is its else_branch, ONNX's attributes being in alphabetical order.)
// CHECK-LABEL: func.func @optional
// CHECK: %[[IF:.*]] = scf.if %{{.*}} -> (!llvm.ptr) {
// CHECK:   %[[LIST:.*]] = aicc_cpu.list_insert
// CHECK:   scf.yield %[[LIST]] : !llvm.ptr
// CHECK: } else {
// CHECK:   %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK:   scf.yield %[[NULL]] : !llvm.ptr
// CHECK: %[[ZERO:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK: %[[HAS:.*]] = llvm.icmp "ne" %[[IF]], %[[ZERO]] : !llvm.ptr
// CHECK: tensor.from_elements %[[HAS]] : tensor<i1>
func.func @optional(%c: tensor<i1>, %x: tensor<5xf32>) -> (!aicc.opt<!aicc.seq<tensor<5xf32>>>, tensor<i1>) {
  %none = aicc.none
  %r = "aicc.If"(%c) ({
    %empty = "aicc.Optional"(%none) <{type_ = !aicc.seq<tensor<5xf32>>}> : (none) -> !aicc.opt<!aicc.seq<tensor<5xf32>>>
    aicc.Yield %empty : !aicc.opt<!aicc.seq<tensor<5xf32>>>
  }, {
    %s = "aicc.SequenceConstruct"(%x) : (tensor<5xf32>) -> !aicc.seq<tensor<5xf32>>
    %some = "aicc.Optional"(%s) : (!aicc.seq<tensor<5xf32>>) -> !aicc.opt<!aicc.seq<tensor<5xf32>>>
    aicc.Yield %some : !aicc.opt<!aicc.seq<tensor<5xf32>>>
  }) : (tensor<i1>) -> !aicc.opt<!aicc.seq<tensor<5xf32>>>
  %has = "aicc.OptionalHasElement"(%r) : (!aicc.opt<!aicc.seq<tensor<5xf32>>>) -> tensor<i1>
  return %r, %has : !aicc.opt<!aicc.seq<tensor<5xf32>>>, tensor<i1>
}

// -----

// An optional tensor is a list of that tensor alone: Optional inserts it into an empty list, and
// OptionalGetElement reads position 0 (of a null list, a run-time error, as ONNX asks).
// CHECK-LABEL: func.func @optional_tensor
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[OPT:.*]]: !llvm.ptr) -> (!llvm.ptr, tensor<4xf32>)
// CHECK: %[[EMPTY:.*]] = aicc_cpu.list_empty
// CHECK: %[[SOME:.*]] = aicc_cpu.list_insert %[[X]] into %[[EMPTY]] : tensor<4xf32>
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK: %[[GOT:.*]] = aicc_cpu.list_at %[[OPT]][%[[ZERO]]] : tensor<4xf32>
// CHECK: return %[[SOME]], %[[GOT]]
func.func @optional_tensor(%x: tensor<4xf32>, %opt: !aicc.opt<tensor<4xf32>>) -> (!aicc.opt<tensor<4xf32>>, tensor<4xf32>) {
  %some = "aicc.Optional"(%x) : (tensor<4xf32>) -> !aicc.opt<tensor<4xf32>>
  %got = "aicc.OptionalGetElement"(%opt) : (!aicc.opt<tensor<4xf32>>) -> tensor<4xf32>
  return %some, %got : !aicc.opt<tensor<4xf32>>, tensor<4xf32>
}

// -----

// ConcatFromSequence of a list only the run knows is aicc_cpu.list_concat, its axis counted from
// the front (of the result, rank 2 here, for both forms).
// CHECK-LABEL: func.func @concat
// CHECK: aicc_cpu.list_concat %{{.*}} axis 1 : tensor<3x?xf32>
// CHECK: aicc_cpu.list_concat %{{.*}} axis 1 new_axis : tensor<3x?xf32>
func.func @concat(%s: !aicc.seq<tensor<3x?xf32>>, %t: !aicc.seq<tensor<3xf32>>) -> (tensor<3x?xf32>, tensor<3x?xf32>) {
  %joined = "aicc.ConcatFromSequence"(%s) <{axis = -1 : i64}> : (!aicc.seq<tensor<3x?xf32>>) -> tensor<3x?xf32>
  %stacked = "aicc.ConcatFromSequence"(%t) <{axis = -1 : i64, new_axis = 1 : i64}> : (!aicc.seq<tensor<3xf32>>) -> tensor<3x?xf32>
  return %joined, %stacked : tensor<3x?xf32>, tensor<3x?xf32>
}

// -----

// SplitToSequence along a dim only the run knows is a loop of list inserts: rows with the axis
// dropped (keepdims = 0), or chunks of a constant scalar size, the last one shorter.
// CHECK-LABEL: func.func @split_rows
// CHECK: %[[N:.*]] = tensor.dim %{{.*}}, %c0
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %[[N]] step %c1{{.*}} iter_args
// CHECK: tensor.extract_slice %{{.*}} [1, 6] [1, 1] : tensor<?x6xf32> to tensor<6xf32>
// CHECK: aicc_cpu.list_insert
// CHECK-LABEL: func.func @split_chunks
// CHECK: arith.ceildivui
// CHECK: scf.for
// CHECK: arith.minui
// CHECK: tensor.extract_slice {{.*}} : tensor<?x6xf32> to tensor<?x6xf32>
// CHECK: aicc_cpu.list_insert
func.func @split_rows(%x: tensor<?x6xf32>) -> !aicc.seq<tensor<6xf32>> {
  %none = aicc.none
  %rows = "aicc.SplitToSequence"(%x, %none) <{axis = 0 : i64, keepdims = 0 : i64}> : (tensor<?x6xf32>, none) -> !aicc.seq<tensor<6xf32>>
  return %rows : !aicc.seq<tensor<6xf32>>
}
func.func @split_chunks(%x: tensor<?x6xf32>) -> !aicc.seq<tensor<?x6xf32>> {
  %two = "aicc.Constant"() <{value = dense<2> : tensor<i64>}> : () -> tensor<i64>
  %chunks = "aicc.SplitToSequence"(%x, %two) <{axis = 0 : i64}> : (tensor<?x6xf32>, tensor<i64>) -> !aicc.seq<tensor<?x6xf32>>
  return %chunks : !aicc.seq<tensor<?x6xf32>>
}
