// The memory bandwidth a generated elementwise loop can reach: y = 2x + 1 over N floats (4 bytes
// read and 4 written per element) on T OpenMP threads, best of 50 passes.
//   g++ -O3 -march=native -fopenmp bench/bandwidth.cpp -o build/bench/bandwidth
//   build/bench/bandwidth N T
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: bandwidth ELEMENTS THREADS\n");
    return 2;
  }
  const size_t n = std::strtoull(argv[1], nullptr, 10);
  const int threads = std::atoi(argv[2]);
  auto *x = static_cast<float *>(std::aligned_alloc(64, (n * 4 + 63) / 64 * 64));
  auto *y = static_cast<float *>(std::aligned_alloc(64, (n * 4 + 63) / 64 * 64));
#pragma omp parallel for num_threads(threads) schedule(static)
  for (size_t i = 0; i < n; ++i) x[i] = static_cast<float>(i), y[i] = 0;
  double best = 1e30;
  for (int pass = 0; pass < 50; ++pass) {
    auto start = std::chrono::steady_clock::now();
#pragma omp parallel for num_threads(threads) schedule(static)
    for (size_t i = 0; i < n; ++i) y[i] = 2 * x[i] + 1;
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::printf("%zu floats, %d threads: %.4f ms, %.1f GB/s read+write\n", n, threads, best * 1e3, 8.0 * n / best / 1e9);
  std::free(x);
  std::free(y);
  return 0;
}
