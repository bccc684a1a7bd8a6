// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file | FileCheck %s

// TopK of the 4 largest along the last axis, K a constant: the first K elements are sifted up into
// a heap in the output row (worst at the root: a smaller value, or an equal one at a later index,
// ranks below); each further element is compared with the root only; a heap sort leaves the row
// best first.
// CHECK-LABEL: func.func @largest_static_k
// CHECK: tensor.empty() : tensor<3x4xf32>
// CHECK: tensor.empty() : tensor<3x4xi64>
// CHECK: scf.while
// CHECK: arith.cmpf olt
// CHECK: arith.cmpf oeq
// CHECK: arith.cmpi sgt, %{{.*}}, %{{.*}} : i64
// CHECK: scf.condition
// The scan from K to n: the element against the root, replacing it when it ranks above.
// CHECK: scf.for %{{.*}} = %[[K:.*]] to %{{.*}}
// CHECK: %[[ROOT:.*]] = tensor.extract %{{.*}}[%{{.*}}, %c0{{.*}}] : tensor<3x4xf32>
// CHECK: arith.cmpf olt, %[[ROOT]], %{{.*}} : f32
// CHECK: scf.if
// CHECK-NOT: aicc_cpu.check_index
func.func @largest_static_k(%x: tensor<3x10xf32>) -> (tensor<3x4xf32>, tensor<3x4xi64>) {
  %k = "aicc.Constant"() <{value = dense<4> : tensor<1xi64>}> : () -> tensor<1xi64>
  %v, %i = "aicc.TopK"(%x, %k) <{axis = -1 : i64}> : (tensor<3x10xf32>, tensor<1xi64>) -> (tensor<3x4xf32>, tensor<3x4xi64>)
  return %v, %i : tensor<3x4xf32>, tensor<3x4xi64>
}

// -----

// Smallest first along axis 0 of integers, K known only at run time: K sizes the outputs and is
// checked against [0, n] (a K outside fails the run naming the node); a larger value ranks below.
// CHECK-LABEL: func.func @smallest_runtime_k
// CHECK: %[[POS:.*]], %[[OK:.*]] = aicc_cpu.check_index %{{.*}} for axis 0 of size %{{.*}} "TopK" : i64
// CHECK: %[[K:.*]] = arith.select %[[OK]]
// CHECK: tensor.empty(%[[K]], %{{.*}}) : tensor<?x?xi32>
// CHECK: arith.cmpi sgt, %{{.*}}, %{{.*}} : i32
func.func @smallest_runtime_k(%x: tensor<5x?xi32>, %k: tensor<1xi64>) -> (tensor<?x?xi32>, tensor<?x?xi64>) {
  %v, %i = "aicc.TopK"(%x, %k) <{axis = 0 : i64, largest = 0 : i64}> : (tensor<5x?xi32>, tensor<1xi64>) -> (tensor<?x?xi32>, tensor<?x?xi64>)
  return %v, %i : tensor<?x?xi32>, tensor<?x?xi64>
}
