#include "report/readable_name.h"

#include <array>
#include <cctype>

namespace mdbprof::report {
namespace {

constexpr std::string_view kOperator = "operator";
constexpr std::string_view kEllipsis = "…";

bool IsIdentChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}

bool StartsWith(std::string_view s, size_t i, std::string_view prefix) {
  return s.substr(i, prefix.size()) == prefix;
}

// True when the keyword `operator` starts at s[i] (not `my_operator`).
bool AtOperator(std::string_view s, size_t i) {
  if (!StartsWith(s, i, kOperator)) return false;
  if (i > 0 && IsIdentChar(s[i - 1])) return false;
  size_t end = i + kOperator.size();
  return end == s.size() || !IsIdentChar(s[end]);
}

// `i` is just past `operator`; returns the index just past the operator's
// symbol (`<<`, `()`, `->`, ...). A named operator (`operator new`, a
// conversion `operator unsigned long`) has no symbol: returns `i`.
size_t OperatorEnd(std::string_view s, size_t i) {
  static constexpr std::array<std::string_view, 13> kBracketed = {
      "<=>", "<<=", ">>=", "->*", "<<", ">>", "<=",
      ">=",  "->",  "()",  "[]",  "<",  ">"};
  for (std::string_view op : kBracketed) {
    if (StartsWith(s, i, op)) return i + op.size();
  }
  constexpr std::string_view kSymbolChars = "+-*/%^&|~!=,";
  while (i < s.size() && kSymbolChars.find(s[i]) != std::string_view::npos) {
    ++i;
  }
  return i;
}

// `s[open]` is one of `<([{`; returns the index just past its matching
// closer, or npos when it is unbalanced. Operators inside (`&f::operator<`)
// are skipped; inside parentheses a stray `>` is taken as text (`a->b`).
size_t MatchClose(std::string_view s, size_t open) {
  std::string closers;
  for (size_t i = open; i < s.size();) {
    if (AtOperator(s, i)) {
      i = OperatorEnd(s, i + kOperator.size());
      continue;
    }
    const char c = s[i++];
    switch (c) {
      case '<':
        closers += '>';
        break;
      case '(':
        closers += ')';
        break;
      case '[':
        closers += ']';
        break;
      case '{':
        closers += '}';
        break;
      case '>':
      case ')':
      case ']':
      case '}':
        if (closers.empty()) return std::string_view::npos;
        if (closers.back() != c) {
          if (c == '>' && closers.back() == ')') break;
          return std::string_view::npos;
        }
        closers.pop_back();
        if (closers.empty()) return i;
        break;
      default:
        break;
    }
  }
  return std::string_view::npos;
}

// A `{lambda(int)#1}`-style group s[open, close): nested parameter lists
// become `(…)` (`()` when empty), template lists `<…>`.
void AppendBraceGroup(std::string_view s, size_t open, size_t close,
                      std::string& out) {
  for (size_t i = open; i < close;) {
    const char c = s[i];
    if ((c == '(' || c == '<') && i != open) {
      size_t end = MatchClose(s, i);
      if (end == std::string_view::npos || end > close) end = close - 1;
      const bool empty = end == i + 2;
      out += c;
      if (!empty) out += kEllipsis;
      out += c == '(' ? ')' : '>';
      i = end;
      continue;
    }
    out += c;
    ++i;
  }
}

// Skips cv/ref qualifiers after a parameter list: ` const`, ` &&`, ...
size_t SkipQualifiers(std::string_view s, size_t i) {
  static constexpr std::array<std::string_view, 5> kQualifiers = {
      " const", " volatile", " &&", " &", " noexcept"};
  for (bool again = true; again;) {
    again = false;
    for (std::string_view q : kQualifiers) {
      if (StartsWith(s, i, q)) {
        i += q.size();
        again = true;
      }
    }
  }
  return i;
}

// Go names (`net/http.(*conn).serve`, `main.main.func1`) and names that
// are no C++ (`sqlite3_step`, `[libfoo.so]`): no `::`, and a `.` before any
// `(`, `<` or space, or none of them at all.
bool KeepAsIs(std::string_view s) {
  if (s.find("::") != std::string_view::npos) return false;
  size_t first = s.find_first_of(".(< ");
  return first == std::string_view::npos || s[first] == '.';
}

// Removes every occurrence of `noise` from `s`.
void Erase(std::string& s, std::string_view noise, std::string_view with) {
  for (size_t at = s.find(noise); at != std::string::npos;
       at = s.find(noise, at + with.size())) {
    s.replace(at, noise.size(), with);
  }
}

// Drops the standard library's and nlohmann's inline namespaces.
void DropInlineNamespaces(std::string& s) {
  Erase(s, "std::__cxx11::", "std::");
  Erase(s, "std::__1::", "std::");
  Erase(s, "std::_V2::", "std::");
  // nlohmann::json_abi_v3_11_2::, json_abi_diag_v3_11_3::, ...
  for (size_t at = s.find("json_abi_"); at != std::string::npos;
       at = s.find("json_abi_", at)) {
    size_t end = at;
    while (end < s.size() && IsIdentChar(s[end])) ++end;
    if (StartsWith(s, end, "::")) {
      s.erase(at, end + 2 - at);
    } else {
      at = end;
    }
  }
}

}  // namespace

std::string ReadableName(std::string_view s) {
  if (KeepAsIs(s)) return std::string(s);
  constexpr std::string_view kPlt = "@plt";  // a PLT stub (refserver names)
  if (s.ends_with(kPlt)) {
    return ReadableName(s.substr(0, s.size() - kPlt.size())) + "@plt";
  }
  // Code no symbol covers, named after the function before it (refserver's
  // symbolizer): the inner name is collapsed like any other.
  constexpr std::string_view kStaticAfter = "(static after ";
  if (s.starts_with(kStaticAfter) && s.ends_with(")")) {
    return std::string(kStaticAfter) +
           ReadableName(s.substr(kStaticAfter.size(),
                                 s.size() - kStaticAfter.size() - 1)) +
           ")";
  }
  std::string out;
  // Where the qualified name starts: after the last space that separates a
  // return type (`void ns::f<int>(int)`) from it.
  size_t name_start = 0;
  bool in_operator = false;  // spaces of `operator new` are no separator
  for (size_t i = 0; i < s.size();) {
    if (AtOperator(s, i)) {
      const size_t end = OperatorEnd(s, i + kOperator.size());
      out += s.substr(i, end - i);
      i = end;
      in_operator = true;
      continue;
    }
    const char c = s[i];
    if (c == ':' && StartsWith(s, i, "::")) {
      out += "::";
      i += 2;
      in_operator = false;
      continue;
    }
    if (c == ' ') {
      if (!in_operator) name_start = out.size() + 1;
      out += c;
      ++i;
      continue;
    }
    if (c == '[' &&
        (StartsWith(s, i, "[abi:") || StartsWith(s, i, "[clone "))) {
      const size_t end = s.find(']', i);
      if (end == std::string_view::npos) break;
      i = end + 1;
      continue;
    }
    if (c != '<' && c != '(' && c != '{' && c != '[') {
      out += c;
      ++i;
      continue;
    }
    if (c == '(' && StartsWith(s, i, "(anonymous namespace)")) {
      out += "(anonymous namespace)";
      i += std::string_view("(anonymous namespace)").size();
      continue;
    }
    const size_t end = MatchClose(s, i);
    if (end == std::string_view::npos) {  // unbalanced: keep the rest
      out += s.substr(i);
      break;
    }
    if (c == '<') {
      out += "<";
      out += kEllipsis;
      out += ">";
      i = end;
    } else if (c == '{') {
      AppendBraceGroup(s, i, end, out);
      i = end;
    } else if (c == '[') {
      out += s.substr(i, end - i);
      i = end;
    } else if (out.ends_with("decltype") || out.ends_with("decltype ")) {
      out += "(…)";  // part of a return type
      i = end;
    } else {
      // A parameter list: the enclosing function's in a local name
      // (`f(int)::{lambda()#1}`), else the last one, with what follows.
      const size_t next = SkipQualifiers(s, end);
      if (!StartsWith(s, next, "::")) break;
      out += end == i + 2 ? "()" : "(…)";
      i = next;
    }
  }
  out.erase(0, std::min(name_start, out.size()));
  while (!out.empty() && out.back() == ' ') out.pop_back();
  DropInlineNamespaces(out);
  return out.empty() ? std::string(s) : out;
}

}  // namespace mdbprof::report
