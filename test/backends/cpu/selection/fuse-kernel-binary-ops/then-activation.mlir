// RUN: aicc-opt %s --aicc-cpu-fuse-kernel-activations --aicc-cpu-fuse-kernel-binary-ops --aicc-cpu-fuse-kernel-activations | FileCheck %s

// As the CPU pipeline runs them: activation, binary, activation folds. Relu, a masking Add and
// a Sigmoid after it all end up in the matmul's post-op list, in order.
// CHECK-LABEL: func.func @relu_mask_sigmoid
// CHECK: %[[K:.*]] = aicc_cpu.matmul
// CHECK-SAME: post_ops = [#aicc_cpu.eltwise<relu>, #aicc_cpu.binary<add>, #aicc_cpu.eltwise<sigmoid>]
// CHECK-NEXT: return %[[K]]
func.func @relu_mask_sigmoid(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>, %mask: tensor<1x5xf32>) -> tensor<3x5xf32> {
  %i = tensor.empty() : tensor<3x5xf32>
  %m = aicc_cpu.matmul ins(%a, %b : tensor<3x4xf32>, tensor<4x5xf32>) outs(%i : tensor<3x5xf32>) -> tensor<3x5xf32>
  %r = "aicc.Relu"(%m) : (tensor<3x5xf32>) -> tensor<3x5xf32>
  %s = "aicc.Add"(%r, %mask) : (tensor<3x5xf32>, tensor<1x5xf32>) -> tensor<3x5xf32>
  %y = "aicc.Sigmoid"(%s) : (tensor<3x5xf32>) -> tensor<3x5xf32>
  return %y : tensor<3x5xf32>
}
