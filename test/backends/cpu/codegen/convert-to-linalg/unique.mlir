// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file | FileCheck %s

// Unique of the flattened input, sorted, every output. A heap sort orders (value, element number):
// the sifts rank a smaller value first, NaN after every number (ord, uno) and equal to NaN, then
// the lower number. One pass over the sorted elements opens a group where a value differs from the
// one before: the group count U, each group's first element number and count, each element's
// group (inverse_indices, already in sorted order). A last loop of U iterations writes Y, indices
// and counts, sized by U.
// CHECK-LABEL: func.func @flattened_sorted
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0, 1]] : tensor<3x4xf32> into tensor<12xf32>
// CHECK: %[[SORTED:.*]]:2 = scf.for {{.*}} -> (tensor<?xf32>, tensor<?xi64>)
// CHECK: scf.while
// CHECK: arith.cmpf olt
// CHECK: arith.cmpf ord
// CHECK: arith.cmpf uno
// CHECK: arith.cmpf oeq
// CHECK: arith.cmpi sgt, %{{.*}}, %{{.*}} : i64
// CHECK: %[[HEAPSORT:.*]]:2 = scf.for %{{.*}} = %c1{{.*}} iter_args(%{{.*}} = %[[SORTED]]#0, %{{.*}} = %[[SORTED]]#1)
// CHECK: %[[ZEROS:.*]] = linalg.fill ins(%c0_i64 : i64)
// CHECK: %[[GROUPS:.*]]:4 = scf.for %[[J:.*]] = {{.*}} iter_args(%[[U:.*]] = %c0{{.*}}, %{{.*}} = %{{.*}}, %{{.*}} = %[[ZEROS]], %{{.*}} = %{{.*}}) -> (index, tensor<?xi64>, tensor<?xi64>, tensor<?xi64>)
// CHECK: tensor.extract %[[HEAPSORT]]#1[%[[J]]] : tensor<?xi64>
// CHECK: %[[NEW:.*]] = scf.if
// CHECK: arith.xori
// CHECK: %[[STEP:.*]] = arith.index_castui %[[NEW]] : i1 to index
// CHECK: arith.addi %[[U]], %[[STEP]] : index
// CHECK: tensor.empty(%[[GROUPS]]#0) : tensor<?xf32>
// CHECK: scf.for %[[G:.*]] = %{{.*}} to %[[GROUPS]]#0 {{.*}} -> (tensor<?xf32>, tensor<?xi64>, tensor<?xi64>)
// CHECK: %[[FIRST:.*]] = tensor.extract %[[GROUPS]]#1[%[[G]]] : tensor<?xi64>
// CHECK: %[[AT:.*]] = arith.index_cast %[[FIRST]] : i64 to index
// CHECK: tensor.extract_slice %[[FLAT]][%[[AT]]] [1] [1]
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[%[[G]]] [1] [1]
// CHECK: tensor.cast %[[GROUPS]]#3 : tensor<?xi64> to tensor<12xi64>
func.func @flattened_sorted(%x: tensor<3x4xf32>) -> (tensor<?xf32>, tensor<?xi64>, tensor<12xi64>, tensor<?xi64>) {
  %y, %i, %v, %c = "aicc.Unique"(%x) : (tensor<3x4xf32>) -> (tensor<?xf32>, tensor<?xi64>, tensor<12xi64>, tensor<?xi64>)
  return %y, %i, %v, %c : tensor<?xf32>, tensor<?xi64>, tensor<12xi64>, tensor<?xi64>
}

// -----

// Unique slices along axis 1, in order of first occurrence, Y and inverse_indices only: the slices
// become rows (axis moved to the front, the rest flattened). Rows with equal first elements are
// compared from column 1 on (a loop to the first difference) and then by number. After grouping,
// a pass in element order numbers each group where its first element is met; Y's slices are
// copied to that number, and inverse_indices maps each slice's group through it.
// CHECK-LABEL: func.func @slices_first_occurrence
// CHECK: %[[T:.*]] = linalg.transpose ins(%arg0 : tensor<?x4x3xi32>) outs(%{{.*}} : tensor<4x?x3xi32>) permutation = [1, 0, 2]
// CHECK: %[[ROWS:.*]] = tensor.collapse_shape %[[T]] {{\[\[}}0], [1, 2]] : tensor<4x?x3xi32> into tensor<4x?xi32>
// CHECK: linalg.generic
// CHECK: tensor.extract %[[ROWS]][%{{.*}}, %c0{{.*}}] : tensor<4x?xi32>
// CHECK: scf.while
// CHECK: arith.cmpi slt, %{{.*}}, %{{.*}} : i32
// CHECK: scf.while (%[[COLUMN:.*]] = %c1{{.*}}) : (index) -> index
// CHECK: tensor.extract %[[ROWS]][%{{.*}}, %[[COLUMN]]] : tensor<4x?xi32>
// CHECK: %[[GROUPS:.*]]:4 = scf.for
// CHECK: %[[NUMBERS:.*]]:2 = scf.for %[[I:.*]] = {{.*}} -> (index, tensor<?xi64>)
// CHECK: arith.cmpi eq
// CHECK: scf.if
// CHECK: tensor.empty(%{{.*}}, %[[GROUPS]]#0) : tensor<?x?x3xi32>
// CHECK: scf.for %[[G:.*]] = %{{.*}} to %[[GROUPS]]#0
// CHECK: %[[PLACE:.*]] = arith.index_cast %{{.*}} : i64 to index
// CHECK: tensor.extract_slice %arg0[0, %{{.*}}, 0] [%{{.*}}, 1, 3] [1, 1, 1] : tensor<?x4x3xi32> to tensor<?x1x3xi32>
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, %[[PLACE]], 0] [%{{.*}}, 1, 3] [1, 1, 1]
// CHECK: linalg.generic {{.*}} ins(%[[GROUPS]]#3 : tensor<?xi64>)
// CHECK: tensor.extract %[[NUMBERS]]#1
func.func @slices_first_occurrence(%x: tensor<?x4x3xi32>) -> (tensor<?x?x3xi32>, tensor<4xi64>) {
  %y, %i, %v, %c = "aicc.Unique"(%x) <{axis = 1 : i64, sorted = 0 : i64}> : (tensor<?x4x3xi32>) -> (tensor<?x?x3xi32>, none, tensor<4xi64>, none)
  return %y, %v : tensor<?x?x3xi32>, tensor<4xi64>
}

