// Shape rules with symbolic dims (dialects/ShapeInferenceTensor.cpp): Shape has one element per
// dim whatever the dims are; Split keeps the input's symbolic dims; LayerNormalization its
// input's shape.
// RUN: aicc-opt %s -aicc-infer-shapes | FileCheck %s

// CHECK-LABEL: func @symbolic
// CHECK: "aicc.LayerNormalization"{{.*}} -> (tensor<?x?x12xf32>, none, none)
// CHECK: "aicc.Shape"{{.*}} -> tensor<3xi64>
// CHECK: "aicc.Split"{{.*}} -> (tensor<?x?x4xf32>, tensor<?x?x8xf32>)
func.func @symbolic(%x: tensor<?x?x12xf32>, %g: tensor<12xf32>) -> (tensor<*xi64>, tensor<*xf32>, tensor<*xf32>) {
  %none = aicc.none
  %y, %m, %v = "aicc.LayerNormalization"(%x, %g, %none) <{axis = -1 : i64, epsilon = 1.0e-5 : f32, stash_type = 1 : i64}>
      : (tensor<?x?x12xf32>, tensor<12xf32>, none) -> (tensor<*xf32>, none, none)
  %s = "aicc.Shape"(%y) <{start = 0 : i64}> : (tensor<*xf32>) -> tensor<*xi64>
  %sizes = "aicc.Constant"() <{value = dense<[4, 8]> : tensor<2xi64>}> : () -> tensor<2xi64>
  %a, %b = "aicc.Split"(%y, %sizes) <{axis = -1 : i64}> : (tensor<*xf32>, tensor<2xi64>) -> (tensor<*xf32>, tensor<*xf32>)
  return %s, %a, %b : tensor<*xi64>, tensor<*xf32>, tensor<*xf32>
}
