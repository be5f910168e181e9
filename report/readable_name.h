// ReadableName: a function name as a person reads it in a report table or a
// flame graph. C++ names lose their template argument lists (collapsed to
// `<…>`), their parameter lists and the standard library's inline
// namespaces; Go names, and names that are not C++, come back unchanged.
// The .prof files keep full names; this is for display only.
//
//   ReadableName("std::map<std::__cxx11::basic_string<char>, int>::"
//                "operator[](std::__cxx11::basic_string<char> const&)")
//       == "std::map<…>::operator[]"
//   ReadableName("httplib::detail::read_headers(httplib::Stream&, ...)")
//       == "httplib::detail::read_headers"
//   ReadableName("main.(*Server).handle") == "main.(*Server).handle"
#ifndef MDBPROF_REPORT_READABLE_NAME_H_
#define MDBPROF_REPORT_READABLE_NAME_H_

#include <string>
#include <string_view>

namespace mdbprof::report {

// Returns the readable form of the demangled name `full`:
//   - a name without `::` (Go's `pkg/path.(*T).M`, C's `sqlite3_step`,
//     `[libfoo.so]`) is returned as is;
//   - each top-level-balanced `<...>` argument list becomes `<…>`
//     (`operator<`, `operator<<`, `operator<=`, `operator<=>`,
//     `operator->`, `operator>>` are kept as operators);
//   - a function's parameter list and what follows it (`const`, `&&`,
//     ` [clone .cold]`) is dropped; that of a function enclosing a local
//     name becomes `(…)` (`f(int)::{lambda(int)#1}` -> `f(…)::{lambda(…)#1}`,
//     `()` stays `()`);
//   - `std::__cxx11::`, `std::__1::`, `[abi:cxx11]`-style ABI tags and
//     nlohmann's `json_abi_v…::` inline namespace are dropped;
//   - `(anonymous namespace)` is kept; so is a PLT stub's `@plt` suffix
//     (`operator delete(void*)@plt` -> `operator delete@plt`).
// Never fails: a name it cannot parse (unbalanced brackets) is returned with
// as much collapsed as is well-formed. Pure; safe from any thread.
std::string ReadableName(std::string_view full);

}  // namespace mdbprof::report

#endif  // MDBPROF_REPORT_READABLE_NAME_H_
