// RUN: aicc-opt %s -aicc-expand-composite-ops | FileCheck %s

// MeanVarianceNormalization over its default axes [0, 2, 3]: the centred input over the standard
// deviation plus 1e-9; shape inference types every part.
// CHECK-LABEL: func.func @mvn
// CHECK-DAG: %[[EPS:.*]] = "aicc.Constant"() <{value = dense<9.99999971E-10> : tensor<f32>}>
// CHECK: %[[MEAN:.*]] = "aicc.ReduceMean"(%arg0) <{axes = array<i64: 0, 2, 3>, keepdims = 1 : i64}> : (tensor<2x3x4x5xf32>) -> tensor<1x3x1x1xf32>
// CHECK: %[[C:.*]] = "aicc.Sub"(%arg0, %[[MEAN]])
// CHECK: %[[SQ:.*]] = "aicc.Mul"(%[[C]], %[[C]])
// CHECK: %[[VAR:.*]] = "aicc.ReduceMean"(%[[SQ]]) <{axes = array<i64: 0, 2, 3>, keepdims = 1 : i64}>
// CHECK: %[[STD:.*]] = "aicc.Sqrt"(%[[VAR]])
// CHECK: %[[DEN:.*]] = "aicc.Add"(%[[STD]], %[[EPS]])
// CHECK: %[[Y:.*]] = "aicc.Div"(%[[C]], %[[DEN]]) : (tensor<2x3x4x5xf32>, tensor<1x3x1x1xf32>) -> tensor<2x3x4x5xf32>
// CHECK: return %[[Y]]
// CHECK-NOT: MeanVarianceNormalization
func.func @mvn(%x: tensor<2x3x4x5xf32>) -> tensor<2x3x4x5xf32> {
  %y = "aicc.MeanVarianceNormalization"(%x) : (tensor<2x3x4x5xf32>) -> tensor<2x3x4x5xf32>
  return %y : tensor<2x3x4x5xf32>
}

// Other normalizations are not composites here: left alone.
// CHECK-LABEL: func.func @instance_norm_untouched
// CHECK: "aicc.InstanceNormalization"
func.func @instance_norm_untouched(%x: tensor<2x3x4xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<2x3x4xf32> {
  %y = "aicc.InstanceNormalization"(%x, %s, %b) : (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4xf32>
  return %y : tensor<2x3x4xf32>
}
