#include "tests/conformance/conformance_test.h"

#include <cstdio>
#include <iostream>
#include <random>

namespace mdbprof::conformance {

void ConformanceTest::SetUp() {
  backend_ = &BackendServer::Get(GetParam());
  const Status& status = backend_->status();
  if (fixtures::IsSkip(status)) {
    GTEST_SKIP() << GetParam() << ": " << status.message();
  }
  ASSERT_TRUE(status.ok()) << status.message();
  Reconnect();
}

void ConformanceTest::TearDown() {
  if (HasFailure() && backend_ != nullptr && backend_->status().ok()) {
    std::cout << "--- " << GetParam() << " server log (tail) ---\n"
              << backend_->LogTail(30) << "---" << std::endl;
  }
}

void ConformanceTest::Reconnect() {
  admin_ =
      std::make_unique<RpcClient>(backend_->Client(backend_->admin_token()));
}

std::string ConformanceTest::NewUuid() {
  static std::mt19937_64 random{std::random_device()()};
  const uint64_t hi = random(), lo = random();
  char text[40];
  snprintf(text, sizeof(text), "%08x-%04x-4%03x-%04x-%012llx",
           static_cast<unsigned>(hi >> 32),
           static_cast<unsigned>(hi >> 16) & 0xffff,
           static_cast<unsigned>(hi) & 0xfff,
           static_cast<unsigned>(0x8000 | ((lo >> 48) & 0x3fff)),
           static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  return text;
}

json ConformanceTest::Ok(const json& request) {
  RpcReply reply = Call(request);
  EXPECT_EQ(reply.status, 200) << request.dump() << " -> " << reply.Describe();
  if (reply.status != 200 || reply.json.is_discarded()) return nullptr;
  return reply.json;
}

json ConformanceTest::WriteRequest(const std::string& stream,
                                   const std::string& type, const json& data,
                                   const json& metadata, const json& options) {
  json message = {{"type", type}, {"data", data}};
  if (!metadata.is_null()) message["metadata"] = metadata;
  json request = json::array({"stream.write", stream, message});
  if (!options.is_null()) request.push_back(options);
  return request;
}

json ConformanceTest::Write(const std::string& stream, const std::string& type,
                            const json& data, const json& metadata,
                            const json& options) {
  return Ok(WriteRequest(stream, type, data, metadata, options));
}

::testing::AssertionResult IsRejectedToken(const RpcReply& reply) {
  if ((reply.status == 401 && reply.code() == "AUTH_INVALID_TOKEN") ||
      (reply.status == 403 && reply.code() == "AUTH_UNAUTHORIZED")) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "expected 401 AUTH_INVALID_TOKEN or 403 AUTH_UNAUTHORIZED, got "
         << reply.Describe();
}

}  // namespace mdbprof::conformance
