// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file | FileCheck %s

// ScatterND with index tuples of one value (rows of data): a loop over the tuples carrying the
// result from data; each index is checked against data's first dim, and an index in range writes
// the update row element by element; one out of range leaves the result as it was.
// CHECK-LABEL: func.func @rows
// CHECK: scf.for %[[I:[a-z0-9_]+]] = {{.*}} iter_args(%[[ACC:[a-z0-9_]+]] = %arg0) -> (tensor<4x3xf32>)
// CHECK: %[[RAW:[a-z0-9_]+]] = tensor.extract %arg1[%[[I]], %{{.*}}] : tensor<2x1xi64>
// CHECK: %[[POS:[a-z0-9_]+]], %[[OK:[a-z0-9_]+]] = aicc_cpu.check_index %[[RAW]] for axis 0 of size %{{.*}} "/ScatterND" : i64
// CHECK: %[[ALL:[a-z0-9_]+]] = arith.andi %{{.*}}, %[[OK]] : i1
// CHECK: scf.if %[[ALL]] -> (tensor<4x3xf32>)
// CHECK: scf.for %[[J:[a-z0-9_]+]] = {{.*}} iter_args(%[[ROW:[a-z0-9_]+]] = %[[ACC]])
// CHECK: %[[U:[a-z0-9_]+]] = tensor.extract %arg2[%[[I]], %[[J]]] : tensor<2x3xf32>
// CHECK: tensor.insert %[[U]] into %[[ROW]][%[[POS]], %[[J]]]
// CHECK: } else {
// CHECK: scf.yield %[[ACC]]
func.func @rows(%data: tensor<4x3xf32>, %indices: tensor<2x1xi64>, %updates: tensor<2x3xf32>) -> tensor<4x3xf32> {
  %y = "aicc.ScatterND"(%data, %indices, %updates) : (tensor<4x3xf32>, tensor<2x1xi64>, tensor<2x3xf32>) -> tensor<4x3xf32> loc("/ScatterND")
  return %y : tensor<4x3xf32>
}

// -----

// reduction = "add" on int64, index tuples naming single elements (k = rank): the update is added
// to the element it lands on; both indices of a tuple are checked, each against its own axis.
// CHECK-LABEL: func.func @add_elements
// CHECK: %[[P0:[a-z0-9_]+]], %{{.*}} = aicc_cpu.check_index %{{.*}} for axis 0 of size
// CHECK: %[[P1:[a-z0-9_]+]], %{{.*}} = aicc_cpu.check_index %{{.*}} for axis 1 of size
// CHECK: scf.if
// CHECK: %[[U:[a-z0-9_]+]] = tensor.extract %arg2
// CHECK: %[[OLD:[a-z0-9_]+]] = tensor.extract %{{.*}}[%[[P0]], %[[P1]]]
// CHECK: %[[SUM:[a-z0-9_]+]] = arith.addi %[[OLD]], %[[U]] : i64
// CHECK: tensor.insert %[[SUM]] into %{{.*}}[%[[P0]], %[[P1]]]
func.func @add_elements(%data: tensor<4x3xi64>, %indices: tensor<5x2xi64>, %updates: tensor<5xi64>) -> tensor<4x3xi64> {
  %y = "aicc.ScatterND"(%data, %indices, %updates) <{reduction = "add"}> : (tensor<4x3xi64>, tensor<5x2xi64>, tensor<5xi64>) -> tensor<4x3xi64>
  return %y : tensor<4x3xi64>
}

// -----

// ScatterElements along axis 1 with reduction = "max": a loop over every position of indices;
// the index replaces the position's axis-1 coordinate.
// CHECK-LABEL: func.func @elements_max
// CHECK: scf.for %[[I:[a-z0-9_]+]] = {{.*}} iter_args(
// CHECK: scf.for %[[J:[a-z0-9_]+]] = {{.*}} iter_args(%[[ACC:[a-z0-9_]+]] = {{.*}}) -> (tensor<3x5xf32>)
// CHECK: %[[RAW:[a-z0-9_]+]] = tensor.extract %arg1[%[[I]], %[[J]]] : tensor<3x2xi32>
// CHECK: %[[POS:[a-z0-9_]+]], %[[OK:[a-z0-9_]+]] = aicc_cpu.check_index %[[RAW]] for axis 1 of size %{{.*}} "ScatterElements" : i32
// CHECK: scf.if %[[OK]]
// CHECK: %[[U:[a-z0-9_]+]] = tensor.extract %arg2[%[[I]], %[[J]]]
// CHECK: %[[OLD:[a-z0-9_]+]] = tensor.extract %[[ACC]][%[[I]], %[[POS]]]
// CHECK: arith.maximumf %[[OLD]], %[[U]]
// CHECK: tensor.insert %{{.*}} into %[[ACC]][%[[I]], %[[POS]]]
func.func @elements_max(%data: tensor<3x5xf32>, %indices: tensor<3x2xi32>, %updates: tensor<3x2xf32>) -> tensor<3x5xf32> {
  %y = "aicc.ScatterElements"(%data, %indices, %updates) <{axis = -1 : i64, reduction = "max"}> : (tensor<3x5xf32>, tensor<3x2xi32>, tensor<3x2xf32>) -> tensor<3x5xf32>
  return %y : tensor<3x5xf32>
}

// -----

// A symbolic number of tuples with updates of their own symbolic dim: the loop runs over
// indices' count and checks each position against updates' count too.
// CHECK-LABEL: func.func @symbolic
// CHECK: %[[N:[a-z0-9_]+]] = tensor.dim %arg2, %c0
// CHECK: scf.for %[[I:[a-z0-9_]+]] =
// CHECK: %[[IV:[a-z0-9_]+]] = arith.index_cast %[[I]] : index to i64
// CHECK: aicc_cpu.check_index %[[IV]] for axis 0 of size %[[N]]
// CHECK: aicc_cpu.check_index %{{.*}} for axis 0 of size
func.func @symbolic(%data: tensor<8xf32>, %indices: tensor<?x1xi64>, %updates: tensor<?xf32>) -> tensor<8xf32> {
  %y = "aicc.ScatterND"(%data, %indices, %updates) : (tensor<8xf32>, tensor<?x1xi64>, tensor<?xf32>) -> tensor<8xf32>
  return %y : tensor<8xf32>
}

// -----

// Rows whose length is symbolic in updates: each element read from updates is first checked
// against updates' row length (axis 1 of updates), so a shorter row fails the run instead of
// being read past its end.
// CHECK-LABEL: func.func @symbolic_rows
// CHECK: %[[LEN:[a-z0-9_]+]] = tensor.dim %arg2, %c1
// CHECK: scf.for %[[I:[a-z0-9_]+]] =
// CHECK: aicc_cpu.check_index %{{.*}} for axis 0 of size
// CHECK: scf.for %[[J:[a-z0-9_]+]] =
// CHECK: %[[JJ:[a-z0-9_]+]] = arith.index_cast %[[J]] : index to i64
// CHECK: %{{.*}}, %[[OK:[a-z0-9_]+]] = aicc_cpu.check_index %[[JJ]] for axis 1 of size %[[LEN]]
// CHECK: scf.if %{{.*}} -> (tensor<4x?xf32>)
// CHECK: tensor.extract %arg2[%[[I]], %[[J]]]
func.func @symbolic_rows(%data: tensor<4x?xf32>, %indices: tensor<2x1xi64>, %updates: tensor<2x?xf32>) -> tensor<4x?xf32> {
  %y = "aicc.ScatterND"(%data, %indices, %updates) : (tensor<4x?xf32>, tensor<2x1xi64>, tensor<2x?xf32>) -> tensor<4x?xf32>
  return %y : tensor<4x?xf32>
}
