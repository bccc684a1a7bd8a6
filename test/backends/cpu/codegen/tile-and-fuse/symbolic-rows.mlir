// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --canonicalize --cse --aicc-cpu-tile-and-fuse --cse | FileCheck %s

// A softmax over a symbolic last dim (attention scores at a run-time sequence length): one thread
// tile per row, the symbolic dim kept whole, so the row's max and sum are computed once per row
// and fused with the exp and the division. The outer symbolic dims are cut into single rows.
// CHECK-LABEL: func.func @softmax
// CHECK: scf.forall (%[[B:.*]], %[[H:.*]], %[[R:.*]]) in (%{{.*}}, 2, %{{.*}})
// CHECK-NOT: scf.forall
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "reduction"]{{.*}} ins(%{{.*}} : tensor<1x1x1x?xf32>)
// CHECK: math.exp
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "reduction"]{{.*}} ins(%{{.*}} : tensor<1x1x1x?xf32>)
// CHECK: arith.divf
// CHECK: tensor.parallel_insert_slice %{{.*}} into %{{.*}}[%[[B]], %[[H]], %[[R]], 0] [1, 1, 1, %{{.*}}]
func.func @softmax(%x: tensor<?x2x?x?xf32>) -> tensor<?x2x?x?xf32> {
  %0 = "aicc.Softmax"(%x) {axis = -1 : i64} : (tensor<?x2x?x?xf32>) -> tensor<?x2x?x?xf32>
  return %0 : tensor<?x2x?x?xf32>
}
