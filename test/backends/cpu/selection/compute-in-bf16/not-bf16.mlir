// RUN: aicc-opt %s --aicc-cpu-compute-in-bf16=keep-fp32=head --split-input-file | FileCheck %s

// An int8 matmul stays int8.
// CHECK-LABEL: func.func @int8_matmul
// CHECK-NOT: compute_type
func.func @int8_matmul(%a: tensor<4x256xf32>) -> tensor<4x256xf32> {
  %w = "aicc.Constant"() <{value = dense<1> : tensor<256x256xi8>}> : () -> tensor<256x256xi8>
  %s = "aicc.Constant"() <{value = dense<0.5> : tensor<256xf32>}> : () -> tensor<256xf32>
  %init = tensor.empty() : tensor<4x256xf32>
  %y = aicc_cpu.matmul ins(%a, %w : tensor<4x256xf32>, tensor<256x256xi8>) b_scales(%s : tensor<256xf32>)
      outs(%init : tensor<4x256xf32>) -> tensor<4x256xf32>
  return %y : tensor<4x256xf32>
}

// -----

// A kernel made from a node in keep-fp32 (aicc --keep-fp32) stays f32, even fused with others;
// the attention kernel has no bf16 form.
// CHECK-LABEL: func.func @kept
// CHECK: aicc_cpu.matmul
// CHECK-NOT: compute_type
// CHECK: aicc_cpu.matmul
// CHECK-SAME: compute_type = #aicc_cpu.data_type<bf16>
// CHECK: aicc_cpu.attention
// CHECK-NOT: compute_type
func.func @kept(%a: tensor<4x256xf32>, %q: tensor<1x1x4x8xf32>) -> (tensor<4x256xf32>, tensor<4x256xf32>, tensor<1x1x4x8xf32>) {
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<256x256xf32>}> : () -> tensor<256x256xf32>
  %i0 = tensor.empty() : tensor<4x256xf32>
  %x = aicc_cpu.matmul ins(%a, %w : tensor<4x256xf32>, tensor<256x256xf32>) outs(%i0 : tensor<4x256xf32>)
      {post_ops = [#aicc_cpu.eltwise<relu>]} -> tensor<4x256xf32> loc(fused["head", "head_relu"])
  %i1 = tensor.empty() : tensor<4x256xf32>
  %y = aicc_cpu.matmul ins(%a, %w : tensor<4x256xf32>, tensor<256x256xf32>) outs(%i1 : tensor<4x256xf32>) -> tensor<4x256xf32> loc("tail")
  %i2 = tensor.empty() : tensor<1x1x4x8xf32>
  %z = aicc_cpu.attention ins(%q, %q, %q : tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>)
      outs(%i2 : tensor<1x1x4x8xf32>) {scale = 0.35 : f64} -> tensor<1x1x4x8xf32>
  return %x, %y, %z : tensor<4x256xf32>, tensor<4x256xf32>, tensor<1x1x4x8xf32>
}

// -----

// Where bf16 would be slower: a depthwise conv (9 multiply-adds per element), a 1x1 conv to 64
// channels (64 per input element), one of 16 input channels (16 per output element).
// CHECK-LABEL: func.func @too_few_multiply_adds
// CHECK-NOT: compute_type
func.func @too_few_multiply_adds(%x: tensor<1x64x8x8xf32>, %s: tensor<1x16x8x8xf32>)
    -> (tensor<1x64x8x8xf32>, tensor<1x64x8x8xf32>, tensor<1x256x8x8xf32>) {
  %dw = "aicc.Constant"() <{value = dense<1.0> : tensor<64x1x3x3xf32>}> : () -> tensor<64x1x3x3xf32>
  %i0 = tensor.empty() : tensor<1x64x8x8xf32>
  %a = aicc_cpu.conv ins(%x, %dw : tensor<1x64x8x8xf32>, tensor<64x1x3x3xf32>) outs(%i0 : tensor<1x64x8x8xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 1, 1>,
       pads_end = array<i64: 1, 1>, groups = 64 : i64} -> tensor<1x64x8x8xf32>
  %pw = "aicc.Constant"() <{value = dense<1.0> : tensor<64x64x1x1xf32>}> : () -> tensor<64x64x1x1xf32>
  %i1 = tensor.empty() : tensor<1x64x8x8xf32>
  %b = aicc_cpu.conv ins(%x, %pw : tensor<1x64x8x8xf32>, tensor<64x64x1x1xf32>) outs(%i1 : tensor<1x64x8x8xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>,
       pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x64x8x8xf32>
  %ex = "aicc.Constant"() <{value = dense<1.0> : tensor<256x16x1x1xf32>}> : () -> tensor<256x16x1x1xf32>
  %i2 = tensor.empty() : tensor<1x256x8x8xf32>
  %c = aicc_cpu.conv ins(%s, %ex : tensor<1x16x8x8xf32>, tensor<256x16x1x1xf32>) outs(%i2 : tensor<1x256x8x8xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>,
       pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x256x8x8xf32>
  return %a, %b, %c : tensor<1x64x8x8xf32>, tensor<1x64x8x8xf32>, tensor<1x256x8x8xf32>
}

// -----

// Matmuls: a classifier head of 10 columns (N per A element), a dot product of 16 (K), and a
// product of two activations whose B meets only 4 rows of A.
// CHECK-LABEL: func.func @small_matmuls
// CHECK-NOT: compute_type
func.func @small_matmuls(%a: tensor<4x256xf32>, %s: tensor<4x16xf32>, %b: tensor<256x256xf32>)
    -> (tensor<4x10xf32>, tensor<4x256xf32>, tensor<4x256xf32>) {
  %head = "aicc.Constant"() <{value = dense<1.0> : tensor<256x10xf32>}> : () -> tensor<256x10xf32>
  %i0 = tensor.empty() : tensor<4x10xf32>
  %x = aicc_cpu.matmul ins(%a, %head : tensor<4x256xf32>, tensor<256x10xf32>) outs(%i0 : tensor<4x10xf32>) -> tensor<4x10xf32>
  %short = "aicc.Constant"() <{value = dense<1.0> : tensor<16x256xf32>}> : () -> tensor<16x256xf32>
  %i1 = tensor.empty() : tensor<4x256xf32>
  %y = aicc_cpu.matmul ins(%s, %short : tensor<4x16xf32>, tensor<16x256xf32>) outs(%i1 : tensor<4x256xf32>) -> tensor<4x256xf32>
  %i2 = tensor.empty() : tensor<4x256xf32>
  %z = aicc_cpu.matmul ins(%a, %b : tensor<4x256xf32>, tensor<256x256xf32>) outs(%i2 : tensor<4x256xf32>) -> tensor<4x256xf32>
  return %x, %y, %z : tensor<4x10xf32>, tensor<4x256xf32>, tensor<4x256xf32>
}

// -----

// Weights whose dims only the run knows (never from the lowering, whose weights are constants):
// left alone.
// CHECK-LABEL: func.func @dynamic_weights
// CHECK-NOT: compute_type
func.func @dynamic_weights(%x: tensor<1x64x8x8xf32>, %w: tensor<128x64x?x?xf32>) -> tensor<1x128x8x8xf32> {
  %init = tensor.empty() : tensor<1x128x8x8xf32>
  %y = aicc_cpu.conv ins(%x, %w : tensor<1x64x8x8xf32>, tensor<128x64x?x?xf32>) outs(%init : tensor<1x128x8x8xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 1, 1>,
       pads_end = array<i64: 1, 1>, groups = 1 : i64} -> tensor<1x128x8x8xf32>
  return %y : tensor<1x128x8x8xf32>
}
