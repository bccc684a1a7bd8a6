// EvaluateConstantSubgraphs leaves ops alone when their operands are not all constant, when the
// result would exceed max-elements (weights are not duplicated), and when they draw random
// numbers (scatter.mlir: when the run that would compute them fails).
// RUN: aicc-opt %s -aicc-evaluate-constant-subgraphs=max-elements=16 -split-input-file | FileCheck %s

// CHECK-LABEL: func @operand_not_constant
// CHECK: "aicc.Add"(%arg0, %{{.*}})
func.func @operand_not_constant(%x: tensor<2xi64>) -> tensor<2xi64> {
  %one = "aicc.Constant"() <{value = dense<1> : tensor<i64>}> : () -> tensor<i64>
  %y = "aicc.Add"(%x, %one) : (tensor<2xi64>, tensor<i64>) -> tensor<2xi64>
  return %y : tensor<2xi64>
}

// -----

// 5x5 = 25 elements > 16: not materialized, but the shape still becomes static.
// CHECK-LABEL: func @too_large
// CHECK: "aicc.ConstantOfShape"(%{{.*}}) {{.*}} -> tensor<5x5xf32>
func.func @too_large() -> tensor<?x?xf32> {
  %shape = "aicc.Constant"() <{value = dense<[5, 5]> : tensor<2xi64>}> : () -> tensor<2xi64>
  %c = "aicc.ConstantOfShape"(%shape) : (tensor<2xi64>) -> tensor<?x?xf32>
  return %c : tensor<?x?xf32>
}

// -----

// The Shape of a tensor with a dynamic dim is not known.
// CHECK-LABEL: func @dynamic_shape
// CHECK: "aicc.Shape"(%arg0)
func.func @dynamic_shape(%x: tensor<?x3xf32>) -> tensor<2xi64> {
  %s = "aicc.Shape"(%x) : (tensor<?x3xf32>) -> tensor<2xi64>
  return %s : tensor<2xi64>
}

// -----

// Random ops are not pure: each run draws anew.
// CHECK-LABEL: func @random
// CHECK: "aicc.RandomUniformLike"
func.func @random() -> tensor<2xf32> {
  %shape = "aicc.Constant"() <{value = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %r = "aicc.RandomUniformLike"(%shape) <{high = 1.0 : f32, low = 0.0 : f32}> : (tensor<2xf32>) -> tensor<2xf32>
  return %r : tensor<2xf32>
}
