// RUN: aicc-opt %s --aicc-cpu-lower-kernel-calls | FileCheck %s

// The kernel becomes a call with the operands' addresses in their slots (slot 2, the absent bias,
// stays 0); the table records the constant weight by its global, so init can reorder it once.
// CHECK: module attributes {aicc.kernels = [{constants = [unit, @__constant_w, unit, unit], kind = 1 : i64, num_args = 4 : i64, params = array<i64: 7, 8>}]}
memref.global "private" constant @__constant_w : memref<4x2x3x3xf32> = dense<1.000000e+00>

// CHECK-LABEL: func.func @main(
// CHECK-SAME: %[[STATE:.*]]: !llvm.ptr, %{{.*}}: memref<1x2x5x5xf32>, %{{.*}}: memref<1x4x3x3xf32>)
// CHECK: %[[ARGS:.*]] = memref.alloca() : memref<4xindex>
// CHECK-COUNT-4: memref.store %{{.*}}, %[[ARGS]][%{{.*}}] : memref<4xindex>
// CHECK: %[[PTR:.*]] = llvm.inttoptr %{{.*}} : i64 to !llvm.ptr
// CHECK: call @aicc_kernel_run(%[[STATE]], %{{.*}}, %[[PTR]]) : (!llvm.ptr, i64, !llvm.ptr) -> ()
// CHECK-NOT: aicc_cpu.kernel
// CHECK: func.func private @aicc_kernel_run(!llvm.ptr, i64, !llvm.ptr)
func.func @main(%x: memref<1x2x5x5xf32>, %y: memref<1x4x3x3xf32>) {
  %w = memref.get_global @__constant_w : memref<4x2x3x3xf32>
  aicc_cpu.kernel conv [7, 8] slots [0, 1, 3] of 4
      ins(%x, %w : memref<1x2x5x5xf32>, memref<4x2x3x3xf32>) outs(%y : memref<1x4x3x3xf32>)
  return
}
