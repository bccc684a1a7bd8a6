// aicc_kernels_prepack and prepacked constants: the compiler learns the layout each constant's
// primitive reads; a kernel given that layout reads the bytes in place, one given another layout
// reorders from it, and a format that does not describe its data is refused.
#include <gmock/gmock.h>
#include <oneapi/dnnl/dnnl.h>

#include "TestSupport.h"

namespace aicc::test {
namespace {

using ::testing::HasSubstr;

struct Packed {
  int64_t kernel, arg;
  aicc_packed_format format;
  std::vector<char> bytes;
};

// aicc_kernels_prepack on specs with the host's ISA; "" or its error.
std::string prepack(const std::vector<KernelSpec> &specs, std::vector<Packed> &packed, const char *isa = nullptr) {
  std::vector<aicc_kernel_desc> descs;
  for (const KernelSpec &spec : specs) descs.push_back(spec.desc());
  auto collect = [](void *context, int64_t kernel, int64_t arg, const aicc_packed_format *format, const void *data) {
    const char *bytes = static_cast<const char *>(data);
    static_cast<std::vector<Packed> *>(context)->push_back(
        {kernel, arg, *format, std::vector<char>(bytes, bytes + format->bytes)});
  };
  if (aicc_kernels_prepack(isa, descs.data(), static_cast<int64_t>(descs.size()), collect, &packed) != 0)
    return aicc_kernel_last_error();
  return "";
}

// A conv's constants: its weights and its bias (null without one).
std::vector<const void *> convConstants(const void *w, const void *b) {
  return constantSlots(AICC_CONV_NUM_ARGS, {{AICC_CONV_ARG_W, w}, {AICC_CONV_ARG_B, b}});
}

// The args of a conv whose weights and bias are constant.
std::vector<void *> convArgs(float *x, float *y) {
  return slots(AICC_CONV_NUM_ARGS, {{AICC_CONV_ARG_X, x}, {AICC_CONV_ARG_Y, y}});
}

// A 3x3 convolution 16 -> 32 channels on 1x16x10x10 with bias: oneDNN reorders its weights into
// a blocked layout on every ISA it has jit kernels for.
aicc_conv_params conv3x3() {
  aicc_conv_params p{};
  p.spatial_dims = 2, p.batch = 1, p.channels = 16, p.out_channels = 32, p.groups = 1;
  for (int i = 0; i < 2; ++i)
    p.in[i] = 10, p.out[i] = 10, p.kernel[i] = 3, p.strides[i] = 1, p.dilations[i] = 1, p.pads_begin[i] = 1,
    p.pads_end[i] = 1;
  p.has_bias = 1;
  return p;
}

struct ConvData {
  std::vector<float> x = randomFloats(16 * 100, 1), w = randomFloats(32 * 16 * 9, 2), b = randomFloats(32, 3);
  std::vector<float> run(const KernelSpec &spec) {
    KernelTable table({spec});
    EXPECT_TRUE(table.created()) << table.createError();
    std::vector<float> y(32 * 100);
    EXPECT_EQ(table.run(0, convArgs(x.data(), y.data())), "");
    return y;
  }
};

TEST(Prepack, ConvWeightsArePackedBlockedAndReadInPlace) {
  ConvData data;
  KernelSpec spec(AICC_KERNEL_CONV, conv3x3(), convConstants(data.w.data(), data.b.data()));
  const std::vector<float> want = data.run(spec);

  std::vector<Packed> packed;
  ASSERT_EQ(prepack({spec}, packed), "");
  ASSERT_EQ(packed.size(), 1u); // the weights; the bias stays as it is
  EXPECT_EQ(packed[0].kernel, 0);
  EXPECT_EQ(packed[0].arg, AICC_CONV_ARG_W);
  EXPECT_EQ(packed[0].format.rank, 4);
  EXPECT_GE(packed[0].format.block_count, 1);

  KernelSpec prepacked = spec;
  prepacked.constants[AICC_CONV_ARG_W] = packed[0].bytes.data();
  prepacked.formats = formatSlots(AICC_CONV_NUM_ARGS, {{AICC_CONV_ARG_W, &packed[0].format}});
  KernelTable table({prepacked});
  ASSERT_TRUE(table.created()) << table.createError();
  std::vector<float> y(32 * 100);
  ASSERT_EQ(table.run(0, convArgs(data.x.data(), y.data())), "");
  expectAllNear(y, want);

  // In place: zero weights now give the bias alone.
  std::fill(packed[0].bytes.begin(), packed[0].bytes.end(), 0);
  ASSERT_EQ(table.run(0, convArgs(data.x.data(), y.data())), "");
  for (int64_t c = 0; c < 32; ++c) EXPECT_EQ(y[c * 100 + 55], data.b[c]) << "channel " << c;
}

// OIHW weights of `out` x 16 x 3 x 3 as a packed format without blocks.
aicc_packed_format oihwFormat(int64_t out) {
  aicc_packed_format f{};
  f.rank = 4;
  const int64_t dims[4] = {out, 16, 3, 3}, strides[4] = {16 * 9, 9, 3, 1};
  for (int d = 0; d < 4; ++d) f.dims[d] = f.padded_dims[d] = dims[d], f.strides[d] = strides[d];
  f.bytes = out * 16 * 9 * static_cast<int64_t>(sizeof(float));
  return f;
}

TEST(Prepack, AnotherPackedLayoutIsReorderedFrom) {
  ConvData data;
  KernelSpec spec(AICC_KERNEL_CONV, conv3x3(), convConstants(data.w.data(), data.b.data()));
  const std::vector<float> want = data.run(spec);

  // ONNX's OIHW written out as a packed format: valid, but not what the primitive reads.
  const aicc_packed_format oihw = oihwFormat(32);
  std::vector<float> w = data.w;
  KernelSpec stated = spec;
  stated.constants[AICC_CONV_ARG_W] = w.data();
  stated.formats = formatSlots(AICC_CONV_NUM_ARGS, {{AICC_CONV_ARG_W, &oihw}});
  KernelTable table({stated});
  ASSERT_TRUE(table.created()) << table.createError();
  std::fill(w.begin(), w.end(), 0.f); // reordered at create: the kernel keeps its own copy
  std::vector<float> y(32 * 100);
  ASSERT_EQ(table.run(0, convArgs(data.x.data(), y.data())), "");
  expectAllNear(y, want);
}

// Weights prepacked for a direct convolution (an artifact from another ISA, or a small-image
// variant) given to a conv that runs as Winograd on AVX-512: oneDNN reorders into Winograd's
// format only from plain ones, so the kernel goes through ONNX's layout.
TEST(Prepack, WinogradWeightsAreReorderedFromADirectPackedLayout) {
  aicc_conv_params small = conv3x3(), large = conv3x3();
  small.channels = small.out_channels = large.channels = large.out_channels = 48;
  for (int i = 0; i < 2; ++i) large.in[i] = large.out[i] = 32;
  ASSERT_FALSE(aicc_conv_winograd_pays(&small));
  ASSERT_TRUE(aicc_conv_winograd_pays(&large));
  std::vector<float> w = randomFloats(48 * 48 * 9, 2), b = randomFloats(48, 3), x = randomFloats(48 * 32 * 32, 1);
  std::vector<Packed> packed;
  ASSERT_EQ(prepack({KernelSpec(AICC_KERNEL_CONV, small, convConstants(w.data(), b.data()))}, packed), "");
  ASSERT_EQ(packed.size(), 1u);

  auto run = [&](const KernelSpec &spec) {
    KernelTable table({spec});
    EXPECT_TRUE(table.created()) << table.createError();
    std::vector<float> y(48 * 32 * 32);
    EXPECT_EQ(table.run(0, convArgs(x.data(), y.data())), "");
    return y;
  };
  const KernelSpec spec(AICC_KERNEL_CONV, large, convConstants(w.data(), b.data()));
  KernelSpec prepacked = spec;
  prepacked.constants[AICC_CONV_ARG_W] = packed[0].bytes.data();
  prepacked.formats = formatSlots(AICC_CONV_NUM_ARGS, {{AICC_CONV_ARG_W, &packed[0].format}});
  expectAllNear(run(prepacked), run(spec));
}

TEST(Prepack, FormatsThatDoNotDescribeTheDataAreRefused) {
  ConvData data;
  KernelSpec spec(AICC_KERNEL_CONV, conv3x3(), convConstants(data.w.data(), data.b.data()));
  std::vector<Packed> packed;
  ASSERT_EQ(prepack({spec}, packed), "");
  ASSERT_EQ(packed.size(), 1u);

  auto createError = [&](aicc_packed_format format) {
    KernelSpec bad = spec;
    bad.constants[AICC_CONV_ARG_W] = packed[0].bytes.data();
    bad.formats = formatSlots(AICC_CONV_NUM_ARGS, {{AICC_CONV_ARG_W, &format}});
    KernelTable table({bad});
    EXPECT_FALSE(table.created());
    return table.createError();
  };
  aicc_packed_format format = packed[0].format;
  format.bytes += 4;
  EXPECT_THAT(createError(format), HasSubstr("kernel 0 (conv): invalid packed format: the layout holds"));
  format = packed[0].format;
  format.block_dims[0] = 7;
  EXPECT_THAT(createError(format), HasSubstr("invalid packed format: block 0 splits dim 7"));
  format = packed[0].format;
  format.rank = 9;
  EXPECT_THAT(createError(format), HasSubstr("invalid packed format: rank 9"));
  EXPECT_THAT(createError(oihwFormat(8)),
              HasSubstr("was prepacked with dims [8,16,3,3], the kernel reads [32,16,3,3]"));
}

TEST(Prepack, MatMulWeightsRoundTrip) {
  aicc_matmul_params p{};
  p.rank = 2;
  const int64_t a[2] = {4, 64}, b[2] = {64, 48}, y[2] = {4, 48};
  for (int i = 0; i < 2; ++i) p.a_dims[i] = a[i], p.b_dims[i] = b[i], p.y_dims[i] = y[i], p.bias_dims[i] = 1;
  p.alpha = 1.0;
  std::vector<float> x = randomFloats(4 * 64, 1), w = randomFloats(64 * 48, 2);
  KernelSpec spec(AICC_KERNEL_MATMUL, p, constantSlots(AICC_MATMUL_NUM_ARGS, {{AICC_MATMUL_ARG_B, w.data()}}));
  auto run = [&](const KernelSpec &s) {
    KernelTable table({s});
    EXPECT_TRUE(table.created()) << table.createError();
    std::vector<float> out(4 * 48);
    EXPECT_EQ(
        table.run(0, slots(AICC_MATMUL_NUM_ARGS, {{AICC_MATMUL_ARG_A, x.data()}, {AICC_MATMUL_ARG_Y, out.data()}})),
        "");
    return out;
  };
  const std::vector<float> want = run(spec);
  std::vector<Packed> packed;
  ASSERT_EQ(prepack({spec}, packed), "");
  KernelSpec prepacked = spec;
  prepacked.formats.assign(AICC_MATMUL_NUM_ARGS, nullptr);
  for (const Packed &c : packed) { // none where oneDNN reads B as it is stored
    ASSERT_EQ(c.arg, AICC_MATMUL_ARG_B);
    prepacked.constants[AICC_MATMUL_ARG_B] = c.bytes.data();
    prepacked.formats[AICC_MATMUL_ARG_B] = &c.format;
  }
  expectAllNear(run(prepacked), want);
}

TEST(Prepack, UnknownIsaIsRefused) {
  ConvData data;
  std::vector<Packed> packed;
  EXPECT_THAT(prepack({KernelSpec(AICC_KERNEL_CONV, conv3x3(), convConstants(data.w.data(), data.b.data()))}, packed,
                      "avx9000"),
              HasSubstr("unknown oneDNN ISA 'avx9000'"));
}

TEST(Prepack, BadKernelsFailAsAtCreate) {
  aicc_conv_params p = conv3x3();
  p.out[0] = 11;
  std::vector<float> w(32 * 16 * 9);
  std::vector<Packed> packed;
  EXPECT_THAT(prepack({KernelSpec(AICC_KERNEL_CONV, p, convConstants(w.data(), nullptr))}, packed),
              HasSubstr("kernel 0 (conv): spatial dim 0"));
}

} // namespace
} // namespace aicc::test

namespace aicc::test {
namespace {

// A bf16 conv's weights prepack in bf16 (half the bytes of f32) where oneDNN runs bf16 natively,
// in f32 elsewhere; either way the prepacked kernel reads them in place and computes what the
// kernel given ONNX's weights does.
TEST(Prepack, Bf16ConvWeightsPackInBf16) {
  ConvData data;
  aicc_conv_params p = conv3x3();
  p.compute_type = AICC_DATA_BF16;
  KernelSpec spec(AICC_KERNEL_CONV, p, convConstants(data.w.data(), data.b.data()));
  const std::vector<float> want = data.run(spec);

  std::vector<Packed> packed;
  ASSERT_EQ(prepack({spec}, packed), "");
  ASSERT_EQ(packed.size(), 1u);
  int64_t padded = 1;
  for (int64_t d = 0; d < packed[0].format.rank; ++d) padded *= packed[0].format.padded_dims[d];
  const dnnl_cpu_isa_t isa = dnnl_get_effective_cpu_isa();
  const bool bf16 = isa == dnnl_cpu_isa_avx512_core_bf16 || isa == dnnl_cpu_isa_avx512_core_amx;
  EXPECT_EQ(packed[0].format.bytes, padded * (bf16 ? 2 : 4));

  KernelSpec prepacked = spec;
  prepacked.constants[AICC_CONV_ARG_W] = packed[0].bytes.data();
  prepacked.formats = formatSlots(AICC_CONV_NUM_ARGS, {{AICC_CONV_ARG_W, &packed[0].format}});
  expectAllNear(data.run(prepacked), want, 0.f);
}

} // namespace
} // namespace aicc::test
