// Ops, types and attributes survive printing and parsing, in text and in bytecode.
// RUN: aicc-opt %s | aicc-opt | FileCheck %s
// RUN: aicc-opt -emit-bytecode %s | aicc-opt | FileCheck %s

// CHECK-LABEL: func @conv_all_attributes
func.func @conv_all_attributes(%x: tensor<1x4x9x9xf32>, %w: tensor<8x2x3x3xf32>, %b: tensor<8xf32>) -> tensor<1x8x4x4xf32> {
  // CHECK: "aicc.Conv"(%{{.*}}, %{{.*}}, %{{.*}}) <{auto_pad = "NOTSET", dilations = array<i64: 2, 2>, group = 2 : i64, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}>
  // CHECK-SAME: (tensor<1x4x9x9xf32>, tensor<8x2x3x3xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  %y = "aicc.Conv"(%x, %w, %b) <{auto_pad = "NOTSET", dilations = array<i64: 2, 2>, group = 2 : i64, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}> : (tensor<1x4x9x9xf32>, tensor<8x2x3x3xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

// An absent optional input is aicc.none; dims may be unknown.
// CHECK-LABEL: func @optional_input_dynamic_dims
func.func @optional_input_dynamic_dims(%x: tensor<?x3x?x?xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<?x16x?x?xf32> {
  // CHECK: %[[NONE:.*]] = aicc.none
  // CHECK: "aicc.Conv"(%{{.*}}, %{{.*}}, %[[NONE]]) {{.*}} : (tensor<?x3x?x?xf32>, tensor<16x3x3x3xf32>, none) -> tensor<?x16x?x?xf32>
  %none = aicc.none
  %y = "aicc.Conv"(%x, %w, %none) : (tensor<?x3x?x?xf32>, tensor<16x3x3x3xf32>, none) -> tensor<?x16x?x?xf32>
  return %y : tensor<?x16x?x?xf32>
}

// An absent optional output has type none.
// CHECK-LABEL: func @optional_output
func.func @optional_output(%x: tensor<*xf32>) -> tensor<*xf32> {
  // CHECK: "aicc.Dropout"(%{{.*}}, %{{.*}}, %{{.*}}) : (tensor<*xf32>, none, none) -> (tensor<*xf32>, none)
  %none = aicc.none
  %y, %mask = "aicc.Dropout"(%x, %none, %none) : (tensor<*xf32>, none, none) -> (tensor<*xf32>, none)
  return %y : tensor<*xf32>
}

// Graph attributes are regions ordered by attribute name (else_branch, then_branch).
// CHECK-LABEL: func @if
func.func @if(%cond: tensor<i1>, %a: tensor<2xf32>, %b: tensor<2xf32>) -> tensor<2xf32> {
  // CHECK: "aicc.If"(%{{.*}}) ({
  // CHECK-NEXT: aicc.Yield %{{.*}} : tensor<2xf32>
  // CHECK-NEXT: }, {
  // CHECK-NEXT: "aicc.Add"
  // CHECK-NEXT: aicc.Yield %{{.*}} : tensor<2xf32>
  // CHECK-NEXT: }) : (tensor<i1>) -> tensor<2xf32>
  %r = "aicc.If"(%cond) ({
    aicc.Yield %b : tensor<2xf32>
  }, {
    %s = "aicc.Add"(%a, %b) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    aicc.Yield %s : tensor<2xf32>
  }) : (tensor<i1>) -> tensor<2xf32>
  return %r : tensor<2xf32>
}

// The body's block arguments are the subgraph inputs (iteration number, condition, carried).
// CHECK-LABEL: func @loop
func.func @loop(%trip: tensor<i64>, %acc: tensor<3xf32>) -> (tensor<3xf32>, tensor<?x3xf32>) {
  // CHECK: "aicc.Loop"(%{{.*}}, %{{.*}}, %{{.*}}) ({
  // CHECK-NEXT: ^bb0(%{{.*}}: tensor<i64>, %{{.*}}: tensor<i1>, %{{.*}}: tensor<3xf32>):
  // CHECK: aicc.Yield %{{.*}}, %{{.*}}, %{{.*}} : tensor<i1>, tensor<3xf32>, tensor<3xf32>
  // CHECK-NEXT: }) : (tensor<i64>, none, tensor<3xf32>) -> (tensor<3xf32>, tensor<?x3xf32>)
  %none = aicc.none
  %final, %scan = "aicc.Loop"(%trip, %none, %acc) ({
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %v: tensor<3xf32>):
    %next = "aicc.Add"(%v, %v) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
    aicc.Yield %c, %next, %next : tensor<i1>, tensor<3xf32>, tensor<3xf32>
  }) : (tensor<i64>, none, tensor<3xf32>) -> (tensor<3xf32>, tensor<?x3xf32>)
  return %final, %scan : tensor<3xf32>, tensor<?x3xf32>
}

// Tensors ONNX stores as int8/uint8/int32 may carry quantized element types.
// CHECK-LABEL: func @quantized
func.func @quantized(%x: tensor<4xf32>, %scale: tensor<f32>, %zp: tensor<i8>) -> tensor<4xf32> {
  // CHECK: "aicc.QuantizeLinear"{{.*}} -> tensor<4x!quant.uniform<i8:f32, 5.000000e-01:3>>
  // CHECK: "aicc.Constant"() <{value = dense<[1, 2, 3, 4]> : tensor<4xi8>}> : () -> tensor<4x!quant.uniform<i8:f32, 5.000000e-01:3>>
  // CHECK: "aicc.DequantizeLinear"{{.*}} : (tensor<4x!quant.uniform<i8:f32, 5.000000e-01:3>>, tensor<f32>, tensor<i8>) -> tensor<4xf32>
  %q = "aicc.QuantizeLinear"(%x, %scale, %zp) : (tensor<4xf32>, tensor<f32>, tensor<i8>) -> tensor<4x!quant.uniform<i8:f32, 0.5:3>>
  %w = "aicc.Constant"() <{value = dense<[1, 2, 3, 4]> : tensor<4xi8>}> : () -> tensor<4x!quant.uniform<i8:f32, 0.5:3>>
  %s = "aicc.Add"(%q, %w) : (tensor<4x!quant.uniform<i8:f32, 0.5:3>>, tensor<4x!quant.uniform<i8:f32, 0.5:3>>) -> tensor<4x!quant.uniform<i8:f32, 0.5:3>>
  %y = "aicc.DequantizeLinear"(%s, %scale, %zp) : (tensor<4x!quant.uniform<i8:f32, 0.5:3>>, tensor<f32>, tensor<i8>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// Sequences, optionals and strings are dialect types.
// CHECK-LABEL: func @sequence_optional_string
// CHECK-SAME: !aicc.opt<!aicc.seq<tensor<?xi64>>>
func.func @sequence_optional_string(%a: tensor<?x3xf32>, %b: tensor<2x3xf32>, %words: tensor<2x!aicc.string>, %maybe: !aicc.opt<!aicc.seq<tensor<?xi64>>>) -> (tensor<?x3xf32>, tensor<2x!aicc.string>, tensor<i1>) {
  // CHECK: "aicc.SequenceConstruct"{{.*}} -> !aicc.seq<tensor<?x3xf32>>
  // CHECK: "aicc.SequenceAt"{{.*}} : (!aicc.seq<tensor<?x3xf32>>, tensor<i64>) -> tensor<?x3xf32>
  // CHECK: "aicc.Identity"{{.*}} : (tensor<2x!aicc.string>) -> tensor<2x!aicc.string>
  // CHECK: "aicc.OptionalHasElement"{{.*}} : (!aicc.opt<!aicc.seq<tensor<?xi64>>>) -> tensor<i1>
  %seq = "aicc.SequenceConstruct"(%a, %b) : (tensor<?x3xf32>, tensor<2x3xf32>) -> !aicc.seq<tensor<?x3xf32>>
  %pos = "aicc.Constant"() <{value = dense<1> : tensor<i64>}> : () -> tensor<i64>
  %at = "aicc.SequenceAt"(%seq, %pos) : (!aicc.seq<tensor<?x3xf32>>, tensor<i64>) -> tensor<?x3xf32>
  %w = "aicc.Identity"(%words) : (tensor<2x!aicc.string>) -> tensor<2x!aicc.string>
  %has = "aicc.OptionalHasElement"(%maybe) : (!aicc.opt<!aicc.seq<tensor<?xi64>>>) -> tensor<i1>
  return %at, %w, %has : tensor<?x3xf32>, tensor<2x!aicc.string>, tensor<i1>
}

// ONNX attribute kinds: ints, floats, strings, tensors and types.
// CHECK-LABEL: func @attribute_kinds
func.func @attribute_kinds(%x: tensor<1x2x3xf32>, %shape: tensor<2xi64>) -> (tensor<1x2x3xf32>, tensor<2x3xf32>, tensor<?x?xf32>, !aicc.opt<tensor<4xf32>>) {
  // CHECK: "aicc.LSTM"{{.*}} <{activations = ["Sigmoid", "Tanh", "Tanh"], clip = 5.000000e-01 : f32, direction = "forward", hidden_size = 2 : i64
  // CHECK: "aicc.ConstantOfShape"{{.*}} <{value = dense<1.500000e+00> : tensor<1xf32>}>
  // CHECK: "aicc.Optional"(%{{.*}}) <{type_ = tensor<4xf32>}> : (none) -> !aicc.opt<tensor<4xf32>>
  // CHECK: "aicc.Transpose"{{.*}} <{perm = array<i64: 1, 0, 2>}>
  %none = aicc.none
  %w = "aicc.Constant"() <{value = dense<0.0> : tensor<1x8x3xf32>}> : () -> tensor<1x8x3xf32>
  %r = "aicc.Constant"() <{value = dense<0.0> : tensor<1x8x2xf32>}> : () -> tensor<1x8x2xf32>
  %y, %yh, %yc = "aicc.LSTM"(%x, %w, %r, %none, %none, %none, %none, %none) <{activations = ["Sigmoid", "Tanh", "Tanh"], clip = 0.5 : f32, direction = "forward", hidden_size = 2 : i64}> : (tensor<1x2x3xf32>, tensor<1x8x3xf32>, tensor<1x8x2xf32>, none, none, none, none, none) -> (tensor<1x1x2x2xf32>, none, none)
  %filled = "aicc.ConstantOfShape"(%shape) <{value = dense<1.5> : tensor<1xf32>}> : (tensor<2xi64>) -> tensor<?x?xf32>
  %empty = "aicc.Optional"(%none) <{type_ = tensor<4xf32>}> : (none) -> !aicc.opt<tensor<4xf32>>
  %t = "aicc.Transpose"(%x) <{perm = array<i64: 1, 0, 2>}> : (tensor<1x2x3xf32>) -> tensor<2x1x3xf32>
  %m = "aicc.MeanVarianceNormalization"(%x) : (tensor<1x2x3xf32>) -> tensor<1x2x3xf32>
  %f = "aicc.Flatten"(%x) <{axis = 1 : i64}> : (tensor<1x2x3xf32>) -> tensor<1x6xf32>
  %g = "aicc.Reshape"(%f, %shape) : (tensor<1x6xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  return %m, %g, %filled, %empty : tensor<1x2x3xf32>, tensor<2x3xf32>, tensor<?x?xf32>, !aicc.opt<tensor<4xf32>>
}
