// aicc-serve: serves a repository of compiled models over the Open Inference Protocol (KServe v2),
// HTTP/REST and gRPC. SIGTERM or SIGINT stops it: it stops accepting, answers what it has received,
// and exits 0.
//
//   aicc-serve --model-repository DIR [--http-port 8000] [--grpc-port 8001] [--threads N] [--model-control]
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "aicc/serve.hpp"

namespace {

void usage(FILE *out) {
  std::fprintf(out,
               "usage: aicc-serve --model-repository DIR [options]\n"
               "  --model-repository DIR   DIR/<model>/<version>/model.so, optional DIR/<model>/config.json\n"
               "  --host H                 address to listen on (default 0.0.0.0)\n"
               "  --http-port N            HTTP/REST port (default 8000; 0 picks one, -1 turns it off)\n"
               "  --grpc-port N            gRPC port (default 8001; 0 picks one, -1 turns it off)\n"
               "  --threads N              threads each run uses (default: the machine's cores)\n"
               "  --http-connections N     HTTP connections served at once (default 256)\n"
               "  --max-request-bytes N    larger requests are refused (default 67108864)\n"
               "  --max-json-bytes N       requests with more JSON are refused (default 8388608; tensors\n"
               "                           in the binary extension do not count)\n"
               "  --max-response-bytes N   requests whose outputs would be larger are refused (default 268435456)\n"
               "  --model-control          answer POST /v2/repository/models/<m>/load and /unload\n");
}

bool parseInt(const char *text, long long lowest, long long *out) {
  char *end = nullptr;
  errno = 0;
  const long long v = std::strtoll(text, &end, 10);
  if (errno || end == text || *end || v < lowest) return false;
  *out = v;
  return true;
}

} // namespace

int main(int argc, char **argv) {
  aicc::serve::ServerOptions options;
  options.modelRepository.clear();
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      usage(stdout);
      return 0;
    }
    if (arg == "--model-control") {
      options.modelControl = true;
      continue;
    }
    if (i + 1 >= argc) {
      std::fprintf(stderr, "aicc-serve: error: %s needs a value\n", arg.c_str());
      usage(stderr);
      return 2;
    }
    const char *value = argv[++i];
    long long n = 0;
    auto number = [&](long long lowest) {
      if (!parseInt(value, lowest, &n)) {
        std::fprintf(stderr, "aicc-serve: error: %s takes an integer of at least %lld, not '%s'\n", arg.c_str(), lowest,
                     value);
        std::exit(2);
      }
      return n;
    };
    if (arg == "--model-repository")
      options.modelRepository = value;
    else if (arg == "--host")
      options.host = value;
    else if (arg == "--http-port")
      options.httpPort = static_cast<int>(std::min(number(-1), 65535LL));
    else if (arg == "--grpc-port")
      options.grpcPort = static_cast<int>(std::min(number(-1), 65535LL));
    else if (arg == "--threads")
      options.threads = static_cast<int>(std::min(number(0), 1024LL));
    else if (arg == "--http-connections")
      options.httpConnections = static_cast<int>(std::min(number(1), 65536LL));
    else if (arg == "--max-request-bytes")
      options.maxRequestBytes = static_cast<size_t>(number(1));
    else if (arg == "--max-json-bytes")
      options.maxJsonBytes = static_cast<size_t>(number(1));
    else if (arg == "--max-response-bytes")
      options.maxResponseBytes = static_cast<size_t>(number(1));
    else {
      std::fprintf(stderr, "aicc-serve: error: unknown option %s\n", arg.c_str());
      usage(stderr);
      return 2;
    }
  }
  if (options.modelRepository.empty()) {
    std::fprintf(stderr, "aicc-serve: error: --model-repository is required\n");
    usage(stderr);
    return 2;
  }

  // Every thread the server starts inherits the blocked signals; this one takes them with sigwait.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  try {
    aicc::serve::Server server(options);
    server.start();
    std::string models;
    for (const auto &name : server.repository().names()) models += (models.empty() ? "" : ", ") + name;
    std::printf("aicc-serve: HTTP on %s:%d, gRPC on %s:%d; models: %s\n", options.host.c_str(), server.httpPort(),
                options.host.c_str(), server.grpcPort(), models.empty() ? "none" : models.c_str());
    std::fflush(stdout);
    int signal = 0;
    sigwait(&signals, &signal);
    std::printf("aicc-serve: %s: answering the requests in flight, then stopping\n", strsignal(signal));
    std::fflush(stdout);
    server.shutdown();
    std::printf("aicc-serve: stopped\n");
    return 0;
  } catch (const aicc::Error &e) {
    std::fprintf(stderr, "aicc-serve: error: %s\n", e.what());
    return 1;
  } catch (const std::exception &e) {
    std::fprintf(stderr, "aicc-serve: error: %s\n", e.what());
    return 1;
  }
}
