// RUN: aicc-opt %s --aicc-split-norm-groups --split-input-file | FileCheck %s

// nn.GroupNorm(2, 8) as torch.onnx.export writes it: the groups are normalized as
// [1, 2, 4, 4, 4] (channel dim kept) and the Reshape back reads that form directly.
// CHECK-LABEL: func.func @torch_group_norm
// CHECK: %[[S5:.*]] = "aicc.Constant"() <{value = dense<[1, 2, 4, 4, 4]> : tensor<5xi64>}>
// CHECK: %[[G:.*]] = "aicc.Reshape"(%arg0, %[[S5]]) {{.*}} -> tensor<1x2x4x4x4xf32>
// CHECK: %[[N:.*]] = "aicc.InstanceNormalization"(%[[G]], %arg1, %arg2) <{epsilon = 9.99999974E-6 : f32}> : (tensor<1x2x4x4x4xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4x4xf32>
// CHECK: %[[S4:.*]] = "aicc.Constant"() <{value = dense<[1, 8, 4, 4]> : tensor<4xi64>}>
// CHECK: %[[U:.*]] = "aicc.Reshape"(%[[N]], %[[S4]]) {{.*}} -> tensor<1x8x4x4xf32>
// CHECK: "aicc.Mul"(%[[U]], %arg3)
// CHECK-NOT: tensor<1x2x64xf32>
func.func @torch_group_norm(%x: tensor<1x8x4x4xf32>, %ones: tensor<2xf32>, %zeros: tensor<2xf32>, %w: tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32> {
  %grouped_shape = "aicc.Constant"() <{value = dense<[1, 2, -1]> : tensor<3xi64>}> : () -> tensor<3xi64>
  %x_shape = "aicc.Constant"() <{value = dense<[1, 8, 4, 4]> : tensor<4xi64>}> : () -> tensor<4xi64>
  %g = "aicc.Reshape"(%x, %grouped_shape) <{allowzero = 0 : i64}> : (tensor<1x8x4x4xf32>, tensor<3xi64>) -> tensor<1x2x64xf32>
  %n = "aicc.InstanceNormalization"(%g, %ones, %zeros) <{epsilon = 9.99999974E-6 : f32}> : (tensor<1x2x64xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x64xf32>
  %u = "aicc.Reshape"(%n, %x_shape) <{allowzero = 0 : i64}> : (tensor<1x2x64xf32>, tensor<4xi64>) -> tensor<1x8x4x4xf32>
  %y = "aicc.Mul"(%u, %w) : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

// -----

// A user other than a Reshape reads the grouped shape, through a Reshape of the split form.
// CHECK-LABEL: func.func @other_user
// CHECK: %[[N:.*]] = "aicc.InstanceNormalization"({{.*}}) -> tensor<2x4x3x5xf32>
// CHECK: %[[S:.*]] = "aicc.Constant"() <{value = dense<[2, 4, 15]> : tensor<3xi64>}>
// CHECK: %[[G:.*]] = "aicc.Reshape"(%[[N]], %[[S]]) {{.*}} -> tensor<2x4x15xf32>
// CHECK: "aicc.Relu"(%[[G]])
func.func @other_user(%x: tensor<2x12x5xf32>, %s: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<2x4x15xf32> {
  %shape = "aicc.Constant"() <{value = dense<[2, 4, 15]> : tensor<3xi64>}> : () -> tensor<3xi64>
  %g = "aicc.Reshape"(%x, %shape) <{allowzero = 0 : i64}> : (tensor<2x12x5xf32>, tensor<3xi64>) -> tensor<2x4x15xf32>
  %n = "aicc.InstanceNormalization"(%g, %s, %b) <{epsilon = 1.0E-5 : f32}> : (tensor<2x4x15xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4x15xf32>
  %r = "aicc.Relu"(%n) : (tensor<2x4x15xf32>) -> tensor<2x4x15xf32>
  return %r : tensor<2x4x15xf32>
}

// -----

// Not a grouping of channels: 4 does not divide 6 (a reshape across the channel boundary), a
// symbolic batch, and an InstanceNormalization of an input that is not reshaped are left alone.
// CHECK-LABEL: func.func @not_groups
// CHECK: "aicc.InstanceNormalization"({{.*}}) -> tensor<2x4x6xf32>
// CHECK: "aicc.InstanceNormalization"({{.*}}) -> tensor<?x2x16xf32>
// CHECK: "aicc.InstanceNormalization"(%arg2, {{.*}}) -> tensor<2x6x4xf32>
// CHECK-NOT: "aicc.Reshape"({{.*}}) {{.*}} -> tensor<2x4x
func.func @not_groups(%x: tensor<2x6x4xf32>, %y: tensor<?x8x4xf32>, %z: tensor<2x6x4xf32>, %s4: tensor<4xf32>, %s2: tensor<2xf32>, %s6: tensor<6xf32>)
    -> (tensor<2x4x6xf32>, tensor<?x2x16xf32>, tensor<2x6x4xf32>) {
  %shape = "aicc.Constant"() <{value = dense<[2, 4, 6]> : tensor<3xi64>}> : () -> tensor<3xi64>
  %g = "aicc.Reshape"(%x, %shape) <{allowzero = 0 : i64}> : (tensor<2x6x4xf32>, tensor<3xi64>) -> tensor<2x4x6xf32>
  %n = "aicc.InstanceNormalization"(%g, %s4, %s4) <{epsilon = 1.0E-5 : f32}> : (tensor<2x4x6xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4x6xf32>
  %dyn_shape = "aicc.Constant"() <{value = dense<[0, 2, -1]> : tensor<3xi64>}> : () -> tensor<3xi64>
  %h = "aicc.Reshape"(%y, %dyn_shape) <{allowzero = 0 : i64}> : (tensor<?x8x4xf32>, tensor<3xi64>) -> tensor<?x2x16xf32>
  %m = "aicc.InstanceNormalization"(%h, %s2, %s2) <{epsilon = 1.0E-5 : f32}> : (tensor<?x2x16xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x2x16xf32>
  %p = "aicc.InstanceNormalization"(%z, %s6, %s6) <{epsilon = 1.0E-5 : f32}> : (tensor<2x6x4xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<2x6x4xf32>
  return %n, %m, %p : tensor<2x4x6xf32>, tensor<?x2x16xf32>, tensor<2x6x4xf32>
}
