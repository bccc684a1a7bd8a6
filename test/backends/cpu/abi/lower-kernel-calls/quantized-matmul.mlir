// RUN: aicc-opt %s --aicc-cpu-lower-kernel-calls | FileCheck %s

// A matmul with b_scales is a quantized_matmul entry: the matmul's params inside, how many scales
// there are, A's type (f32: dynamic), the scales in slot 4 after the bias, and binary post-op
// tensors from slot 5 on.
// CHECK: #aicc_cpu.kernel<kind = quantized_matmul, name = "/fc/MatMul", num_args = 6,
// CHECK-SAME: params = #aicc_cpu.quantized_matmul_params<matmul = <a_dims = [4, 2], b_dims = [2, 3], y_dims = [4, 3],
// CHECK-SAME: bias_dims = [1, 3], alpha = 1.000000e+00, post_ops = [#aicc_cpu.binary_post_op<add, arg = 5, dims = [4, 3]>]>,
// CHECK-SAME: scale_count = 3, a_type = f32, a_zero_point = 0, a_scale = 0.000000e+00>,
// CHECK-SAME: constants = [unit, @__constant_w, unit, unit, @__constant_s, unit]>
// A static A (8-bit with a_type, a_scale and a_zero_point, a QDQ graph's): its type, scale and
// zero point. The lowering's A is signless: a_type keeps it u8.
// CHECK-SAME: #aicc_cpu.kernel<kind = quantized_matmul, name = "/qdq/MatMul", num_args = 5,
// CHECK-SAME: scale_count = 1, a_type = u8, a_zero_point = 128, a_scale = 5.000000e-02>,
memref.global "private" constant @__constant_w : memref<2x3xi8> = dense<1>
memref.global "private" constant @__constant_s : memref<3xf32> = dense<1.000000e-01>

// CHECK-LABEL: func.func @main(
// CHECK: %[[ARGS:.*]] = memref.alloca() : memref<6xindex>
// CHECK: call @aicc_kernel_run
// CHECK-NOT: aicc_cpu.matmul
func.func @main(%a: memref<4x2xf32>, %bias: memref<1x3xf32>, %r: memref<4x3xf32>, %y: memref<4x3xf32>) {
  %w = memref.get_global @__constant_w : memref<2x3xi8>
  %s = memref.get_global @__constant_s : memref<3xf32>
  aicc_cpu.matmul ins(%a, %w, %bias : memref<4x2xf32>, memref<2x3xi8>, memref<1x3xf32>) post_op_inputs(%r : memref<4x3xf32>)
      b_scales(%s : memref<3xf32>) outs(%y : memref<4x3xf32>) {post_ops = [#aicc_cpu.binary<add>]} loc("/fc/MatMul")
  return
}

// The second kernel's A is static (@static_a).
func.func @static_a(%a: memref<4x2xi8>, %y: memref<4x3xf32>) {
  %w = memref.get_global @__constant_w : memref<2x3xi8>
  %s = memref.get_global @__constant_one : memref<1xf32>
  aicc_cpu.matmul ins(%a, %w : memref<4x2xi8>, memref<2x3xi8>) b_scales(%s : memref<1xf32>) outs(%y : memref<4x3xf32>)
      {a_type = #aicc_cpu.data_type<u8>, a_scale = 5.000000e-02 : f64, a_zero_point = 128 : i64} loc("/qdq/MatMul")
  return
}
memref.global "private" constant @__constant_one : memref<1xf32> = dense<1.000000e-01>
