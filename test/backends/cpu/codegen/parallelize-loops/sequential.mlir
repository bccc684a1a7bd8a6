// RUN: aicc-opt %s --aicc-cpu-parallelize-loops | FileCheck %s

// Loop nests that run on one thread (a sequential tile loop, an untiled linalg op, a copy) each
// move, unchanged, into a parallel_for of count 1 named after its nodes, so that they too run
// through the runtime and its profile; the glue between them (views, constants) stays outside.
// CHECK-LABEL: func.func @sequential
// CHECK: memref.subview
// CHECK: aicc_cpu.parallel_for 1 state(%arg0 : !llvm.ptr) "/Softmax"
// CHECK-NEXT: ^bb0(%{{.*}}: i64, %{{.*}}: i64):
// CHECK-NEXT: scf.for
// CHECK: aicc_cpu.parallel_end
// CHECK: aicc_cpu.parallel_for 1 state(%arg0 : !llvm.ptr) "/Relu"
// CHECK-NEXT: ^bb0(%{{.*}}: i64, %{{.*}}: i64):
// CHECK-NEXT: linalg.generic
// CHECK: aicc_cpu.parallel_end
// CHECK: aicc_cpu.parallel_for 1 state(%arg0 : !llvm.ptr) "/Identity"
// CHECK-NEXT: ^bb0(%{{.*}}: i64, %{{.*}}: i64):
// CHECK-NEXT: memref.copy
// CHECK-NEXT: aicc_cpu.parallel_end
// CHECK-NEXT: }
// CHECK-NEXT: return
#id = affine_map<(d0) -> (d0)>
func.func @sequential(%state: !llvm.ptr, %x: memref<64xf32>, %y: memref<64xf32>, %z: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  %c64 = arith.constant 64 : index
  %head = memref.subview %x[0] [16] [1] : memref<64xf32> to memref<16xf32, strided<[1]>>
  scf.for %i = %c0 to %c64 step %c16 {
    %a = memref.subview %y[%i] [16] [1] : memref<64xf32> to memref<16xf32, strided<[1], offset: ?>>
    linalg.copy ins(%head : memref<16xf32, strided<[1]>>) outs(%a : memref<16xf32, strided<[1], offset: ?>>) loc("/Softmax")
  }
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%x : memref<64xf32>) outs(%y : memref<64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %zero = arith.constant 0.0 : f32
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  } loc("/Relu")
  memref.copy %y, %z : memref<64xf32> to memref<64xf32> loc("/Identity")
  return
}
