// Shape rules behind ShapeInferenceOpInterface (dialects/ShapeInference*.cpp), driven by the
// aicc-infer-shapes pass: each op's result type is refined from its operand types and attributes.
// RUN: aicc-opt %s -aicc-infer-shapes -split-input-file -verify-diagnostics | FileCheck %s

// CHECK-LABEL: func @elementwise
// CHECK: "aicc.Relu"{{.*}} -> tensor<2x?xf32>
// CHECK: "aicc.Cast"{{.*}} -> tensor<2x?xi32>
// CHECK: "aicc.Add"{{.*}} -> tensor<5x2x3xf32>
// CHECK: "aicc.Where"{{.*}} -> tensor<5x2x3xf32>
// CHECK: "aicc.Sum"{{.*}} -> tensor<5x?x3xf32>
// CHECK: "aicc.Equal"{{.*}} -> tensor<2x3xi1>
func.func @elementwise(%a: tensor<2x?xf32>, %b: tensor<5x1x3xf32>, %c: tensor<2x3xf32>, %d: tensor<?x3xf32>, %cond: tensor<1xi1>) -> (tensor<*xf32>, tensor<*xi32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xi1>) {
  %r = "aicc.Relu"(%a) : (tensor<2x?xf32>) -> tensor<*xf32>
  %k = "aicc.Cast"(%a) <{to = 6 : i64}> : (tensor<2x?xf32>) -> tensor<*xi32>
  %s = "aicc.Add"(%b, %c) : (tensor<5x1x3xf32>, tensor<2x3xf32>) -> tensor<*xf32>
  %w = "aicc.Where"(%cond, %b, %c) : (tensor<1xi1>, tensor<5x1x3xf32>, tensor<2x3xf32>) -> tensor<*xf32>
  %u = "aicc.Sum"(%b, %d) : (tensor<5x1x3xf32>, tensor<?x3xf32>) -> tensor<*xf32>
  %e = "aicc.Equal"(%c, %d) : (tensor<2x3xf32>, tensor<?x3xf32>) -> tensor<*xi1>
  return %r, %k, %s, %w, %u, %e : tensor<*xf32>, tensor<*xi32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xi1>
}

// -----

// Known result dims are kept.
// CHECK-LABEL: func @keep_known
// CHECK: "aicc.Relu"{{.*}} -> tensor<2x7xf32>
func.func @keep_known(%a: tensor<2x?xf32>) -> tensor<?x7xf32> {
  %r = "aicc.Relu"(%a) : (tensor<2x?xf32>) -> tensor<?x7xf32>
  return %r : tensor<?x7xf32>
}

// -----

func.func @broadcast_error(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{operands do not broadcast: sizes 2 and 4 in dimension 0 of the result}}
  %s = "aicc.Add"(%a, %b) : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<*xf32>
  return %s : tensor<*xf32>
}

// -----

func.func @conflict(%a: tensor<2x3xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{result #0 has size 4 in dimension 1 but its operands imply 3}}
  %r = "aicc.Relu"(%a) : (tensor<2x3xf32>) -> tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func @conv_pool
// CHECK: "aicc.Conv"{{.*}} -> tensor<1x64x112x112xf32>
// CHECK: "aicc.MaxPool"{{.*}} -> (tensor<1x64x56x56xf32>, tensor<1x64x56x56xi64>)
// CHECK: "aicc.Conv"{{.*}} -> tensor<?x8x8x8xf32>
// CHECK: "aicc.Conv"{{.*}} -> tensor<1x8x3x3xf32>
// CHECK: "aicc.AveragePool"{{.*}} -> tensor<1x64x28x28xf32>
// CHECK: "aicc.AveragePool"{{.*}} -> tensor<1x64x3x3xf32>
// CHECK: "aicc.MaxPool"{{.*}} -> (tensor<1x3x3x3xf32>, none)
// CHECK: "aicc.GlobalAveragePool"{{.*}} -> tensor<1x64x1x1xf32>
func.func @conv_pool(%x: tensor<1x3x224x224xf32>, %w: tensor<64x3x7x7xf32>, %n: none, %y: tensor<?x4x8x8xf32>, %w2: tensor<8x2x3x3xf32>, %z: tensor<1x4x10x5xf32>, %seven: tensor<1x64x7x7xf32>, %five: tensor<1x3x5x5xf32>) -> (tensor<*xf32>, tensor<*xi64>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %c = "aicc.Conv"(%x, %w, %n) <{kernel_shape = array<i64: 7, 7>, pads = array<i64: 3, 3, 3, 3>, strides = array<i64: 2, 2>}> : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>, none) -> tensor<*xf32>
  %p, %i = "aicc.MaxPool"(%c) <{kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}> : (tensor<*xf32>) -> (tensor<*xf32>, tensor<*xi64>)
  // Grouped, SAME_UPPER: ceil(8 / 1).
  %g = "aicc.Conv"(%y, %w2, %n) <{auto_pad = "SAME_UPPER", group = 2 : i64}> : (tensor<?x4x8x8xf32>, tensor<8x2x3x3xf32>, none) -> tensor<*xf32>
  // VALID: floor((10 - 5) / 2) + 1 with dilation 2, floor((5 - 3) / 1) + 1.
  %v = "aicc.Conv"(%z, %w2, %n) <{auto_pad = "VALID", dilations = array<i64: 2, 1>, group = 2 : i64, strides = array<i64: 2, 1>}> : (tensor<1x4x10x5xf32>, tensor<8x2x3x3xf32>, none) -> tensor<*xf32>
  %a = "aicc.AveragePool"(%p) <{kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}> : (tensor<*xf32>) -> tensor<*xf32>
  // ceil_mode: ceil((7 - 3) / 3) + 1 = 3 (floor would give 2).
  %a2 = "aicc.AveragePool"(%seven) <{ceil_mode = 1 : i64, kernel_shape = array<i64: 3, 3>, strides = array<i64: 3, 3>}> : (tensor<1x64x7x7xf32>) -> tensor<*xf32>
  // ceil_mode: ceil((5 + 2 - 2) / 2) + 1 = 4, but the 4th window would start in the end padding.
  %m2, %none = "aicc.MaxPool"(%five) <{ceil_mode = 1 : i64, kernel_shape = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}> : (tensor<1x3x5x5xf32>) -> (tensor<*xf32>, none)
  %gap = "aicc.GlobalAveragePool"(%p) : (tensor<*xf32>) -> tensor<*xf32>
  return %c, %i, %g, %v, %a, %a2, %m2, %gap : tensor<*xf32>, tensor<*xi64>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func @matrix
// CHECK: "aicc.Gemm"{{.*}} -> tensor<4x5xf32>
// CHECK: "aicc.Gemm"{{.*}} -> tensor<?x5xf32>
// CHECK: "aicc.MatMul"{{.*}} -> tensor<7x2x3x5xf32>
// CHECK: "aicc.MatMul"{{.*}} -> tensor<2x3xf32>
// CHECK: "aicc.MatMul"{{.*}} -> tensor<5xf32>
func.func @matrix(%a: tensor<3x4xf32>, %b: tensor<5x3xf32>, %n: none, %u: tensor<*xf32>, %x: tensor<2x3x4xf32>, %y: tensor<7x1x4x5xf32>, %v: tensor<4xf32>, %m: tensor<4x5xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %g = "aicc.Gemm"(%a, %b, %n) <{transA = 1 : i64, transB = 1 : i64}> : (tensor<3x4xf32>, tensor<5x3xf32>, none) -> tensor<*xf32>
  %h = "aicc.Gemm"(%u, %b, %n) <{transB = 1 : i64}> : (tensor<*xf32>, tensor<5x3xf32>, none) -> tensor<*xf32>
  %p = "aicc.MatMul"(%x, %y) : (tensor<2x3x4xf32>, tensor<7x1x4x5xf32>) -> tensor<*xf32>
  %q = "aicc.MatMul"(%x, %v) : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<*xf32>
  %r = "aicc.MatMul"(%v, %m) : (tensor<4xf32>, tensor<4x5xf32>) -> tensor<*xf32>
  return %g, %h, %p, %q, %r : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func @data_movement
// CHECK: "aicc.Softmax"{{.*}} -> tensor<2x3x4xf32>
// CHECK: "aicc.Flatten"{{.*}} -> tensor<6x4xf32>
// CHECK: "aicc.Flatten"{{.*}} -> tensor<1x24xf32>
// CHECK: "aicc.Transpose"{{.*}} -> tensor<4x3x2xf32>
// CHECK: "aicc.Transpose"{{.*}} -> tensor<3x4x2xf32>
// CHECK: "aicc.Reshape"{{.*}} -> tensor<2x12xf32>
// CHECK: "aicc.Reshape"{{.*}} -> tensor<?x?x?xf32>
// CHECK: "aicc.Concat"{{.*}} -> tensor<2x7x4xf32>
// CHECK: "aicc.Concat"{{.*}} -> tensor<2x?x4xf32>
// CHECK: "aicc.Gather"{{.*}} -> tensor<2x5x6x4xf32>
func.func @data_movement(%x: tensor<2x3x4xf32>, %s: tensor<3xi64>, %y: tensor<2x4x4xf32>, %d: tensor<2x?x4xf32>, %idx: tensor<5x6xi64>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %sm = "aicc.Softmax"(%x) : (tensor<2x3x4xf32>) -> tensor<*xf32>
  %f = "aicc.Flatten"(%x) <{axis = -1 : i64}> : (tensor<2x3x4xf32>) -> tensor<*xf32>
  %f0 = "aicc.Flatten"(%x) <{axis = 0 : i64}> : (tensor<2x3x4xf32>) -> tensor<*xf32>
  %t = "aicc.Transpose"(%x) : (tensor<2x3x4xf32>) -> tensor<*xf32>
  %t2 = "aicc.Transpose"(%x) <{perm = array<i64: 1, 2, 0>}> : (tensor<2x3x4xf32>) -> tensor<*xf32>
  %shape = "aicc.Constant"() <{value = dense<[0, -1]> : tensor<2xi64>}> : () -> tensor<2xi64>
  %r = "aicc.Reshape"(%x, %shape) : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<*xf32>
  %r2 = "aicc.Reshape"(%x, %s) : (tensor<2x3x4xf32>, tensor<3xi64>) -> tensor<*xf32>
  %c = "aicc.Concat"(%x, %y) <{axis = 1 : i64}> : (tensor<2x3x4xf32>, tensor<2x4x4xf32>) -> tensor<*xf32>
  %c2 = "aicc.Concat"(%x, %d) <{axis = -2 : i64}> : (tensor<2x3x4xf32>, tensor<2x?x4xf32>) -> tensor<*xf32>
  %g = "aicc.Gather"(%x, %idx) <{axis = 1 : i64}> : (tensor<2x3x4xf32>, tensor<5x6xi64>) -> tensor<*xf32>
  return %sm, %f, %f0, %t, %t2, %r, %r2, %c, %c2, %g : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func @reductions
// CHECK: "aicc.ReduceMean"{{.*}} -> tensor<2x1x1xf32>
// CHECK: "aicc.ReduceMax"{{.*}} -> tensor<3xf32>
// CHECK: "aicc.ReduceMin"{{.*}} -> tensor<1x1x1xf32>
// CHECK: "aicc.ReduceSum"{{.*}} -> tensor<2x4xf32>
// CHECK: "aicc.ReduceSum"{{.*}} -> tensor<2x3x4xf32>
// CHECK: "aicc.ReduceSum"{{.*}} -> tensor<?x?x?xf32>
// CHECK: "aicc.ReduceSum"{{.*}} -> tensor<*xf32>
func.func @reductions(%x: tensor<2x3x4xf32>, %n: none, %axes: tensor<1xi64>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %m = "aicc.ReduceMean"(%x) <{axes = array<i64: -1, 1>}> : (tensor<2x3x4xf32>) -> tensor<*xf32>
  %M = "aicc.ReduceMax"(%x) <{axes = array<i64: 0, 2>, keepdims = 0 : i64}> : (tensor<2x3x4xf32>) -> tensor<*xf32>
  %mn = "aicc.ReduceMin"(%x) : (tensor<2x3x4xf32>) -> tensor<*xf32>
  %one = "aicc.Constant"() <{value = dense<1> : tensor<1xi64>}> : () -> tensor<1xi64>
  %s = "aicc.ReduceSum"(%x, %one) <{keepdims = 0 : i64}> : (tensor<2x3x4xf32>, tensor<1xi64>) -> tensor<*xf32>
  %noop = "aicc.ReduceSum"(%x, %n) <{noop_with_empty_axes = 1 : i64}> : (tensor<2x3x4xf32>, none) -> tensor<*xf32>
  %unknown = "aicc.ReduceSum"(%x, %axes) : (tensor<2x3x4xf32>, tensor<1xi64>) -> tensor<*xf32>
  %dropped = "aicc.ReduceSum"(%x, %axes) <{keepdims = 0 : i64}> : (tensor<2x3x4xf32>, tensor<1xi64>) -> tensor<*xf32>
  return %m, %M, %mn, %s, %noop, %unknown, %dropped : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

func.func @window_too_large(%x: tensor<1x1x2x2xf32>, %w: tensor<1x1x3x3xf32>, %n: none) -> tensor<*xf32> {
  // expected-error @+1 {{window of extent 3 (with dilation) does not fit the padded size 2 of spatial axis 0}}
  %c = "aicc.Conv"(%x, %w, %n) : (tensor<1x1x2x2xf32>, tensor<1x1x3x3xf32>, none) -> tensor<*xf32>
  return %c : tensor<*xf32>
}

// -----

func.func @reshape_two_minus_one(%x: tensor<2x3x4xf32>) -> tensor<*xf32> {
  %shape = "aicc.Constant"() <{value = dense<[-1, -1]> : tensor<2xi64>}> : () -> tensor<2xi64>
  // expected-error @+1 {{input 'shape' has more than one -1}}
  %r = "aicc.Reshape"(%x, %shape) : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %r : tensor<*xf32>
}
