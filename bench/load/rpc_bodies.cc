#include "bench/load/rpc_bodies.h"

#include <charconv>

namespace mdbprof::bench {
namespace {

void AppendInt(int64_t v, std::string* out) {
  char text[24];
  out->append(text, std::to_chars(text, text + sizeof(text), v).ptr);
}

}  // namespace

void AppendWriteBody(int64_t counter, int worker_id, int stream,
                     std::string* out) {
  out->append(R"(["stream.write","test-stream-)");
  AppendInt(stream, out);
  out->append(R"(",{"type":"TestEvent","data":{"counter":)");
  AppendInt(counter, out);
  out->append(R"(,"workerId":)");
  AppendInt(worker_id, out);
  out->append(R"(,"message":"load test event )");
  AppendInt(counter, out);
  out->append(R"( from worker )");
  AppendInt(worker_id, out);
  out->append(R"(","nested":{"source":"mdbprof-load","level":2,"active":true,)"
              R"("ratio":0.75,"tags":["load","test","profiling"],"details":{)"
              R"("sequence":)");
  AppendInt(counter, out);
  out->append(R"(,"label":"payload"}}},"metadata":{"correlationStreamName":)"
              R"("load-correlation-)");
  AppendInt(stream, out);
  out->append(R"(","workerId":)");
  AppendInt(worker_id, out);
  out->append("}}]");
}

void AppendReadBody(int stream, int batch_size, std::string* out) {
  out->append(R"(["stream.get","test-stream-)");
  AppendInt(stream, out);
  out->append(R"(",{"position":0,"batchSize":)");
  AppendInt(batch_size, out);
  out->append("}]");
}

void FormatErrorReason(int status, std::string_view body, std::string* out) {
  out->clear();
  AppendInt(status, out);
  constexpr std::string_view kKey = R"("code")";
  const size_t key = body.find(kKey);
  if (key == std::string_view::npos) return;
  size_t p = key + kKey.size();
  while (p < body.size() && (body[p] == ' ' || body[p] == ':')) ++p;
  if (p >= body.size() || body[p] != '"') return;
  const size_t end = body.find('"', p + 1);
  if (end == std::string_view::npos || end == p + 1 || end - p > 64) return;
  out->push_back(' ');
  out->append(body.substr(p + 1, end - p - 1));
}

}  // namespace mdbprof::bench
