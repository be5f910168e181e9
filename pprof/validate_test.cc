#include "pprof/validate.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "pprof/testing/profile_builder.h"

namespace mdbprof::pprof {
namespace {

using perftools::profiles::Profile;
using testing::ProfileBuilder;

// A valid profile with a mapping, two inlined frames and a label.
Profile Valid() {
  ProfileBuilder b({{"alloc_objects", "count"}, {"alloc_space", "bytes"}});
  b.SetMapping("/bin/server", "abc123");
  b.Add({"main", {"handler", "encode"}}, {1, 64}, {{"thread", "worker-1"}});
  b.Add({"main", "handler"}, {2, 128});
  b.SetPeriod("space", "bytes", 524288).AddComment("a comment");
  return b.proto();
}

// Expects that breaking a valid profile with `mutate` yields `message`.
void ExpectError(const std::function<void(Profile&)>& mutate,
                 const std::string& message) {
  Profile p = Valid();
  mutate(p);
  Status s = ValidateProfile(p);
  EXPECT_FALSE(s.ok()) << "expected: " << message;
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), message);
}

TEST(ValidateProfile, AcceptsAValidProfile) {
  Status s = ValidateProfile(Valid());
  EXPECT_TRUE(s.ok()) << s.message();
}

TEST(ValidateProfile, RequiresASampleType) {
  ExpectError(
      [](Profile& p) {
        p.clear_sample_type();
        p.clear_sample();
      },
      "profile has no sample types");
}

TEST(ValidateProfile, RequiresEmptyFirstString) {
  ExpectError([](Profile& p) { p.clear_string_table(); },
              "string_table is empty (entry 0 must be \"\")");
  ExpectError([](Profile& p) { p.set_string_table(0, "oops"); },
              "string_table[0] must be \"\", is \"oops\"");
}

TEST(ValidateProfile, RequiresStringIndicesInRange) {
  const int64_t bad = 1000;
  ExpectError([&](Profile& p) { p.mutable_sample_type(1)->set_unit(bad); },
              "sample_type 1 unit: string index 1000 is outside the string "
              "table [0.." +
                  std::to_string(Valid().string_table_size() - 1) + "]");
  ExpectError([](Profile& p) { p.mutable_function(0)->set_name(-1); },
              "function 0 name: string index -1 is outside the string table "
              "[0.." +
                  std::to_string(Valid().string_table_size() - 1) + "]");
  for (const auto& [mutate, what] :
       std::vector<std::pair<std::function<void(Profile&)>, std::string>>{
           {[&](Profile& p) {
              p.mutable_sample(0)->mutable_label(0)->set_key(bad);
            },
            "sample 0 label 0 key"},
           {[&](Profile& p) {
              p.mutable_sample(0)->mutable_label(0)->set_str(bad);
            },
            "sample 0 label 0 str"},
           {[&](Profile& p) { p.mutable_mapping(0)->set_filename(bad); },
            "mapping 0 filename"},
           {[&](Profile& p) { p.mutable_mapping(0)->set_build_id(bad); },
            "mapping 0 build_id"},
           {[&](Profile& p) { p.mutable_function(1)->set_filename(bad); },
            "function 1 filename"},
           {[&](Profile& p) { p.set_comment(0, bad); }, "comment 0"},
           {[&](Profile& p) { p.mutable_period_type()->set_type(bad); },
            "period_type type"},
           {[&](Profile& p) { p.set_default_sample_type(bad); },
            "default_sample_type"},
           {[&](Profile& p) { p.set_doc_url(bad); }, "doc_url"},
           {[&](Profile& p) { p.set_drop_frames(bad); }, "drop_frames"},
       }) {
    Profile p = Valid();
    mutate(p);
    Status s = ValidateProfile(p);
    ASSERT_FALSE(s.ok()) << what;
    EXPECT_EQ(s.message().rfind(what + ": string index 1000", 0), 0u)
        << s.message();
  }
}

TEST(ValidateProfile, RejectsReservedIdZero) {
  ExpectError([](Profile& p) { p.mutable_mapping(0)->set_id(0); },
              "mapping 0 has the reserved id 0");
  ExpectError([](Profile& p) { p.mutable_function(2)->set_id(0); },
              "function 2 has the reserved id 0");
  ExpectError([](Profile& p) { p.mutable_location(1)->set_id(0); },
              "location 1 has the reserved id 0");
}

TEST(ValidateProfile, RejectsDuplicateIds) {
  ExpectError([](Profile& p) { *p.add_mapping() = p.mapping(0); },
              "mappings 0 and 1 have the same id 1");
  ExpectError([](Profile& p) { p.mutable_function(2)->set_id(1); },
              "functions 0 and 2 have the same id 1");
  ExpectError([](Profile& p) { p.mutable_location(2)->set_id(2); },
              "locations 1 and 2 have the same id 2");
}

TEST(ValidateProfile, RejectsUnresolvedReferences) {
  ExpectError([](Profile& p) { p.mutable_location(0)->set_mapping_id(7); },
              "location 0 (id 1) refers to mapping id 7, which does not exist");
  ExpectError(
      [](Profile& p) {
        p.mutable_location(0)->mutable_line(1)->set_function_id(99);
      },
      "location 0 (id 1) line 1 refers to function id 99, which does not "
      "exist");
  ExpectError(
      [](Profile& p) {
        p.mutable_location(0)->mutable_line(0)->set_function_id(0);
      },
      "location 0 (id 1) line 0 refers to function id 0, which does not "
      "exist");
  ExpectError([](Profile& p) { p.mutable_sample(1)->add_location_id(42); },
              "sample 1 refers to location id 42, which does not exist");
}

TEST(ValidateProfile, RequiresOneValuePerSampleType) {
  ExpectError([](Profile& p) { p.mutable_sample(1)->add_value(3); },
              "sample 1 has 3 values, profile has 2 sample types");
  ExpectError([](Profile& p) { p.mutable_sample(0)->clear_value(); },
              "sample 0 has 0 values, profile has 2 sample types");
}

TEST(ValidateProfile, AcceptsLocationsWithoutMappingOrLines) {
  Profile p = Valid();
  p.mutable_location(0)->set_mapping_id(0);
  p.mutable_location(0)->clear_line();
  Status s = ValidateProfile(p);
  EXPECT_TRUE(s.ok()) << s.message();
}

}  // namespace
}  // namespace mdbprof::pprof
