// EvaluateConstantSubgraphs collapses a computed shape (Shape -> Gather -> Unsqueeze -> Concat) to
// a constant, and the Reshape it feeds gets a static result type from shape inference.
// RUN: aicc-opt %s -aicc-evaluate-constant-subgraphs | FileCheck %s

// CHECK-LABEL: func @flatten_batch
// CHECK-SAME: -> tensor<2x12xf32>
// CHECK: %[[SHAPE:.*]] = "aicc.Constant"() <{value = dense<[2, 12]> : tensor<2xi64>}>
// CHECK-NOT: aicc.Shape
// CHECK-NOT: aicc.Gather
// CHECK-NOT: aicc.Concat
// CHECK: "aicc.Reshape"(%arg0, %[[SHAPE]]) {{.*}} -> tensor<2x12xf32>
func.func @flatten_batch(%x: tensor<2x3x4xf32>) -> tensor<?x?xf32> {
  %shape = "aicc.Shape"(%x) : (tensor<2x3x4xf32>) -> tensor<3xi64>
  %zero = "aicc.Constant"() <{value = dense<0> : tensor<i64>}> : () -> tensor<i64>
  %batch = "aicc.Gather"(%shape, %zero) <{axis = 0 : i64}> : (tensor<3xi64>, tensor<i64>) -> tensor<i64>
  %axes = "aicc.Constant"() <{value = dense<[0]> : tensor<1xi64>}> : () -> tensor<1xi64>
  %batch1 = "aicc.Unsqueeze"(%batch, %axes) : (tensor<i64>, tensor<1xi64>) -> tensor<?xi64>
  %tail = "aicc.Constant"() <{value = dense<[1]> : tensor<1xi64>}> : () -> tensor<1xi64>
  %starts = "aicc.Constant"() <{value = dense<[1]> : tensor<1xi64>}> : () -> tensor<1xi64>
  %ends = "aicc.Constant"() <{value = dense<[3]> : tensor<1xi64>}> : () -> tensor<1xi64>
  %none = aicc.none
  %rest = "aicc.Slice"(%shape, %starts, %ends, %none, %none) : (tensor<3xi64>, tensor<1xi64>, tensor<1xi64>, none, none) -> tensor<?xi64>
  %prod = "aicc.ReduceProd"(%rest) <{keepdims = 1 : i64}> : (tensor<?xi64>) -> tensor<?xi64>
  %target = "aicc.Concat"(%batch1, %prod) <{axis = 0 : i64}> : (tensor<?xi64>, tensor<?xi64>) -> tensor<?xi64>
  %y = "aicc.Reshape"(%x, %target) : (tensor<2x3x4xf32>, tensor<?xi64>) -> tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}

// -----

// Shape of a tensor whose dims are only known after the first Reshape is folded: evaluation and
// shape inference alternate until nothing changes.
// CHECK-LABEL: func @two_rounds
// CHECK-SAME: -> tensor<4x6xf32>
// CHECK-NOT: aicc.Shape
// CHECK: "aicc.Reshape"({{.*}}) {{.*}} -> tensor<6x4xf32>
// CHECK: "aicc.Reshape"({{.*}}) {{.*}} -> tensor<4x6xf32>
func.func @two_rounds(%x: tensor<2x3x4xf32>) -> tensor<?x?xf32> {
  %s = "aicc.Constant"() <{value = dense<[6, -1]> : tensor<2xi64>}> : () -> tensor<2xi64>
  %a = "aicc.Reshape"(%x, %s) : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  %shape = "aicc.Shape"(%a) : (tensor<?x?xf32>) -> tensor<2xi64>
  %zero = "aicc.Constant"() <{value = dense<0> : tensor<i64>}> : () -> tensor<i64>
  %r = "aicc.Constant"() <{value = dense<[1, 0]> : tensor<2xi64>}> : () -> tensor<2xi64>
  %swapped = "aicc.Gather"(%shape, %r) <{axis = 0 : i64}> : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  %b = "aicc.Reshape"(%a, %swapped) : (tensor<?x?xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return %b : tensor<?x?xf32>
}

// Dims of a Shape that are static evaluate even where other dims are symbolic (nn.MultiheadAttention
// splits its in-projection by x.shape[-1]); a symbolic dim does not.
// CHECK-LABEL: func @static_dims_of_symbolic_shape
// CHECK-DAG: "aicc.Constant"() <{value = dense<192> : tensor<i64>}>
// CHECK-DAG: "aicc.Constant"() <{value = dense<[2, 192]> : tensor<2xi64>}>
// CHECK: %[[SEQ:.*]] = "aicc.Gather"
// CHECK: return %{{.*}}, %{{.*}}, %[[SEQ]]
func.func @static_dims_of_symbolic_shape(%x: tensor<?x2x192xf32>) -> (tensor<i64>, tensor<2xi64>, tensor<i64>) {
  %shape = "aicc.Shape"(%x) : (tensor<?x2x192xf32>) -> tensor<3xi64>
  %last = "aicc.Constant"() <{value = dense<-1> : tensor<i64>}> : () -> tensor<i64>
  %width = "aicc.Gather"(%shape, %last) <{axis = 0 : i64}> : (tensor<3xi64>, tensor<i64>) -> tensor<i64>
  %tail = "aicc.Constant"() <{value = dense<[1, 2]> : tensor<2xi64>}> : () -> tensor<2xi64>
  %dims = "aicc.Gather"(%shape, %tail) <{axis = 0 : i64}> : (tensor<3xi64>, tensor<2xi64>) -> tensor<2xi64>
  %first = "aicc.Constant"() <{value = dense<0> : tensor<i64>}> : () -> tensor<i64>
  %seq = "aicc.Gather"(%shape, %first) <{axis = 0 : i64}> : (tensor<3xi64>, tensor<i64>) -> tensor<i64>
  return %width, %dims, %seq : tensor<i64>, tensor<2xi64>, tensor<i64>
}
