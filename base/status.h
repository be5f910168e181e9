// Status and Result<T>: the error model of mdbprof's libraries.
//
// A function that can fail returns Status (no value) or Result<T> (a value or
// an error). Messages are written for the user: they name what is wrong and,
// where it helps, what was expected. Exceptions do not cross library
// boundaries; `main` functions and HTTP handlers turn a Status into an exit
// code or a response.
//
//   Result<int> ParsePort(std::string_view s);
//   ...
//   Result<int> port = ParsePort(text);
//   if (!port.ok()) return port.status();
//   Use(*port);
#ifndef MDBPROF_BASE_STATUS_H_
#define MDBPROF_BASE_STATUS_H_

#include <cstdlib>
#include <iostream>
#include <string>
#include <utility>
#include <variant>

namespace mdbprof {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // bad input: a malformed file, flag or value
  kNotFound,            // a named thing does not exist
  kFailedPrecondition,  // the system is not in a state to do this
  kUnavailable,         // a process or service did not come up / answer
  kDeadlineExceeded,    // a wait ran out of time
  kInternal,            // a broken invariant or an unexpected OS error
  kSkipped,  // not an error: this cannot run on this machine (see Skipped)
};

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message)
      : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // Returns a copy whose message is "`context`: <message>".
  Status WithContext(const std::string& context) const {
    if (ok()) return *this;
    return Status(code_, context + ": " + message_);
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) {
  return Status(StatusCode::kInvalidArgument, std::move(m));
}
inline Status NotFound(std::string m) {
  return Status(StatusCode::kNotFound, std::move(m));
}
inline Status FailedPrecondition(std::string m) {
  return Status(StatusCode::kFailedPrecondition, std::move(m));
}
inline Status Unavailable(std::string m) {
  return Status(StatusCode::kUnavailable, std::move(m));
}
inline Status DeadlineExceeded(std::string m) {
  return Status(StatusCode::kDeadlineExceeded, std::move(m));
}
inline Status Internal(std::string m) {
  return Status(StatusCode::kInternal, std::move(m));
}

// The outcome "this cannot run on this machine" (a tool, package or user it
// needs is missing), with why and, where it helps, how to install it. It is
// not a failure: callers report it as skipped (GTEST_SKIP, exit 77).
// Only Skipped() makes one; every other code, FailedPrecondition included,
// is an error.
//
//   if (access(initdb, X_OK) != 0) return Skipped("no initdb in " + dir);
//   ...
//   if (IsSkip(s)) GTEST_SKIP() << s.message();
inline Status Skipped(std::string why) {
  return Status(StatusCode::kSkipped, std::move(why));
}
// True only for a status made by Skipped() (WithContext keeps it).
inline bool IsSkip(const Status& s) { return s.code() == StatusCode::kSkipped; }

// A value of type T or a non-OK Status.
// REQUIRES: constructed from a non-OK Status when it holds an error.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT
    if (std::get<Status>(v_).ok()) {
      std::cerr << "mdbprof: Result constructed from an OK Status\n";
      std::abort();
    }
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  // The error; Status::Ok() when a value is held.
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(v_); }

  // REQUIRES: ok().
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace mdbprof

// Returns from the enclosing function when `expr` (a Status) is not OK.
#define MDBPROF_RETURN_IF_ERROR(expr)                  \
  do {                                                 \
    ::mdbprof::Status mdbprof_status_ = (expr);        \
    if (!mdbprof_status_.ok()) return mdbprof_status_; \
  } while (0)

#endif  // MDBPROF_BASE_STATUS_H_
