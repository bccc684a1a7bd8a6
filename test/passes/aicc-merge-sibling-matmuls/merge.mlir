// RUN: aicc-opt %s -aicc-merge-sibling-matmuls -split-input-file | FileCheck %s

// Query, key and value Linears of one hidden state, as Hugging Face's BERT exports them
// (MatMul by the transposed weight, then Add(bias, ·)): one MatMul by [Wq Wk Wv], one bias Add,
// a Split into the three.
// CHECK-LABEL: func.func @qkv
// CHECK-DAG: %[[W:.*]] = "aicc.Constant"() <{value = dense<{{\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00, 5.000000e+00], [6.000000e+00, 7.000000e+00, 8.000000e+00, 9.000000e+00, 1.000000e+01]]> : tensor<2x5xf32>}>
// CHECK-DAG: %[[B:.*]] = "aicc.Constant"() <{value = dense<[1.000000e-01, 2.000000e-01, 3.000000e-01, 4.000000e-01, 5.000000e-01]> : tensor<5xf32>}>
// CHECK-DAG: %[[SIZES:.*]] = "aicc.Constant"() <{value = dense<[2, 1, 2]> : tensor<3xi64>}>
// CHECK: %[[M:.*]] = "aicc.MatMul"(%arg0, %[[W]]) : (tensor<1x3x2xf32>, tensor<2x5xf32>) -> tensor<1x3x5xf32>
// CHECK: %[[A:.*]] = "aicc.Add"(%[[M]], %[[B]]) : (tensor<1x3x5xf32>, tensor<5xf32>) -> tensor<1x3x5xf32>
// CHECK: %[[S:.*]]:3 = "aicc.Split"(%[[A]], %[[SIZES]]) <{axis = -1 : i64}> : (tensor<1x3x5xf32>, tensor<3xi64>) -> (tensor<1x3x2xf32>, tensor<1x3x1xf32>, tensor<1x3x2xf32>)
// CHECK-NOT: "aicc.MatMul"
// CHECK: return %[[S]]#0, %[[S]]#1, %[[S]]#2
func.func @qkv(%x: tensor<1x3x2xf32>) -> (tensor<1x3x2xf32>, tensor<1x3x1xf32>, tensor<1x3x2xf32>) {
  %wq = "aicc.Constant"() <{value = dense<[[1.0, 2.0], [6.0, 7.0]]> : tensor<2x2xf32>}> : () -> tensor<2x2xf32>
  %wk = "aicc.Constant"() <{value = dense<[[3.0], [8.0]]> : tensor<2x1xf32>}> : () -> tensor<2x1xf32>
  %wv = "aicc.Constant"() <{value = dense<[[4.0, 5.0], [9.0, 10.0]]> : tensor<2x2xf32>}> : () -> tensor<2x2xf32>
  %bq = "aicc.Constant"() <{value = dense<[0.1, 0.2]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %bk = "aicc.Constant"() <{value = dense<[0.3]> : tensor<1xf32>}> : () -> tensor<1xf32>
  %bv = "aicc.Constant"() <{value = dense<[0.4, 0.5]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %mq = "aicc.MatMul"(%x, %wq) : (tensor<1x3x2xf32>, tensor<2x2xf32>) -> tensor<1x3x2xf32>
  %q = "aicc.Add"(%bq, %mq) : (tensor<2xf32>, tensor<1x3x2xf32>) -> tensor<1x3x2xf32>
  %mk = "aicc.MatMul"(%x, %wk) : (tensor<1x3x2xf32>, tensor<2x1xf32>) -> tensor<1x3x1xf32>
  %k = "aicc.Add"(%bk, %mk) : (tensor<1xf32>, tensor<1x3x1xf32>) -> tensor<1x3x1xf32>
  %mv = "aicc.MatMul"(%x, %wv) : (tensor<1x3x2xf32>, tensor<2x2xf32>) -> tensor<1x3x2xf32>
  %v = "aicc.Add"(%mv, %bv) : (tensor<1x3x2xf32>, tensor<2xf32>) -> tensor<1x3x2xf32>
  return %q, %k, %v : tensor<1x3x2xf32>, tensor<1x3x1xf32>, tensor<1x3x2xf32>
}

// -----

// A symbolic batch and sequence; the second projection has no bias (it gets zeros), the first
// one's result is also read elsewhere, so its Add stays a reader of the split part.
// CHECK-LABEL: func.func @partial_bias
// CHECK: %[[M:.*]] = "aicc.MatMul"(%arg0, %{{.*}}) : (tensor<?x?x2xf32>, tensor<2x4xf32>) -> tensor<?x?x4xf32>
// CHECK-NOT: "aicc.Add"(%[[M]]
// CHECK: %[[S:.*]]:2 = "aicc.Split"(%[[M]], %{{.*}}) <{axis = -1 : i64}>
// CHECK: %[[Q:.*]] = "aicc.Add"(%{{.*}}, %[[S]]#0)
// CHECK: return %[[Q]], %[[S]]#0, %[[S]]#1
func.func @partial_bias(%x: tensor<?x?x2xf32>) -> (tensor<?x?x2xf32>, tensor<?x?x2xf32>, tensor<?x?x2xf32>) {
  %wq = "aicc.Constant"() <{value = dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>}> : () -> tensor<2x2xf32>
  %wk = "aicc.Constant"() <{value = dense<[[5.0, 6.0], [7.0, 8.0]]> : tensor<2x2xf32>}> : () -> tensor<2x2xf32>
  %bq = "aicc.Constant"() <{value = dense<[0.1, 0.2]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %mq = "aicc.MatMul"(%x, %wq) : (tensor<?x?x2xf32>, tensor<2x2xf32>) -> tensor<?x?x2xf32>
  %q = "aicc.Add"(%bq, %mq) : (tensor<2xf32>, tensor<?x?x2xf32>) -> tensor<?x?x2xf32>
  %k = "aicc.MatMul"(%x, %wk) : (tensor<?x?x2xf32>, tensor<2x2xf32>) -> tensor<?x?x2xf32>
  return %q, %mq, %k : tensor<?x?x2xf32>, tensor<?x?x2xf32>, tensor<?x?x2xf32>
}
