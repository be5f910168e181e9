// Test-only builders of what the store tests write: a message with a fresh,
// valid id and a namespace record.
//
//   store->WriteMessage("default", Msg("account-1", "Opened"));
//   store->CreateNamespace(Record("tenant-a"));
#ifndef REFSERVER_TESTING_TEST_MESSAGES_H_
#define REFSERVER_TESTING_TEST_MESSAGES_H_

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include "server/store/store.h"

namespace refserver::testing {

// A message of `stream` with a UUID unique within the test process and
// data {"n":1}; `expected` becomes its expected version.
inline NewMessage Msg(std::string stream, std::string type = "Tested",
                      std::optional<int64_t> expected = std::nullopt) {
  static std::atomic<int> counter{0};
  NewMessage m;
  char id[40];
  std::snprintf(id, sizeof(id), "00000000-0000-4000-8000-%012d",
                counter.fetch_add(1));
  m.id = id;
  m.stream_name = std::move(stream);
  m.type = std::move(type);
  m.data = R"({"n":1})";
  m.expected_version = expected;
  return m;
}

// Namespace `name` with token hash "hash", description "desc" and a fixed
// creation time.
inline NamespaceRecord Record(std::string name) {
  return NamespaceRecord{std::move(name), "hash", "desc",
                         "2024-01-01T00:00:00.000Z"};
}

}  // namespace refserver::testing

#endif  // REFSERVER_TESTING_TEST_MESSAGES_H_
