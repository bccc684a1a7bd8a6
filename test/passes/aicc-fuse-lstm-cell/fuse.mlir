// RUN: aicc-opt %s -aicc-fuse-lstm-cell -split-input-file | FileCheck %s

// A traced nn.LSTMCell (hidden 1, input 1): the gate rows i, f, g, o of W_ih = [1, 2, 3, 4],
// W_hh = [5, 6, 7, 8], b_ih = [10, 20, 30, 40], b_hh = [50, 60, 70, 80] go into ONNX's order
// i, o, f, c; the chain becomes one LSTM step between Unsqueezes and Squeezes.
// CHECK-LABEL: func.func @traced_cell
// CHECK-DAG: %[[W:.*]] = "aicc.Constant"() <{value = dense<{{\[\[\[}}1.000000e+00], [4.000000e+00], [2.000000e+00], [3.000000e+00]]]> : tensor<1x4x1xf32>}>
// CHECK-DAG: %[[R:.*]] = "aicc.Constant"() <{value = dense<{{\[\[\[}}5.000000e+00], [8.000000e+00], [6.000000e+00], [7.000000e+00]]]> : tensor<1x4x1xf32>}>
// CHECK-DAG: %[[B:.*]] = "aicc.Constant"() <{value = dense<{{\[\[}}1.000000e+01, 4.000000e+01, 2.000000e+01, 3.000000e+01, 5.000000e+01, 8.000000e+01, 6.000000e+01, 7.000000e+01]]> : tensor<1x8xf32>}>
// CHECK-DAG: %[[X:.*]] = "aicc.Unsqueeze"(%arg0, %{{.*}}) : (tensor<2x1xf32>, tensor<1xi64>) -> tensor<1x2x1xf32>
// CHECK-DAG: %[[H:.*]] = "aicc.Unsqueeze"(%arg1, %{{.*}}) : (tensor<2x1xf32>, tensor<1xi64>) -> tensor<1x2x1xf32>
// CHECK-DAG: %[[C:.*]] = "aicc.Unsqueeze"(%arg2, %{{.*}}) : (tensor<2x1xf32>, tensor<1xi64>) -> tensor<1x2x1xf32>
// CHECK: %{{[A-Za-z_0-9]+}}, %[[YH:[A-Za-z_0-9]+]], %[[YC:[A-Za-z_0-9]+]] = "aicc.LSTM"(%[[X]], %[[W]], %[[R]], %[[B]], %{{.*}}, %[[H]], %[[C]], %{{.*}}) <{{{.*}}hidden_size = 1 : i64
// CHECK-DAG: %[[HOUT:.*]] = "aicc.Squeeze"(%[[YH]], %{{.*}}) : (tensor<1x2x1xf32>, tensor<1xi64>) -> tensor<2x1xf32>
// CHECK-DAG: %[[COUT:.*]] = "aicc.Squeeze"(%[[YC]], %{{.*}}) : (tensor<1x2x1xf32>, tensor<1xi64>) -> tensor<2x1xf32>
// CHECK: return %[[HOUT]], %[[COUT]]
func.func @traced_cell(%x: tensor<2x1xf32>, %h: tensor<2x1xf32>, %c: tensor<2x1xf32>) -> (tensor<2x1xf32>, tensor<2x1xf32>) {
  %wih = "aicc.Constant"() <{value = dense<[[1.0], [2.0], [3.0], [4.0]]> : tensor<4x1xf32>}> : () -> tensor<4x1xf32>
  %whh = "aicc.Constant"() <{value = dense<[[5.0], [6.0], [7.0], [8.0]]> : tensor<4x1xf32>}> : () -> tensor<4x1xf32>
  %bih = "aicc.Constant"() <{value = dense<[10.0, 20.0, 30.0, 40.0]> : tensor<4xf32>}> : () -> tensor<4xf32>
  %bhh = "aicc.Constant"() <{value = dense<[50.0, 60.0, 70.0, 80.0]> : tensor<4xf32>}> : () -> tensor<4xf32>
  %split = "aicc.Constant"() <{value = dense<1> : tensor<4xi64>}> : () -> tensor<4xi64>
  %g1 = "aicc.Gemm"(%x, %wih, %bih) <{transB = 1 : i64}> : (tensor<2x1xf32>, tensor<4x1xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %g2 = "aicc.Gemm"(%h, %whh, %bhh) <{transB = 1 : i64}> : (tensor<2x1xf32>, tensor<4x1xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %gates = "aicc.Add"(%g1, %g2) : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %i, %f, %g, %o = "aicc.Split"(%gates, %split) <{axis = 1 : i64}> : (tensor<2x4xf32>, tensor<4xi64>) -> (tensor<2x1xf32>, tensor<2x1xf32>, tensor<2x1xf32>, tensor<2x1xf32>)
  %si = "aicc.Sigmoid"(%i) : (tensor<2x1xf32>) -> tensor<2x1xf32>
  %sf = "aicc.Sigmoid"(%f) : (tensor<2x1xf32>) -> tensor<2x1xf32>
  %tg = "aicc.Tanh"(%g) : (tensor<2x1xf32>) -> tensor<2x1xf32>
  %so = "aicc.Sigmoid"(%o) : (tensor<2x1xf32>) -> tensor<2x1xf32>
  %fc = "aicc.Mul"(%sf, %c) : (tensor<2x1xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>
  %ig = "aicc.Mul"(%si, %tg) : (tensor<2x1xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>
  %c2 = "aicc.Add"(%fc, %ig) : (tensor<2x1xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>
  %tc = "aicc.Tanh"(%c2) : (tensor<2x1xf32>) -> tensor<2x1xf32>
  %h2 = "aicc.Mul"(%so, %tc) : (tensor<2x1xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>
  return %h2, %c2 : tensor<2x1xf32>, tensor<2x1xf32>
}

// -----

// Not a cell: the gate read elsewhere (here returned) must stay, so nothing fuses; nor do gates
// whose activations are in another order.
// CHECK-LABEL: func.func @gate_used_twice
// CHECK-NOT: aicc.LSTM
// CHECK: aicc.Split
func.func @gate_used_twice(%x: tensor<2x1xf32>, %h: tensor<2x1xf32>, %c: tensor<2x1xf32>) -> (tensor<2x1xf32>, tensor<2x1xf32>) {
  %wih = "aicc.Constant"() <{value = dense<1.0> : tensor<4x1xf32>}> : () -> tensor<4x1xf32>
  %whh = "aicc.Constant"() <{value = dense<2.0> : tensor<4x1xf32>}> : () -> tensor<4x1xf32>
  %none = aicc.none
  %g1 = "aicc.Gemm"(%x, %wih, %none) <{transB = 1 : i64}> : (tensor<2x1xf32>, tensor<4x1xf32>, none) -> tensor<2x4xf32>
  %g2 = "aicc.Gemm"(%h, %whh, %none) <{transB = 1 : i64}> : (tensor<2x1xf32>, tensor<4x1xf32>, none) -> tensor<2x4xf32>
  %gates = "aicc.Add"(%g1, %g2) : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %i, %f, %g, %o = "aicc.Split"(%gates, %none) <{axis = 1 : i64}> : (tensor<2x4xf32>, none) -> (tensor<2x1xf32>, tensor<2x1xf32>, tensor<2x1xf32>, tensor<2x1xf32>)
  %si = "aicc.Sigmoid"(%i) : (tensor<2x1xf32>) -> tensor<2x1xf32>
  %sf = "aicc.Sigmoid"(%f) : (tensor<2x1xf32>) -> tensor<2x1xf32>
  %tg = "aicc.Tanh"(%g) : (tensor<2x1xf32>) -> tensor<2x1xf32>
  %so = "aicc.Sigmoid"(%o) : (tensor<2x1xf32>) -> tensor<2x1xf32>
  %fc = "aicc.Mul"(%sf, %c) : (tensor<2x1xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>
  %ig = "aicc.Mul"(%si, %tg) : (tensor<2x1xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>
  %c2 = "aicc.Add"(%fc, %ig) : (tensor<2x1xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>
  %tc = "aicc.Tanh"(%c2) : (tensor<2x1xf32>) -> tensor<2x1xf32>
  %h2 = "aicc.Mul"(%so, %tc) : (tensor<2x1xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>
  %extra = "aicc.Add"(%h2, %i) : (tensor<2x1xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>
  return %extra, %c2 : tensor<2x1xf32>, tensor<2x1xf32>
}

// -----

// Not a cell step either: x has batch 1 and the state batch 2, broadcast by the Add; an LSTM
// step takes one batch.
// CHECK-LABEL: func.func @broadcast_batch
// CHECK-NOT: aicc.LSTM
func.func @broadcast_batch(%x: tensor<1x1xf32>, %h: tensor<2x1xf32>, %c: tensor<2x1xf32>) -> (tensor<2x1xf32>, tensor<2x1xf32>) {
  %wih = "aicc.Constant"() <{value = dense<1.0> : tensor<4x1xf32>}> : () -> tensor<4x1xf32>
  %whh = "aicc.Constant"() <{value = dense<2.0> : tensor<4x1xf32>}> : () -> tensor<4x1xf32>
  %none = aicc.none
  %g1 = "aicc.Gemm"(%x, %wih, %none) <{transB = 1 : i64}> : (tensor<1x1xf32>, tensor<4x1xf32>, none) -> tensor<1x4xf32>
  %g2 = "aicc.Gemm"(%h, %whh, %none) <{transB = 1 : i64}> : (tensor<2x1xf32>, tensor<4x1xf32>, none) -> tensor<2x4xf32>
  %gates = "aicc.Add"(%g1, %g2) : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %i, %f, %g, %o = "aicc.Split"(%gates, %none) <{axis = 1 : i64}> : (tensor<2x4xf32>, none) -> (tensor<2x1xf32>, tensor<2x1xf32>, tensor<2x1xf32>, tensor<2x1xf32>)
  %si = "aicc.Sigmoid"(%i) : (tensor<2x1xf32>) -> tensor<2x1xf32>
  %sf = "aicc.Sigmoid"(%f) : (tensor<2x1xf32>) -> tensor<2x1xf32>
  %tg = "aicc.Tanh"(%g) : (tensor<2x1xf32>) -> tensor<2x1xf32>
  %so = "aicc.Sigmoid"(%o) : (tensor<2x1xf32>) -> tensor<2x1xf32>
  %fc = "aicc.Mul"(%sf, %c) : (tensor<2x1xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>
  %ig = "aicc.Mul"(%si, %tg) : (tensor<2x1xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>
  %c2 = "aicc.Add"(%fc, %ig) : (tensor<2x1xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>
  %tc = "aicc.Tanh"(%c2) : (tensor<2x1xf32>) -> tensor<2x1xf32>
  %h2 = "aicc.Mul"(%so, %tc) : (tensor<2x1xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>
  return %h2, %c2 : tensor<2x1xf32>, tensor<2x1xf32>
}
