// fault_server: a stand-in for the server under test that misbehaves on
// purpose (test-only). profile_bench starts it like a real server (through
// MDBPROF_SERVER) with `--port P --token T ... --data-dir D`; $FAULT_MODE
// chooses the fault:
//
//   sleep      prints a line, never listens (readiness never succeeds). With
//              $FAULT_ORPHAN_PIDFILE set, first starts a `sleep 300`
//              grandchild in the data directory that escapes PDEATHSIG (as a
//              database worker could) and writes its pid there.
//   exit       prints a line and exits 3 at once.
//   html       answers /health and /rpc, and /debug/pprof/* with an HTML page.
//   error      the same, /debug/pprof/* with 500 and a text error.
//   truncated  the same, /debug/pprof/* with the first bytes of a gzip stream.
//   take-port  binds P itself, then execs $FAULT_EXEC (the real server) with
//              the same arguments and the socket still open, so the real
//              server finds its port taken; only while $FAULT_MARKER does not
//              exist (it is created), so the retry on a new port gets the
//              real server unchanged.
#include <arpa/inet.h>
#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace {

std::string Env(const char* name) {
  const char* v = getenv(name);
  return v ? v : "";
}

std::string Flag(int argc, char** argv, const char* name) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (strcmp(argv[i], name) == 0) return argv[i + 1];
  }
  return "";
}

int StartOrphan(const std::string& dir, const std::string& pidfile) {
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    if (!dir.empty() && chdir(dir.c_str()) != 0) _exit(126);
    execlp("sleep", "sleep", "300", static_cast<char*>(nullptr));
    _exit(127);
  }
  std::ofstream(pidfile + ".tmp") << pid << "\n";
  std::rename((pidfile + ".tmp").c_str(), pidfile.c_str());
  return 0;
}

int TakePortAndExec(int argc, char** argv, int port) {
  const std::string marker = Env("FAULT_MARKER");
  const std::string exec = Env("FAULT_EXEC");
  std::vector<char*> args;
  args.push_back(const_cast<char*>(exec.c_str()));
  for (int i = 1; i < argc; ++i) args.push_back(argv[i]);
  args.push_back(nullptr);
  if (access(marker.c_str(), F_OK) != 0) {
    std::ofstream(marker) << port << "\n";
    int fd = socket(AF_INET, SOCK_STREAM, 0);  // no CLOEXEC: exec keeps it
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) ||
        listen(fd, 1) != 0) {
      fprintf(stderr, "fault_server: cannot take port %d: %s\n", port,
              strerror(errno));
      return 1;
    }
    printf("fault_server: holding port %d, starting %s\n", port, exec.c_str());
    fflush(stdout);
  }
  execv(exec.c_str(), args.data());
  fprintf(stderr, "fault_server: cannot exec %s: %s\n", exec.c_str(),
          strerror(errno));
  return 1;
}

int Serve(int port, const std::string& mode) {
  httplib::Server server;
  server.Get("/health", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"status":"ok"})", "application/json");
  });
  server.Get("/version", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"version":"fault"})", "application/json");
  });
  server.Post("/rpc", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"globalPosition":1,"position":0})", "application/json");
  });
  server.Get(R"(/debug/pprof/.*)", [mode](const httplib::Request&,
                                          httplib::Response& res) {
    if (mode == "html") {
      res.set_content("<html><body><h1>pprof</h1></body></html>", "text/html");
    } else if (mode == "error") {
      res.status = 500;
      res.set_content("profiling is broken\n", "text/plain");
    } else {
      // A gzip header and a few bytes of deflate data: a cut-off profile.
      static const char kTruncated[] =
          "\x1f\x8b\x08\x00\x00\x00\x00\x00"
          "\x00\xff\xe2\x92";
      res.set_content(std::string(kTruncated, sizeof kTruncated - 1),
                      "application/octet-stream");
    }
  });
  printf("fault_server: serving port %d in mode %s\n", port, mode.c_str());
  fflush(stdout);
  if (!server.listen("127.0.0.1", port)) {
    fprintf(stderr, "fault_server: cannot listen on port %d\n", port);
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = Env("FAULT_MODE");
  const int port = atoi(Flag(argc, argv, "--port").c_str());
  if (mode == "sleep") {
    const std::string pidfile = Env("FAULT_ORPHAN_PIDFILE");
    if (!pidfile.empty() &&
        StartOrphan(Flag(argc, argv, "--data-dir"), pidfile) != 0) {
      perror("fault_server: fork");
      return 1;
    }
    printf("fault_server: sleeping, never ready (port %d)\n", port);
    fflush(stdout);
    sleep(600);
    return 0;
  }
  if (mode == "exit") {
    fprintf(stderr, "fault_server: giving up at once (exit 3)\n");
    return 3;
  }
  if (mode == "take-port") return TakePortAndExec(argc, argv, port);
  if (mode == "html" || mode == "error" || mode == "truncated") {
    return Serve(port, mode);
  }
  fprintf(stderr, "fault_server: unknown FAULT_MODE '%s'\n", mode.c_str());
  return 2;
}
