// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file | FileCheck %s

// TopK of the 4 largest along the last axis, K a constant: one parallel iteration (scf.forall) per
// row, which sorts its [1, 4] slices of the outputs in place. The first K elements are sifted up
// into a heap (worst at the root: a smaller value, or an equal one at a later index, ranks below);
// each further element is compared with the root only and replaces it when it ranks above; a heap
// sort leaves the row best first. NaN ranks above every number (a number below NaN: ord and uno)
// and ties with NaN.
// CHECK-LABEL: func.func @largest_static_k
// CHECK: scf.forall (%[[ROW:.*]], %{{.*}}) in (%{{.*}}, 1) shared_outs(%[[V:.*]] = %{{.*}}, %[[I:.*]] = %{{.*}}) -> (tensor<3x4xf32>, tensor<3x4xi64>)
// CHECK: tensor.extract_slice %[[V]][%[[ROW]], 0] [1, 4] [1, 1] : tensor<3x4xf32> to tensor<1x4xf32>
// CHECK: tensor.extract_slice %[[I]][%[[ROW]], 0] [1, 4] [1, 1] : tensor<3x4xi64> to tensor<1x4xi64>
// CHECK: scf.while
// CHECK: arith.cmpf olt
// CHECK: arith.cmpf ord
// CHECK: arith.cmpf uno
// CHECK: arith.cmpf oeq
// CHECK: arith.cmpf uno
// CHECK: arith.cmpi sgt, %{{.*}}, %{{.*}} : i64
// CHECK: scf.condition
// The scan from K to n: the element against the root, replacing it when it ranks above.
// CHECK: scf.for %{{.*}} = %c4 to %{{.*}}
// CHECK: %[[ROOT:.*]] = tensor.extract %{{.*}}[%c0{{.*}}, %c0{{.*}}] : tensor<1x4xf32>
// CHECK: arith.cmpf olt, %[[ROOT]], %{{.*}} : f32
// CHECK: scf.if
// CHECK: scf.forall.in_parallel
// CHECK: tensor.parallel_insert_slice %{{.*}} into %[[V]][%[[ROW]], 0] [1, 4] [1, 1]
// CHECK-NOT: aicc_cpu.check_index
func.func @largest_static_k(%x: tensor<3x10xf32>) -> (tensor<3x4xf32>, tensor<3x4xi64>) {
  %k = "aicc.Constant"() <{value = dense<4> : tensor<1xi64>}> : () -> tensor<1xi64>
  %v, %i = "aicc.TopK"(%x, %k) <{axis = -1 : i64}> : (tensor<3x10xf32>, tensor<1xi64>) -> (tensor<3x4xf32>, tensor<3x4xi64>)
  return %v, %i : tensor<3x4xf32>, tensor<3x4xi64>
}

// -----

// Smallest first along axis 0 of integers, K known only at run time: K sizes the outputs and is
// checked against [0, n] (a K outside fails the run naming the node); a larger value ranks below
// (the other is less than it).
// CHECK-LABEL: func.func @smallest_runtime_k
// CHECK: %[[POS:.*]], %[[OK:.*]] = aicc_cpu.check_index %{{.*}} for axis 0 of size %{{.*}} "TopK" : i64
// CHECK: %[[K:.*]] = arith.select %[[OK]]
// CHECK: tensor.empty(%[[K]], %{{.*}}) : tensor<?x?xi32>
// CHECK: tensor.extract_slice %{{.*}}[0, %{{.*}}] [%[[K]], 1] [1, 1] : tensor<?x?xi32> to tensor<?x1xi32>
// CHECK: arith.cmpi slt, %{{.*}}, %{{.*}} : i32
func.func @smallest_runtime_k(%x: tensor<5x?xi32>, %k: tensor<1xi64>) -> (tensor<?x?xi32>, tensor<?x?xi64>) {
  %v, %i = "aicc.TopK"(%x, %k) <{axis = 0 : i64, largest = 0 : i64}> : (tensor<5x?xi32>, tensor<1xi64>) -> (tensor<?x?xi32>, tensor<?x?xi64>)
  return %v, %i : tensor<?x?xi32>, tensor<?x?xi64>
}
