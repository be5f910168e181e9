// Pprof: the profiles the suite reads from every server kind, as
// Go's net/http/pprof serves them: gzip-compressed profile.proto, no token.
// (Who may fetch them is the server's own rule: the refserver answers
// loopback peers only unless --pprof-allow-remote, EventoDB everyone; the
// suite only ever asks over loopback, so neither rule is checked here.)
#include <string>
#include <vector>

#include "tests/conformance/conformance_test.h"

namespace mdbprof::conformance {
namespace {

class Pprof : public ConformanceTest {};

// "200, 1234 bytes starting 1f 8b ..." for failure messages (a profile is
// binary; Describe() would print it).
std::string Summary(const RpcReply& r) {
  if (r.status == 0) return r.Describe();
  std::string text = std::to_string(r.status) + ", " +
                     std::to_string(r.body.size()) + " bytes starting";
  for (size_t i = 0; i < r.body.size() && i < 8; ++i) {
    char hex[4];
    snprintf(hex, sizeof hex, " %02x", static_cast<unsigned char>(r.body[i]));
    text += hex;
  }
  return text;
}

TEST_P(Pprof, ProfilesAreGzippedWithoutAToken) {
  // Some activity first, so the heap and allocations are not empty.
  const std::string stream = Stream("pprof");
  for (int i = 0; i < 20; ++i) Write(stream, "T", {{"i", i}});
  RpcClient anonymous = backend().Client("");
  const std::vector<std::string> paths = {
      "/debug/pprof/heap", "/debug/pprof/allocs?gc=1", "/debug/pprof/goroutine",
      "/debug/pprof/profile?seconds=1"};
  for (const std::string& path : paths) {
    RpcReply r = anonymous.Get(path);
    ASSERT_EQ(r.status, 200) << path << ": " << Summary(r);
    ASSERT_GE(r.body.size(), 20u) << path << ": " << Summary(r);
    EXPECT_EQ(static_cast<unsigned char>(r.body[0]), 0x1f)
        << path << ": " << Summary(r);
    EXPECT_EQ(static_cast<unsigned char>(r.body[1]), 0x8b)
        << path << ": " << Summary(r);
  }
}

MDBPROF_INSTANTIATE_CONFORMANCE(Pprof);

}  // namespace
}  // namespace mdbprof::conformance
