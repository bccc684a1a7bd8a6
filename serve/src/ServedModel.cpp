#include "serve/src/ServedModel.h"

#include <algorithm>
#include <cstring>
#include <future>

namespace aicc::serve {

using Clock = std::chrono::steady_clock;

struct ServedModel::Job {
  std::vector<aicc_tensor> inputs; // in the model's order; views into the request
  int64_t rows = 0;                // the batch dim of every input (when batching)
  std::vector<int32_t> outputs;    // the outputs to answer with, as model indices
  Clock::time_point enqueued;
  std::promise<InferResponse> answer;
  bool answered = false;

  void respond(InferResponse response) {
    answer.set_value(std::move(response));
    answered = true;
  }
  void fail(std::exception_ptr error) {
    answer.set_exception(std::move(error));
    answered = true;
  }
};

namespace {

ErrorKind errorKindOfStatus(int status) {
  return status == AICC_ERR_INVALID_ARGUMENT ? ErrorKind::BadRequest : ErrorKind::Internal;
}

std::string shapeText(const int64_t *shape, int32_t rank) {
  std::string s = "[";
  for (int32_t d = 0; d < rank; ++d) s += (d ? "," : "") + std::to_string(shape[d]);
  return s + "]";
}

// The name of dim 0 when it is symbolic, else null.
const char *leadingSymbolicDim(const aicc_tensor_info &info) {
  if (info.rank < 1 || info.shape[0] != AICC_DIM_SYMBOLIC || !info.dim_names) return nullptr;
  return info.dim_names[0];
}

// Whether every input and output leads with the symbolic dim of one name, which appears nowhere
// else, and no output's shape depends on data: then rows of a joined run are the requests' rows.
bool leadsWithOneBatchDim(const Model &model) {
  const char *batch = nullptr;
  auto check = [&](const aicc_tensor_info &info) {
    const char *lead = leadingSymbolicDim(info);
    if (!lead || (batch && std::strcmp(lead, batch) != 0)) return false;
    batch = lead;
    for (int32_t d = 1; d < info.rank; ++d) {
      if (info.shape[d] == AICC_DIM_DATA) return false;
      if (info.dim_names && info.dim_names[d] && std::strcmp(info.dim_names[d], batch) == 0) return false;
    }
    return true;
  };
  if (model.numInputs() == 0) return false;
  for (int i = 0; i < model.numInputs(); ++i)
    if (!check(model.input(i))) return false;
  for (int o = 0; o < model.numOutputs(); ++o)
    if (!check(model.output(o))) return false;
  return true;
}

} // namespace

ServedModel::ServedModel(std::string name, int64_t version, Model model, const ModelConfig &config,
                         const ServeLimits &limits, std::shared_ptr<ModelMetrics> metrics)
    : name_(std::move(name)), version_(version), model_(std::move(model)), config_(config),
      maxResponseBytes_(limits.maxResponseBytes), metrics_(std::move(metrics)) {
  for (int i = 0; i < model_.numInputs(); ++i)
    if (model_.inputKind(i) != AICC_VALUE_TENSOR)
      throw Error(AICC_ERR_INVALID_ARGUMENT, "model '" + name_ + "': input '" + model_.input(i).name +
                                                 "' is not a tensor; aicc-serve serves tensors only");
  for (int o = 0; o < model_.numOutputs(); ++o)
    if (model_.outputKind(o) != AICC_VALUE_TENSOR)
      throw Error(AICC_ERR_INVALID_ARGUMENT, "model '" + name_ + "': output '" + model_.output(o).name +
                                                 "' is not a tensor; aicc-serve serves tensors only");
  batching_ = config_.maxBatchSize > 1 && leadsWithOneBatchDim(model_);
  for (int i = 0; i < model_.numInputs(); ++i) takesFloat64_ |= model_.input(i).dtype == AICC_DTYPE_FLOAT64;
  const int sessions = std::max(config_.sessions, 1);
  sessions_.reserve(sessions);
  for (int s = 0; s < sessions; ++s) {
    sessions_.emplace_back(model_);
    if (limits.threadsPerRun > 0) sessions_.back().setNumThreads(limits.threadsPerRun);
    // A request's answer must not depend on the requests it was batched with.
    if (batching_) sessions_.back().setBatchInvariant(true);
  }
  for (Session &session : sessions_) idle_.push_back(&session);
  try {
    for (size_t s = 0; s < sessions_.size(); ++s) threads_.emplace_back([this] { work(); });
  } catch (...) {
    stop();
    throw;
  }
}

ServedModel::~ServedModel() { stop(); }

void ServedModel::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  queued_.notify_all();
  for (std::thread &t : threads_)
    if (t.joinable()) t.join();
}

InferResponse ServedModel::infer(InferRequest &request) {
  const Clock::time_point received = Clock::now();
  metrics_->requests.fetch_add(1, std::memory_order_relaxed);
  try {
    // Shared with the session's thread, which may still hold it after this request is answered.
    const std::shared_ptr<Job> shared = std::make_shared<Job>();
    Job &job = *shared;
    const int numInputs = model_.numInputs();
    job.inputs.resize(numInputs);
    std::vector<bool> given(numInputs, false);
    for (InputTensor &input : request.inputs) {
      int index = 0;
      while (index < numInputs && input.name != model_.input(index).name) ++index;
      if (index == numInputs)
        throw ServeError(ErrorKind::BadRequest, "model '" + name_ + "' has no input '" + input.name + "'");
      if (given[index]) throw ServeError(ErrorKind::BadRequest, "input '" + input.name + "' is given twice");
      given[index] = true;
      const aicc_tensor_info &info = model_.input(index);
      if (input.dtype != info.dtype)
        throw ServeError(ErrorKind::BadRequest, "input '" + input.name + "' has datatype " + datatypeName(input.dtype) +
                                                    "; the model takes " + datatypeName(info.dtype));
      const size_t bytes = elementCount(input.shape, "input '" + input.name + "'") * aicc_dtype_size(input.dtype);
      if (bytes != input.bytes)
        throw ServeError(ErrorKind::BadRequest,
                         "input '" + input.name + "' has " + std::to_string(input.bytes) + " bytes of data; shape " +
                             shapeText(input.shape.data(), static_cast<int32_t>(input.shape.size())) + " of " +
                             datatypeName(input.dtype) + " takes " + std::to_string(bytes));
      // The kernels may read whole vectors at the element's alignment; a binary section starts anywhere.
      if (reinterpret_cast<uintptr_t>(input.data) % 64 != 0 && input.data != input.owned.data()) {
        input.owned.resize(bytes);
        if (bytes) std::memcpy(input.owned.data(), input.data, bytes);
        input.data = input.owned.data();
      }
      job.inputs[index] = aicc_tensor{input.dtype, static_cast<int32_t>(input.shape.size()), input.shape.data(),
                                      const_cast<uint8_t *>(input.data)};
    }
    for (int i = 0; i < numInputs; ++i)
      if (!given[i])
        throw ServeError(ErrorKind::BadRequest, "model '" + name_ + "' needs input '" + model_.input(i).name + "'");

    for (const std::string &output : request.outputs) {
      int index = 0;
      while (index < model_.numOutputs() && output != model_.output(index).name) ++index;
      if (index == model_.numOutputs())
        throw ServeError(ErrorKind::BadRequest, "model '" + name_ + "' has no output '" + output + "'");
      job.outputs.push_back(index);
    }
    if (request.outputs.empty())
      for (int o = 0; o < model_.numOutputs(); ++o) job.outputs.push_back(o);

    // The outputs' shapes, where the inputs tell them, check the inputs against the model (so a
    // request joins a batch only if it cannot fail the others) and bound what the run allocates.
    size_t outputBytes = 0;
    for (int o = 0; o < model_.numOutputs(); ++o) {
      const aicc_tensor_info &info = model_.output(o);
      if (std::find(info.shape, info.shape + info.rank, AICC_DIM_DATA) != info.shape + info.rank) continue;
      std::vector<int64_t> shape(info.rank);
      if (aicc_model_output_shape(model_.get(), job.inputs.data(), numInputs, o, shape.data()) != AICC_OK)
        throw ServeError(ErrorKind::BadRequest, "model '" + name_ + "': " + aicc_last_error());
      const size_t bytes = elementCount(shape, "output '" + std::string(info.name) + "'") * aicc_dtype_size(info.dtype);
      outputBytes = bytes > maxResponseBytes_ ? bytes : outputBytes + bytes;
      if (outputBytes > maxResponseBytes_)
        throw ServeError(ErrorKind::BadRequest, "model '" + name_ + "': the outputs for these inputs would take " +
                                                    std::to_string(outputBytes) +
                                                    " bytes, over the server's limit of " +
                                                    std::to_string(maxResponseBytes_));
    }
    if (batching_) job.rows = job.inputs[0].shape[0];

    std::future<InferResponse> answer = job.answer.get_future();
    std::vector<std::shared_ptr<Job>> alone{shared}; // before a session is taken: it may throw
    Session *idle = nullptr;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_)
        throw ServeError(ErrorKind::Unavailable, "model '" + name_ + "' is being unloaded or the server is stopping");
      job.enqueued = Clock::now();
      // With nothing queued and a session idle, the request runs on this thread: a batch could only
      // be itself, and handing it to a session's thread and back would cost two thread wake-ups.
      if (queue_.empty() && !idle_.empty() && (!batching_ || config_.maxQueueDelay.count() == 0)) {
        idle = idle_.back();
        idle_.pop_back();
      } else {
        if (static_cast<int64_t>(queue_.size()) >= config_.maxQueueSize)
          throw ServeError(ErrorKind::QueueFull, "model '" + name_ + "' has " + std::to_string(queue_.size()) +
                                                     " requests queued, its limit; try again later");
        queue_.push_back(shared);
      }
    }
    if (idle) {
      run(*idle, alone);
      release(idle);
    } else {
      queued_.notify_all();
    }
    InferResponse response = answer.get();
    metrics_->observeSeconds(metrics_->latency, Clock::now() - received);
    return response;
  } catch (...) {
    metrics_->failures.fetch_add(1, std::memory_order_relaxed);
    metrics_->observeSeconds(metrics_->latency, Clock::now() - received);
    throw;
  }
}

bool ServedModel::joinable(const Job &first, const Job &other) const {
  if (other.rows <= 0) return false;
  for (size_t i = 0; i < first.inputs.size(); ++i) {
    const aicc_tensor &a = first.inputs[i], &b = other.inputs[i];
    if (!std::equal(a.shape + 1, a.shape + a.rank, b.shape + 1)) return false;
  }
  return true;
}

void ServedModel::release(Session *session) {
  bool waiting;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    idle_.push_back(session);
    waiting = !queue_.empty() || stopping_;
  }
  // Only a queued request needs a session's thread to wake (each wake-up is a system call or two).
  if (waiting) queued_.notify_all();
}

void ServedModel::work() {
  std::vector<std::shared_ptr<Job>> batch;
  batch.reserve(static_cast<size_t>(std::clamp<int64_t>(config_.maxBatchSize, 1, 256)));
  for (;;) {
    batch.clear();
    Session *session = nullptr;
    try {
      std::unique_lock<std::mutex> lock(mutex_);
      queued_.wait(lock, [&] { return (stopping_ && queue_.empty()) || (!queue_.empty() && !idle_.empty()); });
      if (queue_.empty()) return; // stopping, and every request answered
      session = idle_.back();
      idle_.pop_back();
      const std::shared_ptr<Job> first = queue_.front();
      queue_.pop_front();
      batch.push_back(first);
      int64_t rows = first->rows;
      if (batching_ && rows > 0 && rows < config_.maxBatchSize) {
        const Clock::time_point deadline = first->enqueued + config_.maxQueueDelay;
        for (;;) {
          for (auto it = queue_.begin(); it != queue_.end() && rows < config_.maxBatchSize;) {
            if (joinable(*first, **it) && rows + (*it)->rows <= config_.maxBatchSize) {
              rows += (*it)->rows;
              batch.push_back(*it);
              it = queue_.erase(it);
            } else {
              ++it;
            }
          }
          if (rows >= config_.maxBatchSize || stopping_ || Clock::now() >= deadline) break;
          queued_.wait_until(lock, deadline);
        }
      }
    } catch (...) {
      // Out of memory while taking the batch: answer what was taken, keep the session serving.
      failUnanswered(batch);
      if (session) release(session);
      continue;
    }
    run(*session, batch);
    release(session);
  }
}

void ServedModel::run(Session &session, std::vector<std::shared_ptr<Job>> &batch) {
  {
    const Clock::time_point start = Clock::now();
    metrics_->runs.fetch_add(1, std::memory_order_relaxed);
    metrics_->batchSize.observe(static_cast<double>(batch.size()));
    int64_t rows = 0;
    for (const std::shared_ptr<Job> &job : batch) {
      metrics_->observeSeconds(metrics_->queueTime, start - job->enqueued);
      rows += job->rows;
    }
    metrics_->batchRows.observe(static_cast<double>(batching_ ? rows : 1));
  }
  try {
    if (batch.size() == 1)
      runAlone(session, *batch[0]);
    else
      runBatch(session, batch);
  } catch (...) {
    failUnanswered(batch);
  }
}

void ServedModel::failUnanswered(std::vector<std::shared_ptr<Job>> &batch) {
  std::exception_ptr error = std::current_exception();
  try {
    std::rethrow_exception(error);
  } catch (const std::bad_alloc &) {
    error = std::make_exception_ptr(ServeError(ErrorKind::Internal, "the server ran out of memory for this run"));
  } catch (const std::exception &e) {
    error = std::make_exception_ptr(ServeError(ErrorKind::Internal, e.what()));
  } catch (...) {
    error = std::make_exception_ptr(ServeError(ErrorKind::Internal, "the run failed"));
  }
  for (const std::shared_ptr<Job> &job : batch)
    if (!job->answered) job->fail(error);
}

namespace {
// aicc_output entries over the session's buffers, with room for each output's shape.
struct SessionOutputs {
  explicit SessionOutputs(const Model &model) : shapes(model.numOutputs()), entries(model.numOutputs()) {
    for (int o = 0; o < model.numOutputs(); ++o) {
      shapes[o].resize(std::max(model.output(o).rank, 0));
      entries[o] = aicc_output{nullptr, 0, shapes[o].data(), 0};
    }
  }
  std::vector<std::vector<int64_t>> shapes;
  std::vector<aicc_output> entries;
};

size_t bytesOf(int32_t dtype, const int64_t *shape, size_t rank) {
  size_t n = aicc_dtype_size(dtype);
  for (size_t d = 0; d < rank; ++d) n *= static_cast<size_t>(shape[d]);
  return n;
}

size_t bytesOf(int32_t dtype, const std::vector<int64_t> &shape) { return bytesOf(dtype, shape.data(), shape.size()); }
} // namespace

void ServedModel::runAlone(Session &session, Job &job) {
  SessionOutputs outputs(model_);
  const int status = aicc_session_run_outputs(session.get(), job.inputs.data(), static_cast<int32_t>(job.inputs.size()),
                                              outputs.entries.data(), static_cast<int32_t>(outputs.entries.size()));
  if (status != AICC_OK) {
    job.fail(
        std::make_exception_ptr(ServeError(errorKindOfStatus(status), "model '" + name_ + "': " + aicc_last_error())));
    return;
  }
  InferResponse response;
  for (int32_t o : job.outputs) {
    const aicc_tensor_info &info = model_.output(o);
    OutputTensor out{info.name, info.dtype, outputs.shapes[o], AlignedBuffer(bytesOf(info.dtype, outputs.shapes[o]))};
    if (out.data.size()) std::memcpy(out.data.data(), outputs.entries[o].data, out.data.size());
    response.outputs.push_back(std::move(out));
  }
  job.respond(std::move(response));
}

void ServedModel::runBatch(Session &session, std::vector<std::shared_ptr<Job>> &batch) {
  const size_t numInputs = batch[0]->inputs.size();
  int64_t rows = 0;
  for (const std::shared_ptr<Job> &job : batch) rows += job->rows;
  // Each input's rows, request after request, in buffers the run owns.
  std::vector<AlignedBuffer> joined(numInputs);
  std::vector<std::vector<int64_t>> shapes(numInputs);
  std::vector<aicc_tensor> inputs(numInputs);
  for (size_t i = 0; i < numInputs; ++i) {
    const aicc_tensor &first = batch[0]->inputs[i];
    shapes[i].assign(first.shape, first.shape + first.rank);
    shapes[i][0] = rows;
    joined[i].resize(bytesOf(first.dtype, shapes[i]));
    size_t offset = 0;
    for (const std::shared_ptr<Job> &job : batch) {
      const aicc_tensor &t = job->inputs[i];
      const size_t bytes = bytesOf(t.dtype, t.shape, static_cast<size_t>(t.rank));
      std::memcpy(joined[i].data() + offset, t.data, bytes);
      offset += bytes;
    }
    inputs[i] = aicc_tensor{first.dtype, first.rank, shapes[i].data(), joined[i].data()};
  }
  SessionOutputs outputs(model_);
  if (aicc_session_run_outputs(session.get(), inputs.data(), static_cast<int32_t>(numInputs), outputs.entries.data(),
                               static_cast<int32_t>(outputs.entries.size())) != AICC_OK) {
    // Something in one request failed the run (a value only the run checks): each runs alone, so
    // only that one is answered with the error.
    for (const std::shared_ptr<Job> &job : batch) runAlone(session, *job);
    return;
  }
  int64_t row = 0;
  for (const std::shared_ptr<Job> &job : batch) {
    InferResponse response;
    for (int32_t o : job->outputs) {
      const aicc_tensor_info &info = model_.output(o);
      std::vector<int64_t> shape = outputs.shapes[o];
      const size_t rowBytes = bytesOf(info.dtype, shape) / static_cast<size_t>(rows);
      shape[0] = job->rows;
      OutputTensor out{info.name, info.dtype, shape, AlignedBuffer(rowBytes * static_cast<size_t>(job->rows))};
      if (out.data.size())
        std::memcpy(out.data.data(), static_cast<const uint8_t *>(outputs.entries[o].data) + rowBytes * row,
                    out.data.size());
      response.outputs.push_back(std::move(out));
    }
    row += job->rows;
    job->respond(std::move(response));
  }
}

std::shared_ptr<ServedModel> findServedModel(const Repository &repository, const std::string &name,
                                             const std::string *version) {
  std::shared_ptr<ServedModel> model = repository.find(name);
  if (!model) throw ServeError(ErrorKind::NotFound, "no model '" + name + "' is being served");
  if (version && *version != std::to_string(model->version()))
    throw ServeError(ErrorKind::NotFound, "model '" + name + "' has no version '" + *version +
                                              "' being served (it serves version " + std::to_string(model->version()) +
                                              ")");
  return model;
}

} // namespace aicc::serve
