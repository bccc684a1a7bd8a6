// The compiler's side of the kernel table's ABI: the one place where the kernel table's attributes
// (#aicc_cpu.kernel and its parameters, CpuDialect.td) become aicc/cpu_kernels.h's structs, field by
// field, and where a packed format the runtime reports becomes an attribute again.
#ifndef AICC_BACKENDS_CPU_ABI_KERNELABI_H
#define AICC_BACKENDS_CPU_ABI_KERNELABI_H

#include "aicc/cpu_kernels.h"
#include "backends/cpu/dialect/CpuDialect.h"

namespace aicc::cpu {

aicc_conv_params toConvParams(ConvParamsAttr params);
aicc_quantized_conv_params toQuantizedConvParams(QuantizedConvParamsAttr params);
aicc_matmul_params toMatMulParams(MatMulParamsAttr params);
aicc_quantized_matmul_params toQuantizedMatMulParams(QuantizedMatMulParamsAttr params);
aicc_pool_params toPoolParams(PoolParamsAttr params);
aicc_attention_params toAttentionParams(AttentionParamsAttr params);
aicc_reorder_params toReorderParams(ReorderParamsAttr params);
aicc_rnn_params toRnnParams(RnnParamsAttr params);
aicc_packed_format toPackedFormat(PackedFormatAttr format);

PackedFormatAttr packedFormatAttr(mlir::MLIRContext *context, const aicc_packed_format &format);

/// The aicc_kernel_kind of an entry.
int64_t kernelKind(KernelAttr kernel);

/// The params struct of an entry's kind, as the 8-byte words aicc_kernel_desc.params points to.
llvm::SmallVector<int64_t> paramWords(KernelAttr kernel);

/// A packed format as the words of its aicc_packed_format.
llvm::SmallVector<int64_t> packedFormatWords(PackedFormatAttr format);

} // namespace aicc::cpu

#endif // AICC_BACKENDS_CPU_ABI_KERNELABI_H
