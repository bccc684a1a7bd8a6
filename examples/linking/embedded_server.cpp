// A serving binary of one's own with aicc's server inside: the linear model, linked into the
// program (aicc_add_model(... STATIC)), served over the Open Inference Protocol on HTTP until
// SIGTERM or SIGINT, which it answers by finishing the requests in flight.
//
//   embedded_server   prints "listening on PORT" (a free port on 127.0.0.1)
#include <csignal>
#include <cstdio>

#include "aicc/serve.hpp"
#include "linear.h"

int main() {
  // Blocked before the server starts its threads, so that only sigwait below takes them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  try {
    aicc::serve::ServerOptions options;
    options.host = "127.0.0.1";
    options.httpPort = 0;
    options.grpcPort = -1;
    aicc::serve::Server server(options);
    server.repository().add("linear", 1, aicc::Model(linear_artifact()));
    server.start();
    std::printf("listening on %d\n", server.httpPort());
    std::fflush(stdout);
    int signal = 0;
    sigwait(&signals, &signal);
    server.shutdown();
    return 0;
  } catch (const aicc::Error &e) {
    std::fprintf(stderr, "embedded_server: %s\n", e.what());
    return 1;
  }
}
