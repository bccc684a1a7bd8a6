// Per-model counters and histograms, rendered in Prometheus' text exposition format for
// GET /metrics. Updates are lock-free; rendering reads them without stopping traffic.
#ifndef AICC_SERVE_METRICS_H
#define AICC_SERVE_METRICS_H

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace aicc::serve {

class Histogram {
public:
  explicit Histogram(std::vector<double> bounds);
  void observe(double value);
  // `name`_bucket/_sum/_count lines with `labels` (`model="m"`).
  void render(std::string &out, const std::string &name, const std::string &labels) const;

private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_; // one per bound, and +Inf
  std::atomic<uint64_t> count_{0};
  std::atomic<double> sum_{0};
};

struct ModelMetrics {
  ModelMetrics();
  std::atomic<uint64_t> requests{0}; // infer requests received for the model
  std::atomic<uint64_t> failures{0}; // of which answered with an error
  std::atomic<uint64_t> runs{0};     // session runs (a batch is one)
  Histogram latency;                 // seconds from receipt to answer
  Histogram queueTime;               // seconds from enqueueing to the run's start
  Histogram batchSize;               // requests per run
  Histogram batchRows;               // rows per run

  void observeSeconds(Histogram &h, std::chrono::steady_clock::duration d) {
    h.observe(std::chrono::duration<double>(d).count());
  }
};

class Metrics {
public:
  // The metrics of model `name`, kept across its versions and reloads.
  std::shared_ptr<ModelMetrics> forModel(const std::string &name);
  std::string render() const;

private:
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<ModelMetrics>> models_;
};

} // namespace aicc::serve

#endif // AICC_SERVE_METRICS_H
