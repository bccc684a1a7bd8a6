// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file | FileCheck %s

// NonZero: a reduction counts the non-zero elements (NaN counts: une), the count sizes the result,
// then loops over the input in row-major order write each one's coordinates at the position they
// carry, which advances only where an element is non-zero.
// CHECK-LABEL: func.func @nonzero
// CHECK: linalg.generic {{.*}}iterator_types = ["reduction", "reduction"]{{.*}} outs(%{{.*}} : tensor<i64>)
// CHECK: arith.cmpf une
// CHECK: arith.extui
// CHECK: %[[COUNT:.*]] = tensor.extract %{{.*}}[] : tensor<i64>
// CHECK: %[[N:.*]] = arith.index_cast %[[COUNT]] : i64 to index
// CHECK: %[[EMPTY:.*]] = tensor.empty(%[[N]]) : tensor<2x?xi64>
// CHECK: scf.for %[[I:.*]] = {{.*}} iter_args(%{{.*}} = %[[EMPTY]], %{{.*}} = %c0{{.*}}) -> (tensor<2x?xi64>, index)
// CHECK: scf.for %[[J:.*]] = {{.*}} iter_args(%[[T:.*]] = %{{.*}}, %[[K:.*]] = %{{.*}}) -> (tensor<2x?xi64>, index)
// CHECK: tensor.extract %arg0[%[[I]], %[[J]]] : tensor<3x4xf32>
// CHECK: scf.if
// CHECK: tensor.insert %{{.*}} into %[[T]][%c0{{.*}}, %[[K]]]
// CHECK: tensor.insert %{{.*}} into %{{.*}}[%c1{{.*}}, %[[K]]]
// CHECK: arith.addi %[[K]], %c1
// CHECK: } else {
// CHECK-NEXT: scf.yield %[[T]], %[[K]]
func.func @nonzero(%x: tensor<3x4xf32>) -> tensor<2x?xi64> {
  %0 = "aicc.NonZero"(%x) : (tensor<3x4xf32>) -> tensor<2x?xi64>
  return %0 : tensor<2x?xi64>
}

// -----

// Compress on an axis, with a symbolic batch: only the first min(4, 3) condition entries select;
// each selected column is copied as a slice to the next free column.
// CHECK-LABEL: func.func @compress_axis
// CHECK: %[[LEN:.*]] = arith.minui %{{.*}}, %{{.*}} : index
// CHECK: %[[USED:.*]] = tensor.extract_slice %arg1[0] [%[[LEN]]] [1] : tensor<3xi1> to tensor<?xi1>
// CHECK: linalg.generic {{.*}} ins(%[[USED]] : tensor<?xi1>)
// CHECK: %[[B:.*]] = tensor.dim %arg0, %c0
// CHECK: tensor.empty(%[[B]], %{{.*}}) : tensor<?x?xf32>
// CHECK: scf.for %[[J:.*]] = %{{.*}} to %[[LEN]]
// CHECK: scf.if
// CHECK: %[[COL:.*]] = tensor.extract_slice %arg0[0, %[[J]]] [%[[B]], 1] [1, 1]
// CHECK: tensor.insert_slice %[[COL]] into %{{.*}}[0, %{{.*}}] [%[[B]], 1] [1, 1]
func.func @compress_axis(%x: tensor<?x4xf32>, %c: tensor<3xi1>) -> tensor<?x?xf32> {
  %0 = "aicc.Compress"(%x, %c) <{axis = 1 : i64}> : (tensor<?x4xf32>, tensor<3xi1>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Without an axis, the flattened input: the extra condition entry (5 of 12) selects nothing.
// CHECK-LABEL: func.func @compress_flat
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %arg0 {{\[}}[0, 1]] : tensor<3x4xi32> into tensor<12xi32>
// CHECK: scf.for
// CHECK: tensor.extract_slice %[[FLAT]][%{{.*}}] [1] [1] : tensor<12xi32> to tensor<1xi32>
func.func @compress_flat(%x: tensor<3x4xi32>, %c: tensor<5xi1>) -> tensor<?xi32> {
  %0 = "aicc.Compress"(%x, %c) : (tensor<3x4xi32>, tensor<5xi1>) -> tensor<?xi32>
  return %0 : tensor<?xi32>
}
