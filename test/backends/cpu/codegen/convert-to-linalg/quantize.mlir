// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file | FileCheck %s

// QuantizeLinear per axis: the [3] scale and zero point lie along axis 1 ([1, 3]) and broadcast;
// each element is x / scale, rounded half to even, plus the zero point, saturated to uint8's
// [0, 255] (NaN to 0: maxnumf) and converted unsigned.
// CHECK-LABEL: func.func @quantize_per_axis
// CHECK: tensor.expand_shape %arg1 {{\[\[}}0, 1]] output_shape [1, 3] : tensor<3xf32> into tensor<1x3xf32>
// CHECK: linalg.generic
// CHECK: arith.divf
// CHECK: arith.uitofp %{{.*}} : i8 to f32
// CHECK: math.roundeven
// CHECK: arith.addf
// CHECK: arith.maxnumf %{{.*}}, %cst{{.*}} : f32
// CHECK: arith.minnumf
// CHECK: arith.fptoui %{{.*}} : f32 to i8
func.func @quantize_per_axis(%x: tensor<2x3xf32>, %s: tensor<3xf32>, %z: tensor<3xui8>) -> tensor<2x3xui8> {
  %y = "aicc.QuantizeLinear"(%x, %s, %z) <{axis = 1 : i64}> : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xui8>) -> tensor<2x3xui8>
  return %y : tensor<2x3xui8>
}

// -----

// DequantizeLinear of int8 without a zero point: (x as f32) * scale, signed.
// CHECK-LABEL: func.func @dequantize_no_zero_point
// CHECK: linalg.generic
// CHECK: arith.sitofp %{{.*}} : i8 to f32
// CHECK-NOT: arith.subf
// CHECK: arith.mulf
func.func @dequantize_no_zero_point(%x: tensor<4xi8>, %s: tensor<f32>) -> tensor<4xf32> {
  %none = aicc.none
  %y = "aicc.DequantizeLinear"(%x, %s, %none) : (tensor<4xi8>, tensor<f32>, none) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// DynamicQuantizeLinear: the min and max reductions, then one scalar generic for the scale
// ((max(0, hi) - min(0, lo)) / 255, 1 where that is 0) and zero point, then the elementwise quantize.
// CHECK-LABEL: func.func @dynamic_quantize
// CHECK: arith.minimumf
// CHECK: arith.maximumf
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}, #{{.*}}, #{{.*}}], iterator_types = []}
// CHECK: arith.cmpf oeq
// CHECK: arith.select
// CHECK: arith.negf
// CHECK: linalg.generic
// CHECK: math.roundeven
func.func @dynamic_quantize(%x: tensor<3x4xf32>) -> (tensor<3x4xui8>, tensor<f32>, tensor<ui8>) {
  %y, %s, %z = "aicc.DynamicQuantizeLinear"(%x) : (tensor<3x4xf32>) -> (tensor<3x4xui8>, tensor<f32>, tensor<ui8>)
  return %y, %s, %z : tensor<3x4xui8>, tensor<f32>, tensor<ui8>
}

// -----

// MatMulInteger, uint8 by int8 with a per-row zero point for a and none for b: one generic over
// (m, n, k) that widens to i32 (unsigned a, signed b), subtracts a's zero point of the row and
// accumulates into a zero-filled int32 result.
// CHECK-DAG: #[[A:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[B:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1, d2) -> (d0)>
// CHECK-DAG: #[[Y:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @matmul_integer
// CHECK: linalg.fill ins(%c0_i32 : i32)
// CHECK: linalg.generic {indexing_maps = [#[[A]], #[[B]], #[[ROW]], #[[Y]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK: arith.extui %{{.*}} : i8 to i32
// CHECK: arith.extsi %{{.*}} : i8 to i32
// CHECK: arith.extui %{{.*}} : i8 to i32
// CHECK: arith.subi
// CHECK: arith.muli
// CHECK: arith.addi
func.func @matmul_integer(%a: tensor<4x3xui8>, %b: tensor<3x2xi8>, %az: tensor<4xui8>) -> tensor<4x2xi32> {
  %none = aicc.none
  %y = "aicc.MatMulInteger"(%a, %b, %az, %none) : (tensor<4x3xui8>, tensor<3x2xi8>, tensor<4xui8>, none) -> tensor<4x2xi32>
  return %y : tensor<4x2xi32>
}

// -----

// QLinearMatMul, batched: the integer product, then a requantizing generic: acc * (a_scale *
// b_scale / y_scale), rounded, plus y's zero point, saturated.
// CHECK-LABEL: func.func @qlinear_matmul
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction"]
// CHECK: arith.muli
// CHECK: linalg.generic
// CHECK: arith.mulf
// CHECK: arith.divf
// CHECK: arith.sitofp %{{.*}} : i32 to f32
// CHECK: math.roundeven
// CHECK: arith.fptoui %{{.*}} : f32 to i8
func.func @qlinear_matmul(%a: tensor<2x2x4xui8>, %as: tensor<f32>, %az: tensor<ui8>, %b: tensor<2x4x3xui8>,
                          %bs: tensor<f32>, %bz: tensor<ui8>, %ys: tensor<f32>, %yz: tensor<ui8>) -> tensor<2x2x3xui8> {
  %y = "aicc.QLinearMatMul"(%a, %as, %az, %b, %bs, %bz, %ys, %yz) : (tensor<2x2x4xui8>, tensor<f32>, tensor<ui8>, tensor<2x4x3xui8>, tensor<f32>, tensor<ui8>, tensor<f32>, tensor<ui8>) -> tensor<2x2x3xui8>
  return %y : tensor<2x2x3xui8>
}

// -----

// A symbolic batch (a QDQ model exported with a dynamic batch): the result takes the input's size.
// CHECK-LABEL: func.func @dequantize_symbolic
// CHECK: %[[N:.*]] = tensor.dim %arg0, %c0
// CHECK: tensor.empty(%[[N]]) : tensor<?x4xf32>
// CHECK: arith.uitofp
func.func @dequantize_symbolic(%x: tensor<?x4xui8>, %s: tensor<f32>, %z: tensor<ui8>) -> tensor<?x4xf32> {
  %y = "aicc.DequantizeLinear"(%x, %s, %z) : (tensor<?x4xui8>, tensor<f32>, tensor<ui8>) -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

// -----

// ConvInteger with two groups, stride 2 and pads 1: x padded with its zero point (tensor.pad of
// the scalar), channels split into [group, per group], one generic over (n, g, m, oh, ow, c, kh,
// kw) whose x map is o * stride + k: affine, no bounds checks. The [N, G, M / G, O...] result is
// collapsed back to [N, M, O...].
// CHECK-DAG: #[[X:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d5, d3 * 2 + d6, d4 * 2 + d7)>
// CHECK-DAG: #[[W:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d1, d2, d5, d6, d7)>
// CHECK-DAG: #[[Y:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d4)>
// CHECK-LABEL: func.func @conv_integer_groups
// CHECK: %[[ZERO:.*]] = tensor.extract %arg2[] : tensor<i8>
// CHECK: tensor.pad %arg0 low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: tensor.yield %[[ZERO]] : i8
// CHECK: tensor.expand_shape {{.*}} : tensor<1x4x9x9xi8> into tensor<1x2x2x9x9xi8>
// CHECK: linalg.generic {indexing_maps = [#[[X]], #[[W]], #{{.*}}, #[[Y]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
// CHECK: arith.extui
// CHECK: arith.subi
// CHECK: arith.muli
// CHECK: tensor.collapse_shape {{.*}} : tensor<1x2x3x4x4xi32> into tensor<1x6x4x4xi32>
func.func @conv_integer_groups(%x: tensor<1x4x7x7xui8>, %w: tensor<6x2x3x3xi8>, %xz: tensor<ui8>) -> tensor<1x6x4x4xi32> {
  %none = aicc.none
  %y = "aicc.ConvInteger"(%x, %w, %xz, %none) <{group = 2 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}> : (tensor<1x4x7x7xui8>, tensor<6x2x3x3xi8>, tensor<ui8>, none) -> tensor<1x6x4x4xi32>
  return %y : tensor<1x6x4x4xi32>
}
