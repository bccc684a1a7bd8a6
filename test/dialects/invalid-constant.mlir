// The Constant verifier: exactly one value attribute, of the result's type
// (dialects/ops/Constant.cpp).
// RUN: aicc-opt %s -split-input-file -verify-diagnostics

func.func @no_value() {
  // expected-error @+1 {{needs exactly one of the attributes 'value', 'sparse_value' or 'value_*', got 0}}
  %c = "aicc.Constant"() : () -> tensor<f32>
  return
}

// -----

func.func @two_values() {
  // expected-error @+1 {{needs exactly one of the attributes 'value', 'sparse_value' or 'value_*', got 2: 'value', 'value_float'}}
  %c = "aicc.Constant"() <{value = dense<1.0> : tensor<f32>, value_float = 1.0 : f32}> : () -> tensor<f32>
  return
}

// -----

func.func @value_type() {
  // expected-error @+1 {{result type 'tensor<3xf32>' does not match the type 'tensor<2xf32>' of attribute 'value'}}
  %c = "aicc.Constant"() <{value = dense<[1.0, 2.0]> : tensor<2xf32>}> : () -> tensor<3xf32>
  return
}

// -----

func.func @value_ints_type() {
  // expected-error @+1 {{result type 'tensor<2xi32>' does not match the type 'tensor<2xi64>' of attribute 'value_ints'}}
  %c = "aicc.Constant"() <{value_ints = array<i64: 1, 2>}> : () -> tensor<2xi32>
  return
}

// -----

// A quantized result must be stored as the value's element type.
func.func @quantized_storage() {
  // expected-error @+1 {{result type 'tensor<2x!quant.uniform<i8:f32, 5.000000e-01>>' does not match the type 'tensor<2xi32>' of attribute 'value'}}
  %c = "aicc.Constant"() <{value = dense<[1, 2]> : tensor<2xi32>}> : () -> tensor<2x!quant.uniform<i8:f32, 0.5>>
  return
}
