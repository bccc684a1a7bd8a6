// aicc::serve: compiled models as a service, over the Open Inference Protocol (KServe v2) on HTTP
// and gRPC, with dynamic batching and Prometheus metrics. The aicc-serve program is a thin main over
// this library; a serving binary of the user's own embeds it the same way:
//
//   aicc::serve::ServerOptions options;
//   options.modelRepository = "models";            // models/<name>/<version>/model.so
//   aicc::serve::Server server(options);           // loads every model, throws aicc::Error
//   server.repository().add("mnist", 1, aicc::Model(mnist_artifact()));  // a linked model
//   server.start();                                // listens; returns at once
//   ...
//   server.shutdown();                             // stop accepting, finish what is in flight
#ifndef AICC_SERVE_HPP
#define AICC_SERVE_HPP

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "aicc/runtime.hpp"

namespace aicc::serve {

// How one model is served: read from <repository>/<name>/config.json (every key optional) or given
// to Repository::add.
struct ModelConfig {
  // Rows a dynamic batch may hold; 1 (the default) serves each request on its own. Batching
  // applies to models whose inputs and outputs all lead with one symbolic dim (the batch), and is
  // right only if the model computes each row of it from that row alone (no statistics or
  // softmax over the batch): the config says so by setting this. Its sessions are then batch
  // invariant (aicc_session_set_batch_invariant): with AVX-512 each answer is bit for bit the one
  // the request would get alone (see there for what differs in the last bits elsewhere).
  int64_t maxBatchSize = 1;
  // How long the first request of a batch waits for more before the batch runs anyway. 0 batches
  // only what queued while the sessions were busy, which adds no latency.
  std::chrono::microseconds maxQueueDelay{0};
  // Requests that may wait; one more is refused (HTTP 503, gRPC RESOURCE_EXHAUSTED).
  int64_t maxQueueSize = 256;
  // Sessions, each with a thread of its own that takes batches from the queue.
  int sessions = 1;
  // The version served; 0 serves the newest in the repository.
  int64_t version = 0;
};

struct ServerOptions {
  // <dir>/<model>/<version>/model.so and an optional <dir>/<model>/config.json. Empty: models come
  // only from Repository::add.
  std::string modelRepository;
  std::string host = "0.0.0.0";
  // 0 picks a free port (httpPort()/grpcPort() tell which); -1 turns the endpoint off.
  int httpPort = 8000;
  int grpcPort = 8001;
  // OpenMP threads each run uses; 0: the machine's cores.
  int threads = 0;
  // Connections the HTTP endpoint serves at once, a thread each; more wait their turn (a
  // keep-alive connection is closed after 1000 requests, so they get one).
  int httpConnections = 256;
  // Larger request bodies (HTTP) and messages (gRPC) are refused.
  size_t maxRequestBytes = 64u << 20;
  // A request's JSON (all of a JSON request, the header of a binary one) is refused past this:
  // parsed, it takes up to 16 bytes a number. Large tensors go in the binary extension.
  size_t maxJsonBytes = 8u << 20;
  // A request whose outputs would take more is refused before it runs.
  size_t maxResponseBytes = 256u << 20;
  // Whether POST /v2/repository/models/<m>/load and /unload are answered (else 403): anyone who
  // reaches the port could swap or remove models.
  bool modelControl = false;
};

class ServedModel;
class Metrics;

// The models being served, by name; one version of each. Changes apply while requests run:
// a request keeps the version it started on until it is answered.
class Repository {
public:
  // Models from options.modelRepository, run with options.threads, within options.maxResponseBytes.
  Repository(const ServerOptions &options, std::shared_ptr<Metrics> metrics);
  ~Repository();
  Repository(const Repository &) = delete;
  Repository &operator=(const Repository &) = delete;

  // Loads (or reloads) <directory>/<name>: the pinned or newest version, with its config.
  void load(const std::string &name);
  // Loads every model folder of the directory.
  void loadAll();
  // Serves `model` as `name`, replacing the version served so far.
  void add(const std::string &name, int64_t version, Model model, const ModelConfig &config = {});
  // Stops serving `name`; false if it was not served. Requests already queued are still answered.
  bool unload(const std::string &name);

  // The model served as `name`, or null.
  std::shared_ptr<ServedModel> find(const std::string &name) const;
  std::vector<std::shared_ptr<ServedModel>> models() const;
  // Model folders of the directory and served models, sorted.
  std::vector<std::string> names() const;

  // Answers what is queued and stops every model's sessions.
  void stop();

private:
  struct State;
  std::unique_ptr<State> state_;
};

class Server {
public:
  // Loads every model of options.modelRepository; throws aicc::Error naming the model that failed.
  explicit Server(ServerOptions options);
  ~Server();
  Server(const Server &) = delete;
  Server &operator=(const Server &) = delete;

  Repository &repository();

  // Binds the ports and starts answering; throws aicc::Error if a port cannot be bound.
  void start();
  int httpPort() const;
  int grpcPort() const;

  // Stops accepting requests, answers every request already received, then stops the models'
  // sessions. Idempotent; the destructor calls it.
  void shutdown();

private:
  struct State;
  std::unique_ptr<State> state_;
};

} // namespace aicc::serve

#endif // AICC_SERVE_HPP
