// One version of a model being served: its sessions, a thread per session, and the queue those
// threads take requests from whenever a session is idle. Where the model's inputs and outputs all
// lead with one symbolic batch dim and its config allows batches, a thread joins the queued
// requests whose other dims agree into one run (dynamic batching) and splits the outputs back per
// request. A request that finds the queue empty and a session idle runs on its own thread.
#ifndef AICC_SERVE_SERVED_MODEL_H
#define AICC_SERVE_SERVED_MODEL_H

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "aicc/serve.hpp"
#include "serve/src/Inference.h"
#include "serve/src/Metrics.h"

namespace aicc::serve {

// What the server's options set for every model.
struct ServeLimits {
  int threadsPerRun = 0;       // OpenMP threads per run; 0: the machine's cores
  size_t maxResponseBytes = 0; // the outputs of one request
};

class ServedModel {
public:
  // Creates config.sessions sessions of `model`; throws aicc::Error if the model cannot be served
  // (a sequence input or output) or a session cannot be created.
  ServedModel(std::string name, int64_t version, Model model, const ModelConfig &config, const ServeLimits &limits,
              std::shared_ptr<ModelMetrics> metrics);
  ~ServedModel();
  ServedModel(const ServedModel &) = delete;
  ServedModel &operator=(const ServedModel &) = delete;

  const std::string &name() const { return name_; }
  int64_t version() const { return version_; }
  const Model &model() const { return model_; }
  const ModelConfig &config() const { return config_; }
  // Whether requests may be joined into batches (see the file comment).
  bool batching() const { return batching_; }
  // Whether an input is FP64 (its JSON numbers must be read exactly).
  bool takesFloat64() const { return takesFloat64_; }
  ModelMetrics &metrics() { return *metrics_; }

  // Runs the request, alone or in a batch, and returns its outputs; throws ServeError. The
  // request's data must stay valid until it returns.
  InferResponse infer(InferRequest &request);

  // Answers every queued request, then ends the sessions' threads. Later requests are refused.
  void stop();

private:
  struct Job;

  // A session's thread: takes a batch from the queue whenever a session is idle.
  void work();
  // Runs a batch (of one or more) on `session` and answers its jobs.
  void run(Session &session, std::vector<std::shared_ptr<Job>> &batch);
  void release(Session *session);
  // Runs one job alone (`session`'s buffers) and answers it.
  void runAlone(Session &session, Job &job);
  // Answers the jobs of `batch` not yet answered with the exception being handled.
  static void failUnanswered(std::vector<std::shared_ptr<Job>> &batch);
  void runBatch(Session &session, std::vector<std::shared_ptr<Job>> &batch);
  bool joinable(const Job &first, const Job &other) const;

  std::string name_;
  int64_t version_;
  Model model_;
  ModelConfig config_;
  size_t maxResponseBytes_;
  std::shared_ptr<ModelMetrics> metrics_;
  bool batching_ = false;
  bool takesFloat64_ = false;

  std::mutex mutex_;
  std::condition_variable queued_;
  std::deque<std::shared_ptr<Job>> queue_;
  bool stopping_ = false;
  std::vector<Session> sessions_;
  std::vector<Session *> idle_; // sessions no run holds
  std::vector<std::thread> threads_;
};

// The model a request names, at the version it names (null: the one served); throws
// ServeError(NotFound) naming what is missing. The HTTP and gRPC endpoints both look models up so.
std::shared_ptr<ServedModel> findServedModel(const Repository &repository, const std::string &name,
                                             const std::string *version);

} // namespace aicc::serve

#endif // AICC_SERVE_SERVED_MODEL_H
