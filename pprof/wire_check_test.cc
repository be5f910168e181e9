#include "pprof/wire_check.h"

#include <gtest/gtest.h>

#include <string>

#include "pprof/testing/profile_builder.h"

namespace mdbprof::pprof {
namespace {

using testing::ProfileBuilder;
using testing::Serialize;

std::string Bytes(std::initializer_list<int> b) {
  std::string s;
  for (int c : b) s.push_back(static_cast<char>(c));
  return s;
}

std::string Message(const Status& s) { return s.ok() ? "OK" : s.message(); }

TEST(CheckProfileWire, AcceptsWhatLibprotobufEncodes) {
  ProfileBuilder b({{"samples", "count"}, {"cpu", "nanoseconds"}});
  b.SetMapping("/bin/x").Add({"main", {"f", "g"}}, {1, 2}, {{"k", "v"}});
  b.SetPeriod("cpu", "nanoseconds", 10).AddComment("c");
  EXPECT_TRUE(CheckProfileWire(Serialize(b.proto())).ok());
  EXPECT_TRUE(CheckProfileWire("").ok());
}

TEST(CheckProfileWire, AcceptsPackedAndUnpackedRepeatedScalars) {
  // sample { value: 1 value: 2 } and sample { value: [1, 2] }.
  EXPECT_EQ(Message(CheckProfileWire(Bytes({0x12, 4, 0x10, 1, 0x10, 2}))),
            "OK");
  EXPECT_EQ(Message(CheckProfileWire(Bytes({0x12, 4, 0x12, 2, 1, 2}))), "OK");
}

TEST(CheckProfileWire, SkipsUnknownFieldsWithValidWireTypes) {
  // field 20: varint, fixed64, bytes, fixed32.
  std::string s = Bytes({0xa0, 0x01, 5, 0xa1, 0x01, 0,    0, 0, 0, 0, 0, 0, 0,
                         0xa2, 0x01, 1, 9,    0xa5, 0x01, 0, 0, 0, 0});
  EXPECT_EQ(Message(CheckProfileWire(s)), "OK");
}

TEST(CheckProfileWire, RejectsGroupsAndUnknownWireTypes) {
  for (int wire : {3, 4, 6, 7}) {
    Status s = CheckProfileWire(Bytes({0xa0 | wire, 0x01, 0, 0, 0, 0}));
    ASSERT_FALSE(s.ok()) << wire;
    EXPECT_NE(
        s.message().find("profile.field 20: wire type " + std::to_string(wire)),
        std::string::npos)
        << s.message();
  }
}

TEST(CheckProfileWire, NamesTheNestedFieldAndByte) {
  // Second sample's location_id as fixed32.
  Status s =
      CheckProfileWire(Bytes({0x12, 2, 0x08, 1, 0x12, 5, 0x0d, 0, 0, 0, 0}));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "not a profile.proto message: profile.sample[1].location_id[0]: "
            "wire type 5 where a varint or packed varints belongs (byte 6 of "
            "11)");
}

TEST(CheckProfileWire, RejectsScalarWithWrongWireTypeAndMessageAsVarint) {
  // time_nanos (9) as bytes; sample (2) as varint.
  EXPECT_NE(Message(CheckProfileWire(Bytes({0x4a, 0}))).find("where a varint"),
            std::string::npos);
  EXPECT_NE(Message(CheckProfileWire(Bytes({0x10, 1}))).find("where a message"),
            std::string::npos);
}

TEST(CheckProfileWire, RejectsOverlongVarintsAndCutOffLengths) {
  std::string eleven(1, 0x48);  // time_nanos, then an 11-byte varint
  eleven += std::string(10, '\x80') + std::string(1, '\x01');
  EXPECT_NE(Message(CheckProfileWire(eleven)).find("longer than 10 bytes"),
            std::string::npos);
  std::string ten(1, 0x48);  // 10 bytes is still a varint
  ten += std::string(9, '\x80') + std::string(1, '\x01');
  EXPECT_EQ(Message(CheckProfileWire(ten)), "OK");
  EXPECT_NE(Message(CheckProfileWire(Bytes({0x12, 5, 1})))
                .find("profile.sample[0]: length 5 runs past the end (1 bytes "
                      "left)"),
            std::string::npos);
  // Packed values that end inside a varint.
  EXPECT_NE(Message(CheckProfileWire(Bytes({0x12, 3, 0x12, 1, 0x80})))
                .find("packed varints are malformed"),
            std::string::npos);
}

TEST(CheckProfileWire, RejectsASecondNonZeroTimeNanosLikePprof) {
  EXPECT_NE(Message(CheckProfileWire(Bytes({0x48, 1, 0x48, 2})))
                .find("time_nanos: appears twice"),
            std::string::npos);
  EXPECT_EQ(Message(CheckProfileWire(Bytes({0x48, 0, 0x48, 2}))), "OK");
}

}  // namespace
}  // namespace mdbprof::pprof
