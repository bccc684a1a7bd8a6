// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file | FileCheck %s

// float → int truncates toward zero, signedness from the ONNX result type.
// CHECK-LABEL: func.func @float_to_int
// CHECK: arith.fptosi %in : f32 to i32
// CHECK: arith.fptoui %in : f32 to i32
func.func @float_to_int(%x: tensor<4xf32>) -> (tensor<4xi32>, tensor<4xui32>) {
  %0 = "aicc.Cast"(%x) {to = 6 : i64} : (tensor<4xf32>) -> tensor<4xi32>
  %1 = "aicc.Cast"(%x) {to = 12 : i64} : (tensor<4xf32>) -> tensor<4xui32>
  return %0, %1 : tensor<4xi32>, tensor<4xui32>
}

// -----

// Anything → bool is x != 0, and NaN is true (unordered compare).
// CHECK-LABEL: func.func @to_bool
// CHECK: arith.cmpf une, %in, %{{.*}} : f32
// CHECK: arith.cmpi ne, %in, %{{.*}} : i64
func.func @to_bool(%x: tensor<4xf32>, %i: tensor<4xi64>) -> (tensor<4xi1>, tensor<4xi1>) {
  %0 = "aicc.Cast"(%x) {to = 9 : i64} : (tensor<4xf32>) -> tensor<4xi1>
  %1 = "aicc.Cast"(%i) {to = 9 : i64} : (tensor<4xi64>) -> tensor<4xi1>
  return %0, %1 : tensor<4xi1>, tensor<4xi1>
}

// -----

// Widening follows the source's signedness; bool widens as 0/1.
// CHECK-LABEL: func.func @widen
// CHECK: arith.extui %in : i8 to i64
// CHECK: arith.extsi %in : i8 to i64
// CHECK: arith.uitofp %in : i1 to f32
func.func @widen(%u: tensor<4xui8>, %s: tensor<4xi8>, %b: tensor<4xi1>) -> (tensor<4xi64>, tensor<4xi64>, tensor<4xf32>) {
  %0 = "aicc.Cast"(%u) {to = 7 : i64} : (tensor<4xui8>) -> tensor<4xi64>
  %1 = "aicc.Cast"(%s) {to = 7 : i64} : (tensor<4xi8>) -> tensor<4xi64>
  %2 = "aicc.Cast"(%b) {to = 1 : i64} : (tensor<4xi1>) -> tensor<4xf32>
  return %0, %1, %2 : tensor<4xi64>, tensor<4xi64>, tensor<4xf32>
}

// -----

// → bfloat16 keeps the upper half of the float32 bits (ONNX's reference truncates); f16 widens
// exactly to f32 first. bfloat16 → f16 goes exactly through f32, then rounds once.
// CHECK-LABEL: func.func @bfloat
// CHECK: %[[WIDE:.*]] = arith.extf %in : f16 to f32
// CHECK: %[[BITS:.*]] = arith.bitcast %[[WIDE]] : f32 to i32
// CHECK: %[[HIGH:.*]] = arith.shrui %[[BITS]], %c16_i32 : i32
// CHECK: %[[HALF:.*]] = arith.trunci %[[HIGH]] : i32 to i16
// CHECK: arith.bitcast %[[HALF]] : i16 to bf16
// CHECK: %[[BACK:.*]] = arith.extf %in : bf16 to f32
// CHECK: arith.truncf %[[BACK]] : f32 to f16
func.func @bfloat(%h: tensor<4xf16>, %b: tensor<4xbf16>) -> (tensor<4xbf16>, tensor<4xf16>) {
  %0 = "aicc.Cast"(%h) {to = 16 : i64} : (tensor<4xf16>) -> tensor<4xbf16>
  %1 = "aicc.Cast"(%b) {to = 10 : i64} : (tensor<4xbf16>) -> tensor<4xf16>
  return %0, %1 : tensor<4xbf16>, tensor<4xf16>
}

// -----

// uint8 ↔ int8 keeps the bits: no conversion op at all.
// CHECK-LABEL: func.func @same_width
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0(%in: i8, %out: i8):
// CHECK-NEXT: linalg.yield %in : i8
func.func @same_width(%u: tensor<4xui8>) -> tensor<4xi8> {
  %0 = "aicc.Cast"(%u) {to = 3 : i64} : (tensor<4xui8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}
