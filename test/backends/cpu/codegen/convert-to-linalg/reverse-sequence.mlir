// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg | FileCheck %s

// ReverseSequence, time-major: step t of batch entry b reads step len[b] - 1 - t while t < len[b],
// itself after; the length is checked against the number of steps (plus one) on the batch axis.
// CHECK-LABEL: func.func @time_major
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<4x2x3xf32>)
// CHECK: %[[B:.*]] = linalg.index 1 : index
// CHECK: %[[LEN:.*]] = tensor.extract %arg1[%[[B]]] : tensor<2xi64>
// CHECK: %[[POS:.*]], %{{.*}} = aicc_cpu.check_index %{{.*}} for axis 1 of size %{{.*}} "ReverseSequence" : i64
// CHECK: %[[REV:.*]] = arith.cmpi ult, %{{.*}}, %[[POS]] : index
// CHECK: %[[FROM:.*]] = arith.select %[[REV]]
// CHECK: tensor.extract %arg0[%[[FROM]], %[[B]], %{{.*}}] : tensor<4x2x3xf32>
func.func @time_major(%x: tensor<4x2x3xf32>, %l: tensor<2xi64>) -> tensor<4x2x3xf32> {
  %r = "aicc.ReverseSequence"(%x, %l) <{batch_axis = 1 : i64, time_axis = 0 : i64}> : (tensor<4x2x3xf32>, tensor<2xi64>) -> tensor<4x2x3xf32>
  return %r : tensor<4x2x3xf32>
}
