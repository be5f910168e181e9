// The load's JSON-RPC request bodies and error classification, formatted
// without per-call allocation (the caller reuses its buffers).
//
//   std::string body;                                // reused
//   body.clear();
//   AppendWriteBody(/*counter=*/n, /*worker_id=*/w, /*stream=*/n % 100, &body);
//   // ["stream.write","test-stream-7",{"type":"TestEvent","data":{...},...}]
//
// Bodies follow the original load test: a `TestEvent` with a nested payload
// (counter, text, nested object with an array) and correlation metadata.
#ifndef MDBPROF_BENCH_LOAD_RPC_BODIES_H_
#define MDBPROF_BENCH_LOAD_RPC_BODIES_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace mdbprof::bench {

// Appends `["stream.write","test-stream-<stream>",{type,data,metadata}]`.
// `counter` appears in the data (so every op's body differs); the metadata
// is {"correlationStreamName":"load-correlation-<stream>","workerId":W}.
void AppendWriteBody(int64_t counter, int worker_id, int stream,
                     std::string* out);

// Appends `["stream.get","test-stream-<stream>",{"position":0,"batchSize":N}]`.
void AppendReadBody(int stream, int batch_size, std::string* out);

// Replaces *out with the reason for an HTTP error answer: "<status> <code>"
// where <code> is `error.code` of a `{"error":{"code":...}}` body (found by a
// scan, not a full parse), or just "<status>" when there is none.
void FormatErrorReason(int status, std::string_view body, std::string* out);

}  // namespace mdbprof::bench

#endif  // MDBPROF_BENCH_LOAD_RPC_BODIES_H_
