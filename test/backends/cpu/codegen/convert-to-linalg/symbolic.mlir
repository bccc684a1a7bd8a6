// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file --verify-diagnostics | FileCheck %s

// Elementwise ops take the sizes of their symbolic dims from an operand that has them.
// CHECK-LABEL: func.func @add
// CHECK: %[[N:.*]] = tensor.dim %arg0, %c0
// CHECK: tensor.empty(%[[N]]) : tensor<?x4xf32>
// CHECK: linalg.generic
func.func @add(%x: tensor<?x4xf32>, %b: tensor<4xf32>) -> tensor<?x4xf32> {
  %0 = "aicc.Add"(%x, %b) : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// Clip too (ReLU6 in a model exported with a symbolic batch).
// CHECK-LABEL: func.func @clip
// CHECK: %[[N:.*]] = tensor.dim %arg0, %c0
// CHECK: tensor.empty(%[[N]]) : tensor<?x4xf32>
// CHECK: linalg.generic
func.func @clip(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %lo = "aicc.Constant"() <{value = dense<0.0> : tensor<f32>}> : () -> tensor<f32>
  %hi = "aicc.Constant"() <{value = dense<6.0> : tensor<f32>}> : () -> tensor<f32>
  %0 = "aicc.Clip"(%x, %lo, %hi) : (tensor<?x4xf32>, tensor<f32>, tensor<f32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// Softmax: the reductions keep the symbolic dim they do not reduce.
// CHECK-LABEL: func.func @softmax
// CHECK: tensor.empty(%{{.*}}) : tensor<?xf32>
// CHECK: math.exp
// CHECK: arith.divf
func.func @softmax(%x: tensor<?x10xf32>) -> tensor<?x10xf32> {
  %0 = "aicc.Softmax"(%x) {axis = 1 : i64} : (tensor<?x10xf32>) -> tensor<?x10xf32>
  return %0 : tensor<?x10xf32>
}

// -----

// Flatten merges the static dims after the symbolic batch.
// CHECK-LABEL: func.func @flatten
// CHECK: tensor.collapse_shape %arg0 {{\[}}[0], [1, 2, 3]] : tensor<?x16x5x5xf32> into tensor<?x400xf32>
func.func @flatten(%x: tensor<?x16x5x5xf32>) -> tensor<?x400xf32> {
  %0 = "aicc.Flatten"(%x) {axis = 1 : i64} : (tensor<?x16x5x5xf32>) -> tensor<?x400xf32>
  return %0 : tensor<?x400xf32>
}

// -----

// A symbolic dim merged with static ones, when each side has one: through a 1-D tensor, whose
// size the expand divides by the target's static dims ([S, 8] → [2·S, 4]).
// CHECK-LABEL: func.func @merge
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %arg0 {{\[}}[0, 1]] : tensor<?x8xf32> into tensor<?xf32>
// CHECK: tensor.expand_shape %[[FLAT]] {{\[}}[0, 1]] output_shape [%{{.*}}, 4] : tensor<?xf32> into tensor<?x4xf32>
func.func @merge(%x: tensor<?x8xf32>) -> tensor<?x4xf32> {
  %s = "aicc.Constant"() <{value = dense<[-1, 4]> : tensor<2xi64>}> : () -> tensor<2xi64>
  %0 = "aicc.Reshape"(%x, %s) : (tensor<?x8xf32>, tensor<2xi64>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// With two symbolic dims the compiler cannot tell which of them a merged dim stands for: refused,
// naming the op.
func.func @two_symbolic(%x: tensor<?x?x8xf32>, %s: tensor<2xi64>) -> tensor<?x4xf32> {
  // expected-error @+2 {{cannot reshape 'tensor<?x?x8xf32>' to 'tensor<?x4xf32>': a symbolic dim would be split or merged}}
  // expected-error @+1 {{failed to legalize operation 'aicc.Reshape'}}
  %0 = "aicc.Reshape"(%x, %s) : (tensor<?x?x8xf32>, tensor<2xi64>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// The static dims after a symbolic sequence regroup (nn.MultiheadAttention's [S, N, E] →
// [S, N·heads, E/heads]): the suffix is collapsed into one dim, then expanded.
// CHECK-LABEL: func.func @regroup_after_symbolic
// CHECK: %[[C:.*]] = tensor.collapse_shape %arg0 {{\[}}[0], [1, 2]] : tensor<?x2x64xf32> into tensor<?x128xf32>
// CHECK: tensor.expand_shape %[[C]] {{\[}}[0], [1, 2]] output_shape [%{{.*}}, 8, 16] : tensor<?x128xf32> into tensor<?x8x16xf32>
func.func @regroup_after_symbolic(%x: tensor<?x2x64xf32>, %s: tensor<3xi64>) -> tensor<?x8x16xf32> {
  %0 = "aicc.Reshape"(%x, %s) : (tensor<?x2x64xf32>, tensor<3xi64>) -> tensor<?x8x16xf32>
  return %0 : tensor<?x8x16xf32>
}

// -----

// What has no symbolic-dim lowering yet says so, with the fix.
func.func @tile(%x: tensor<?x8xf32>) -> tensor<?x16xf32> {
  %r = "aicc.Constant"() <{value = dense<[1, 2]> : tensor<2xi64>}> : () -> tensor<2xi64>
  // expected-error @+2 {{cannot lower aicc.Tile: operand #0 has type 'tensor<?x8xf32>', static shapes are needed (fix symbolic dims with --input-shape)}}
  // expected-error @+1 {{failed to legalize operation 'aicc.Tile'}}
  %0 = "aicc.Tile"(%x, %r) : (tensor<?x8xf32>, tensor<2xi64>) -> tensor<?x16xf32>
  return %0 : tensor<?x16xf32>
}

// -----

// ReduceMean over a symbolic dim: the divisor is the reduced dims' product, taken at run time;
// the kept symbolic dim sizes the result, reshaped to keepdims' unit dim.
// CHECK-LABEL: func.func @reduce_mean
// CHECK: %[[N:.*]] = tensor.dim %arg0, %c1
// CHECK: %[[WIDE:.*]] = arith.index_cast %[[N]] : index to i64
// CHECK: %[[DIV:.*]] = arith.uitofp %[[WIDE]] : i64 to f32
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]
// CHECK: arith.divf %{{.*}}, %[[DIV]]
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0, 1]] output_shape [%{{.*}}, 1] : tensor<?xf32> into tensor<?x1xf32>
func.func @reduce_mean(%x: tensor<?x?xf32>) -> tensor<?x1xf32> {
  %0 = "aicc.ReduceMean"(%x) {axes = array<i64: 1>, keepdims = 1 : i64} : (tensor<?x?xf32>) -> tensor<?x1xf32>
  return %0 : tensor<?x1xf32>
}

// -----

// ArgMax along a symbolic axis keeps the other (symbolic) dim.
// CHECK-LABEL: func.func @argmax
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]{{.*}} outs(%{{.*}} : tensor<?xf32>)
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]{{.*}} ins(%arg0, %{{.*}} : tensor<?x?xf32>, tensor<?x1xf32>) outs(%{{.*}} : tensor<?xi64>)
func.func @argmax(%x: tensor<?x?xf32>) -> tensor<?xi64> {
  %0 = "aicc.ArgMax"(%x) {axis = 1 : i64, keepdims = 0 : i64, select_last_index = 0 : i64} : (tensor<?x?xf32>) -> tensor<?xi64>
  return %0 : tensor<?xi64>
}

// -----

// An embedding lookup: the symbolic dims are the ids'.
// CHECK-LABEL: func.func @embedding
// CHECK-DAG: %[[B:.*]] = tensor.dim %arg1, %c0
// CHECK-DAG: %[[S:.*]] = tensor.dim %arg1, %c1
// CHECK: tensor.empty(%[[B]], %[[S]]) : tensor<?x?x8xf32>
func.func @embedding(%table: tensor<100x8xf32>, %ids: tensor<?x?xi64>) -> tensor<?x?x8xf32> {
  %0 = "aicc.Gather"(%table, %ids) {axis = 0 : i64} : (tensor<100x8xf32>, tensor<?x?xi64>) -> tensor<?x?x8xf32>
  return %0 : tensor<?x?x8xf32>
}

// -----

// Gathering along a symbolic axis (a Loop walking a batch) wraps and clamps each index with the
// axis's run-time size; an axis empty at run time gives zeros instead of a read.
// CHECK-LABEL: func.func @gather_symbolic_axis
// CHECK: %[[N:.*]] = tensor.dim %arg0, %c0
// CHECK: %[[NONEMPTY:.*]] = arith.cmpi sgt, %[[N]], %c0
// CHECK: linalg.generic
// CHECK: scf.if %[[NONEMPTY]] -> (f32)
// CHECK: arith.addi %{{.*}}, %[[N]] : index
// CHECK: arith.subi %[[N]], %c1 : index
// CHECK: tensor.extract %arg0
// CHECK: } else {
// CHECK: scf.yield %cst
func.func @gather_symbolic_axis(%x: tensor<?x8xf32>, %i: tensor<2xi64>) -> tensor<2x8xf32> {
  %0 = "aicc.Gather"(%x, %i) {axis = 0 : i64} : (tensor<?x8xf32>, tensor<2xi64>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// Shape of a tensor with a symbolic dim: its elements from tensor.dim.
// CHECK-LABEL: func.func @shape
// CHECK: %[[N:.*]] = tensor.dim %arg0, %c0
// CHECK: %[[I:.*]] = arith.index_cast %[[N]] : index to i64
// CHECK: tensor.from_elements %[[I]], %{{.*}} : tensor<2xi64>
func.func @shape(%x: tensor<?x16xf32>) -> tensor<2xi64> {
  %0 = "aicc.Shape"(%x) : (tensor<?x16xf32>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// position[:seq]: a Slice whose end is only known at run time (a symbolic dim of another input).
// CHECK-LABEL: func.func @slice_runtime_end
// CHECK: %[[END:.*]] = tensor.extract %arg1
// CHECK: tensor.extract_slice %arg0[%{{.*}}, 0] [%{{.*}}, 8] [1, 1] : tensor<128x8xf32> to tensor<?x8xf32>
func.func @slice_runtime_end(%p: tensor<128x8xf32>, %end: tensor<1xi64>) -> tensor<?x8xf32> {
  %zero = "aicc.Constant"() <{value = dense<0> : tensor<1xi64>}> : () -> tensor<1xi64>
  %none = aicc.none
  %0 = "aicc.Slice"(%p, %zero, %end, %none, %none) : (tensor<128x8xf32>, tensor<1xi64>, tensor<1xi64>, none, none) -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// -----

// Transpose and Split keep symbolic dims: the sizes come from the input's dims.
// CHECK-LABEL: func.func @transpose_split
// CHECK: tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x2x?x4xf32>
// CHECK: tensor.extract_slice %{{.*}}[0, 0, 0] [%{{.*}}, %{{.*}}, 4] [1, 1, 1] : tensor<?x?x12xf32> to tensor<?x?x4xf32>
// CHECK: tensor.extract_slice %{{.*}}[0, 0, 4] [%{{.*}}, %{{.*}}, 8] [1, 1, 1] : tensor<?x?x12xf32> to tensor<?x?x8xf32>
func.func @transpose_split(%x: tensor<?x?x2x4xf32>, %y: tensor<?x?x12xf32>) -> (tensor<?x2x?x4xf32>, tensor<?x?x4xf32>, tensor<?x?x8xf32>) {
  %t = "aicc.Transpose"(%x) {perm = array<i64: 0, 2, 1, 3>} : (tensor<?x?x2x4xf32>) -> tensor<?x2x?x4xf32>
  %sizes = "aicc.Constant"() <{value = dense<[4, 8]> : tensor<2xi64>}> : () -> tensor<2xi64>
  %a, %b = "aicc.Split"(%y, %sizes) {axis = 2 : i64} : (tensor<?x?x12xf32>, tensor<2xi64>) -> (tensor<?x?x4xf32>, tensor<?x?x8xf32>)
  return %t, %a, %b : tensor<?x2x?x4xf32>, tensor<?x?x4xf32>, tensor<?x?x8xf32>
}

// -----

// Unsqueeze around symbolic dims: the unit dims join their neighbours' groups.
// CHECK-LABEL: func.func @unsqueeze
// CHECK: tensor.expand_shape %arg0 {{\[}}[0], [1, 2, 3]] output_shape [%{{.*}}, 1, 1, %{{.*}}] : tensor<?x?xf32> into tensor<?x1x1x?xf32>
func.func @unsqueeze(%m: tensor<?x?xf32>) -> tensor<?x1x1x?xf32> {
  %axes = "aicc.Constant"() <{value = dense<[1, 2]> : tensor<2xi64>}> : () -> tensor<2xi64>
  %0 = "aicc.Unsqueeze"(%m, %axes) : (tensor<?x?xf32>, tensor<2xi64>) -> tensor<?x1x1x?xf32>
  return %0 : tensor<?x1x1x?xf32>
}
