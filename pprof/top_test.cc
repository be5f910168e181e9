#include "pprof/top.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pprof/testing/profile_builder.h"

namespace mdbprof::pprof {
namespace {

using testing::ProfileBuilder;

ProfileBuilder Cpu() {
  return ProfileBuilder({{"samples", "count"}, {"cpu", "nanoseconds"}});
}

TopReport MustTop(const Profile& p, const TopOptions& options = {}) {
  Result<TopReport> r = Top(p, options);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? *r : TopReport{};
}

// "name flat cum [label]" per row, for compact expectations.
std::vector<std::string> Rows(const TopReport& r) {
  std::vector<std::string> rows;
  for (const FunctionRow& row : r.rows) {
    rows.push_back(row.name + " " + std::to_string(row.flat) + " " +
                   std::to_string(row.cum) +
                   (row.inline_label.empty() ? "" : " " + row.inline_label));
  }
  return rows;
}

TEST(Top, FlatGoesToTheLeafCumToEveryFrame) {
  ProfileBuilder b = Cpu();
  b.Add({"main", "a", "b"}, {1, 10}).Add({"main", "a"}, {1, 5});
  b.Add({"main", "c"}, {1, 1});
  TopReport r = MustTop(b.Build());
  EXPECT_EQ(r.sample_type, "cpu");
  EXPECT_EQ(r.unit, "nanoseconds");
  EXPECT_EQ(r.total, 16);
  EXPECT_EQ(Rows(r), (std::vector<std::string>{"b 10 10", "a 5 15", "c 1 1",
                                               "main 0 16"}));
}

TEST(Top, CumCountsRecursionOncePerSample) {
  ProfileBuilder b = Cpu();
  b.Add({"main", "fib", "fib", "fib"}, {1, 7});
  b.Add({"main", "a", "b", "a", "b"}, {1, 3});
  TopReport r = MustTop(b.Build());
  EXPECT_EQ(Rows(r), (std::vector<std::string>{"fib 7 7", "b 3 3", "a 0 3",
                                               "main 0 10"}));
}

TEST(Top, InlinedFramesAreNodesAndLine0IsTheLeaf) {
  ProfileBuilder b = Cpu();
  b.Add({"main", {"loop", "add"}}, {1, 4});  // add inlined into loop
  TopReport r = MustTop(b.Build());
  EXPECT_EQ(Rows(r), (std::vector<std::string>{"add 4 4 (inline)", "loop 0 4",
                                               "main 0 4"}));
}

TEST(Top, PartlyInlinedFunctionIsLabelledPartialInline) {
  ProfileBuilder b = Cpu();
  b.Add({"main", {"loop", "add"}}, {1, 4});
  b.Add({"main", "add"}, {1, 2});  // a real call
  TopReport r = MustTop(b.Build());
  EXPECT_EQ(Rows(r), (std::vector<std::string>{"add 6 6 (partial-inline)",
                                               "loop 0 4", "main 0 6"}));
}

TEST(Top, LightEdgesDoNotCountForTheInlineLabel) {
  ProfileBuilder b = Cpu();
  b.Add({"main", {"loop", "add"}}, {1, 4});
  b.Add({"main", "add"}, {1, 2});
  // Cutoff int(6 * 0.5) = 3 drops the direct call edge (weight 2).
  TopReport r = MustTop(b.Build(), {.edge_fraction = 0.5});
  ASSERT_FALSE(r.rows.empty());
  EXPECT_EQ(r.rows[0].name, "add");
  EXPECT_EQ(r.rows[0].inline_label, "(inline)");
}

TEST(Top, SortsByAbsoluteFlatThenNameNotCum) {
  ProfileBuilder b = Cpu();
  b.Add({"zeta", "y"}, {1, 5}).Add({"alpha", "x"}, {1, 5});
  b.Add({"zeta", "neg"}, {1, -9}).Add({"zeta"}, {1, 0});
  TopReport r = MustTop(b.Build());
  // |-9| first; x and y tie on flat: by name; alpha and zeta tie on flat 0:
  // by name (pprof's FlatNameOrder looks at cum only for equal names).
  EXPECT_EQ(Rows(r), (std::vector<std::string>{"neg -9 -9", "x 5 5", "y 5 5",
                                               "alpha 0 5", "zeta 0 -4"}));
  EXPECT_EQ(r.total, 19);
}

TEST(Top, UnsymbolizedFramesAreNamedAfterTheirMapping) {
  ProfileBuilder b = Cpu();
  b.SetMapping("/usr/lib/libfoo.so");
  b.Add({"main", {}}, {1, 3});  // a location without lines
  b.Add({"main", ""}, {1, 2});  // a function without a name
  perftools::profiles::Profile proto = b.proto();
  // A third sample at a location without mapping or lines.
  auto* loc = proto.add_location();
  loc->set_id(99);
  auto* s = proto.add_sample();
  s->add_location_id(99);
  s->add_value(1);
  s->add_value(1);
  Result<Profile> p = Profile::FromProto(proto);
  ASSERT_TRUE(p.ok()) << p.status().message();
  TopReport r = MustTop(*p);
  EXPECT_EQ(Rows(r), (std::vector<std::string>{"[libfoo.so] 5 5",
                                               "<unknown> 1 1", "main 0 5"}));
}

TEST(Top, ZeroValuesAndEmptyStacksAddNoRows) {
  ProfileBuilder b = Cpu();
  b.Add({"main", "idle"}, {1, 0}).Add({}, {1, 8}).Add({"main", "run"}, {1, 2});
  TopReport r = MustTop(b.Build());
  EXPECT_EQ(r.total, 10);  // the empty stack still counts, as in pprof
  EXPECT_EQ(Rows(r), (std::vector<std::string>{"run 2 2", "main 0 2"}));
}

TEST(Top, SampleIndexByNameNumberAndDefault) {
  ProfileBuilder b({{"alloc_objects", "count"}, {"alloc_space", "bytes"}});
  b.Add({"main", "small"}, {100, 1600}).Add({"main", "big"}, {1, 1 << 20});
  Profile p = b.Build();
  TopReport by_default = MustTop(p);
  EXPECT_EQ(by_default.sample_type, "alloc_space");
  EXPECT_EQ(by_default.rows[0].name, "big");
  TopReport by_name = MustTop(p, {.sample_index = "alloc_objects"});
  EXPECT_EQ(by_name.sample_type, "alloc_objects");
  EXPECT_EQ(by_name.unit, "count");
  EXPECT_EQ(by_name.total, 101);
  EXPECT_EQ(by_name.rows[0].name, "small");
  TopReport by_number = MustTop(p, {.sample_index = "0"});
  EXPECT_EQ(Rows(by_number), Rows(by_name));

  b.SetDefaultSampleType("alloc_objects");
  EXPECT_EQ(MustTop(b.Build()).sample_type, "alloc_objects");

  Result<TopReport> bad = Top(p, {.sample_index = "cpu"});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("must be one of"), std::string::npos);
}

TEST(Top, FocusAndIgnoreFilterSamplesButNotTheTotal) {
  ProfileBuilder b = Cpu();
  b.Add({"main", "Store::Write", "sqlite3_step"}, {1, 6});
  b.Add({"main", "Store::Read"}, {1, 3});
  b.Add({"main", "Json::Encode"}, {1, 1});
  TopReport focus = MustTop(b.Build(), {.focus = "Store"});
  EXPECT_EQ(focus.total, 10);
  EXPECT_EQ(Rows(focus),
            (std::vector<std::string>{"sqlite3_step 6 6", "Store::Read 3 3",
                                      "Store::Write 0 6", "main 0 9"}));
  EXPECT_EQ(focus.active_filters, (std::vector<std::string>{"focus=Store"}));

  TopReport both = MustTop(b.Build(), {.focus = "Store", .ignore = "sqlite"});
  EXPECT_EQ(Rows(both),
            (std::vector<std::string>{"Store::Read 3 3", "main 0 3"}));

  EXPECT_FALSE(Top(b.Build(), {.ignore = "("}).ok());
}

TEST(Top, NodecountKeepsTheFirstRows) {
  ProfileBuilder b = Cpu();
  b.Add({"main", "a"}, {1, 5})
      .Add({"main", "b"}, {1, 3})
      .Add({"main", "c"}, {1, 1});
  TopReport r = MustTop(b.Build(), {.nodecount = 2});
  EXPECT_EQ(Rows(r), (std::vector<std::string>{"a 5 5", "b 3 3"}));
  EXPECT_EQ(r.rows_before_nodecount, 4);
  EXPECT_EQ(r.total, 9);
  EXPECT_EQ(MustTop(b.Build(), {.nodecount = 10}).rows.size(), 4u);
  EXPECT_FALSE(Top(b.Build(), {.nodecount = -1}).ok());
}

TEST(Top, NodeFractionDropsRowsWithSmallCum) {
  ProfileBuilder b = Cpu();
  b.Add({"main", "big"}, {1, 990}).Add({"main", "tiny"}, {1, 4});
  b.Add({"main", "small"}, {1, 6});
  // Cutoff: int(1000 * 0.005) = 5; tiny (4) goes, small (6) stays.
  TopReport r = MustTop(b.Build(), {.node_fraction = 0.005});
  EXPECT_EQ(Rows(r), (std::vector<std::string>{"big 990 990", "small 6 6",
                                               "main 0 1000"}));
  EXPECT_EQ(r.dropped_nodes, 1);
  EXPECT_EQ(r.rows_before_nodecount, 3);
}

}  // namespace
}  // namespace mdbprof::pprof
