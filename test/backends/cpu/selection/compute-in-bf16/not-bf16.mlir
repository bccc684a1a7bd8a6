// RUN: aicc-opt %s --aicc-cpu-compute-in-bf16=keep-fp32=head --split-input-file | FileCheck %s

// An int8 matmul stays int8.
// CHECK-LABEL: func.func @int8_matmul
// CHECK-NOT: compute_type
func.func @int8_matmul(%a: tensor<4x64xf32>) -> tensor<4x32xf32> {
  %w = "aicc.Constant"() <{value = dense<1> : tensor<64x32xi8>}> : () -> tensor<64x32xi8>
  %s = "aicc.Constant"() <{value = dense<0.5> : tensor<32xf32>}> : () -> tensor<32xf32>
  %init = tensor.empty() : tensor<4x32xf32>
  %y = aicc_cpu.matmul ins(%a, %w : tensor<4x64xf32>, tensor<64x32xi8>) b_scales(%s : tensor<32xf32>)
      outs(%init : tensor<4x32xf32>) -> tensor<4x32xf32>
  return %y : tensor<4x32xf32>
}

// -----

// A kernel made from a node in keep-fp32 (aicc --keep-fp32) stays f32, even fused with others;
// the attention kernel and pooling have no bf16 form.
// CHECK-LABEL: func.func @kept
// CHECK: aicc_cpu.matmul
// CHECK-NOT: compute_type
// CHECK: aicc_cpu.matmul
// CHECK-SAME: compute_type = #aicc_cpu.data_type<bf16>
// CHECK: aicc_cpu.attention
// CHECK-NOT: compute_type
func.func @kept(%a: tensor<4x2xf32>, %q: tensor<1x1x4x8xf32>) -> (tensor<4x3xf32>, tensor<4x3xf32>, tensor<1x1x4x8xf32>) {
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<2x3xf32>}> : () -> tensor<2x3xf32>
  %i0 = tensor.empty() : tensor<4x3xf32>
  %x = aicc_cpu.matmul ins(%a, %w : tensor<4x2xf32>, tensor<2x3xf32>) outs(%i0 : tensor<4x3xf32>)
      {post_ops = [#aicc_cpu.eltwise<relu>]} -> tensor<4x3xf32> loc(fused["head", "head_relu"])
  %i1 = tensor.empty() : tensor<4x3xf32>
  %y = aicc_cpu.matmul ins(%a, %w : tensor<4x2xf32>, tensor<2x3xf32>) outs(%i1 : tensor<4x3xf32>) -> tensor<4x3xf32> loc("tail")
  %i2 = tensor.empty() : tensor<1x1x4x8xf32>
  %z = aicc_cpu.attention ins(%q, %q, %q : tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>)
      outs(%i2 : tensor<1x1x4x8xf32>) {scale = 0.35 : f64} -> tensor<1x1x4x8xf32>
  return %x, %y, %z : tensor<4x3xf32>, tensor<4x3xf32>, tensor<1x1x4x8xf32>
}
