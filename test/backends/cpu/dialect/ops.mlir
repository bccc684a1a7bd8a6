// RUN: aicc-opt %s | aicc-opt | FileCheck %s

// Every kernel op and attribute form prints as it parses.
// CHECK-LABEL: func.func @round_trip
func.func @round_trip(%x: tensor<1x8x4x4xf32>, %w: tensor<8x8x3x3xf32>, %b: tensor<8xf32>, %m: memref<1x1x4x4x8xf32>,
                      %a: tensor<2x3xf32>, %bm: tensor<4x3xf32>, %q: tensor<1x4x4x8xui8>) {
  // CHECK: aicc_cpu.conv ins(%{{.*}}, %{{.*}}, %{{.*}} : tensor<1x8x4x4xf32>, tensor<8x8x3x3xf32>, tensor<8xf32>) outs(%{{.*}} : tensor<1x1x4x4x8xf32>)
  // CHECK-SAME: dst_layout = #aicc_cpu.layout<blocked8>
  // CHECK-SAME: post_ops = [#aicc_cpu.sum<scale = 5.000000e-01>, #aicc_cpu.eltwise<clip, alpha = 0.000000e+00, beta = 6.000000e+00>, #aicc_cpu.eltwise<relu>, #aicc_cpu.eltwise<leaky_relu, alpha = 2.500000e-01>]
  %i = tensor.empty() : tensor<1x1x4x4x8xf32>
  %c = aicc_cpu.conv ins(%x, %w, %b : tensor<1x8x4x4xf32>, tensor<8x8x3x3xf32>, tensor<8xf32>) outs(%i : tensor<1x1x4x4x8xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 1, 1>, pads_end = array<i64: 1, 1>, groups = 1 : i64,
       post_ops = [#aicc_cpu.sum<scale = 0.5>, #aicc_cpu.eltwise<clip, alpha = 0.0, beta = 6.0>, #aicc_cpu.eltwise<relu>, #aicc_cpu.eltwise<leaky_relu, alpha = 0.25>],
       dst_layout = #aicc_cpu.layout<blocked8>} -> tensor<1x1x4x4x8xf32>
  // CHECK: aicc_cpu.deconv ins(%{{.*}}, %{{.*}} : tensor<1x8x4x4xf32>, tensor<8x8x3x3xf32>) outs(%{{.*}} : tensor<1x8x6x6xf32>)
  %j = tensor.empty() : tensor<1x8x6x6xf32>
  %d = aicc_cpu.deconv ins(%x, %w : tensor<1x8x4x4xf32>, tensor<8x8x3x3xf32>) outs(%j : tensor<1x8x6x6xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x8x6x6xf32>
  // CHECK: aicc_cpu.matmul ins(%{{.*}}, %{{.*}} : tensor<2x3xf32>, tensor<4x3xf32>) outs(%{{.*}} : tensor<2x4xf32>) {alpha = 2.000000e+00 : f64, post_ops = [#aicc_cpu.eltwise<sigmoid>], trans_b = true}
  %k = tensor.empty() : tensor<2x4xf32>
  %mm = aicc_cpu.matmul ins(%a, %bm : tensor<2x3xf32>, tensor<4x3xf32>) outs(%k : tensor<2x4xf32>)
      {trans_b = true, alpha = 2.0 : f64, post_ops = [#aicc_cpu.eltwise<sigmoid>]} -> tensor<2x4xf32>
  // CHECK: aicc_cpu.pool <average_include_pad> ins(%{{.*}} : memref<1x1x4x4x8xf32>) outs(%{{.*}} : memref<1x1x2x2x8xf32>)
  // CHECK-SAME: layout = #aicc_cpu.layout<blocked8>
  %pm = memref.alloc() : memref<1x1x2x2x8xf32>
  aicc_cpu.pool <average_include_pad> ins(%m : memref<1x1x4x4x8xf32>) outs(%pm : memref<1x1x2x2x8xf32>)
      {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>,
       layout = #aicc_cpu.layout<blocked8>}
  // CHECK: aicc_cpu.pool <average_exclude_pad> ins(%{{.*}} : tensor<1x4x4x8xui8>) outs(%{{.*}} : tensor<1x1x1x8xui8>)
  // CHECK-SAME: data_type = #aicc_cpu.data_type<u8>, dilations = array<i64: 1, 1>, kernel = array<i64: 4, 4>,
  // CHECK-SAME: layout = #aicc_cpu.layout<channels_last>, output_scale = 5.000000e-01 : f64, output_shift = 6.400000e+01 : f64
  %qi = tensor.empty() : tensor<1x1x1x8xui8>
  %qp = aicc_cpu.pool <average_exclude_pad> ins(%q : tensor<1x4x4x8xui8>) outs(%qi : tensor<1x1x1x8xui8>)
      {kernel = array<i64: 4, 4>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>,
       layout = #aicc_cpu.layout<channels_last>, data_type = #aicc_cpu.data_type<u8>, output_scale = 0.5 : f64, output_shift = 64.0 : f64}
      -> tensor<1x1x1x8xui8>
  // CHECK: aicc_cpu.reorder <blocked8> to <channels_last> ins(%{{.*}} : tensor<1x1x4x4x8xf32>) outs(%{{.*}} : tensor<1x4x4x8xf32>) {logical_shape = array<i64: 1, 8, 4, 4>}
  %l = tensor.empty() : tensor<1x4x4x8xf32>
  %r = aicc_cpu.reorder <blocked8> to <channels_last> ins(%c : tensor<1x1x4x4x8xf32>) outs(%l : tensor<1x4x4x8xf32>)
      {logical_shape = array<i64: 1, 8, 4, 4>} -> tensor<1x4x4x8xf32>
  return
}
