// Slice's shape rule (dialects/ShapeInferenceTensor.cpp): constant starts, ends, axes and steps
// give the sliced dims (negative values count from the back, bounds are clamped by the step's
// sign); unknown bounds on known axes leave just those dims unknown; without constant axes only
// the rank is known.
// RUN: aicc-opt %s -aicc-infer-shapes -split-input-file -verify-diagnostics | FileCheck %s

// x.chunk(2, dim=1) as PyTorch exports it once its bounds are folded, a reversing step, an end
// past the dim, and a negative start.
// CHECK-LABEL: func @constant_bounds
// CHECK: "aicc.Slice"{{.*}} -> tensor<1x24x8x8xf32>
// CHECK: "aicc.Slice"{{.*}} -> tensor<1x48x3x8xf32>
// CHECK: "aicc.Slice"{{.*}} -> tensor<1x2x8x8xf32>
func.func @constant_bounds(%x: tensor<1x48x8x8xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %none = aicc.none
  %c24 = "aicc.Constant"() <{value = dense<24> : tensor<1xi64>}> : () -> tensor<1xi64>
  %c48 = "aicc.Constant"() <{value = dense<48> : tensor<1xi64>}> : () -> tensor<1xi64>
  %axis1 = "aicc.Constant"() <{value = dense<1> : tensor<1xi64>}> : () -> tensor<1xi64>
  %a = "aicc.Slice"(%x, %c24, %c48, %axis1, %none) : (tensor<1x48x8x8xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, none) -> tensor<*xf32>
  %start = "aicc.Constant"() <{value = dense<7> : tensor<1xi64>}> : () -> tensor<1xi64>
  %end = "aicc.Constant"() <{value = dense<-9223372036854775807> : tensor<1xi64>}> : () -> tensor<1xi64>
  %axis2 = "aicc.Constant"() <{value = dense<-2> : tensor<1xi64>}> : () -> tensor<1xi64>
  %step = "aicc.Constant"() <{value = dense<-3> : tensor<1xi64>}> : () -> tensor<1xi64>
  %b = "aicc.Slice"(%x, %start, %end, %axis2, %step) : (tensor<1x48x8x8xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<*xf32>
  %starts = "aicc.Constant"() <{value = dense<[0, -2]> : tensor<2xi64>}> : () -> tensor<2xi64>
  %ends = "aicc.Constant"() <{value = dense<[5, 1000]> : tensor<2xi64>}> : () -> tensor<2xi64>
  %c = "aicc.Slice"(%x, %starts, %ends, %none, %none) : (tensor<1x48x8x8xf32>, tensor<2xi64>, tensor<2xi64>, none, none) -> tensor<*xf32>
  return %a, %b, %c : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// Bounds known only at run time: the listed axis is unknown, the others are kept; without
// constant axes only the rank is.
// CHECK-LABEL: func @unknown_bounds
// CHECK: "aicc.Slice"{{.*}} -> tensor<1x?x8x8xf32>
// CHECK: "aicc.Slice"{{.*}} -> tensor<?x?x?x?xf32>
func.func @unknown_bounds(%x: tensor<1x48x8x8xf32>, %e: tensor<1xi64>, %axes: tensor<1xi64>) -> (tensor<*xf32>, tensor<*xf32>) {
  %none = aicc.none
  %c0 = "aicc.Constant"() <{value = dense<0> : tensor<1xi64>}> : () -> tensor<1xi64>
  %axis1 = "aicc.Constant"() <{value = dense<1> : tensor<1xi64>}> : () -> tensor<1xi64>
  %a = "aicc.Slice"(%x, %c0, %e, %axis1, %none) : (tensor<1x48x8x8xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, none) -> tensor<*xf32>
  %b = "aicc.Slice"(%x, %c0, %e, %axes, %none) : (tensor<1x48x8x8xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, none) -> tensor<*xf32>
  return %a, %b : tensor<*xf32>, tensor<*xf32>
}

// -----

func.func @zero_step(%x: tensor<1x48x8x8xf32>) -> tensor<*xf32> {
  %none = aicc.none
  %c0 = "aicc.Constant"() <{value = dense<0> : tensor<1xi64>}> : () -> tensor<1xi64>
  // expected-error @+1 {{input 'steps' has a 0}}
  %a = "aicc.Slice"(%x, %c0, %c0, %c0, %c0) : (tensor<1x48x8x8xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<*xf32>
  return %a : tensor<*xf32>
}
