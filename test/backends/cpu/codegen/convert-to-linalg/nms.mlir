// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg | FileCheck %s

// NonMaxSuppression, boxes as centres and sizes, no score threshold: per batch and class the boxes
// are sifted into a heap whose root is the best (a higher score, or the lower index on a tie);
// candidates are popped while fewer than min(max_output_boxes_per_class, boxes) are selected, each
// checked against every box selected so far (intersection > IoU threshold · union, empty boxes
// suppressing nothing); the rows go into room for the most there can be and the filled part is
// the result.
// CHECK-LABEL: func.func @nms
// CHECK: %[[MAX:.*]] = arith.maxsi
// CHECK: %[[PER:.*]] = arith.minui %{{.*}}, %{{.*}} : index
// CHECK: tensor.empty(%{{.*}}) : tensor<?x3xi64>
// The selected boxes' extents and areas, one row per field.
// CHECK: tensor.empty(%[[PER]]) : tensor<5x?xf32>
// CHECK: scf.for
// CHECK: scf.for
// Every box is a candidate: no comparison with a score threshold.
// CHECK-NOT: arith.cmpf ogt, %{{.*}}, %{{.*}} : f32
// CHECK: scf.while
// CHECK: scf.condition
// CHECK: %[[ROOM:.*]] = arith.cmpi ult, %{{.*}}, %[[PER]] : index
// CHECK: %[[LEFT:.*]] = arith.cmpi ugt
// CHECK: %[[GO:.*]] = arith.andi %[[ROOM]], %[[LEFT]] : i1
// CHECK: scf.condition(%[[GO]])
// Centre format: half the width and height either side.
// CHECK: arith.constant 5.000000e-01 : f32
// CHECK: arith.mulf
// The scan over the selected boxes: an or-reduction, and the IoU test without a division.
// CHECK: scf.for {{.*}} iter_args(%[[ANY:.*]] = %false) -> (i1)
// CHECK: arith.cmpf ogt, %{{.*}}, %{{.*}} : f32
// CHECK: arith.ori %[[ANY]]
// CHECK: tensor.extract_slice %{{.*}}[0, 0] [%{{.*}}, 3] [1, 1] : tensor<?x3xi64> to tensor<?x3xi64>
func.func @nms(%b: tensor<1x6x4xf32>, %s: tensor<1x2x6xf32>, %m: tensor<1xi64>, %iou: tensor<1xf32>) -> tensor<?x3xi64> {
  %none = aicc.none
  %r = "aicc.NonMaxSuppression"(%b, %s, %m, %iou, %none) <{center_point_box = 1 : i64}> : (tensor<1x6x4xf32>, tensor<1x2x6xf32>, tensor<1xi64>, tensor<1xf32>, none) -> tensor<?x3xi64>
  return %r : tensor<?x3xi64>
}
