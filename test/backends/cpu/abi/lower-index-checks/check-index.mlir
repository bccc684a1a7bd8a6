// RUN: aicc-opt %s --aicc-cpu-lower-index-checks --split-input-file | FileCheck %s

// An index in [-size, size) becomes its position (index + size when negative); unsigned compare
// then says whether it is in range. One out of range calls the runtime with the node's name (a
// private string), the index as the model gave it, the axis and the size, and yields position 0.
// CHECK: llvm.mlir.global private constant @aicc_index_node_0("/ScatterND\00")
// CHECK-LABEL: func.func @check
// CHECK: %[[SIZE:.*]] = arith.index_cast %arg2 : index to i64
// CHECK: %[[NEG:.*]] = arith.cmpi slt, %arg1, %c0_i64
// CHECK: %[[WRAPPED:.*]] = arith.addi %arg1, %[[SIZE]]
// CHECK: %[[POS:.*]] = arith.select %[[NEG]], %[[WRAPPED]], %arg1
// CHECK: %[[OK:.*]] = arith.cmpi ult, %[[POS]], %[[SIZE]]
// CHECK: %[[SAFE:.*]] = arith.select %[[OK]], %[[POS]], %c0_i64
// CHECK: %[[BAD:.*]] = arith.xori %[[OK]], %true
// CHECK: scf.if %[[BAD]] {
// CHECK: %[[NODE:.*]] = llvm.mlir.addressof @aicc_index_node_0
// CHECK: func.call @aicc_kernels_index_error(%arg0, %[[NODE]], %arg1, %c1_i64, %[[SIZE]])
// CHECK: %[[P:.*]] = arith.index_cast %[[SAFE]] : i64 to index
// CHECK: return %[[P]], %[[OK]]
// CHECK: func.func private @aicc_kernels_index_error(!llvm.ptr, !llvm.ptr, i64, i64, i64)
func.func @check(%state: !llvm.ptr, %i: i64, %n: index) -> (index, i1) {
  %p, %ok = aicc_cpu.check_index %i for axis 1 of size %n "/ScatterND" : i64
  return %p, %ok : index, i1
}

// -----

// An i32 index is sign-extended first; two checks of one node share its string.
// CHECK-LABEL: func.func @two
// CHECK: arith.extsi %arg1 : i32 to i64
// CHECK: llvm.mlir.addressof @aicc_index_node_0
// CHECK: llvm.mlir.addressof @aicc_index_node_0
func.func @two(%state: !llvm.ptr, %i: i32, %j: i64, %n: index) -> (i1, i1) {
  %p, %ok = aicc_cpu.check_index %i for axis 0 of size %n "/Gather" : i32
  %q, %ok2 = aicc_cpu.check_index %j for axis 0 of size %n "/Gather" : i64
  return %ok, %ok2 : i1, i1
}
