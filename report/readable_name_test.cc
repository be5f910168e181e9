#include "report/readable_name.h"

#include <gtest/gtest.h>

namespace mdbprof::report {
namespace {

TEST(ReadableName, CollapsesStdMapOperatorIndex) {
  EXPECT_EQ(
      ReadableName(
          "std::map<std::__cxx11::basic_string<char, std::char_traits<char>, "
          "std::allocator<char> >, nlohmann::json_abi_v3_11_2::basic_json<"
          "std::map, std::vector, std::__cxx11::basic_string<char, "
          "std::char_traits<char>, std::allocator<char> >, bool, long, "
          "unsigned long, double, std::allocator, nlohmann::json_abi_v3_11_2::"
          "adl_serializer, std::vector<unsigned char, std::allocator<unsigned "
          "char> > >, std::less<void>, std::allocator<std::pair<std::__cxx11::"
          "basic_string<char, std::char_traits<char>, std::allocator<char> > "
          "const, nlohmann::json_abi_v3_11_2::basic_json<std::map, "
          "std::vector, std::__cxx11::basic_string<char, "
          "std::char_traits<char>, std::allocator<char> >, bool, long, "
          "unsigned long, double, std::allocator, "
          "nlohmann::json_abi_v3_11_2::adl_serializer, std::vector<unsigned "
          "char, std::allocator<unsigned char> > > > > >::operator[]("
          "std::__cxx11::basic_string<char, std::char_traits<char>, "
          "std::allocator<char> > const&)"),
      "std::map<…>::operator[]");
}

TEST(ReadableName, DropsNlohmannAbiNamespace) {
  EXPECT_EQ(ReadableName("nlohmann::json_abi_v3_11_2::basic_json<std::map, "
                         "std::vector, std::__cxx11::basic_string<char, "
                         "std::char_traits<char>, std::allocator<char> >, "
                         "bool>::dump(int, char, bool, "
                         "nlohmann::json_abi_v3_11_2::detail::error_handler_t)"
                         " const"),
            "nlohmann::basic_json<…>::dump");
}

TEST(ReadableName, DropsParameterList) {
  EXPECT_EQ(ReadableName("httplib::detail::read_headers(httplib::Stream&, "
                         "std::multimap<std::__cxx11::basic_string<char>, "
                         "std::__cxx11::basic_string<char> >&)"),
            "httplib::detail::read_headers");
  EXPECT_EQ(ReadableName("Foo::bar() const &&"), "Foo::bar");
  EXPECT_EQ(ReadableName("Foo::bar(int) [clone .cold]"), "Foo::bar");
  EXPECT_EQ(ReadableName("foo(int)"), "foo");
  EXPECT_EQ(ReadableName("operator new(unsigned long)"), "operator new");
}

TEST(ReadableName, KeepsOperatorsThatLookLikeBrackets) {
  EXPECT_EQ(ReadableName("std::operator<<(std::ostream&, char const*)"),
            "std::operator<<");
  EXPECT_EQ(ReadableName("std::operator< <char>(std::basic_string<char> "
                         "const&, std::basic_string<char> const&)"),
            "std::operator< <…>");
  EXPECT_EQ(ReadableName("ns::Key::operator<=>(ns::Key const&) const"),
            "ns::Key::operator<=>");
  EXPECT_EQ(ReadableName("std::unique_ptr<Foo, std::default_delete<Foo> "
                         ">::operator->() const"),
            "std::unique_ptr<…>::operator->");
  EXPECT_EQ(ReadableName("ns::V::operator>>=(int)"), "ns::V::operator>>=");
  EXPECT_EQ(ReadableName("ns::F::operator()(int) const"), "ns::F::operator()");
  EXPECT_EQ(ReadableName("std::vector<int>::operator=(std::vector<int>&&)"),
            "std::vector<…>::operator=");
  EXPECT_EQ(ReadableName("ns::S::operator bool() const"),
            "ns::S::operator bool");
  EXPECT_EQ(ReadableName("ns::operator new[](unsigned long)"),
            "ns::operator new[]");
}

TEST(ReadableName, TemplateArgumentsHoldingOperatorsStayBalanced) {
  EXPECT_EQ(ReadableName("ns::Call<&ns::Key::operator<, 3>::Run(int)"),
            "ns::Call<…>::Run");
  EXPECT_EQ(ReadableName("std::function<void (std::vector<int>)>::"
                         "operator()(std::vector<int>) const"),
            "std::function<…>::operator()");
}

TEST(ReadableName, CollapsesLambdaParameters) {
  EXPECT_EQ(ReadableName("refserver::Api::Routes()::{lambda(httplib::Request "
                         "const&, httplib::Response&)#1}::operator()("
                         "httplib::Request const&, httplib::Response&) const"),
            "refserver::Api::Routes()::{lambda(…)#1}::operator()");
  EXPECT_EQ(ReadableName("ns::f()::{lambda()#2}::operator()() const"),
            "ns::f()::{lambda()#2}::operator()");
}

TEST(ReadableName, KeepsAnonymousNamespace) {
  EXPECT_EQ(ReadableName("mdbprof::(anonymous namespace)::Handle(int)"),
            "mdbprof::(anonymous namespace)::Handle");
}

TEST(ReadableName, DropsReturnTypeOfTemplateFunctions) {
  EXPECT_EQ(ReadableName("void std::vector<int, std::allocator<int> >::"
                         "_M_realloc_insert<int const&>(__gnu_cxx::"
                         "__normal_iterator<int*, std::vector<int> >, int "
                         "const&)"),
            "std::vector<…>::_M_realloc_insert<…>");
  EXPECT_EQ(ReadableName("std::unique_ptr<Foo, std::default_delete<Foo> > "
                         "std::make_unique<Foo>()"),
            "std::make_unique<…>");
  EXPECT_EQ(ReadableName("unsigned long ns::Hash<int>(int)"), "ns::Hash<…>");
}

TEST(ReadableName, DropsStdInlineNamespacesAndAbiTags) {
  EXPECT_EQ(ReadableName("std::__cxx11::basic_string<char, "
                         "std::char_traits<char>, std::allocator<char> "
                         ">::_M_mutate(unsigned long, unsigned long, char "
                         "const*, unsigned long)"),
            "std::basic_string<…>::_M_mutate");
  EXPECT_EQ(ReadableName("std::__1::vector<int>::push_back(int&&)"),
            "std::vector<…>::push_back");
  EXPECT_EQ(ReadableName("ns::Name[abi:cxx11]() const"), "ns::Name");
  EXPECT_EQ(ReadableName("std::__cxx11::to_string(int)"), "std::to_string");
}

TEST(ReadableName, KeepsGoAndCNamesAsPrinted) {
  for (const char* name :
       {"main.burn", "net/http.(*conn).serve", "main.main.func1",
        "runtime.mallocgc", "slices.SortFunc[go.shape.[]int,go.shape.int]",
        "github.com/x/y.(*T).M", "sqlite3_step", "[libsqlite3.so.0.8.6]", "",
        "malloc"}) {
    EXPECT_EQ(ReadableName(name), name);
  }
}

TEST(ReadableName, KeepsPltSuffix) {
  EXPECT_EQ(ReadableName("operator delete(void*, unsigned long)@plt"),
            "operator delete@plt");
  EXPECT_EQ(ReadableName("std::__cxx11::basic_string<char>::_M_mutate(int)"
                         "@plt"),
            "std::basic_string<…>::_M_mutate@plt");
  EXPECT_EQ(ReadableName("free@plt"), "free@plt");
}

TEST(ReadableName, UnbalancedNameKeepsItsTail) {
  EXPECT_EQ(ReadableName("ns::f<int(int)"), "ns::f<int(int)");
}

TEST(ReadableName, CollapsesTheFunctionNamedInAStaticAfterFrame) {
  EXPECT_EQ(ReadableName("(static after std::_Function_handler<bool (char), "
                         "std::__detail::_BracketMatcher<std::__cxx11::regex_"
                         "traits<char>, true, true> >::_M_manager(std::_Any_"
                         "data&, std::_Any_data const&, std::_Manager_"
                         "operation))"),
            "(static after std::_Function_handler<…>::_M_manager)");
  EXPECT_EQ(ReadableName("(static after sqlite3ApiExit)"),
            "(static after sqlite3ApiExit)");
}

}  // namespace
}  // namespace mdbprof::report
