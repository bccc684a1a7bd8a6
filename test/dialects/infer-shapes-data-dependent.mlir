// Shape rules whose result has a dim only the data gives (dialects/ShapeInferenceTensor.cpp):
// NonZero has one row per input dim; Compress keeps every dim but the axis (a flat result without
// one); GatherND is indices.shape[:-1] ++ data.shape[batch_dims + m:], whatever the indices' dims;
// Unique has U unique slices (or elements) and one inverse index per slice (or element).
// RUN: aicc-opt %s -aicc-infer-shapes | FileCheck %s

// CHECK-LABEL: func @data_dependent
// CHECK: "aicc.NonZero"{{.*}} -> tensor<2x?xi64>
// CHECK: "aicc.Transpose"{{.*}} -> tensor<?x2xi64>
// CHECK: "aicc.GatherND"{{.*}} -> tensor<?xf32>
// CHECK: "aicc.Compress"{{.*}} <{axis = 1 : i64}> {{.*}} -> tensor<3x?xf32>
// CHECK: "aicc.Compress"{{.*}} -> tensor<?xf32>
// CHECK: "aicc.GatherND"{{.*}} <{batch_dims = 1 : i64}> {{.*}} -> tensor<3x5xf32>
func.func @data_dependent(%x: tensor<3x4xf32>, %c: tensor<4xi1>, %y: tensor<3x4x5xf32>, %i: tensor<3x1xi64>)
    -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %nz = "aicc.NonZero"(%x) : (tensor<3x4xf32>) -> tensor<*xi64>
  %t = "aicc.Transpose"(%nz) <{perm = array<i64: 1, 0>}> : (tensor<*xi64>) -> tensor<*xi64>
  %g = "aicc.GatherND"(%x, %t) <{batch_dims = 0 : i64}> : (tensor<3x4xf32>, tensor<*xi64>) -> tensor<*xf32>
  %a = "aicc.Compress"(%x, %c) <{axis = 1 : i64}> : (tensor<3x4xf32>, tensor<4xi1>) -> tensor<*xf32>
  %f = "aicc.Compress"(%x, %c) : (tensor<3x4xf32>, tensor<4xi1>) -> tensor<*xf32>
  %b = "aicc.GatherND"(%y, %i) <{batch_dims = 1 : i64}> : (tensor<3x4x5xf32>, tensor<3x1xi64>) -> tensor<*xf32>
  return %g, %a, %f, %b : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// Unique without an axis flattens: Y, indices and counts have U entries, inverse_indices one per
// element. Along an axis, Y keeps the other dims; the absent outputs stay none.
// CHECK-LABEL: func @unique
// CHECK: "aicc.Unique"(%arg0) <{sorted = 1 : i64}> : (tensor<3x4xf32>) -> (tensor<?xf32>, tensor<?xi64>, tensor<12xi64>, tensor<?xi64>)
// CHECK: "aicc.Unique"(%arg0) <{axis = -1 : i64, sorted = 0 : i64}> : (tensor<3x4xf32>) -> (tensor<3x?xf32>, none, tensor<4xi64>, none)
// CHECK: "aicc.Unique"(%arg1) <{axis = 0 : i64, sorted = 1 : i64}> : (tensor<?x4xi32>) -> (tensor<?x4xi32>, none, tensor<?xi64>, none)
func.func @unique(%x: tensor<3x4xf32>, %s: tensor<?x4xi32>) -> (tensor<*xf32>, tensor<*xi64>, tensor<*xi64>, tensor<*xi64>, tensor<*xf32>, tensor<*xi64>, tensor<*xi32>, tensor<*xi64>) {
  %y, %i, %v, %c = "aicc.Unique"(%x) : (tensor<3x4xf32>) -> (tensor<*xf32>, tensor<*xi64>, tensor<*xi64>, tensor<*xi64>)
  %ya, %ia, %va, %ca = "aicc.Unique"(%x) <{axis = -1 : i64, sorted = 0 : i64}> : (tensor<3x4xf32>) -> (tensor<*xf32>, none, tensor<*xi64>, none)
  %ys, %is, %vs, %cs = "aicc.Unique"(%s) <{axis = 0 : i64}> : (tensor<?x4xi32>) -> (tensor<*xi32>, none, tensor<*xi64>, none)
  return %y, %i, %v, %c, %ya, %va, %ys, %vs : tensor<*xf32>, tensor<*xi64>, tensor<*xi64>, tensor<*xi64>, tensor<*xf32>, tensor<*xi64>, tensor<*xi32>, tensor<*xi64>
}
