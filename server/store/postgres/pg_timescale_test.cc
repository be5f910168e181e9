// The TimescaleDB flavour against the local TimescaleDB (PGlite +
// TimescaleDB, fixtures/timescale/): the messages table is a hypertable.
// The Store contract itself runs in pg_store_test.cc (variant Timescale).
#include "server/store/postgres/pg_store_test_util.h"

namespace refserver::testing {
namespace {

class PgTimescaleTest : public PgStoreFixture {};

TEST_P(PgTimescaleTest, MessagesTableIsAHypertableOnTime) {
  Write(Msg("s-1"));
  std::vector<std::string> rows = QueryWithStoreClosed(
      "SELECT column_name FROM timescaledb_information.dimensions "
      "WHERE hypertable_schema = 'mdb_ns_default' "
      "AND hypertable_name = 'messages'");
  EXPECT_EQ(rows, (std::vector<std::string>{"time"}));
  rows = QueryWithStoreClosed(
      "SELECT count(*) FROM show_chunks('mdb_ns_default.messages')");
  EXPECT_EQ(rows, (std::vector<std::string>{"1"}));
}

TEST_P(PgTimescaleTest, ExtensionVersionIsReported) {
  std::vector<std::string> rows = QueryWithStoreClosed(
      "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'");
  ASSERT_EQ(rows.size(), 1u);
  std::printf("timescaledb %s\n", rows[0].c_str());
}

INSTANTIATE_TEST_SUITE_P(Variants, PgTimescaleTest,
                         ::testing::Values(PgVariant{"Timescale", true, 1}),
                         VariantName);

}  // namespace
}  // namespace refserver::testing
