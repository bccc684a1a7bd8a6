#include "serve/src/Metrics.h"

#include <cstdio>

namespace aicc::serve {

namespace {
std::string number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  return buffer;
}

// Prometheus label values escape backslash, quote and newline.
std::string labelValue(const std::string &s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

const std::vector<double> kSecondsBounds = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                            0.025,  0.05,    0.1,    0.25,  0.5,    1,     2.5};
const std::vector<double> kCountBounds = {1, 2, 4, 8, 16, 32, 64, 128, 256};
} // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(new std::atomic<uint64_t>[bounds_.size() + 1]) {
  for (size_t i = 0; i <= bounds_.size(); ++i) counts_[i] = 0;
}

void Histogram::observe(double value) {
  size_t i = 0;
  while (i < bounds_.size() && value > bounds_[i]) ++i;
  counts_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  double sum = sum_.load(std::memory_order_relaxed);
  while (!sum_.compare_exchange_weak(sum, sum + value, std::memory_order_relaxed)) {
  }
}

void Histogram::render(std::string &out, const std::string &name, const std::string &labels) const {
  uint64_t cumulative = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    cumulative += counts_[i].load(std::memory_order_relaxed);
    out += name + "_bucket{" + labels + ",le=\"" + (i < bounds_.size() ? number(bounds_[i]) : "+Inf") + "\"} " +
           std::to_string(cumulative) + "\n";
  }
  out += name + "_sum{" + labels + "} " + number(sum_.load(std::memory_order_relaxed)) + "\n";
  out += name + "_count{" + labels + "} " + std::to_string(count_.load(std::memory_order_relaxed)) + "\n";
}

ModelMetrics::ModelMetrics()
    : latency(kSecondsBounds), queueTime(kSecondsBounds), batchSize(kCountBounds), batchRows(kCountBounds) {}

std::shared_ptr<ModelMetrics> Metrics::forModel(const std::string &name) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::shared_ptr<ModelMetrics> &m = models_[name];
  if (!m) m = std::make_shared<ModelMetrics>();
  return m;
}

std::string Metrics::render() const {
  std::map<std::string, std::shared_ptr<ModelMetrics>> models;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    models = models_;
  }
  struct Counter {
    const char *name, *help;
    std::atomic<uint64_t> ModelMetrics::*field;
  };
  const Counter counters[] = {
      {"aicc_inference_requests_total", "Inference requests received.", &ModelMetrics::requests},
      {"aicc_inference_failures_total", "Inference requests answered with an error.", &ModelMetrics::failures},
      {"aicc_inference_runs_total", "Session runs; a dynamic batch is one run.", &ModelMetrics::runs},
  };
  struct Hist {
    const char *name, *help;
    Histogram ModelMetrics::*field;
  };
  const Hist histograms[] = {
      {"aicc_inference_request_duration_seconds", "Time from receipt to answer.", &ModelMetrics::latency},
      {"aicc_inference_queue_duration_seconds", "Time a request waited for its run.", &ModelMetrics::queueTime},
      {"aicc_inference_batch_size", "Requests per run.", &ModelMetrics::batchSize},
      {"aicc_inference_batch_rows", "Rows (batch entries) per run.", &ModelMetrics::batchRows},
  };
  std::string out;
  for (const Counter &c : counters) {
    out += std::string("# HELP ") + c.name + " " + c.help + "\n# TYPE " + c.name + " counter\n";
    for (const auto &[name, m] : models)
      out += std::string(c.name) + "{model=\"" + labelValue(name) + "\"} " +
             std::to_string(((*m).*c.field).load(std::memory_order_relaxed)) + "\n";
  }
  for (const Hist &h : histograms) {
    out += std::string("# HELP ") + h.name + " " + h.help + "\n# TYPE " + h.name + " histogram\n";
    for (const auto &[name, m] : models) ((*m).*h.field).render(out, h.name, "model=\"" + labelValue(name) + "\"");
  }
  return out;
}

} // namespace aicc::serve
